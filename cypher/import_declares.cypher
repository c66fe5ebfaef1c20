// Link works to the licenses they declare. An SPDX OR gives several alternatives (0, 1, …);
// all licenses of one alternative apply together (AND).
UNWIND $declares AS row
MATCH (w:Work {id: row.work})
MATCH (l:License {id: row.license})
MERGE (w)-[d:DECLARES {alternative: row.alternative}]->(l)
