// Record each derivation a source claims as an :Activity (method, tool, time) producing its output,
// with the activity's USED links to what it used (one row per derivation, its edges in `row.edges`;
// the reliance edges are import_edges). `sources` lists every source that claimed each (sorted, so
// a re-import changes nothing; rebuilt only when a new source joins), and the source DESCRIBES the
// activity with the method it gave (sources that disagree are reported).
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
