// After a source's claims are written: withdraw what it claimed at its previous import on works it
// still claims but no longer says the same of: reliance edges and USED links not among the row's
// (`edges`: "KIND target", `used`: "role target"), and the derivation itself when the source now
// describes the work as made by no derivation. What no source claims any more is deleted. Writing
// first and sweeping after (instead of withdrawing everything and writing it again) leaves an
// unchanged file's graph untouched, so a re-import costs reads, not writes.
UNWIND $rows AS row
MATCH (w:Work {id: row.work})
CALL (w, row) {
  MATCH (w)-[r:MIX|SUB|AUX]->(t:Work)
  WHERE $file IN r.sources AND NOT (type(r) + ' ' + t.id) IN row.edges
  SET r.sources = [x IN r.sources WHERE x <> $file]
  WITH r WHERE size(r.sources) = 0
  DELETE r
}
CALL (w, row) {
  MATCH (a:Activity)-[:PRODUCED]->(w)
  CALL (a, row) {
    MATCH (a)-[u:USED]->(t:Work)
    WHERE $file IN u.sources AND NOT (u.role + ' ' + t.id) IN row.used
    SET u.sources = [x IN u.sources WHERE x <> $file]
    WITH u WHERE size(u.sources) = 0
    DELETE u
  }
  WITH a WHERE NOT row.derived AND $file IN coalesce(a.sources, [])
  CALL (a) {
    MATCH (:Source {file: $file})-[d:DESCRIBES]->(a)
    DELETE d
  }
  SET a.sources = [x IN a.sources WHERE x <> $file]
  WITH a WHERE size(a.sources) = 0
  DETACH DELETE a
}
