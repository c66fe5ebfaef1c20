// Creates or updates one :License node per KB license; a node's properties are replaced only
// when they differ from the KB's (so reloading the same KB sets nothing).
// $licenses: [{id, props}] where props is the node's complete property map.
UNWIND $licenses AS row
MERGE (l:License {id: row.id})
WITH l, row
WHERE properties(l) <> row.props
SET l = row.props
RETURN count(l) AS written
