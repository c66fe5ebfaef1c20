// Makes each license's RELICENSABLE_TO edges exactly the KB licenses its results
// may be relicensed to (relicensing.compatible), with the relicensing clause (cite, note); removes edges the KB dropped.
// $licenses: [{id, targets: [{id, props: {cite, note}}]}]
UNWIND $licenses AS lic
MATCH (l:License {id: lic.id})
CALL (l, lic) {
  MATCH (l)-[old:RELICENSABLE_TO]->(other:License)
  WHERE NOT other.id IN [x IN lic.targets | x.id]
  DELETE old
  RETURN count(old) AS removed
}
CALL (l, lic) {
  UNWIND lic.targets AS x
  MATCH (other:License {id: x.id})
  MERGE (l)-[rel:RELICENSABLE_TO]->(other)
  WITH rel, x
  WHERE properties(rel) <> x.props
  SET rel = x.props
  RETURN count(rel) AS written
}
RETURN sum(written) AS written, sum(removed) AS removed
