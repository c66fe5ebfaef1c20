// A page of works for the API, in id order: the ids after $after (null: from the start), at most
// $limit of them, and how many works match the filters in all. Filters are null when not used:
// $type, $owner, $tag, $license (declared or determined), $status (of any assessment of the
// work), $search (in id or name, any case).
MATCH (w:Work)
WHERE ($type IS NULL OR w.type = $type)
  AND ($owner IS NULL OR w.owner = $owner)
  AND ($tag IS NULL OR $tag IN w.tags)
  AND ($search IS NULL OR toLower(w.id) CONTAINS toLower($search) OR toLower(coalesce(w.name, '')) CONTAINS toLower($search))
  AND ($license IS NULL OR EXISTS { (w)-[:DECLARES|DETERMINED]->(:License {id: $license}) })
  AND ($status IS NULL OR EXISTS { (:Assessment {status: $status})-[:OF]->(w) })
WITH w.id AS id
ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, [id IN ids WHERE $after IS NULL OR id > $after][..$limit] AS page
