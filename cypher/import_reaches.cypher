// Would the new derivations close a cycle? Finds a work from outside the manifest that already
// relies, in the graph, on a work this manifest derives. Paths through the manifest's own outputs
// do not count: their edges are about to be replaced (cycles among them are checked beforehand).
UNWIND $inputs AS input
MATCH path = (i:Work {id: input})-[:MIX|SUB|AUX*1..]->(o:Work)
WHERE NOT input IN $outputs AND o.id IN $outputs
  AND all(n IN nodes(path)[1..-1] WHERE NOT n.id IN $outputs)
RETURN i.id AS input, o.id AS output
LIMIT 1
