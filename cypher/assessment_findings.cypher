// Write a batch of findings of staged assessments (assessment_stage; `f.token` names which), each
// linked to the work and licenses behind it, with its clause and explanation as
// kg.analysis.engine computed them from the lineage it had already read (no path search here):
// `path` the shortest lineage path from the assessed work to the finding's cause, `paths` up to
// ten, shortest first, as "a > b > c" (`more_paths`: there are more). A wide lineage's findings
// (hundreds of thousands) take several such transactions; no :Assessment holds them until
// assessment_store.
UNWIND $findings AS f
MATCH (a:PendingAssessment {token: f.token})
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
RETURN count(x) AS written
