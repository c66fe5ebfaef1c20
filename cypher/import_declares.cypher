// The license the engine uses for each work (settled from all sources' claims, or pinned): the
// declared expression, what kg could not resolve, and DECLARES edges. An SPDX OR gives several
// alternatives (0, 1, …); all licenses of one alternative apply together (AND).
UNWIND $rows AS row
MATCH (w:Work {id: row.work})
SET w.license_expression = row.license_expression, w.unknown_licenses = row.unknown_licenses,
    w.ambiguous_licenses = row.ambiguous_licenses, w.license_notes = row.license_notes
WITH w, row
CALL (w) {
  MATCH (w)-[d:DECLARES]->(:License)
  DELETE d
}
WITH w, row
UNWIND row.declares AS declared
MATCH (l:License {id: declared.license})
MERGE (w)-[:DECLARES {alternative: declared.alternative}]->(l)
