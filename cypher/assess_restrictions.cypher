// Use and runtime restrictions of every license a target relies on (aux included: they bind how
// the work may be used, released or not; each work reached once, each restriction reported on the
// works whose own license it is, citing where the license imposes it), and a ban on using
// outputs to improve another large language model (Llama 2 §1.b.v): reported once, on the model
// that learns from such outputs (training on data CARRYing them) or teaching (distilling from
// such a teacher), unless the model being improved — the one it starts from, else itself — is
// already under that license (the exemption for the license's own derivative works).
UNWIND $targets AS target
MATCH (:Work {id: target.id})-[:MIX|SUB|AUX*0..]->(w:Work)
WITH DISTINCT target, w
CALL (w) {
  MATCH (w)-[d:DETERMINED]->(l:License)-[imposes:IMPOSES]->(restriction:Restriction)
  UNWIND coalesce(d.origins, [w.id]) AS cause
  RETURN CASE imposes.kind WHEN 'runtime' THEN 'RUNTIME_RESTRICTIONS' ELSE 'USE_RESTRICTIONS' END AS code,
         cause AS work, l, restriction.id AS detail, [] AS inputs,
         {license: l.id, section: imposes.cite, text: imposes.note} AS clause
  UNION
  WITH w WHERE w.type = 'model'
  MATCH (w)-[r:MIX|SUB|AUX]->(:Work)-[c:CARRIES]->(l:License)-[imposes:IMPOSES]->(restriction:Restriction {id: 'no_improve_other_llms'})
  WHERE (c.output AND r.activity IN ['train', 'finetune']) OR (NOT c.output AND r.activity = 'distill')
  UNWIND c.origins AS origin
  WITH w, l, imposes, restriction, collect(DISTINCT origin) AS origins,
       COLLECT { MATCH (w)-[:SUB {activity: 'finetune'}]->(base:Work) RETURN base } AS bases
  WHERE NOT CASE WHEN size(bases) > 0
                 THEN all(base IN bases WHERE EXISTS { (base)-[:CARRIES {output: false}]->(l) })
                 ELSE EXISTS { (w)-[:CARRIES {output: false}]->(l) } END
  RETURN 'LLAMA_EXCLUSIVITY' AS code, w.id AS work, l, restriction.id AS detail, origins AS inputs,
         {license: l.id, section: imposes.cite, text: imposes.note} AS clause
}
WITH target, code, l, detail, inputs, clause, collect(DISTINCT work) AS works
RETURN target, code, works, [l.id] AS licenses, detail, inputs, clause
