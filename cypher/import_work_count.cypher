// How many works the graph holds: no chain of reliance is longer, so depth propagation that runs
// more rounds than this has met a cycle.
MATCH (w:Work)
RETURN count(w) AS works
