// Which licenses give an activity a given result, in which forms, and on which clause?
// e.g. {activity: 'train', result: 'undefined'}: the licenses whose train term is undefined
// (silent on using the work as training material); {activity: 'finetune', result: 'derivative'}.
MATCH (l:License)-[:HAS_TERM]->(t:Term {activity: $activity, result: $result})
WITH l, collect(t.form) AS forms, collect(DISTINCT t.cite) AS cites, collect(DISTINCT t.note) AS notes
RETURN l.id AS license, l.name AS name, forms, cites, notes
ORDER BY license
