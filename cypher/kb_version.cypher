// The license knowledge base loaded in the graph: its version (content hash), when, how many licenses.
MATCH (k:KnowledgeBase {id: 'kb'})
RETURN k.version AS version, k.loaded_at AS loaded_at, k.licenses AS licenses
