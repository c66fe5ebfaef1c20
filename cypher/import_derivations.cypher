// Record each derivation a source claims as an :Activity (method, tool, time) producing its output;
// `sources` lists every source that claimed it (sorted, so a re-import changes nothing).
UNWIND $rows AS row
MATCH (out:Work {id: row.output})
MERGE (a:Activity {id: row.id})
SET a.method = row.method, a.tool = row.tool, a.at = row.at,
    a.sources = COLLECT { UNWIND coalesce(a.sources, []) + [$file] AS s RETURN DISTINCT s ORDER BY s }
MERGE (a)-[:PRODUCED]->(out)
