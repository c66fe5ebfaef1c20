// Every work in the graph with its depth (for whole-graph assessment).
MATCH (w:Work)
RETURN w.id AS id, coalesce(w.depth, 0) AS depth
