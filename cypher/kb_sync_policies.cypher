// Which rights does each release policy need from every released work? Makes (:Policy)-[:NEEDS]->(:Right)
// exactly the table in licenses/_activities.yaml, and removes :Policy nodes it no longer has.
// $policies: [{name, rights: [right names]}]
CALL () {
  MATCH (gone:Policy)
  WHERE NOT gone.name IN [x IN $policies | x.name]
  DETACH DELETE gone
  RETURN count(gone) AS removed_nodes
}
UNWIND $policies AS row
MERGE (a:Policy {name: row.name})
WITH a, row, removed_nodes
CALL (a, row) {
  MATCH (a)-[old:NEEDS]->(r:Right)
  WHERE NOT r.name IN row.rights
  DELETE old
  RETURN count(old) AS removed
}
CALL (a, row) {
  UNWIND row.rights AS name
  MERGE (r:Right {name: name})
  WITH a, r
  OPTIONAL MATCH (a)-[existing:NEEDS]->(r)
  WITH a, r, existing
  WHERE existing IS NULL
  MERGE (a)-[:NEEDS]->(r)
  RETURN count(r) AS added
}
RETURN sum(added) AS added, sum(removed) + max(removed_nodes) AS removed
