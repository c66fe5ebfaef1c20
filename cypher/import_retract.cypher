// Withdraw what a source claimed at its previous import, before its new claims are written: its
// claims on works, and its name from the sources of the derivation edges, activities and USED links
// it recorded and its description of activities (all hang off works it claimed); what no source
// claims any more is deleted.
// Its release requests go too, and a release no source requests any more is deleted.
// Works up to $limit a run (a large source is withdrawn in bounded transactions): run it until it
// returns fewer rows than that. Returns the works whose claims it withdrew.
CALL () {
  MATCH (:Source {file: $file})-[q:REQUESTS]->(r:Release)
  DELETE q
  WITH r WHERE NOT EXISTS { (:Source)-[:REQUESTS]->(r) }
  DETACH DELETE r
}
MATCH (:Source {file: $file})-[c:CLAIMS]->(w:Work)
WITH c, w LIMIT $limit
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
