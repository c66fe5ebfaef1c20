// Totals for dashboard tiles: works, releases, assessments and findings; works by type, by
// determined license (in their own form) and by declared license; assessments by status; findings
// by code and severity (of current assessments: a replaced one's findings wait for deletion). The
// KB version loaded.
CALL () { MATCH (w:Work) RETURN count(w) AS works }
CALL () { MATCH (r:Release) RETURN count(r) AS releases }
CALL () { MATCH (a:Assessment) RETURN count(a) AS assessments }
CALL () { MATCH (:Assessment)-[:FOUND]->(f:Finding) RETURN count(f) AS findings }
CALL () { OPTIONAL MATCH (k:KnowledgeBase {id: 'kb'}) RETURN k.version AS kb_version }
RETURN works, releases, assessments, findings, kb_version,
  COLLECT { MATCH (w:Work) WITH w.type AS key, count(*) AS count RETURN {key: key, count: count} ORDER BY count DESC, key } AS by_type,
  COLLECT {
    MATCH (w:Work)-[d:DETERMINED]->(l:License) WHERE d.form = w.form
    WITH l.id AS key, count(DISTINCT w) AS count RETURN {key: key, count: count} ORDER BY count DESC, key
  } AS by_license,
  COLLECT {
    MATCH (w:Work)-[:DECLARES]->(l:License)
    WITH l.id AS key, count(DISTINCT w) AS count RETURN {key: key, count: count} ORDER BY count DESC, key
  } AS by_declared_license,
  COLLECT { MATCH (a:Assessment) WITH a.status AS key, count(*) AS count RETURN {key: key, count: count} ORDER BY count DESC, key } AS by_status,
  COLLECT {
    MATCH (:Assessment)-[:FOUND]->(f:Finding) WITH f.code AS key, f.severity AS severity, count(*) AS count
    RETURN {key: key, severity: severity, count: count} ORDER BY count DESC, key
  } AS by_finding_code
