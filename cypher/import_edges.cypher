// Create the MIX / SUB / AUX reliance edges (from the new work to what it relies on) and the
// activity's USED links to its inputs.
UNWIND $edges AS row
MATCH (out:Work {id: row.source})
MATCH (target:Work {id: row.target})
MATCH (a:Activity {id: 'derivation:' + row.source})
MERGE (a)-[:USED {role: row.role}]->(target)
FOREACH (_ IN CASE WHEN row.kind = 'MIX' THEN [1] ELSE [] END |
  MERGE (out)-[r:MIX]->(target) SET r.activity = row.activity)
FOREACH (_ IN CASE WHEN row.kind = 'SUB' THEN [1] ELSE [] END |
  MERGE (out)-[r:SUB]->(target) SET r.activity = row.activity)
FOREACH (_ IN CASE WHEN row.kind = 'AUX' THEN [1] ELSE [] END |
  MERGE (out)-[r:AUX]->(target) SET r.activity = row.activity)
