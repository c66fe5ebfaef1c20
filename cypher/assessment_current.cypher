// For each (work, policy, form) about to be stored: the digest of its current assessment (none if
// there is none) and the licenses its work is determined under now. kg.analysis.engine leaves an
// assessment whose digest did not change as it is (only its time moves: assessment_touch).
UNWIND $keys AS key
MATCH (t:Work {id: key.work})
OPTIONAL MATCH (a:Assessment {work: key.work, policy: key.policy, form: key.form})
RETURN key.work AS work, key.policy AS policy, key.form AS form, a.digest AS digest,
       COLLECT { MATCH (t)-[:DETERMINED]->(l:License) RETURN DISTINCT l.id AS id ORDER BY id } AS determined
