// Works already in the graph that a document names: type, form and depth (it may build on them),
// the license claims of other sources and the user's pin (to settle the license the engine uses),
// and the depth that edges claimed by other sources give it.
UNWIND $ids AS id
MATCH (w:Work {id: id})
RETURN w.id AS id, w.type AS type, w.form AS form, coalesce(w.depth, 0) AS depth, w.pinned_license AS pin,
       [(s:Source)-[c:CLAIMS]->(w) WHERE s.file <> $file |
        {file: s.file, format: s.format, license_expression: c.license_expression, license_name: c.license_name}] AS claims,
       reduce(deepest = 0, d IN [(w)-[r:MIX|SUB|AUX]->(t:Work) WHERE r.sources <> [$file] | coalesce(t.depth, 0) + 1] |
              CASE WHEN d > deepest THEN d ELSE deepest END) AS other_depth
