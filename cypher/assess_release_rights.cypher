// Rights the release policy needs. From every released work (the target and its mix and sub
// closure, never aux): share needs redistribute and sublicense, sell also commercial_use; an
// auto-relicensing license (GPL, CC) needs no sublicense right. Selling also needs commercial use
// of every work used to build the target, aux included (ModelGo asked it of released works only):
// a reserved commercial right there is NON_COMMERCIAL. Each closure is reached once (two
// breadth-first expansions), and a finding is reported on the works whose own license it is,
// with the clause that reserves the right (none when the license is merely silent).
UNWIND $targets AS target
CALL (target) {
  MATCH (:Work {id: target.id})-[:MIX|SUB*0..]->(w:Work)
  WITH DISTINCT w
  RETURN w, true AS released
  UNION
  WITH target WHERE target.policy = 'sell'
  MATCH (:Work {id: target.id})-[:MIX|SUB|AUX*0..]->(w:Work)
  WITH DISTINCT w
  RETURN w, false AS released
}
MATCH (w)-[d:DETERMINED]->(l:License)
// decided once per license; the causes (thousands in a wide collection) are listed afterwards
WITH target, l, released, collect(coalesce(d.origins, [w.id])) AS origins
MATCH (:Policy {name: target.policy})-[:NEEDS]->(right:Right)
WHERE (released OR right.name = 'commercial_use')
  AND NOT (right.name = 'sublicense' AND l.auto_relicensing)
  AND NOT EXISTS { (l)-[:GRANTS]->(right) }
OPTIONAL MATCH (l)-[reserves:RESERVES]->(right)
WITH target, origins, l, right, released, reserves
WHERE released OR reserves IS NOT NULL
UNWIND origins AS causes
UNWIND causes AS cause
WITH target, l, right, reserves, collect(DISTINCT cause) AS works
RETURN target, works, [l.id] AS licenses, right.name AS detail, [] AS inputs,
  CASE
    WHEN reserves IS NULL THEN 'RIGHT_NOT_GRANTED'
    WHEN right.name = 'commercial_use' THEN 'NON_COMMERCIAL'
    WHEN right.name = 'sublicense' THEN 'CANNOT_SUBLICENSE'
    WHEN right.name = 'redistribute' THEN 'CANNOT_SHARE'
    ELSE 'RIGHT_RESERVED'
  END AS code,
  {license: l.id, section: reserves.cite, text: reserves.note} AS clause
