// Which of a document's outputs already have dependents that stay after its import: a work
// relying on them through an edge another source claims (edges only this source claims are
// withdrawn and, if still claimed, are among the document's own). Only through such an output can
// the document's derivations and the graph close a cycle.
UNWIND $ids AS id
MATCH (o:Work {id: id})
WHERE EXISTS { MATCH (o)<-[r:MIX|SUB|AUX]-(:Work) WHERE r.sources <> [$file] }
RETURN o.id AS id
