// Works a source only refers to (a card's base model no imported file describes yet): created with
// no license claim when absent, left as they are otherwise.
UNWIND $rows AS row
MERGE (w:Work {id: row.id})
ON CREATE SET w.name = row.name, w.type = row.type, w.form = row.form, w.tags = [], w.depth = 0,
              w.unknown_licenses = [], w.ambiguous_licenses = [], w.license_notes = []
