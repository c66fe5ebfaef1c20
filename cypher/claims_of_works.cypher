// The license claims every source makes about these works (each given by id or alias).
UNWIND $ids AS id
OPTIONAL MATCH (:Alias {id: id})-[:ALIAS_OF]->(named:Work)
OPTIONAL MATCH (own:Work {id: id})
WITH coalesce(own, named) AS w WHERE w IS NOT NULL
RETURN w.id AS id, w.pinned_license AS pin,
       [(s:Source)-[c:CLAIMS]->(w) |
        {file: s.file, format: s.format, license_expression: c.license_expression, license_name: c.license_name}] AS claims
