// What `kg export` writes: every work in the upstream lineage of $ids (every work with $all), with
// the license kg uses as declared, the derivation that made it (method, tool, time, what it used
// in which role, the edges), its determined licenses, and its latest assessment with the findings.
CALL () {
  MATCH (t:Work) WHERE $all OR t.id IN $ids
  MATCH (t)-[:MIX|SUB|AUX*0..]->(w:Work)
  RETURN DISTINCT w
}
OPTIONAL MATCH (a:Activity)-[:PRODUCED]->(w)
CALL (w) {
  OPTIONAL MATCH (s:Assessment)-[:OF]->(w)
  WITH s ORDER BY s.at DESCENDING LIMIT 1
  RETURN CASE WHEN s IS NULL THEN null ELSE {
    policy: s.policy, form: s.form, status: s.status, kb_version: s.kb_version, at: toString(s.at),
    findings: COLLECT { MATCH (s)-[:FOUND]->(f:Finding)
                        RETURN {code: f.code, severity: f.severity, work: f.work, licenses: f.licenses, message: f.message,
                                clause_license: f.clause_license, clause_section: f.clause_section}
                        ORDER BY f.severity, f.code, f.work }
  } END AS assessment
}
RETURN w.id AS id, w.name AS name, w.type AS type, w.form AS form, w.url AS url, w.version AS version,
       w.owner AS owner, coalesce(w.tags, []) AS tags, w.depth AS depth, w.license_expression AS license,
       head(COLLECT { MATCH (:Source)-[c:CLAIMS]->(w) WHERE c.license_expression = w.license_expression AND c.license_name IS NOT NULL
                      RETURN c.license_name }) AS license_name,
       COLLECT { MATCH (x:Alias)-[:ALIAS_OF]->(w) RETURN x.id ORDER BY x.id } AS aliases,
       a.method AS method, a.tool AS tool, a.at AS at,
       COLLECT { MATCH (a)-[u:USED]->(i:Work) RETURN {role: u.role, work: i.id} ORDER BY u.role, i.id } AS used,
       COLLECT { MATCH (w)-[r:MIX|SUB|AUX]->(i:Work) RETURN {kind: type(r), activity: r.activity, work: i.id} ORDER BY i.id } AS edges,
       COLLECT { MATCH (w)-[d:DETERMINED]->(l:License) RETURN {form: d.form, license: l.id} ORDER BY d.form, l.id } AS determined,
       assessment
ORDER BY w.depth, w.id
