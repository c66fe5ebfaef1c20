// Which licenses impose a use or runtime restriction, and on which clause?
// e.g. {restriction: 'no_improve_other_llms'}, {restriction: 'rail_use_restrictions'}.
MATCH (l:License)-[i:IMPOSES]->(:Restriction {id: $restriction})
RETURN l.id AS license, l.name AS name, i.kind AS kind, i.cite AS cite, i.note AS note
ORDER BY license
