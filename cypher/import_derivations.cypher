// Record each derivation a source claims as an :Activity (method, tool, time) producing its output;
// `sources` lists every source that claimed it (sorted, so a re-import changes nothing), and each
// source DESCRIBES it with the method it gave (sources that disagree are reported).
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
