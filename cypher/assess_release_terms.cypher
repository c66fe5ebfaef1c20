// What releasing a target in its form means for each released work (the target and its mix and
// sub closure): a result outside the license's sharing coverage cannot be shared; a disclose-source
// license reached in binary or saas form must disclose; every redistribution duty and every duty a
// term brings (state changes, …) applies. Duties and coverage apply only when the work is shared.
// An aux input whose license makes the result a derivative (a RAIL teacher) counts here too: what
// is shared is a derivative of it.
UNWIND $targets AS target
MATCH (t:Work {id: target.id})-[:MIX|SUB*0..]->(d:Work)
WITH DISTINCT target, t, d
CALL (target, t, d) {
  // how each released input came into d, and what that makes of it in the release form
  MATCH (d)-[r:MIX|SUB|AUX]->(:Work)-[:MIX*0..]->(m:Work)-[dm:DETERMINED]->(l:License)
  WHERE dm.form = m.form
  MATCH (term:Term {license: l.id, activity: r.activity, form: target.form})
  WHERE type(r) <> 'AUX' OR term.result = 'derivative'
  UNWIND CASE WHEN dm.by = 'derived' AND size(coalesce(dm.origins, [])) > 0 THEN dm.origins ELSE [m.id] END AS cause
  RETURN cause, l, term.result AS result, term.restrictions AS restrictions
  UNION
  // the target itself is shared as it is
  WITH t, d WHERE d = t
  MATCH (t)-[dt:DETERMINED]->(l:License) WHERE dt.form = target.form
  UNWIND CASE WHEN dt.by = 'derived' AND size(coalesce(dt.origins, [])) > 0 THEN dt.origins ELSE [t.id] END AS cause
  RETURN cause, l, 'duplicate' AS result, [] AS restrictions
}
WITH target, cause, l, result, restrictions
WHERE target.policy <> 'personal'
CALL (target, cause, l, result, restrictions) {
  WITH result WHERE result IN ['duplicate', 'derivative'] AND NOT result IN l.coverage
  RETURN 'CANNOT_SHARE' AS code, result AS detail
  UNION
  WITH result WHERE result IN ['duplicate', 'derivative']
  UNWIND restrictions + l.duties AS duty
  RETURN toUpper(duty) AS code, duty AS detail
  UNION
  MATCH (copy:Term {license: l.id, activity: 'copy', form: target.form})
  WHERE l.disclose_source AND target.form IN ['binary', 'saas'] AND copy.result IN ['duplicate', 'derivative']
  RETURN 'DISCLOSE_SOURCE' AS code, target.form AS detail
}
RETURN DISTINCT target, code, cause AS work, [l.id] AS licenses, detail, [] AS inputs
