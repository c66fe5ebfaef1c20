// The lineage above a work, to draw: every work that relies on it within $depth steps over the
// $relations edge kinds (MIX, SUB, AUX), each with its distance, and the edges among them.
// 50 is the API's largest depth.
MATCH p = SHORTEST 1 (:Work {id: $id})(()<-[r:MIX|SUB|AUX WHERE type(r) IN $relations]-()){0,50}(w:Work)
WHERE length(p) <= $depth
WITH collect({id: w.id, distance: length(p)}) AS nodes, collect(w) AS works
CALL (works) {
  UNWIND works AS a
  MATCH (a)-[r:MIX|SUB|AUX]->(b:Work)
  WHERE type(r) IN $relations AND b IN works
  RETURN collect({source: a.id, target: b.id, kind: type(r), activity: r.activity}) AS edges
}
RETURN nodes, edges
