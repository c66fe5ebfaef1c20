// `kg report`: the findings of every stored assessment by code — how many findings, how many
// assessed releases have the code, and how many distinct works it is about; errors first.
MATCH (a:Assessment)-[:FOUND]->(f:Finding)
RETURN f.code AS code, f.severity AS severity, count(f) AS findings, count(DISTINCT a) AS releases,
       count(DISTINCT f.work) AS works
ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, findings DESC, code
