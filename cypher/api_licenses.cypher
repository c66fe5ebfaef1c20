// The ids of the KB licenses that match the API's filters (null when not used): $kind of work,
// $category, a right it $grants or $reserves, a $restriction it imposes, $search in id or name.
MATCH (l:License)
WHERE ($kind IS NULL OR $kind IN l.kinds)
  AND ($category IS NULL OR $category IN l.categories)
  AND ($grants IS NULL OR EXISTS { (l)-[:GRANTS]->(:Right {name: $grants}) })
  AND ($reserves IS NULL OR EXISTS { (l)-[:RESERVES]->(:Right {name: $reserves}) })
  AND ($restriction IS NULL OR EXISTS { (l)-[:IMPOSES]->(:Restriction {id: $restriction}) })
  AND ($search IS NULL OR toLower(l.id) CONTAINS toLower($search) OR toLower(coalesce(l.name, '')) CONTAINS toLower($search))
RETURN l.id AS id
ORDER BY toLower(l.id)
