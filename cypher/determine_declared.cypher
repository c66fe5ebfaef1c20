// License determination for works that declare a license: the declared license applies. Of an
// SPDX OR, the alternative with the lowest total restrictiveness is taken and the choice recorded.
UNWIND $ids AS id
MATCH (w:Work {id: id})-[d:DECLARES]->(l:License)
WITH w, CASE WHEN w.id = $target THEN $targetForm ELSE w.form END AS form,
     d.alternative AS alternative, collect(l) AS licenses, sum(l.restrictiveness) AS score
ORDER BY score, alternative
WITH w, form, collect(licenses) AS options
WITH w, form, options, options[0] AS chosen
FOREACH (l IN chosen | MERGE (w)-[:DETERMINED {form: form, by: 'declared'}]->(l))
FOREACH (_ IN CASE WHEN size(options) > 1 THEN [1] ELSE [] END |
  CREATE (w)-[:HAS_ISSUE]->(:Issue {form: form, code: 'LICENSE_CHOSEN', licenses: [l IN chosen | l.id],
         inputs: [], detail: w.license_expression}))
