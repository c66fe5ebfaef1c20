// Record each derivation: replace the output's reliance edges with the manifest's, and keep an
// :Activity node with the method, inputs and provenance.
UNWIND $derivations AS row
MATCH (out:Work {id: row.output})
OPTIONAL MATCH (out)-[old:MIX|SUB|AUX]->()
DELETE old
WITH DISTINCT row, out
MERGE (a:Activity {id: row.id})
SET a.method = row.method, a.tool = row.tool, a.at = row.at
MERGE (a)-[:PRODUCED]->(out)
WITH a
OPTIONAL MATCH (a)-[used:USED]->()
DELETE used
