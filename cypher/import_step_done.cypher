// A staged step was applied (in the same transaction as its writes, so it is applied once).
MATCH (s:ImportStep {token: $token, seq: $seq})
DELETE s
