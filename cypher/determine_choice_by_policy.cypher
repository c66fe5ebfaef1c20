// Can a work's license depend on the release policy? Only when some work offers a choice (an
// SPDX OR: a second alternative) and one of its options holds back a right a policy needs
// (determine_declared then weighs the options per policy). Whole-graph assessment asks this
// once: if not, one determination serves every policy.
RETURN EXISTS {
  MATCH (w:Work)-[:DECLARES {alternative: 1}]->(:License)
  WHERE EXISTS {
    MATCH (w)-[:DECLARES]->(l:License), (:Policy)-[:NEEDS]->(right:Right)
    WHERE NOT (right.name = 'sublicense' AND l.auto_relicensing)
      AND NOT EXISTS { (l)-[:GRANTS]->(right) }
  }
} AS varies
