// Records which knowledge base the graph holds: its content hash, size and load time. The time
// moves only when the version or size changes, so reloading the same KB sets nothing.
// $id: 'kb'; $version: content hash; $licenses: number of licenses; $loaded_at: ISO 8601 time.
MERGE (k:KnowledgeBase {id: $id})
WITH k
WHERE k.version IS NULL OR k.version <> $version OR k.licenses IS NULL OR k.licenses <> $licenses
SET k.version = $version, k.licenses = $licenses, k.loaded_at = $loaded_at
RETURN count(k) AS written
