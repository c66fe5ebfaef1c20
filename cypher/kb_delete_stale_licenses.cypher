// Which licenses are no longer in the knowledge base? Removes them with their terms and edges.
// $ids: every license id of the KB being loaded.
CALL () {
  MATCH (t:Term)
  WHERE NOT t.license IN $ids
  DETACH DELETE t
  RETURN count(t) AS terms
}
CALL () {
  MATCH (l:License)
  WHERE NOT l.id IN $ids
  DETACH DELETE l
  RETURN count(l) AS licenses
}
RETURN licenses AS removed, terms AS removed_terms
