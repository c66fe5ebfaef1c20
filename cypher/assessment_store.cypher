// Store assessments: replace the earlier one of each (work, policy, form) with its new findings,
// link every finding to the work and licenses behind it, and keep the shortest lineage path from
// the assessed work down to each finding's work as its explanation. `lineage` is the fingerprint of
// the upstream closure the assessment saw (kg.analysis.fingerprint): with kb_version, it tells staleness.
UNWIND $assessments AS row
MATCH (t:Work {id: row.work})
MERGE (a:Assessment {work: row.work, policy: row.policy, form: row.form})
SET a.status = row.status, a.kb_version = row.kb_version, a.lineage = row.lineage, a.at = datetime(),
    a.errors = size([f IN row.findings WHERE f.severity = 'error']),
    a.warnings = size([f IN row.findings WHERE f.severity = 'warning'])
MERGE (a)-[:OF]->(t)
WITH a, t, row
CALL (a) {
  OPTIONAL MATCH (a)-[:FOUND]->(old:Finding)
  DETACH DELETE old
}
CALL (a) {
  OPTIONAL MATCH (a)-[old:DETERMINED]->()
  DELETE old
}
CALL (a, t, row) {
  MATCH (t)-[d:DETERMINED]->(l:License) WHERE d.form = row.form
  MERGE (a)-[:DETERMINED]->(l)
  RETURN collect(l.id) AS determined
}
CALL (a, t, row) {
  UNWIND row.findings AS f
  MATCH (w:Work {id: f.work})
  CREATE (a)-[:FOUND]->(x:Finding {code: f.code, severity: f.severity, work: f.work, licenses: f.licenses,
          detail: f.detail, inputs: f.inputs, message: f.message})
  CREATE (x)-[:CONCERNS]->(w)
  WITH x, f
  CALL (x, f) {
    UNWIND f.licenses AS license
    MATCH (l:License {id: license})
    CREATE (x)-[:UNDER]->(l)
  }
  RETURN count(x) AS stored
}
CALL (t, row) {
  UNWIND [f IN row.findings | f.work] AS work
  WITH DISTINCT work
  MATCH (w:Work {id: work})
  CALL (t, w) {
    WITH t, w WHERE t = w
    RETURN [t.id] AS ids
    UNION
    WITH t, w WHERE t <> w
    MATCH path = shortestPath((t)-[:MIX|SUB|AUX*..1000]->(w))
    RETURN [n IN nodes(path) | n.id] AS ids
  }
  RETURN collect({work: work, path: ids}) AS paths
}
CALL (a, row, paths) {
  UNWIND paths AS p
  MATCH (a)-[:FOUND]->(x:Finding {work: p.work})
  SET x.path = p.path
}
RETURN row.work AS work, row.policy AS policy, row.form AS form, determined, paths
