// Forget the earlier license determination of these works before they are determined again:
// their DETERMINED, TRIGGERED and CARRIES edges, their determination issues, what left them unsettled and
// the stamp that said the determination was current.
UNWIND $ids AS id
MATCH (w:Work {id: id})
SET w.unsettled = null, w.stamp = null
WITH w
CALL (w) {
  MATCH (w)-[d:DETERMINED|CARRIES|TRIGGERED]->()
  DELETE d
}
CALL (w) {
  MATCH (w)-[:HAS_ISSUE]->(i:Issue)
  DETACH DELETE i
}
