// Forget a staged import: its journal and whatever steps are left (all of them before the commit,
// none after the last step).
OPTIONAL MATCH (s:ImportStep {token: $token})
DELETE s
WITH count(*) AS steps
OPTIONAL MATCH (j:ImportJournal {token: $token})
DELETE j
