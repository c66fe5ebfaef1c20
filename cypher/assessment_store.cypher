// Store assessments: replace the earlier one of each (work, policy, form) with its new findings,
// link every finding to the work and licenses behind it, and keep the lineage paths from the
// assessed work down to each finding's work as its explanation: `path` the shortest, `paths` up to
// ten, shortest first, as "a > b > c" (`more_paths`: there are more). `lineage` is the fingerprint of
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
// One search from t over what it relies on, filtered afterwards. With the finding's work bound
// as well the planner searches between the two ends (StatefulShortestPath Into), which on a
// 10^6-work graph took up to minutes per assessment; from t alone it takes milliseconds.
CALL (t, row) {
  MATCH p = SHORTEST 11 (t)-[:MIX|SUB|AUX]->*(w:Work)
  WITH row, w, p WHERE w.id IN [f IN row.findings | f.work]
  WITH w, p ORDER BY length(p)
  WITH w, collect([n IN nodes(p) | n.id]) AS found
  RETURN collect({work: w.id, paths: found[..10], more: size(found) > 10}) AS paths
}
CALL (a, row, paths) {
  UNWIND paths AS p
  MATCH (a)-[:FOUND]->(x:Finding {work: p.work})
  SET x.path = p.paths[0],
      x.paths = [q IN p.paths | reduce(text = head(q), id IN tail(q) | text + ' > ' + id)],
      x.more_paths = p.more
}
RETURN row.work AS work, row.policy AS policy, row.form AS form, determined, paths
