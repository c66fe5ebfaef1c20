// After a source's releases are written: withdraw its requests for releases it no longer asks for
// (`keys`: "work|policy|form" of those it does); a release no source requests any more is deleted.
MATCH (:Source {file: $file})-[q:REQUESTS]->(r:Release)
WHERE NOT (r.work + '|' + r.policy + '|' + r.form) IN $keys
DELETE q
WITH r WHERE NOT EXISTS { (:Source)-[:REQUESTS]->(r) }
DETACH DELETE r
