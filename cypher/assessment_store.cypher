// Store assessments, each in one step: the earlier assessment of the same (work, policy, form)
// loses its findings (relabelled :StaleFinding, for assessment_sweep to delete) and takes the new
// ones assessment_pending wrote under `row.pending`. A reader sees the old assessment or the new
// one, never a mix. `lineage` is the fingerprint of the upstream closure the assessment saw
// (kg.analysis.fingerprint): with kb_version, it tells staleness. Returns the licenses each
// assessed work was determined under.
UNWIND $assessments AS row
MATCH (t:Work {id: row.work})
MERGE (a:Assessment {work: row.work, policy: row.policy, form: row.form})
SET a.status = row.status, a.kb_version = row.kb_version, a.lineage = row.lineage, a.at = datetime(),
    a.errors = row.errors, a.warnings = row.warnings
MERGE (a)-[:OF]->(t)
WITH a, t, row
CALL (a) {
  MATCH (a)-[found:FOUND]->(old:Finding)
  DELETE found
  REMOVE old:Finding
  SET old:StaleFinding
}
CALL (a) {
  MATCH (a)-[d:DETERMINED]->(:License)
  DELETE d
}
CALL (a, t) {
  MATCH (t)-[:DETERMINED]->(l:License)
  MERGE (a)-[:DETERMINED]->(l)
  RETURN collect(DISTINCT l.id) AS determined
}
CALL (a, row) {
  MATCH (x:PendingFinding {pending: row.pending})
  REMOVE x:PendingFinding, x.pending, x.at
  SET x:Finding
  CREATE (a)-[:FOUND]->(x)
}
RETURN row.work AS work, row.policy AS policy, row.form AS form, determined
