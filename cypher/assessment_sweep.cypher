// Delete up to $limit findings of assessments no one reads any more: those a newer assessment
// replaced (:RetiredAssessment) and those of a store that never finished (a :PendingAssessment
// older than a day); an assessment whose findings are all gone goes too. kg.analysis.engine runs
// it after each store until it deletes fewer than $limit.
CALL () {
  MATCH (a:RetiredAssessment)
  RETURN a
  UNION
  MATCH (a:PendingAssessment) WHERE a.at < datetime() - duration('P1D')
  RETURN a
}
CALL (a) {
  MATCH (a)-[:FOUND]->(f:Finding)
  RETURN f LIMIT $limit
}
WITH f LIMIT $limit
DETACH DELETE f
RETURN count(*) AS deleted
