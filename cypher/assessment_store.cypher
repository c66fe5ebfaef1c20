// Store assessments (the earlier one of each (work, policy, form) is gone: assessment_forget) with
// their findings,
// link every finding to the work and licenses behind it, and keep its clause and explanation as
// kg.analysis.engine computed them from the lineage it had already read (no path search here):
// `path` the shortest lineage path from the assessed work to the finding's cause, `paths` up to
// ten, shortest first, as "a > b > c" (`more_paths`: there are more). `lineage` is the fingerprint
// of the upstream closure the assessment saw (kg.analysis.fingerprint): with kb_version, it tells
// staleness.
UNWIND $assessments AS row
MATCH (t:Work {id: row.work})
MERGE (a:Assessment {work: row.work, policy: row.policy, form: row.form})
SET a.status = row.status, a.kb_version = row.kb_version, a.lineage = row.lineage, a.at = datetime(),
    a.errors = size([f IN row.findings WHERE f.severity = 'error']),
    a.warnings = size([f IN row.findings WHERE f.severity = 'warning'])
MERGE (a)-[:OF]->(t)
WITH a, t, row
CALL (a, t) {
  MATCH (t)-[:DETERMINED]->(l:License)
  MERGE (a)-[:DETERMINED]->(l)
  RETURN collect(l.id) AS determined
}
CALL (a, row) {
  UNWIND row.findings AS f
  MATCH (w:Work {id: f.work})
  CREATE (a)-[:FOUND]->(x:Finding {code: f.code, severity: f.severity, work: f.work, licenses: f.licenses,
          detail: f.detail, inputs: f.inputs, message: f.message, path: f.path, more_paths: f.more_paths,
          paths: [q IN f.paths | reduce(text = head(q), id IN tail(q) | text + ' > ' + id)],
          clause_license: f.clause.license, clause_section: f.clause.section, clause_text: f.clause.text})
  CREATE (x)-[:CONCERNS]->(w)
  WITH x, f
  CALL (x, f) {
    UNWIND f.licenses AS license
    MATCH (l:License {id: license})
    CREATE (x)-[:UNDER]->(l)
  }
  RETURN count(x) AS stored
}
RETURN row.work AS work, row.policy AS policy, row.form AS form, determined
