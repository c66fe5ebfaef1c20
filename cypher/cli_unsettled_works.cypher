// Why works have no determined license: the determination findings (conflicts, no or unknown
// license) that stored assessments report on each of them; empty when none was assessed.
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w.id AS id,
       COLLECT { MATCH (:Assessment)-[:FOUND]->(f:Finding)-[:CONCERNS]->(w) WHERE f.code IN $codes
                 RETURN DISTINCT f.code ORDER BY f.code } AS codes
