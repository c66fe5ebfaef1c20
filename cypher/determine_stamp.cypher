// Record that each work's determination is current: the stamp kg.analysis.closure computed from
// the work's own facts, its edges, its inputs' stamps and the KB version. A later assessment whose
// computed stamp equals it skips the work.
UNWIND $stamps AS row
MATCH (w:Work {id: row.id})
SET w.stamp = row.stamp
