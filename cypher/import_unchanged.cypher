// Is the source's last import exactly what this one would write (same digest of its rows, which
// include the license settled from every source's claims, pins and depths) and are its claims all
// still there (a work may have been removed since)? Then only its import time is updated.
MATCH (d:ImportDigest {file: $file}) WHERE d.digest = $digest
MATCH (s:Source {file: $file})
WHERE COUNT { (s)-[:CLAIMS]->(:Work) } = $works
SET s.imported_at = $imported_at
RETURN s.file AS file
