// Record a source: one imported file, its format, when it was last imported, the reader's notices
// about it (what it tolerated or could not use) and the digest of what the import wrote (an
// unchanged file is then not written again: import_unchanged).
MERGE (s:Source {file: $file})
SET s.format = $format, s.imported_at = $imported_at, s.notices = $notices, s.digest = $digest
