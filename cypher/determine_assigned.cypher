// A license declared on a derived work is an assignment: it stands only if every license its
// inputs bring (determine_triggered) may be relicensed to it. Records each license that blocks it, with the inputs that bring it and the
// term's clause. A declared license kg cannot resolve is checked too: an input that may not be
// relicensed freely blocks it, since kg cannot show the unknown license is one it allows.
UNWIND $ids AS id
MATCH (w:Work {id: id})
WHERE (EXISTS { (w)-[:DECLARES]->() } OR size(coalesce(w.unknown_licenses, []) + coalesce(w.ambiguous_licenses, [])) > 0)
  AND EXISTS { (w)-[:MIX|SUB|AUX]->() }
CALL (w) {
  MATCH (w)-[dw:DETERMINED]->(assigned:License)
  RETURN assigned, assigned.id AS assignedId
  UNION
  UNWIND coalesce(w.unknown_licenses, []) + coalesce(w.ambiguous_licenses, []) AS text
  RETURN null AS assigned, text AS assignedId
}
MATCH (w)-[x:TRIGGERED]->(l:License)
WHERE (assigned IS NULL OR l <> assigned)
  AND (x.relicense = 'no' OR (x.relicense = 'conditional'
       AND (assigned IS NULL OR NOT EXISTS { (l)-[:RELICENSABLE_TO]->(assigned) })))
UNWIND x.origins AS origin
WITH w, assigned, assignedId, l, collect(DISTINCT origin) AS inputs, head(collect(x)) AS t
CREATE (w)-[:HAS_ISSUE]->(:Issue {form: w.form, licenses: CASE WHEN assigned IS NULL THEN [l.id] ELSE [l.id, assigned.id] END,
  inputs: inputs, detail: assignedId,
  clause_license: l.id, clause_section: t.cite, clause_text: t.note,
  code: CASE
  WHEN assigned IS NOT NULL AND l.family = 'gnu' AND assigned.behavioural THEN 'GNU_FREEDOM_CONFLICT'
  WHEN assigned IS NOT NULL AND l.family = 'cc' AND l.copyleft AND assigned.behavioural THEN 'CC_FREEDOM_CONFLICT'
  ELSE 'RELICENSE_BLOCKED' END})
