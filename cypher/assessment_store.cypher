// Make staged assessments current, each in one small step whatever its number of findings: the
// earlier :Assessment of the same (work, policy, form) becomes a :RetiredAssessment (its
// findings go with it, deleted later by assessment_sweep) and the :PendingAssessment of this
// store takes its place. Readers going through :Assessment see the old one or the new one, never
// a mix. MERGE locks the (work, policy, form) key, so two stores of the same key take turns.
UNWIND $assessments AS row
MATCH (new:PendingAssessment {token: row.token})
MERGE (old:Assessment {work: row.work, policy: row.policy, form: row.form})
REMOVE old:Assessment
SET old:RetiredAssessment
WITH new
REMOVE new:PendingAssessment, new.token
SET new:Assessment
RETURN count(new) AS stored
