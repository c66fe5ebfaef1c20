// Which exposed outputs of a document (import_exposed) each work its derivations use already
// relies on, through edges that stay after the import; with the path, in order. Together with the
// document's own edges this is every way its derivations can close a cycle, checked per derivation.
// The search goes up from each used work (ANY SHORTEST: breadth-first, each work visited once
// however many paths lead to it): what a work relies on is small, while a popular output has a
// great many dependents.
UNWIND $targets AS id
MATCH (t:Work {id: id})
MATCH p = ANY SHORTEST (t)-[r:MIX|SUB|AUX WHERE r.sources <> [$file]]->+(o:Work WHERE o.id IN $exposed)
RETURN t.id AS target, o.id AS output, [n IN nodes(p) | n.id] AS path
