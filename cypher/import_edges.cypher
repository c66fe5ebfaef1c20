// The MIX / SUB / AUX reliance edges (`edge.kind`) from each derivation's output to what it relies
// on (one row per derivation, its edges in `row.edges`), listing the sources that claimed each
// (sorted; rebuilt only when a new source joins). Apart from import_derivations: a relationship of
// a dynamic type read in the same query as the USED links are created makes the planner buffer
// every row (Eager).
UNWIND $rows AS row
MATCH (out:Work {id: row.output})
UNWIND row.edges AS edge
MATCH (target:Work {id: edge.target})
MERGE (out)-[r:$(edge.kind)]->(target)
SET r.activity = edge.activity,
    r.sources = CASE WHEN r.sources IS NULL THEN [$file] WHEN $file IN r.sources THEN r.sources
                ELSE COLLECT { UNWIND r.sources + [$file] AS x RETURN x ORDER BY x } END
