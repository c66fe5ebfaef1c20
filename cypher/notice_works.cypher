// What a NOTICE file can say of each work: its name, owner, url and version, and the files that
// described it (for a compliance pack's attributions).
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w.id AS id, w.name AS name, w.type AS type, w.owner AS owner, w.url AS url, w.version AS version,
       w.license_expression AS license,
       [(s:Source)-[:CLAIMS]->(w) | s.file] AS sources
ORDER BY id
