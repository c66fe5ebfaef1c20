// Findings from license determination and registration, for every work each target relies on
// (each work reached once): determination issues (conflicts name the inputs bringing each
// license; a target left undetermined names the root causes, reported on the target only, once),
// unknown / ambiguous / missing licenses, license lists that say neither AND nor OR, sources disagreeing on a license or on how a work was
// made, license written for another kind of work, copyleft, revocable and non-public licenses, and
// a shared derivative that declares no license although its license must travel with copies.
// `clause`: the KB's citation the finding rests on ({license, section, text}), null where none.
UNWIND $targets AS target
MATCH (:Work {id: target.id})-[:MIX|SUB|AUX*0..]->(w:Work)
WITH DISTINCT target, w
CALL (target, w) {
  MATCH (w)-[:HAS_ISSUE]->(i:Issue)
  WHERE i.code <> 'UNSETTLED_INPUT' OR w.id = target.id
  RETURN i.code AS code, i.licenses AS licenses, i.detail AS detail, i.inputs AS inputs,
         CASE WHEN i.clause_license IS NULL THEN null
              ELSE {license: i.clause_license, section: i.clause_section, text: i.clause_text} END AS clause
  UNION ALL
  UNWIND coalesce(w.unknown_licenses, []) AS unknown
  RETURN 'UNKNOWN_LICENSE' AS code, [] AS licenses, unknown AS detail, [] AS inputs, null AS clause
  UNION ALL
  UNWIND coalesce(w.ambiguous_licenses, []) AS ambiguous
  RETURN 'AMBIGUOUS_LICENSE' AS code, [] AS licenses, ambiguous AS detail, [] AS inputs, null AS clause
  UNION ALL
  // a source listed several licenses without AND or OR (a CycloneDX `licenses` list): all apply
  WITH w WHERE w.license_list_ambiguous
  RETURN 'LICENSE_LIST_AMBIGUOUS' AS code, [] AS licenses, w.license_expression AS detail, [] AS inputs, null AS clause
  UNION ALL
  WITH w WHERE NOT EXISTS { (w)-[:DECLARES]->() } AND NOT EXISTS { (w)-[:MIX|SUB|AUX]->() }
    AND size(coalesce(w.unknown_licenses, []) + coalesce(w.ambiguous_licenses, [])) = 0
  RETURN 'NO_LICENSE' AS code, [] AS licenses, null AS detail, [] AS inputs, null AS clause
  UNION ALL
  // the released derivative declares nothing, though what it is derived from must travel with it
  WITH target, w WHERE w.id = target.id AND target.policy <> 'personal' AND target.form <> 'saas'
    AND NOT EXISTS { (w)-[:DECLARES]->() }
    AND size(coalesce(w.unknown_licenses, []) + coalesce(w.ambiguous_licenses, [])) = 0
  MATCH (w)-[d:DETERMINED {by: 'derived'}]->(l:License)-[req:REQUIRES]->(:Duty {name: 'include_license'})
  RETURN 'LICENSE_NOT_DECLARED' AS code, [l.id] AS licenses, null AS detail, d.origins AS inputs,
         {license: l.id, section: req.cite, text: req.note} AS clause
  UNION ALL
  // sources that disagree on the work's license: each named with its claim, and what kg uses
  MATCH (s:Source)-[c:CLAIMS]->(w) WHERE c.resolved IS NOT NULL
  WITH w, s, c ORDER BY s.file
  WITH w, collect(DISTINCT c.resolved) AS meanings,
       collect(s.file + ' (' + s.format + '): ' + coalesce(c.license_expression, 'other')
               + coalesce(' "' + c.license_name + '"', '')) AS claims
  WHERE size(meanings) > 1
  RETURN 'LICENSE_DECLARATION_CONFLICT' AS code, [] AS licenses,
         reduce(text = '', claim IN claims | text + claim + '; ')
         + CASE WHEN w.pinned_license IS NOT NULL THEN 'kg uses ' + w.pinned_license + ' (pinned)'
                ELSE 'kg uses ' + w.license_expression + ' (the most restrictive claim)' END AS detail, [] AS inputs,
         null AS clause
  UNION ALL
  // sources that disagree on how the work was made: each named with its method, and what kg used
  MATCH (a:Activity)-[:PRODUCED]->(w)
  MATCH (s:Source)-[d:DESCRIBES]->(a)
  WITH w, a, s, d ORDER BY s.file
  WITH w, a, collect(DISTINCT d.method) AS methods, collect(s.file + ' (' + s.format + '): ' + d.method) AS claims
  WHERE size(methods) > 1
  RETURN 'DERIVATION_CONFLICT' AS code, [] AS licenses,
         reduce(text = '', claim IN claims | text + claim + '; ') + 'kg used ' + a.method + ' (the last import)' AS detail,
         [] AS inputs, null AS clause
  UNION ALL
  // registration looks at licenses as declared; a determined license is checked where it came from
  MATCH (w)-[d:DETERMINED {by: 'declared'}]->(l:License)
  UNWIND [
    CASE WHEN w.type <> 'mix' AND NOT w.type IN l.kinds THEN ['LICENSE_TYPE_MISMATCH', w.type, null, null] END,
    CASE WHEN l.copyleft THEN ['COPYLEFT', null, l.relicensing_cite, l.relicensing_note] END,
    CASE WHEN l.revocable = 'yes' THEN ['REVOCABLE', null, l.revocable_cite, l.revocable_note] END,
    CASE WHEN l.revocable = 'unstated' THEN ['POSSIBLY_REVOCABLE', null, l.revocable_cite, l.revocable_note] END,
    CASE WHEN NOT l.public THEN ['NOT_PUBLIC', null, null, null] END
  ] AS hit
  WITH l, hit WHERE hit IS NOT NULL
  RETURN hit[0] AS code, [l.id] AS licenses, hit[1] AS detail, [] AS inputs,
         {license: l.id, section: hit[2], text: hit[3]} AS clause
}
WITH target, code, licenses, detail, inputs, clause, collect(w.id) AS works
RETURN target, code, works, licenses, detail, inputs, clause
