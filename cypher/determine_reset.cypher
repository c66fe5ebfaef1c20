// Forget the earlier license determination (and its issues) of these works, before they are
// determined again. $forms maps a work assessed in another form than its own to that form;
// every other work is at its own form.
UNWIND $ids AS id
MATCH (w:Work {id: id})
WITH w, coalesce($forms[w.id], w.form) AS form
CALL (w, form) {
  MATCH (w)-[d:DETERMINED]->() WHERE d.form = form
  DELETE d
}
CALL (w, form) {
  MATCH (w)-[:HAS_ISSUE]->(i:Issue) WHERE i.form = form
  DETACH DELETE i
}
