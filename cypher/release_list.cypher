// Every release recorded by an import: the work, the policy and the form it is released in.
MATCH (r:Release)-[:OF]->(w:Work)
RETURN r.work AS work, r.policy AS policy, r.form AS form, w.form AS work_form
ORDER BY work, policy, form
