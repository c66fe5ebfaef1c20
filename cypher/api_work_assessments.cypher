// The keys of each work's stored assessments, latest first, for the API's per-work loader.
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w.id AS id,
       COLLECT { MATCH (a:Assessment)-[:OF]->(w) RETURN a {.work, .policy, .form} ORDER BY a.at DESC, a.policy, a.form } AS keys
