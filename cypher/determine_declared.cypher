// License determination for works that declare a license: the declared license applies, in the
// work's own form (how it was made; the release form is validation's business). Of an
// SPDX OR, kg takes the option that passes: the alternative whose licenses reserve the fewest
// rights that are needed from the work (by $policy, the release policy being assessed, if any,
// and by every activity applied to the work or to a mix-work holding it), then the one leaving
// fewest of them unmentioned, then the lowest total restrictiveness. The choice is recorded.
// An auto-relicensing license (GPL, CC) needs no sublicense right, as in assess_release_rights.
UNWIND $ids AS id
MATCH (w:Work {id: id})-[d:DECLARES]->(l:License)
WITH w, w.form AS form,
     d.alternative AS alternative, collect(l) AS licenses, sum(l.restrictiveness) AS score
WITH w, form, collect({licenses: licenses, score: score, alternative: alternative}) AS options
CALL (w, options) {
  WITH options WHERE size(options) = 1
  RETURN options[0].licenses AS chosen
  UNION ALL
  WITH w, options WHERE size(options) > 1
  OPTIONAL MATCH (:Policy {name: $policy})-[:NEEDS]->(p:Right)
  WITH w, options, collect(DISTINCT p) AS policyRights
  CALL (w) {
    MATCH (w)<-[:MIX*0..]-(holder:Work)
    WITH DISTINCT holder
    OPTIONAL MATCH (holder)<-[r:MIX|SUB|AUX]-(:Work)
    RETURN collect(DISTINCT r.activity) AS activities
  }
  WITH w, options, policyRights, activities
  OPTIONAL MATCH (a:ActivityType)-[:NEEDS]->(q:Right) WHERE a.name IN activities
  WITH options, policyRights, collect(DISTINCT q) AS activityRights
  WITH options, policyRights + [q IN activityRights WHERE NOT q IN policyRights] AS needed
  UNWIND options AS option
  CALL (option, needed) {
    UNWIND option.licenses AS l
    UNWIND needed AS right
    WITH l, right WHERE NOT (right.name = 'sublicense' AND l.auto_relicensing)
                    AND NOT EXISTS { (l)-[:GRANTS]->(right) }
    RETURN count(CASE WHEN EXISTS { (l)-[:RESERVES]->(right) } THEN 1 END) AS reserved,
           count(*) AS missing
  }
  RETURN option.licenses AS chosen ORDER BY reserved, missing, option.score, option.alternative LIMIT 1
}
WITH w, form, options, chosen
FOREACH (l IN chosen | MERGE (w)-[d:DETERMINED {form: form, by: 'declared'}]->(l) SET d.origins = [w.id])
FOREACH (_ IN CASE WHEN size(options) > 1 THEN [1] ELSE [] END |
  CREATE (w)-[:HAS_ISSUE]->(:Issue {form: form, code: 'LICENSE_CHOSEN', licenses: [l IN chosen | l.id],
         inputs: [], detail: w.license_expression}))
