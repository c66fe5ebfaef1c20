// What a change to a license ($license: every work declaring it or determined to carry it) or to
// a work ($work) touches: every work that relies on one of them (themselves included), nearest
// first, with the shortest path from the affected work down to the changed one and the releases
// recorded for it. At most $limit works; `total` counts them all.
CALL () {
  MATCH (s:Work {id: $work})
  RETURN s
  UNION
  MATCH (:License {id: $license})<-[:DECLARES|DETERMINED]-(s:Work)
  RETURN s
}
MATCH p = SHORTEST 1 (s)(()<-[:MIX|SUB|AUX]-())*(w:Work)
WITH w, p
ORDER BY length(p)
WITH w, collect(p)[0] AS p
WITH w, length(p) AS distance, reverse([n IN nodes(p) | n.id]) AS path
ORDER BY distance, w.id
WITH collect({
  work: w.id, distance: distance, path: path,
  releases: COLLECT { MATCH (r:Release)-[:OF]->(w) RETURN r {.work, .policy, .form} ORDER BY r.policy, r.form }
}) AS works
RETURN size(works) AS total, works[..$limit] AS works
