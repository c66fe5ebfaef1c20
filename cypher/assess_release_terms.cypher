// What releasing a target in its form means for every work shipped in it (the target and its mix
// and sub closure, each reached once; what each input CARRIES seen in one hop): how each part
// reaches the release — a duplicate or derivative by its term for the activity in the release
// form; a mix-work whose term leaves it independent (a collection) is still shipped as a copy of
// itself, so its own license's copy term decides (its duties travel with it, CC BY §3(a)(1),
// Apache-2.0 §4); an aux input only when its term makes a derivative; the target itself by its
// license's copy term. A result outside the license's sharing coverage cannot be shared; every
// duty of the license and of the term applies within its scope ($duties: code and scope of each, from kg.analysis.codes:
// state changes, share-alike and name prefixes only for derivatives — a name prefix only on a
// model —, source disclosure by the license only for object code, by a term as it says). A
// service conveys no copy: there only the term's own duties bind (AGPL §13 for a modified version).
// Nothing applies when the work is not shared. Clause: the duty's, else the term's.
UNWIND $targets AS target
MATCH (t:Work {id: target.id})-[:MIX|SUB*0..]->(d:Work)
WITH DISTINCT target, t, d
WHERE target.policy <> 'personal'
CALL (target, t, d) {
  // the inputs of d, grouped by what decides their fate: license, edge kind and activity
  MATCH (d)-[r:MIX|SUB|AUX]->(:Work)-[c:CARRIES {output: false}]->(l:License)
  WITH l, type(r) AS kind, r.activity AS activity, collect(c.origins) AS origins
  OPTIONAL MATCH (term:Term {license: l.id, activity: activity, form: target.form})
  OPTIONAL MATCH (copy:Term {license: l.id, activity: 'copy', form: target.form})
  WITH origins, l, CASE
      WHEN term.result = 'derivative' OR (kind <> 'AUX' AND term.result = 'duplicate') THEN term
      WHEN kind = 'MIX' AND (copy IS NULL OR copy.result IN ['duplicate', 'derivative']) THEN copy
    END AS how, CASE
      WHEN term.result = 'derivative' OR (kind <> 'AUX' AND term.result = 'duplicate') THEN term.result
      WHEN kind = 'MIX' AND (copy IS NULL OR copy.result IN ['duplicate', 'derivative']) THEN coalesce(copy.result, 'duplicate')
    END AS result
  WHERE result IS NOT NULL
  RETURN origins, l, result, how
  UNION ALL
  // the target itself is shared as it is
  WITH t, d WHERE d = t
  MATCH (t)-[dt:DETERMINED]->(l:License)
  OPTIONAL MATCH (copy:Term {license: l.id, activity: 'copy', form: target.form})
  WITH dt, l, copy WHERE copy IS NULL OR copy.result IN ['duplicate', 'derivative']
  RETURN [coalesce(dt.origins, [t.id])] AS origins, l, coalesce(copy.result, 'duplicate') AS result, copy AS how
}
// what applies is decided once per license, result and term; the causes (thousands in a wide
// collection) are only listed afterwards
WITH target, t, l, result, how, collect(origins) AS origins
CALL (target, t, l, result, how) {
  WITH l, result, how WHERE NOT result IN l.coverage
  RETURN 'CANNOT_SHARE' AS code, result AS detail, {license: l.id, section: how.cite, text: how.note} AS clause
  UNION ALL
  WITH target, t, l, result, how,
       COLLECT { MATCH (l)-[q:REQUIRES]->(duty:Duty) WHERE target.form <> 'saas'
                 RETURN [duty.name, q.cite, q.note, 'license'] }
       + [name IN coalesce(how.restrictions, []) | [name, how.cite, how.note, 'term']] AS duties
  UNWIND duties AS duty
  WITH target, t, l, result, duty, $duties[duty[0]].scope AS scope
  WHERE scope = 'copies'
     OR (scope = 'derivatives' AND result = 'derivative')
     OR (scope = 'derivative models' AND result = 'derivative' AND t.type = 'model')
     OR (scope = 'object code' AND (duty[3] = 'term' OR target.form = 'binary'))
  RETURN $duties[duty[0]].code AS code, CASE WHEN scope = 'object code' THEN target.form END AS detail,
         {license: l.id, section: duty[1], text: duty[2]} AS clause
}
UNWIND origins AS edges
UNWIND edges AS causes
UNWIND causes AS cause
WITH target, code, l, detail, clause, collect(DISTINCT cause) AS works
RETURN target, code, works, [l.id] AS licenses, detail, [] AS inputs, clause
