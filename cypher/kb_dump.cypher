// What does the graph hold of the knowledge base? Every KB node (labels, properties) and every
// relationship leaving a License, ActivityType or Policy (type, ends, properties), for comparing
// two loads. Ends are named by their key: id, name, or license/activity/form for a Term.
CALL () {
  MATCH (n:License|Right|Duty|Restriction|Term|ActivityType|Policy|KnowledgeBase)
  RETURN collect({labels: labels(n), properties: properties(n)}) AS nodes
}
CALL () {
  MATCH (a:License|ActivityType|Policy)-[r]->(b)
  RETURN collect({
    type: type(r),
    from: labels(a)[0] + ':' + coalesce(a.id, a.name),
    to: labels(b)[0] + ':' + coalesce(b.id, b.name, b.license + '/' + b.activity + '/' + b.form),
    properties: properties(r)
  }) AS relationships
}
RETURN nodes, relationships
