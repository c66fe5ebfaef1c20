// Delete up to $limit findings no assessment holds any more: those a newer assessment replaced
// (:StaleFinding) and those of a store that never finished (:PendingFinding older than a day).
// kg.analysis.engine runs it after each store until it deletes fewer than $limit.
CALL () {
  MATCH (x:StaleFinding)
  RETURN x LIMIT $limit
  UNION
  MATCH (x:PendingFinding) WHERE x.at < datetime() - duration('P1D')
  RETURN x LIMIT $limit
}
WITH x LIMIT $limit
DETACH DELETE x
RETURN count(*) AS deleted
