// Everything the graph holds about one license: its properties, the rights it grants and
// reserves, its duties, restrictions, terms and compatibility edges, each with its clause.
// $id: a KB license id.
MATCH (l:License {id: $id})
RETURN properties(l) AS license,
       [(l)-[r:GRANTS]->(x:Right) | {right: x.name, cite: r.cite, note: r.note}] AS grants,
       [(l)-[r:RESERVES]->(x:Right) | {right: x.name, cite: r.cite, note: r.note}] AS reserves,
       [(l)-[r:REQUIRES]->(x:Duty) | {duty: x.name, cite: r.cite, note: r.note}] AS duties,
       [(l)-[r:IMPOSES]->(x:Restriction) | {restriction: x.id, kind: r.kind, cite: r.cite, note: r.note}] AS restrictions,
       [(l)-[:HAS_TERM]->(t:Term) | properties(t)] AS terms,
       [(l)-[r:RELICENSABLE_TO]->(x:License) | {license: x.id, cite: r.cite, note: r.note}] AS relicensable_to,
       [(l)-[r:INCOMPATIBLE_WITH]->(x:License) | {license: x.id, cite: r.cite, note: r.note}] AS incompatible_with
