// Delete the replaced and abandoned assessments (assessment_sweep) that no longer hold findings.
MATCH (a:RetiredAssessment|PendingAssessment)
WHERE (a:RetiredAssessment OR a.at < datetime() - duration('P1D')) AND NOT EXISTS { (a)-[:FOUND]->() }
DETACH DELETE a
