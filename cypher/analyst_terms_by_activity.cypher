// What does an activity produce under each license? Every license's term for the activity, per
// form: result, relicense rule, the duties it brings and its clause. e.g. {activity: 'distill'}.
MATCH (l:License)-[:HAS_TERM]->(t:Term {activity: $activity})
RETURN l.id AS license, t.form AS form, t.result AS result, t.relicense AS relicense,
       t.restrictions AS restrictions, t.cite AS cite, t.note AS note
ORDER BY license, form
