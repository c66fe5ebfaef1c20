// License determination for derived works with no declared license, one depth level at a time
// (all their inputs are determined already). MIX and SUB inputs count, each with its own mix-works
// (activity proliferation); an AUX input counts only when its license makes the result a
// derivative (a RAIL teacher's student, Llama 2 outputs): ModelGo ignored aux inputs entirely. An
// input is *triggered* when its license term for the activity, in this work's form, makes a
// duplicate or a derivative.
// Each triggered input allows a set of licenses: any (relicense yes), only its own (no), its own
// or a listed compatible one (conditional). The work gets the least restrictive license in the
// intersection (a triggered input's own license first: a derivative keeps its input's license when
// it may); if no input restricts, the least restrictive triggered input's own license; if
// nothing is triggered, the Unlicense. An empty intersection is a conflict, recorded as an issue.
// The DETERMINED edge keeps `origins`: the works whose own license the chosen one is.
UNWIND $ids AS id
MATCH (w:Work {id: id})
WHERE NOT EXISTS { (w)-[:DECLARES]->() }
  AND size(coalesce(w.unknown_licenses, [])) = 0 AND size(coalesce(w.ambiguous_licenses, [])) = 0
  AND EXISTS { (w)-[:MIX|SUB|AUX]->() }
WITH w, coalesce($forms[w.id], w.form) AS form
WITH w, form, COLLECT {
  MATCH (w)-[r:MIX|SUB|AUX]->(:Work)-[:MIX*0..]->(m:Work)-[dm:DETERMINED]->(l:License)
  WHERE dm.form = m.form
  MATCH (t:Term {license: l.id, activity: r.activity, form: form})
  WHERE t.result = 'derivative' OR (t.result = 'duplicate' AND type(r) <> 'AUX')
  RETURN DISTINCT {
    license: l.id, copyleft: l.copyleft, family: l.family, behavioural: l.behavioural,
    origins: CASE WHEN dm.by = 'derived' THEN coalesce(dm.origins, []) ELSE [m.id] END,
    allowed: CASE t.relicense
      WHEN 'yes' THEN null
      WHEN 'no' THEN [l.id]
      ELSE [l.id] + COLLECT { MATCH (l)-[:RELICENSABLE_TO]->(c:License) RETURN c.id }
    END
  } AS input
} AS triggered, COLLECT {
  MATCH (w)-[:MIX|SUB]->(:Work)-[:MIX*0..]->(m:Work)
  WHERE NOT EXISTS { MATCH (m)-[dm:DETERMINED]->() WHERE dm.form = m.form }
  RETURN DISTINCT m.id
} AS unsettled
WITH w, form, triggered, unsettled, [x IN triggered WHERE x.allowed IS NOT NULL] AS restricting
WITH w, form, triggered, unsettled, restricting,
     reduce(acc = null, x IN restricting |
       CASE WHEN acc IS NULL THEN x.allowed ELSE [c IN acc WHERE c IN x.allowed] END) AS candidates
WITH w, form, triggered, unsettled, restricting, candidates, CASE
    WHEN candidates IS NOT NULL THEN candidates
    WHEN size(triggered) > 0 THEN [x IN triggered | x.license]
    ELSE ['Unlicense']
  END AS pool
WITH w, form, triggered, unsettled, restricting, candidates,
     COLLECT {
       MATCH (c:License) WHERE c.id IN pool
       RETURN c ORDER BY c.id IN [x IN triggered | x.license] DESC, c.restrictiveness, c.id LIMIT 1
     } AS chosen
// `origins`: the works whose own license this is (findings about it are theirs, reported once)
FOREACH (c IN chosen |
  MERGE (w)-[d:DETERMINED {form: form, by: 'derived'}]->(c)
  SET d.origins = reduce(acc = [], x IN triggered |
    CASE WHEN x.license = c.id THEN acc + [o IN x.origins WHERE NOT o IN acc] ELSE acc END))
FOREACH (_ IN CASE WHEN candidates = [] THEN [1] ELSE [] END |
  CREATE (w)-[:HAS_ISSUE]->(:Issue {form: form, licenses: [x IN restricting | x.license], inputs: [], detail: null, code: CASE
    WHEN any(x IN restricting WHERE x.family = 'gnu') AND any(x IN restricting WHERE x.behavioural) THEN 'GNU_FREEDOM_CONFLICT'
    WHEN any(x IN restricting WHERE x.family = 'cc' AND x.copyleft) AND any(x IN restricting WHERE x.behavioural) THEN 'CC_FREEDOM_CONFLICT'
    WHEN size([x IN restricting WHERE x.copyleft]) >= 2 THEN 'MULTIPLE_COPYLEFT'
    ELSE 'LICENSE_CONFLICT' END}))
FOREACH (m IN unsettled |
  CREATE (w)-[:HAS_ISSUE]->(:Issue {form: form, code: 'UNSETTLED_INPUT', licenses: [], inputs: [m], detail: null}))
