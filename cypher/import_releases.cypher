// Record the releases a manifest asks to assess.
UNWIND $rows AS row
MATCH (w:Work {id: row.work})
MERGE (r:Release {work: row.work, policy: row.policy, form: row.form})
MERGE (r)-[:OF]->(w)
