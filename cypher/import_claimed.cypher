// The works a source claimed at its previous import (those it no longer claims get their license
// settled again from the remaining claims).
MATCH (:Source {file: $file})-[:CLAIMS]->(w:Work)
RETURN w.id AS id
