// What a source says about each work it describes: its license claim (null: it says nothing) and
// the claim's meaning in normal form (`resolved`: equal keys agree).
UNWIND $rows AS row
MATCH (s:Source {file: $file})
MATCH (w:Work {id: row.work})
MERGE (s)-[c:CLAIMS]->(w)
SET c.license_expression = row.license_expression, c.license_name = row.license_name, c.resolved = row.resolved
