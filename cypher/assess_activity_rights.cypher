// Rights each activity needs from each work it was applied to, across everything a target relies
// on (mix, sub and aux; an activity on a work with mix-works applies to each of them too). A right
// the license reserves is an error; one it does not mention, a warning. A license that is silent on
// the activity (undefined term) is a warning too: kg cannot tell what the result is.
UNWIND $targets AS target
MATCH (:Work {id: target.id})-[:MIX|SUB|AUX*0..]->(d:Work)
WITH DISTINCT target, d, CASE WHEN d.id = target.id THEN target.form ELSE d.form END AS form
MATCH (d)-[r:MIX|SUB|AUX]->(:Work)-[:MIX*0..]->(m:Work)-[dm:DETERMINED]->(l:License)
WHERE dm.form = m.form
// a license a work inherited is reported on the works it came from (its origins), once
UNWIND CASE WHEN dm.by = 'derived' AND size(coalesce(dm.origins, [])) > 0 THEN dm.origins ELSE [m.id] END AS cause
WITH DISTINCT target, form, r.activity AS activity, cause, l
CALL (target, form, activity, cause, l) {
  MATCH (:ActivityType {name: activity})-[:NEEDS]->(right:Right)
  WHERE NOT EXISTS { (l)-[:GRANTS]->(right) }
  RETURN CASE WHEN EXISTS { (l)-[:RESERVES]->(right) } THEN 'RIGHT_RESERVED' ELSE 'RIGHT_NOT_GRANTED' END AS code,
         right.name AS detail
  UNION ALL
  MATCH (t:Term {license: l.id, activity: activity, form: form}) WHERE t.result = 'undefined'
  RETURN 'TERM_UNDEFINED' AS code, activity AS detail
}
RETURN target, code, cause AS work, [l.id] AS licenses, detail, [] AS inputs
