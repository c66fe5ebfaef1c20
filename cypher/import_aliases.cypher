// Other ids that name a work (a manifest's own id beside a purl): a reference to an alias resolves
// to the work at plan time, through the unique Alias id.
UNWIND $rows AS row
MATCH (w:Work {id: row.work})
MERGE (a:Alias {id: row.alias})
MERGE (a)-[:ALIAS_OF]->(w)
