// Recompute the depth of works that rely on the given (re-imported) works. An import sets depths
// of what it writes; works already downstream of them are fixed here, one level per run: run it
// until it reports no change.
UNWIND $ids AS id
MATCH (:Work {id: id})<-[:MIX|SUB|AUX*1..]-(w:Work)
WITH DISTINCT w
MATCH (w)-[:MIX|SUB|AUX]->(i:Work)
WITH w, max(i.depth) + 1 AS depth
WHERE w.depth <> depth
SET w.depth = depth
RETURN count(w) AS changed
