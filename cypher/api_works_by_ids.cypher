// Works by id, for the API's work loader (one query per batch of ids); missing ids return no row.
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w.id AS id, w.name AS name, w.type AS type, w.form AS form, w.license_expression AS license_expression,
       coalesce(w.unknown_licenses, []) AS unknown_licenses, coalesce(w.ambiguous_licenses, []) AS ambiguous_licenses,
       w.url AS url, w.version AS version, w.owner AS owner, coalesce(w.tags, []) AS tags, coalesce(w.depth, 0) AS depth
