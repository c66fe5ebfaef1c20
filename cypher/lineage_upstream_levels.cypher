// Every work the given works rely on (mix, sub and aux, transitively), themselves included, with
// its depth: the order in which licenses are determined.
UNWIND $ids AS id
MATCH (:Work {id: id})-[:MIX|SUB|AUX*0..]->(w:Work)
RETURN DISTINCT w.id AS id, coalesce(w.depth, 0) AS depth
