// Recompute the depth of the works that rely directly on the given works, whose depth was just
// set (by an import) or changed (by the previous run). Returns the ids whose depth changed: run it
// again with them until none is left, so a change walks downstream one level per run and only
// through the works it reaches (a DAG: imports reject cycles).
UNWIND $ids AS id
MATCH (:Work {id: id})<-[:MIX|SUB|AUX]-(w:Work)
WITH DISTINCT w
MATCH (w)-[:MIX|SUB|AUX]->(i:Work)
WITH w, max(i.depth) + 1 AS depth
WHERE w.depth IS NULL OR w.depth <> depth
SET w.depth = depth
RETURN collect(w.id) AS changed
