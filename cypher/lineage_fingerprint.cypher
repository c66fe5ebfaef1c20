// What an assessment of each given work depends on in the lineage: every work in its upstream
// closure (id, type, form, declared license) and each one's reliance edges (kind, activity, target).
// kg.analysis.fingerprint hashes the rows; a stored assessment whose hash differs is stale.
UNWIND $ids AS id
MATCH (t:Work {id: id})
CALL (t) {
  MATCH (t)-[:MIX|SUB|AUX*0..]->(w:Work)
  WITH DISTINCT w
  RETURN collect({
    work: w.id + '|' + coalesce(w.type, '') + '|' + coalesce(w.form, '') + '|' + coalesce(w.license_expression, ''),
    edges: COLLECT { MATCH (w)-[r:MIX|SUB|AUX]->(i:Work) RETURN type(r) + '|' + coalesce(r.activity, '') + '|' + i.id }
  }) AS closure
}
RETURN t.id AS id, closure
