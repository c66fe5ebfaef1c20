// Withdraw what a source claimed at its previous import on works it no longer claims (given by
// id): its claims on them, and its name from the sources of the derivation edges, activities and
// USED links it recorded for them and its description of their activities; what no source claims
// any more is deleted. Returns the works whose claims it withdrew (their license is then settled
// again from the remaining claims).
UNWIND $ids AS id
MATCH (:Source {file: $file})-[c:CLAIMS]->(w:Work {id: id})
DELETE c
WITH DISTINCT w
CALL (w) {
  MATCH (w)-[r:MIX|SUB|AUX]->()
  WHERE $file IN r.sources
  SET r.sources = [x IN r.sources WHERE x <> $file]
  WITH r WHERE size(r.sources) = 0
  DELETE r
}
CALL (w) {
  MATCH (a:Activity)-[:PRODUCED]->(w)
  OPTIONAL MATCH (a)-[u:USED]->()
  WHERE $file IN u.sources
  SET u.sources = [x IN u.sources WHERE x <> $file]
  WITH a, collect(u) AS used
  FOREACH (u IN [u IN used WHERE size(u.sources) = 0] | DELETE u)
  WITH a
  CALL (a) {
    MATCH (:Source {file: $file})-[d:DESCRIBES]->(a)
    DELETE d
  }
  SET a.sources = [x IN coalesce(a.sources, []) WHERE x <> $file]
  WITH a WHERE size(a.sources) = 0
  DETACH DELETE a
}
RETURN w.id AS id
