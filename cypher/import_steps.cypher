// The steps of a staged import still to apply, in order.
MATCH (s:ImportStep {token: $token})
RETURN s.seq AS seq, s.name AS name
ORDER BY seq
