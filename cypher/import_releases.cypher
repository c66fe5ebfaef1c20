// Record the releases a source asks to assess, and that it asks for them (REQUESTS: withdrawn when
// the source is imported again without them).
MATCH (s:Source {file: $file})
UNWIND $rows AS row
MATCH (w:Work {id: row.work})
MERGE (r:Release {work: row.work, policy: row.policy, form: row.form})
MERGE (r)-[:OF]->(w)
MERGE (s)-[:REQUESTS]->(r)
