// Which of these work ids are already in the graph, with their type, form and depth?
// (A manifest may build on works that an earlier import defined.)
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w.id AS id, w.type AS type, w.form AS form, coalesce(w.depth, 0) AS depth
