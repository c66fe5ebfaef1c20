// Licenses by id with what a dashboard shows of them: properties, rights granted and reserved,
// duties, restrictions and terms, each with its clause (the API's license loader).
UNWIND $ids AS id
MATCH (l:License {id: id})
RETURN l.id AS id, properties(l) AS license,
       [(l)-[r:GRANTS]->(x:Right) | {name: x.name, cite: r.cite, note: r.note}] AS grants,
       [(l)-[r:RESERVES]->(x:Right) | {name: x.name, cite: r.cite, note: r.note}] AS reserves,
       [(l)-[r:REQUIRES]->(x:Duty) | {name: x.name, cite: r.cite, note: r.note}] AS duties,
       [(l)-[r:IMPOSES]->(x:Restriction) | {name: x.id, kind: r.kind, cite: r.cite, note: r.note}] AS restrictions,
       [(l)-[:HAS_TERM]->(t:Term) | properties(t)] AS terms
