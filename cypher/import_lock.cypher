// Take the lineage import lock: one import writes lineage at a time, so the cycle check each runs
// sees every edge another import committed, and two imports cannot close a cycle together. Held by
// an open transaction (Database.hold) and released when it ends or its client dies; the unique
// constraint on ImportLock.id makes concurrent MERGEs wait for each other.
MERGE (l:ImportLock {id: 'lineage'})
SET l.holder = $holder
