// Remove a work that nothing relies on: its assessments with their findings, its issues, releases
// and aliases, the activity that produced it, then the work with its edges. Returns how many
// assessments went (run api_work_dependents first: a work others rely on must stay).
MATCH (w:Work {id: $id})
CALL (w) {
  OPTIONAL MATCH (a:Assessment)-[:OF]->(w)
  OPTIONAL MATCH (a)-[:FOUND]->(f:Finding)
  WITH collect(DISTINCT a) AS assessments, collect(DISTINCT f) AS findings
  FOREACH (x IN findings | DETACH DELETE x)
  FOREACH (x IN assessments | DETACH DELETE x)
  RETURN size(assessments) AS assessments
}
CALL (w) {
  OPTIONAL MATCH (w)-[:HAS_ISSUE]->(i:Issue)
  WITH w, collect(i) AS issues
  OPTIONAL MATCH (r:Release)-[:OF]->(w)
  WITH w, issues, collect(r) AS releases
  OPTIONAL MATCH (al:Alias)-[:ALIAS_OF]->(w)
  WITH w, issues + releases + collect(al) AS gone
  OPTIONAL MATCH (act:Activity)-[:PRODUCED]->(w)
  WITH gone + collect(act) AS gone
  FOREACH (x IN gone | DETACH DELETE x)
}
DETACH DELETE w
RETURN assessments
