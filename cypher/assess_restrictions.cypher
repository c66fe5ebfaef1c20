// Use and runtime restrictions of every license a target relies on (aux included: they bind how
// the work may be used, released or not), and Llama 2's ban on using its outputs to improve any
// other large language model: a model built from Llama 2 outputs (generate) or teaching
// (distill) that is not itself built from a Llama 2 model.
UNWIND $targets AS target
MATCH (t:Work {id: target.id})-[:MIX|SUB|AUX*0..]->(w:Work)
WITH DISTINCT target, t, w
MATCH (w)-[d:DETERMINED]->(l:License)-[imposes:IMPOSES]->(restriction:Restriction)
WHERE d.form = CASE WHEN w.id = target.id THEN target.form ELSE w.form END
UNWIND CASE WHEN d.by = 'derived' AND size(coalesce(d.origins, [])) > 0 THEN d.origins ELSE [w.id] END AS cause
CALL (target, t, w, cause, l, imposes, restriction) {
  RETURN CASE imposes.kind WHEN 'runtime' THEN 'RUNTIME_RESTRICTIONS' ELSE 'USE_RESTRICTIONS' END AS code,
         cause AS work, restriction.id AS detail, [] AS inputs
  UNION
  WITH restriction WHERE restriction.id = 'no_improve_other_llms'
  MATCH (g:Work)-[e:AUX]->(w) WHERE e.activity IN ['generate', 'distill']
  MATCH (t)-[:MIX|SUB|AUX*0..]->(model:Work {type: 'model'})-[:MIX|SUB|AUX*0..]->(g)
  // exempt: models built from a Llama 2 model itself (a work that declares it), not merely
  // licensed under it because they learned from its outputs
  WHERE NOT EXISTS { (model)-[:MIX|SUB*0..]->(:Work)-[:DETERMINED {by: 'declared'}]->(l) }
  RETURN DISTINCT 'LLAMA_EXCLUSIVITY' AS code, model.id AS work, restriction.id AS detail, [w.id] AS inputs
}
RETURN DISTINCT target, code, work, [l.id] AS licenses, detail, inputs
