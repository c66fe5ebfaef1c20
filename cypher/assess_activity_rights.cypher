// Rights each activity needs from each work it was applied to, across everything a target relies
// on (mix, sub and aux, each work reached once; an activity on a work applies to all it CARRIES:
// its mix-works and what its derivation kept). A right the license reserves is an error (clause:
// where it reserves it); one it does not mention, a warning (no clause: the license is silent). A
// license silent on the activity (undefined term) is a warning too: kg cannot tell what the result
// is (clause: the term). Each finding is reported on the works whose own license it is.
UNWIND $targets AS target
MATCH (:Work {id: target.id})-[:MIX|SUB|AUX*0..]->(d:Work)
WITH DISTINCT target, d
MATCH (d)-[r:MIX|SUB|AUX]->(:Work)-[c:CARRIES {output: false}]->(l:License)
// decided once per form, activity and license; the causes are listed afterwards
WITH target, d.form AS form, r.activity AS activity, l, collect(c.origins) AS origins
CALL (form, activity, l) {
  MATCH (:ActivityType {name: activity})-[:NEEDS]->(right:Right)
  WHERE NOT EXISTS { (l)-[:GRANTS]->(right) }
  OPTIONAL MATCH (l)-[reserves:RESERVES]->(right)
  RETURN CASE WHEN reserves IS NOT NULL THEN 'RIGHT_RESERVED' ELSE 'RIGHT_NOT_GRANTED' END AS code,
         right.name AS detail, {license: l.id, section: reserves.cite, text: reserves.note} AS clause
  UNION ALL
  MATCH (t:Term {license: l.id, activity: activity, form: form}) WHERE t.result = 'undefined'
  RETURN 'TERM_UNDEFINED' AS code, activity AS detail, {license: l.id, section: t.cite, text: t.note} AS clause
}
UNWIND origins AS causes
UNWIND causes AS cause
WITH target, code, l, detail, clause, collect(DISTINCT cause) AS works
RETURN target, code, works, [l.id] AS licenses, detail, [] AS inputs, clause
