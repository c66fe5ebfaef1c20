// The lineage below a work: every reliance edge in its upstream closure, with each work's
// determined (or declared) licenses, to draw as a dependency tree.
MATCH (:Work {id: $id})-[:MIX|SUB|AUX*0..]->(w:Work)
WITH DISTINCT w
OPTIONAL MATCH (w)-[r:MIX|SUB|AUX]->(i:Work)
WITH w, collect(CASE WHEN i IS NULL THEN null ELSE {target: i.id, kind: type(r), activity: r.activity} END) AS edges
RETURN w.id AS id, w.type AS type, w.form AS form, w.license_expression AS declared,
       COLLECT { MATCH (w)-[d:DETERMINED]->(l:License) WHERE d.form = w.form RETURN l.id ORDER BY l.id } AS licenses,
       edges
