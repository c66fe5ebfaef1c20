// The depth the graph gives each of these works now (to see whether a plan's assumption moved).
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w.id AS id, coalesce(w.depth, 0) AS depth
