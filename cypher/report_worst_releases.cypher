// `kg report`: the $limit stored assessments with the most errors, then the most warnings: the
// release, its status, the license determined for it, and the distinct error codes with the works
// they are about.
MATCH (a:Assessment)
WITH a ORDER BY a.errors DESC, a.warnings DESC, a.work, a.policy, a.form LIMIT $limit
RETURN a.work AS work, a.policy AS policy, a.form AS form, a.status AS status, a.errors AS errors,
       a.warnings AS warnings,
       COLLECT { MATCH (a)-[:DETERMINED]->(l:License) RETURN l.id ORDER BY l.id } AS determined,
       COLLECT {
         MATCH (a)-[:FOUND]->(f:Finding {severity: 'error'})
         WITH f.code AS code, f.work AS work ORDER BY work
         WITH code, collect(DISTINCT work) AS works
         RETURN {code: code, works: works} ORDER BY code
       } AS causes
