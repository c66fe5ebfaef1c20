// Makes each license's GRANTS edges to :Right nodes exactly the rights the KB says it grants,
// with the clause (cite, note): adds and updates what differs, removes what the KB dropped.
// $licenses: [{id, rights: [{name, props: {cite, note}}]}]
UNWIND $licenses AS lic
MATCH (l:License {id: lic.id})
CALL (l, lic) {
  MATCH (l)-[old:GRANTS]->(r:Right)
  WHERE NOT r.name IN [x IN lic.rights | x.name]
  DELETE old
  RETURN count(old) AS removed
}
CALL (l, lic) {
  UNWIND lic.rights AS x
  MERGE (r:Right {name: x.name})
  MERGE (l)-[rel:GRANTS]->(r)
  WITH rel, x
  WHERE properties(rel) <> x.props
  SET rel = x.props
  RETURN count(rel) AS written
}
RETURN sum(written) AS written, sum(removed) AS removed
