// Record a source: one imported file, its format and when it was last imported.
MERGE (s:Source {file: $file})
SET s.format = $format, s.imported_at = $imported_at
