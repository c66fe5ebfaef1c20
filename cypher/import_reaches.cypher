// Would the new derivations close a cycle? Finds a work from outside the manifest that already
// relies, in the graph, on a work this manifest derives. Paths through the manifest's own outputs
// do not count: their edges are about to be replaced (cycles among them are checked beforehand).
// Starts from the outputs already in the graph (none on a first import), so it stays linear.
MATCH (o:Work) WHERE o.id IN $outputs
MATCH path = (i:Work)-[:MIX|SUB|AUX*1..]->(o)
WHERE i.id IN $inputs AND NOT i.id IN $outputs
  AND all(n IN nodes(path)[1..-1] WHERE NOT n.id IN $outputs)
RETURN i.id AS input, o.id AS output
LIMIT 1
