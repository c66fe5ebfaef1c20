// Stage new assessments: each a :PendingAssessment keyed by `token` (one per store and
// (work, policy, form)), with what it concluded and the licenses its work was determined under.
// Its findings follow in batches (assessment_findings); assessment_store then makes it the
// (work, policy, form)'s :Assessment in one small step. `lineage` is the fingerprint of the
// upstream closure the assessment saw (kg.analysis.fingerprint): with kb_version, it tells
// staleness; `digest` hashes all it holds (kg.analysis.engine), so an unchanged result is not
// written again.
UNWIND $assessments AS row
MATCH (t:Work {id: row.work})
CREATE (a:PendingAssessment {token: row.token, work: row.work, policy: row.policy, form: row.form,
        status: row.status, kb_version: row.kb_version, lineage: row.lineage, at: datetime(),
        errors: row.errors, warnings: row.warnings, digest: row.digest})
CREATE (a)-[:OF]->(t)
WITH a, t, row
CALL (a, t) {
  MATCH (t)-[:DETERMINED]->(l:License)
  WITH DISTINCT l
  CREATE (a)-[:DETERMINED]->(l)
}
RETURN count(a) AS staged
