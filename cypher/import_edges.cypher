// Create the MIX / SUB / AUX reliance edges (from the new work to what it relies on) and the
// activity's USED links to its inputs; each lists the sources that claimed it.
UNWIND $rows AS row
MATCH (out:Work {id: row.source})
MATCH (target:Work {id: row.target})
MATCH (a:Activity {id: 'derivation:' + row.source})
MERGE (a)-[u:USED {role: row.role}]->(target)
SET u.sources = COLLECT { UNWIND coalesce(u.sources, []) + [$file] AS s RETURN DISTINCT s ORDER BY s }
WITH out, target, row
CALL (out, target, row) {
  WITH row WHERE row.kind = 'MIX'
  MERGE (out)-[r:MIX]->(target)
  SET r.activity = row.activity, r.sources = COLLECT { UNWIND coalesce(r.sources, []) + [$file] AS s RETURN DISTINCT s ORDER BY s }
}
CALL (out, target, row) {
  WITH row WHERE row.kind = 'SUB'
  MERGE (out)-[r:SUB]->(target)
  SET r.activity = row.activity, r.sources = COLLECT { UNWIND coalesce(r.sources, []) + [$file] AS s RETURN DISTINCT s ORDER BY s }
}
CALL (out, target, row) {
  WITH row WHERE row.kind = 'AUX'
  MERGE (out)-[r:AUX]->(target)
  SET r.activity = row.activity, r.sources = COLLECT { UNWIND coalesce(r.sources, []) + [$file] AS s RETURN DISTINCT s ORDER BY s }
}
