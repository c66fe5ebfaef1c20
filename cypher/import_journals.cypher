// Imports that did not finish: committed ones are rolled forward, the others discarded.
MATCH (j:ImportJournal)
RETURN j.token AS token, j.file AS file, j.committed AS committed
ORDER BY j.started
