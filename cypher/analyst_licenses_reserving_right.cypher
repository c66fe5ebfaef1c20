// Which licenses reserve (withhold or forbid) a right, and on which clause?
// e.g. {right: 'commercial_use'} (non-commercial licenses), {right: 'sublicense'}.
MATCH (l:License)-[r:RESERVES]->(:Right {name: $right})
RETURN l.id AS license, l.name AS name, r.cite AS cite, r.note AS note
ORDER BY license
