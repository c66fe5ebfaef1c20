// Makes each license's :Term nodes (one per activity and form, linked by HAS_TERM) exactly the
// KB's terms: result, relicense rule, restrictions, cite and note; removes terms the KB dropped.
// $licenses: [{id, terms: [{license, activity, form, result, relicense?, restrictions, cite, note}]}]
UNWIND $licenses AS lic
MATCH (l:License {id: lic.id})
CALL (l, lic) {
  MATCH (old:Term {license: lic.id})
  WHERE NOT [old.activity, old.form] IN [t IN lic.terms | [t.activity, t.form]]
  DETACH DELETE old
  RETURN count(old) AS removed
}
CALL (l, lic) {
  UNWIND lic.terms AS t
  MERGE (term:Term {license: t.license, activity: t.activity, form: t.form})
  MERGE (l)-[:HAS_TERM]->(term)
  WITH term, t
  WHERE properties(term) <> t
  SET term = t
  RETURN count(term) AS written
}
RETURN sum(written) AS written, sum(removed) AS removed
