// Stored assessments by (work, policy, form), for the API's assessment loader: the verdict, the KB
// version and lineage fingerprint it saw, the licenses it determined, and its findings with their
// explanation paths (worst first).
UNWIND $keys AS key
MATCH (a:Assessment {work: key.work, policy: key.policy, form: key.form})
RETURN a.work AS work, a.policy AS policy, a.form AS form, a.status AS status, a.kb_version AS kb_version,
       a.lineage AS lineage, toString(a.at) AS at, a.errors AS errors, a.warnings AS warnings,
       COLLECT { MATCH (a)-[:DETERMINED]->(l:License) RETURN l.id ORDER BY l.id } AS determined,
       COLLECT {
         MATCH (a)-[:FOUND]->(f:Finding)
         RETURN f {.code, .severity, .work, .licenses, .detail, .inputs, .message, .path, .paths, .more_paths,
                   .clause_license, .clause_section, .clause_text}
         ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.code, f.work, f.detail
       } AS findings
