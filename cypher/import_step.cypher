// The rows (JSON) of one staged step.
MATCH (s:ImportStep {token: $token, seq: $seq})
RETURN s.rows AS rows
