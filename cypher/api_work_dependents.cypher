// The works that rely directly on a work (a work they rely on cannot be removed), and whether it exists.
OPTIONAL MATCH (w:Work {id: $id})
RETURN w IS NOT NULL AS found, COLLECT { MATCH (d:Work)-[:MIX|SUB|AUX]->(w) RETURN d.id ORDER BY d.id } AS dependents
