// For each work: the KB licenses it declares (with the SPDX OR alternative each belongs to) and
// the licenses determined for it in its own form, for the API's license loader.
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w.id AS id,
       COLLECT { MATCH (w)-[d:DECLARES]->(l:License) RETURN {license: l.id, alternative: d.alternative} ORDER BY d.alternative, l.id } AS declared,
       COLLECT { MATCH (w)-[d:DETERMINED]->(l:License) WHERE d.form = w.form RETURN l.id ORDER BY l.id } AS determined
