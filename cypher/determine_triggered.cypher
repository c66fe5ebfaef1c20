// The one rule of what an input brings into a derived work: for each work, every license its
// inputs CARRY whose term for the activity, in the work's own form, makes the work a duplicate or
// a derivative of it — MIX and SUB inputs by their term, an AUX input only when its term makes a
// derivative — and, for a model that learns from data holding another model's outputs, the
// output license's `distill` term (learning from outputs is distillation: Gemma's Model
// Derivatives, Llama's outputs). Recorded as (w)-[:TRIGGERED {origins, result, relicense, cite,
// note}]->(license), one edge per license and term; determine_derived, determine_assigned and
// determine_carries read it.
UNWIND $ids AS id
MATCH (w:Work {id: id})
CALL (w) {
  MATCH (w)-[r:MIX|SUB|AUX]->(:Work)-[c:CARRIES {output: false}]->(l:License)
  MATCH (t:Term {license: l.id, activity: r.activity, form: w.form})
  WHERE t.result = 'derivative' OR (t.result = 'duplicate' AND type(r) <> 'AUX')
  RETURN l, t, c.origins AS origins
  UNION ALL
  MATCH (w)-[r:SUB|AUX]->(:Work)-[c:CARRIES {output: true}]->(l:License)
  WHERE w.type = 'model' AND r.activity IN ['train', 'finetune']
  MATCH (t:Term {license: l.id, activity: 'distill', form: w.form}) WHERE t.result = 'derivative'
  RETURN l, t, c.origins AS origins
}
UNWIND origins AS origin
WITH w, l, t, collect(DISTINCT origin) AS origins
CREATE (w)-[:TRIGGERED {origins: origins, result: t.result, relicense: t.relicense, cite: t.cite, note: t.note}]->(l)
