// The point of no return of a staged import: from here on its steps are applied, by this import
// or, if it dies, by the next one (roll forward).
MATCH (j:ImportJournal {token: $token})
SET j.committed = true
