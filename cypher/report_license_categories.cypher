// `kg report`: works by type and by the category of the license their sources declare (as settled
// from every source's claims, or pinned), read before any assessment. One category per work, the
// first that applies: a license kg cannot resolve (`unknown`, `ambiguous`); none declared (`none`
// for a work that relies on nothing — all rights reserved — and `undeclared, derived` for one whose
// license the assessment determines from its inputs); then, over every declared license (all
// alternatives of a choice, the conservative reading): `non-commercial`, `copyleft`,
// `use restrictions` (RAIL-style behavioural terms), `proprietary` (a vendor's own terms),
// `public domain` (all of them), else `permissive`.
MATCH (w:Work)
WITH w, [(w)-[:DECLARES]->(l:License) | l] AS declared
WITH w.type AS type, CASE
    WHEN size(coalesce(w.unknown_licenses, [])) > 0 THEN 'unknown'
    WHEN size(coalesce(w.ambiguous_licenses, [])) > 0 THEN 'ambiguous'
    WHEN size(declared) = 0 AND EXISTS { (w)-[:MIX|SUB|AUX]->() } THEN 'undeclared, derived'
    WHEN size(declared) = 0 THEN 'none'
    WHEN any(l IN declared WHERE l.non_commercial) THEN 'non-commercial'
    WHEN any(l IN declared WHERE l.copyleft) THEN 'copyleft'
    WHEN any(l IN declared WHERE l.behavioural) THEN 'use restrictions'
    WHEN any(l IN declared WHERE 'proprietary' IN l.categories) THEN 'proprietary'
    WHEN all(l IN declared WHERE 'public_domain' IN l.categories) THEN 'public domain'
    ELSE 'permissive'
  END AS category
RETURN type, category, count(*) AS works
ORDER BY type, works DESC, category
