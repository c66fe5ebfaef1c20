// Would the new derivations close a cycle? Finds an input that already relies, in the graph,
// on one of the works this manifest derives.
UNWIND $inputs AS input
MATCH (i:Work {id: input})-[:MIX|SUB|AUX*1..]->(o:Work)
WHERE o.id IN $outputs
RETURN i.id AS input, o.id AS output
LIMIT 1
