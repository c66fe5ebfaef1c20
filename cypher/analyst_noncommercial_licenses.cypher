// Which licenses forbid commercial use? Every non-commercial license (its category, or the
// commercial_use right reserved), with the rights it reserves and the clause each rests on.
MATCH (l:License)
WHERE l.non_commercial
RETURN l.id AS license, l.name AS name, l.categories AS categories,
       [(l)-[r:RESERVES]->(x:Right) | {right: x.name, cite: r.cite, note: r.note}] AS reserves
ORDER BY license
