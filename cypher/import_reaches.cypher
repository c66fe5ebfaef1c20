// Would the new derivations close a cycle? Finds a work the document uses as an input that already
// relies, in the graph, on a work the document derives. Edges claimed by this source alone do not
// count: they are about to be replaced (cycles among its own derivations are checked beforehand).
// Starts from the outputs already in the graph (none on a first import), so it stays linear.
MATCH (o:Work) WHERE o.id IN $outputs
MATCH path = (i:Work)-[:MIX|SUB|AUX*1..]->(o)
WHERE i.id IN $inputs AND all(r IN relationships(path) WHERE r.sources <> [$file])
RETURN i.id AS input, o.id AS output
LIMIT 1
