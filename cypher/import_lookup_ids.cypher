// Which of these ids (works and aliases a document names) the graph knows: the work an alias names,
// and whether a work has the id itself.
UNWIND $ids AS id
OPTIONAL MATCH (:Alias {id: id})-[:ALIAS_OF]->(named:Work)
WITH id, named.id AS alias_of, EXISTS { MATCH (:Work {id: id}) } AS is_work
WHERE alias_of IS NOT NULL OR is_work
RETURN id, alias_of, is_work
