// A license declared on a derived work is an assignment: it stands only if every triggered input
// (MIX/SUB, or AUX whose license makes the result a derivative) may be relicensed to it. Records
// each input that blocks it.
UNWIND $ids AS id
MATCH (w:Work {id: id})
WHERE EXISTS { (w)-[:DECLARES]->() } AND EXISTS { (w)-[:MIX|SUB|AUX]->() }
WITH w, coalesce($forms[w.id], w.form) AS form
MATCH (w)-[dw:DETERMINED]->(assigned:License) WHERE dw.form = form
MATCH (w)-[r:MIX|SUB|AUX]->(:Work)-[:MIX*0..]->(m:Work)-[dm:DETERMINED]->(l:License)
WHERE dm.form = m.form AND l <> assigned
MATCH (t:Term {license: l.id, activity: r.activity, form: form})
WHERE (t.result = 'derivative' OR (t.result = 'duplicate' AND type(r) <> 'AUX'))
  AND (t.relicense = 'no' OR (t.relicense = 'conditional' AND NOT EXISTS { (l)-[:RELICENSABLE_TO]->(assigned) }))
WITH w, form, assigned, l, collect(DISTINCT m.id) AS inputs
CREATE (w)-[:HAS_ISSUE]->(:Issue {form: form, licenses: [l.id, assigned.id], inputs: inputs, detail: null, code: CASE
  WHEN l.family = 'gnu' AND assigned.behavioural THEN 'GNU_FREEDOM_CONFLICT'
  WHEN l.family = 'cc' AND l.copyleft AND assigned.behavioural THEN 'CC_FREEDOM_CONFLICT'
  ELSE 'RELICENSE_BLOCKED' END})
