// Makes each license's IMPOSES edges to :Restriction nodes exactly its use and runtime
// restrictions (kind 'use' or 'runtime', with cite and note); removes what the KB dropped.
// $licenses: [{id, restrictions: [{id, kind, props: {kind, cite, note}}]}]
UNWIND $licenses AS lic
MATCH (l:License {id: lic.id})
CALL (l, lic) {
  MATCH (l)-[old:IMPOSES]->(x:Restriction)
  WHERE NOT [x.id, old.kind] IN [r IN lic.restrictions | [r.id, r.kind]]
  DELETE old
  RETURN count(old) AS removed
}
CALL (l, lic) {
  UNWIND lic.restrictions AS r
  MERGE (x:Restriction {id: r.id})
  MERGE (l)-[rel:IMPOSES {kind: r.kind}]->(x)
  WITH rel, r
  WHERE properties(rel) <> r.props
  SET rel = r.props
  RETURN count(rel) AS written
}
RETURN sum(written) AS written, sum(removed) AS removed
