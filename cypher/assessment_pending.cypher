// Write a batch of new findings, not yet part of any assessment: each is a :PendingFinding keyed by
// `pending` (this store's token, then policy, form and work), linked to the work and licenses
// behind it, with its clause and explanation as kg.analysis.engine computed them from the lineage
// it had already read (no path search here): `path` the shortest lineage path from the assessed
// work to the finding's cause, `paths` up to ten, shortest first, as "a > b > c" (`more_paths`:
// there are more). A wide lineage's findings (hundreds of thousands) are written in several such
// transactions; readers see none of them until assessment_store makes them the assessment's.
UNWIND $findings AS f
MATCH (w:Work {id: f.work})
CREATE (x:PendingFinding {pending: f.pending, at: datetime(), code: f.code, severity: f.severity, work: f.work,
        licenses: f.licenses, detail: f.detail, inputs: f.inputs, message: f.message, path: f.path,
        more_paths: f.more_paths, paths: [q IN f.paths | reduce(text = head(q), id IN tail(q) | text + ' > ' + id)],
        clause_license: f.clause.license, clause_section: f.clause.section, clause_text: f.clause.text})
CREATE (x)-[:CONCERNS]->(w)
WITH x, f
CALL (x, f) {
  UNWIND f.licenses AS license
  MATCH (l:License {id: license})
  CREATE (x)-[:UNDER]->(l)
}
RETURN count(x) AS written
