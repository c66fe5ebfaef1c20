// Which licenses may a derivative (or other result) of a license be relicensed to?
// One row per target: the license itself and every RELICENSABLE_TO target (relicensing.compatible,
// with the clause). `rules` are the relicense rules of the license's terms with that result:
// 'yes' = any license may be put on it, 'conditional' = only the targets listed, 'no' = itself only.
// e.g. {license: 'CC-BY-SA-4.0', result: 'derivative'}.
MATCH (l:License {id: $license})-[:HAS_TERM]->(t:Term {result: $result})
WITH l, collect(DISTINCT t.relicense) AS rules, collect(DISTINCT t.activity) AS activities
CALL (l) {
  RETURN l.id AS target, l.name AS name, l.relicensing_cite AS cite, l.relicensing_note AS note
  UNION
  MATCH (l)-[r:RELICENSABLE_TO]->(x:License)
  RETURN x.id AS target, x.name AS name, r.cite AS cite, r.note AS note
}
RETURN l.id AS license, rules, activities, target, name, cite, note
ORDER BY target = l.id DESC, target
