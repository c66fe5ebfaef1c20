// Makes each license's REQUIRES edges to :Duty nodes exactly the redistribution duties the KB
// lists, with the clause (cite, note): adds and updates what differs, removes what the KB dropped.
// $licenses: [{id, duties: [{name, props: {cite, note}}]}]
UNWIND $licenses AS lic
MATCH (l:License {id: lic.id})
CALL (l, lic) {
  MATCH (l)-[old:REQUIRES]->(d:Duty)
  WHERE NOT d.name IN [x IN lic.duties | x.name]
  DELETE old
  RETURN count(old) AS removed
}
CALL (l, lic) {
  UNWIND lic.duties AS x
  MERGE (d:Duty {name: x.name})
  MERGE (l)-[rel:REQUIRES]->(d)
  WITH rel, x
  WHERE properties(rel) <> x.props
  SET rel = x.props
  RETURN count(rel) AS written
}
RETURN sum(written) AS written, sum(removed) AS removed
