// What the given works rely on (mix, sub and aux, transitively; themselves included), each work
// once: its determination facts (type, form, declared license, unknown or ambiguous parts, whether
// it offers a choice), the stamp of its last determination, and its own reliance edges
// [kind, activity, input]. kg.analysis.closure orders, stamps and explains from these rows.
// The DISTINCT right after the variable-length pattern lets the planner expand breadth-first and
// prune (VarLengthExpand(Pruning,BFS)): each work is reached once, whatever the number of paths.
UNWIND $ids AS id
MATCH (:Work {id: id})-[:MIX|SUB|AUX*0..]->(w:Work)
WITH DISTINCT w
RETURN w.id AS id, w.type AS type, w.form AS form, w.license_expression AS license,
       coalesce(w.unknown_licenses, []) AS unknown, coalesce(w.ambiguous_licenses, []) AS ambiguous,
       EXISTS { (w)-[:DECLARES {alternative: 1}]->(:License) } AS choice, w.stamp AS stamp,
       COLLECT { MATCH (w)-[r:MIX|SUB|AUX]->(i:Work) RETURN [type(r), coalesce(r.activity, ''), i.id] } AS edges
