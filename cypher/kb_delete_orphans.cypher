// Which :Right, :Duty and :Restriction nodes does nothing refer to any more? Removes them.
MATCH (n:Right|Duty|Restriction)
WHERE NOT EXISTS { (n)--() }
DELETE n
RETURN count(n) AS removed
