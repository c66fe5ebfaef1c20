// A page of stored assessments for the API, in (work, policy, form) order: the keys after $after
// (null: from the start), at most $limit, and how many match in all. Filters are null when not
// used: $work, $policy, $status, $code (a finding code the assessment reports).
MATCH (a:Assessment)
WHERE ($work IS NULL OR a.work = $work)
  AND ($policy IS NULL OR a.policy = $policy)
  AND ($status IS NULL OR a.status = $status)
  AND ($code IS NULL OR EXISTS { (a)-[:FOUND]->(:Finding {code: $code}) })
WITH a {.work, .policy, .form} AS key
ORDER BY key.work, key.policy, key.form
WITH collect(key) AS keys
RETURN size(keys) AS total,
       [k IN keys WHERE $after IS NULL OR k.work > $after.work
          OR (k.work = $after.work AND (k.policy > $after.policy OR (k.policy = $after.policy AND k.form > $after.form)))][..$limit] AS page
