// Would the new derivations close a cycle? Finds a work the document uses as an input that already
// relies, in the graph, on a work the document derives. Edges claimed by this source alone do not
// count: they are about to be replaced (cycles among its own derivations are checked beforehand).
// Only outputs already in the graph can close one (none on a first import). The search goes up
// from each input (ANY SHORTEST: breadth-first, each work visited once however many paths lead
// to it): what a work relies on is small, while a popular output has a great many dependents.
MATCH (o:Work) WHERE o.id IN $outputs
WITH collect(o) AS existing
WHERE size(existing) > 0
MATCH (i:Work) WHERE i.id IN $inputs
MATCH ANY SHORTEST (i)-[r:MIX|SUB|AUX WHERE r.sources <> [$file]]->+(o:Work)
WITH i, o, existing WHERE o IN existing
RETURN i.id AS input, o.id AS output
LIMIT 1
