// Record a source: one imported file, its format, when it was last imported and the reader's
// notices about it (what it tolerated or could not use); and, on a node of its own (not part of
// the lineage), the digest of what this import writes: an unchanged file is not written again
// (import_unchanged).
MERGE (s:Source {file: $file})
SET s.format = $format, s.imported_at = $imported_at, s.notices = $notices
MERGE (d:ImportDigest {file: $file})
SET d.digest = $digest
