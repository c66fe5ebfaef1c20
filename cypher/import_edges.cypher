// Create the MIX / SUB / AUX reliance edges (from the new work to what it relies on) and the
// activity's USED links to its inputs; each lists the sources that claimed it (sorted; the list is
// only rebuilt when a new source joins).
UNWIND $rows AS row
MATCH (out:Work {id: row.source})
MATCH (target:Work {id: row.target})
MATCH (a:Activity {id: 'derivation:' + row.source})
MERGE (a)-[u:USED {role: row.role}]->(target)
SET u.sources = CASE WHEN u.sources IS NULL THEN [$file] WHEN $file IN u.sources THEN u.sources
                 ELSE COLLECT { UNWIND u.sources + [$file] AS s RETURN s ORDER BY s } END
WITH out, target, row
CALL (out, target, row) {
  WITH row WHERE row.kind = 'MIX'
  MERGE (out)-[r:MIX]->(target)
  SET r.activity = row.activity,
      r.sources = CASE WHEN r.sources IS NULL THEN [$file] WHEN $file IN r.sources THEN r.sources
                  ELSE COLLECT { UNWIND r.sources + [$file] AS s RETURN s ORDER BY s } END
}
CALL (out, target, row) {
  WITH row WHERE row.kind = 'SUB'
  MERGE (out)-[r:SUB]->(target)
  SET r.activity = row.activity,
      r.sources = CASE WHEN r.sources IS NULL THEN [$file] WHEN $file IN r.sources THEN r.sources
                  ELSE COLLECT { UNWIND r.sources + [$file] AS s RETURN s ORDER BY s } END
}
CALL (out, target, row) {
  WITH row WHERE row.kind = 'AUX'
  MERGE (out)-[r:AUX]->(target)
  SET r.activity = row.activity,
      r.sources = CASE WHEN r.sources IS NULL THEN [$file] WHEN $file IN r.sources THEN r.sources
                  ELSE COLLECT { UNWIND r.sources + [$file] AS s RETURN s ORDER BY s } END
}
