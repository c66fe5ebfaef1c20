// `kg report`: how big the imported graph is and how far it has been assessed — works, sources,
// requested releases, releases with no stored assessment yet, and stored assessments by status.
CALL () { MATCH (w:Work) RETURN count(w) AS works }
CALL () { MATCH (s:Source) RETURN count(s) AS sources }
CALL () { MATCH (r:Release) RETURN count(r) AS releases }
CALL () {
  MATCH (r:Release)
  WHERE NOT EXISTS { MATCH (:Assessment {work: r.work, policy: r.policy, form: r.form}) }
  RETURN count(r) AS unassessed
}
RETURN works, sources, releases, unassessed,
  COLLECT {
    MATCH (a:Assessment) WITH a.status AS status, count(*) AS count
    RETURN {status: status, count: count}
    ORDER BY CASE status WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END
  } AS by_status
