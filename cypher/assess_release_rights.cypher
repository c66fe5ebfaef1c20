// Rights the release policy needs from every released work: the target and its mix and sub
// closure (never aux). share needs redistribute and sublicense, sell also commercial_use; an
// auto-relicensing license (GPL, CC) needs no sublicense right. Selling also needs commercial use
// of every work used to build the target, aux included (ModelGo asked it of released works only).
UNWIND $targets AS target
MATCH (t:Work {id: target.id})-[:MIX|SUB|AUX*0..]->(w:Work)
WITH DISTINCT target, t, w, CASE WHEN w.id = target.id THEN target.form ELSE w.form END AS form
WITH target, w, form, EXISTS { (t)-[:MIX|SUB*0..]->(w) } AS released
MATCH (w)-[d:DETERMINED]->(l:License) WHERE d.form = form
UNWIND CASE WHEN d.by = 'derived' AND size(coalesce(d.origins, [])) > 0 THEN d.origins ELSE [w.id] END AS cause
MATCH (:Policy {name: target.policy})-[:NEEDS]->(right:Right)
WHERE (released OR right.name = 'commercial_use')
  AND NOT (right.name = 'sublicense' AND l.auto_relicensing)
  AND NOT EXISTS { (l)-[:GRANTS]->(right) }
WITH DISTINCT target, cause, l, right, released, EXISTS { (l)-[:RESERVES]->(right) } AS reserved
WHERE released OR reserved
RETURN DISTINCT target, cause AS work, [l.id] AS licenses, right.name AS detail, [] AS inputs,
  CASE
    WHEN NOT reserved THEN 'RIGHT_NOT_GRANTED'
    WHEN right.name = 'commercial_use' THEN 'NON_COMMERCIAL'
    WHEN right.name = 'sublicense' THEN 'CANNOT_SUBLICENSE'
    WHEN right.name = 'redistribute' THEN 'CANNOT_SHARE'
    ELSE 'RIGHT_RESERVED'
  END AS code
