// License determination for derived works with no declared license, one depth level at a time
// (all their inputs are determined already), in the work's own form, from what its inputs bring
// (determine_triggered: one hop through what each input CARRIES, so an activity on a collection
// reaches every corpus in it; aux inputs only when they make a derivative — ModelGo ignored aux
// inputs entirely).
// A mix or sub input whose license is unsettled (unknown, ambiguous, missing, or itself in
// conflict) leaves the work undetermined: no license, `w.unsettled` naming the root causes, and
// UNSETTLED_INPUT.
// Otherwise each triggered input allows a set of licenses: any (relicense yes), only its own (no),
// its own or a listed compatible one (conditional). The work gets the least restrictive license in
// the intersection (a triggered input's own license first: a derivative keeps its input's license
// when it may); if no input restricts, the least restrictive triggered input's own license; if
// nothing is triggered, the Unlicense. An empty intersection is a conflict, recorded as an issue
// naming which input brings which license, with the clause of each term (the licenses joined by
// '; ', their sections in the same order by ' | '); the work is then the
// root of what it leaves unsettled. The DETERMINED edge keeps `origins`: the works whose own
// license the chosen one is.
UNWIND $ids AS id
MATCH (w:Work {id: id})
WHERE NOT EXISTS { (w)-[:DECLARES]->() }
  AND size(coalesce(w.unknown_licenses, [])) = 0 AND size(coalesce(w.ambiguous_licenses, [])) = 0
  AND EXISTS { (w)-[:MIX|SUB|AUX]->() }
WITH w, COLLECT {
  MATCH (w)-[:MIX|SUB]->(i:Work) WHERE i.unsettled IS NOT NULL
  UNWIND i.unsettled AS root
  RETURN DISTINCT root
} AS unsettled, COLLECT {
  MATCH (w)-[:AUX]->(i:Work) WHERE i.unsettled IS NOT NULL
  UNWIND i.unsettled AS root
  RETURN DISTINCT root
} AS unsettledAux
CALL (w, unsettled) {
  WITH w, unsettled WHERE size(unsettled) > 0
  SET w.unsettled = unsettled
  CREATE (w)-[:HAS_ISSUE]->(:Issue {form: w.form, code: 'UNSETTLED_INPUT', licenses: [], inputs: unsettled, detail: null})
}
// an aux input (used to build the work, not part of it) counts only when its terms make a
// derivative, which kg cannot know for an unsettled one: the work is settled from the rest, and
// the doubt is said once, on the work built with it (its root's own error stays in every verdict)
CALL (w, unsettled, unsettledAux) {
  WITH w, unsettledAux WHERE size(unsettled) = 0 AND size(unsettledAux) > 0
  CREATE (w)-[:HAS_ISSUE]->(:Issue {form: w.form, code: 'UNSETTLED_AUX_INPUT', licenses: [], inputs: unsettledAux, detail: null})
}
WITH w WHERE w.unsettled IS NULL
WITH w, COLLECT {
  MATCH (w)-[x:TRIGGERED]->(l:License)
  RETURN {
    license: l.id, copyleft: l.copyleft, family: l.family, behavioural: l.behavioural,
    origins: x.origins, cite: x.cite, note: x.note,
    allowed: CASE x.relicense
      WHEN 'yes' THEN null
      WHEN 'no' THEN [l.id]
      ELSE [l.id] + COLLECT { MATCH (l)-[:RELICENSABLE_TO]->(c:License) RETURN c.id }
    END
  } AS input
} AS triggered
WITH w, triggered, [x IN triggered WHERE x.allowed IS NOT NULL] AS restricting
WITH w, triggered, restricting,
     reduce(acc = null, x IN restricting |
       CASE WHEN acc IS NULL THEN x.allowed ELSE [c IN acc WHERE c IN x.allowed] END) AS candidates
WITH w, triggered, restricting, candidates, CASE
    WHEN candidates IS NOT NULL THEN candidates
    WHEN size(triggered) > 0 THEN [x IN triggered | x.license]
    ELSE ['Unlicense']
  END AS pool
WITH w, triggered, restricting, candidates,
     COLLECT {
       MATCH (c:License) WHERE c.id IN pool
       RETURN c ORDER BY c.id IN [x IN triggered | x.license] DESC, c.restrictiveness, c.id LIMIT 1
     } AS chosen
// `origins`: the works whose own license this is (findings about it are theirs, reported once)
FOREACH (c IN chosen |
  MERGE (w)-[d:DETERMINED {form: w.form, by: 'derived'}]->(c)
  SET d.origins = reduce(acc = [], x IN triggered |
    CASE WHEN x.license = c.id THEN acc + [o IN x.origins WHERE NOT o IN acc] ELSE acc END))
WITH w, triggered, restricting, candidates, chosen,
     [lic IN reduce(acc = [], x IN restricting | CASE WHEN x.license IN acc THEN acc ELSE acc + x.license END) | {
        license: lic,
        origins: reduce(acc = [], x IN restricting |
          CASE WHEN x.license = lic THEN acc + [o IN x.origins WHERE NOT o IN acc] ELSE acc END),
        cite: head([x IN restricting WHERE x.license = lic | x.cite]),
        note: head([x IN restricting WHERE x.license = lic | x.note])}] AS brought
FOREACH (_ IN CASE WHEN candidates = [] THEN [1] ELSE [] END |
  SET w.unsettled = [w.id]
  CREATE (w)-[:HAS_ISSUE]->(:Issue {form: w.form,
    licenses: [b IN brought | b.license],
    inputs: reduce(acc = [], b IN brought | acc + [o IN b.origins WHERE NOT o IN acc]),
    detail: reduce(text = '', b IN brought | text + CASE WHEN text = '' THEN '' ELSE '; ' END
      + b.license + ' from ' + reduce(s = '', o IN b.origins | s + CASE WHEN s = '' THEN '' ELSE ', ' END + o)),
    clause_license: reduce(text = '', b IN brought | text + CASE WHEN text = '' THEN '' ELSE '; ' END + b.license),
    clause_section: reduce(text = '', b IN brought | text + CASE WHEN text = '' THEN '' ELSE ' | ' END + b.cite),
    clause_text: reduce(text = '', b IN brought | text + CASE WHEN text = '' THEN '' ELSE ' ' END + b.license + ': ' + b.note),
    code: CASE
    WHEN any(x IN restricting WHERE x.family = 'gnu') AND any(x IN restricting WHERE x.behavioural) THEN 'GNU_FREEDOM_CONFLICT'
    WHEN any(x IN restricting WHERE x.family = 'cc' AND x.copyleft) AND any(x IN restricting WHERE x.behavioural) THEN 'CC_FREEDOM_CONFLICT'
    WHEN size([x IN restricting WHERE x.copyleft]) >= 2 THEN 'MULTIPLE_COPYLEFT'
    ELSE 'LICENSE_CONFLICT' END}))
