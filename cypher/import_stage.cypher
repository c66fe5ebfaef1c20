// Stage steps of a large import under its journal (uncommitted until import_commit): each step is
// one write query and its rows (JSON), applied later in its own transaction. Staged steps change
// nothing readers see; an import that dies before committing leaves only these, which the next
// import discards.
MERGE (j:ImportJournal {token: $token})
ON CREATE SET j.file = $file, j.started = $started, j.committed = false
WITH j
UNWIND $steps AS step
CREATE (:ImportStep {token: $token, seq: step.seq, name: step.name, rows: step.rows})
