// Create or update works from a manifest (one row per work; idempotent).
UNWIND $works AS row
MERGE (w:Work {id: row.id})
SET w.name = row.name, w.type = row.type, w.form = row.form, w.license_expression = row.license_expression,
    w.url = row.url, w.version = row.version, w.owner = row.owner, w.tags = row.tags, w.source = row.source,
    w.unknown_licenses = row.unknown_licenses, w.ambiguous_licenses = row.ambiguous_licenses,
    w.license_notes = row.license_notes, w.depth = row.depth
WITH w, row
OPTIONAL MATCH (w)-[old:DECLARES]->(:License)
DELETE old
