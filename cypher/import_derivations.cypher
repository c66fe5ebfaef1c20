// Record each derivation a source claims as an :Activity (method, tool, time) producing its output,
// with the MIX / SUB / AUX reliance edges from the output to what it relies on and the activity's
// USED links to its inputs (one row per derivation, its edges in `row.edges`). `sources` lists every
// source that claimed each (sorted, so a re-import changes nothing; rebuilt only when a new source
// joins), and the source DESCRIBES the activity with the method it gave (sources that disagree are
// reported).
MATCH (s:Source {file: $file})
UNWIND $rows AS row
MATCH (out:Work {id: row.output})
MERGE (a:Activity {id: row.id})
SET a.method = row.method, a.tool = row.tool, a.at = row.at,
    a.sources = CASE WHEN a.sources IS NULL THEN [$file] WHEN $file IN a.sources THEN a.sources
                  ELSE COLLECT { UNWIND a.sources + [$file] AS x RETURN x ORDER BY x } END
MERGE (a)-[:PRODUCED]->(out)
MERGE (s)-[d:DESCRIBES]->(a)
SET d.method = row.method
WITH a, out, row
UNWIND row.edges AS edge
MATCH (target:Work {id: edge.target})
MERGE (a)-[u:USED {role: edge.role}]->(target)
SET u.sources = CASE WHEN u.sources IS NULL THEN [$file] WHEN $file IN u.sources THEN u.sources
                 ELSE COLLECT { UNWIND u.sources + [$file] AS x RETURN x ORDER BY x } END
WITH out, target, edge
CALL (out, target, edge) {
  WITH edge WHERE edge.kind = 'MIX'
  MERGE (out)-[r:MIX]->(target)
  SET r.activity = edge.activity,
      r.sources = CASE WHEN r.sources IS NULL THEN [$file] WHEN $file IN r.sources THEN r.sources
                  ELSE COLLECT { UNWIND r.sources + [$file] AS x RETURN x ORDER BY x } END
}
CALL (out, target, edge) {
  WITH edge WHERE edge.kind = 'SUB'
  MERGE (out)-[r:SUB]->(target)
  SET r.activity = edge.activity,
      r.sources = CASE WHEN r.sources IS NULL THEN [$file] WHEN $file IN r.sources THEN r.sources
                  ELSE COLLECT { UNWIND r.sources + [$file] AS x RETURN x ORDER BY x } END
}
CALL (out, target, edge) {
  WITH edge WHERE edge.kind = 'AUX'
  MERGE (out)-[r:AUX]->(target)
  SET r.activity = edge.activity,
      r.sources = CASE WHEN r.sources IS NULL THEN [$file] WHEN $file IN r.sources THEN r.sources
                  ELSE COLLECT { UNWIND r.sources + [$file] AS x RETURN x ORDER BY x } END
}
