// Which licenses grant a right, and on which clause? e.g. {right: 'commercial_use'}.
MATCH (l:License)-[g:GRANTS]->(:Right {name: $right})
RETURN l.id AS license, l.name AS name, g.cite AS cite, g.note AS note
ORDER BY license
