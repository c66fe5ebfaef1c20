// Remove a work that nothing relies on: its assessments with their findings, its issues, releases
// and aliases, the activity that produced it, then the work with its edges. Returns how many
// assessments went (run api_work_dependents first: a work others rely on must stay).
MATCH (w:Work {id: $id})
WITH w, COLLECT { MATCH (a:Assessment)-[:OF]->(w) RETURN a } AS assessments
WITH w, assessments,
     COLLECT { MATCH (a:Assessment)-[:OF]->(w) MATCH (a)-[:FOUND]->(f:Finding) RETURN f }
     + COLLECT { MATCH (w)-[:HAS_ISSUE]->(i:Issue) RETURN i }
     + COLLECT { MATCH (r:Release)-[:OF]->(w) RETURN r }
     + COLLECT { MATCH (al:Alias)-[:ALIAS_OF]->(w) RETURN al }
     + COLLECT { MATCH (act:Activity)-[:PRODUCED]->(w) RETURN act } AS gone
FOREACH (x IN gone + assessments | DETACH DELETE x)
DETACH DELETE w
RETURN size(assessments) AS assessments
