// Forget the earlier license determination (and its issues) of these works, before they are
// determined again. $target is assessed at $targetForm; every other work at its own form.
UNWIND $ids AS id
MATCH (w:Work {id: id})
WITH w, CASE WHEN w.id = $target THEN $targetForm ELSE w.form END AS form
CALL (w, form) {
  MATCH (w)-[d:DETERMINED]->() WHERE d.form = form
  DELETE d
}
CALL (w, form) {
  MATCH (w)-[:HAS_ISSUE]->(i:Issue) WHERE i.form = form
  DETACH DELETE i
}
