// Create or update the works a source describes, with the source's claim on each (one row per
// work; idempotent). A value the source leaves out (null) never erases one another source gave;
// tags accumulate. The claim holds what the source says of the license (null: nothing) and its
// meaning in normal form (`resolved`: equal keys agree).
MATCH (s:Source {file: $file})
UNWIND $rows AS row
MERGE (w:Work {id: row.id})
SET w.name = coalesce(row.name, w.name, row.id), w.type = row.type, w.form = row.form,
    w.url = coalesce(row.url, w.url), w.version = coalesce(row.version, w.version),
    w.owner = coalesce(row.owner, w.owner),
    w.tags = [t IN coalesce(w.tags, []) WHERE NOT t IN row.tags] + row.tags, w.depth = row.depth
// A source that lists several licenses without saying whether all apply or one may be chosen tags
// the work `license-list-ambiguous` (kg.loaders.sbom): the property says so to assessment.
SET w.license_list_ambiguous = CASE WHEN 'license-list-ambiguous' IN w.tags THEN true END
MERGE (s)-[c:CLAIMS]->(w)
SET c.license_expression = row.claim.license_expression, c.license_name = row.claim.license_name,
    c.resolved = row.claim.resolved
