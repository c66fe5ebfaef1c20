// Findings from license determination and registration, for every work each target relies on:
// determination issues, unknown / ambiguous / missing licenses, sources disagreeing on a license or
// on how a work was made, license written for another kind of work, copyleft, revocable and
// non-public licenses.
UNWIND $targets AS target
MATCH (:Work {id: target.id})-[:MIX|SUB|AUX*0..]->(w:Work)
WITH DISTINCT target, w, CASE WHEN w.id = target.id THEN target.form ELSE w.form END AS form
CALL (target, w, form) {
  MATCH (w)-[:HAS_ISSUE]->(i:Issue) WHERE i.form = form
  RETURN i.code AS code, i.licenses AS licenses, i.detail AS detail, i.inputs AS inputs
  UNION ALL
  UNWIND coalesce(w.unknown_licenses, []) AS unknown
  RETURN 'UNKNOWN_LICENSE' AS code, [] AS licenses, unknown AS detail, [] AS inputs
  UNION ALL
  UNWIND coalesce(w.ambiguous_licenses, []) AS ambiguous
  RETURN 'AMBIGUOUS_LICENSE' AS code, [] AS licenses, ambiguous AS detail, [] AS inputs
  UNION ALL
  WITH w WHERE NOT EXISTS { (w)-[:DECLARES]->() } AND NOT EXISTS { (w)-[:MIX|SUB|AUX]->() }
    AND size(coalesce(w.unknown_licenses, []) + coalesce(w.ambiguous_licenses, [])) = 0
  RETURN 'NO_LICENSE' AS code, [] AS licenses, null AS detail, [] AS inputs
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
                ELSE 'kg uses ' + w.license_expression + ' (the most restrictive claim)' END AS detail, [] AS inputs
  UNION ALL
  // sources that disagree on how the work was made: each named with its method, and what kg used
  MATCH (a:Activity)-[:PRODUCED]->(w)
  MATCH (s:Source)-[d:DESCRIBES]->(a)
  WITH w, a, s, d ORDER BY s.file
  WITH w, a, collect(DISTINCT d.method) AS methods, collect(s.file + ' (' + s.format + '): ' + d.method) AS claims
  WHERE size(methods) > 1
  RETURN 'DERIVATION_CONFLICT' AS code, [] AS licenses,
         reduce(text = '', claim IN claims | text + claim + '; ') + 'kg used ' + a.method + ' (the last import)' AS detail,
         [] AS inputs
  UNION ALL
  // registration looks at licenses as declared; a determined license is checked where it came from
  MATCH (w)-[d:DETERMINED]->(l:License) WHERE d.form = form AND d.by = 'declared'
  UNWIND [
    CASE WHEN w.type <> 'mix' AND NOT w.type IN l.kinds THEN ['LICENSE_TYPE_MISMATCH', w.type] END,
    CASE WHEN l.copyleft THEN ['COPYLEFT', null] END,
    CASE WHEN l.revocable = 'yes' THEN ['REVOCABLE', null] END,
    CASE WHEN l.revocable = 'unstated' THEN ['POSSIBLY_REVOCABLE', null] END,
    CASE WHEN NOT l.public THEN ['NOT_PUBLIC', null] END
  ] AS hit
  WITH l, hit WHERE hit IS NOT NULL
  RETURN hit[0] AS code, [l.id] AS licenses, hit[1] AS detail, [] AS inputs
}
RETURN target, code, w.id AS work, licenses, detail, inputs
