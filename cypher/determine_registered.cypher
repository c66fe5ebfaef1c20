// Works whose own license kg cannot know: a declared license kg cannot resolve (unknown) or that
// names a family (ambiguous), or no license at all on a work derived from nothing. Each is the
// root of what it leaves unsettled upstream of it: `w.unsettled` lists such roots, and every work
// built on it is undetermined, never given a permissive default.
UNWIND $ids AS id
MATCH (w:Work {id: id})
WHERE size(coalesce(w.unknown_licenses, [])) > 0 OR size(coalesce(w.ambiguous_licenses, [])) > 0
   OR (NOT EXISTS { (w)-[:DECLARES]->() } AND NOT EXISTS { (w)-[:MIX|SUB|AUX]->() })
SET w.unsettled = [w.id]
