// Pin the license the engine uses for a work whatever its sources claim (null: unpin).
MATCH (w:Work {id: $id})
SET w.pinned_license = $pin
