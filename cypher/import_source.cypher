// Record a source: one imported file, its format, when it was last imported and the reader's
// notices about it (what it tolerated or could not use).
MERGE (s:Source {file: $file})
SET s.format = $format, s.imported_at = $imported_at, s.notices = $notices
