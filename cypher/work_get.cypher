// One work by id, with its declared license expression.
MATCH (w:Work {id: $id})
RETURN w.id AS id, w.name AS name, w.type AS type, w.form AS form, w.license_expression AS license
