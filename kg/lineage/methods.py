"""How each reuse method turns into MIX / SUB / AUX edges from the new work to what it relies on.

Starts from ModelGo's table (shared/reference/modelgo-method.md) with one consistent rule where
ModelGo was inconsistent: a new work that *starts from an existing model* (fine-tuning, further
training, a distillation student) always relies on it as a SUB edge with activity `finetune`, and
the new work always gets its own id. Material a model learns from (data, code, generated text) is
an AUX edge with activity `train`; a teacher is AUX `distill`. See docs/graph-model.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.lineage.manifest import Derivation

FORM_ORDER = {"raw": 0, "binary": 1, "saas": 2}


@dataclass(frozen=True)
class Edge:
    kind: str  # MIX, SUB or AUX
    target: str
    activity: str
    role: str  # input, aux, student, teacher


@dataclass(frozen=True)
class InputWork:
    id: str
    type: str
    form: str


class MethodError(ValueError):
    """A derivation that does not make sense for its method (the message says why)."""


def expand(derivation: Derivation, works: dict[str, InputWork]) -> tuple[list[Edge], str, str]:
    """Edges from the output, and the output's type and form (explicit values win)."""
    inputs = [works[i] for i in derivation.inputs]
    aux = [works[i] for i in derivation.aux]
    method = derivation.method
    edges: list[Edge]
    out_type: str
    out_form = "raw"

    def aux_edges(activity: str) -> list[Edge]:
        return [Edge("AUX", w.id, activity, "aux") for w in aux]

    if method == "combine":
        if len(inputs) < 2:
            raise MethodError("combine needs at least two inputs")
        edges = [Edge("MIX", w.id, "combine", "input") for w in inputs] + aux_edges("use")
        types = {w.type for w in inputs}
        out_type = types.pop() if len(types) == 1 else "mix"
        out_form = max((w.form for w in inputs), key=FORM_ORDER.__getitem__)
    elif method == "amalgamate":
        if len(inputs) < 2:
            raise MethodError("amalgamate needs at least two inputs")
        if len({w.type for w in inputs}) != 1:
            raise MethodError("amalgamate needs inputs of one type (merge models with models, data with data)")
        if any(w.form != "raw" for w in inputs):
            raise MethodError("amalgamate needs raw inputs (weights or data, not binaries or services)")
        edges = [Edge("SUB", w.id, "amalgamate", "input") for w in inputs] + aux_edges("use")
        out_type = inputs[0].type
    elif method in ("train", "finetune"):
        models = [w for w in inputs if w.type == "model"]
        if method == "finetune" and len(models) != 1:
            raise MethodError("finetune needs exactly one model among its inputs (the model it starts from)")
        edges = [Edge("SUB", w.id, "finetune", "input") for w in models]
        edges += [Edge("AUX", w.id, "train", "input") for w in inputs if w.type != "model"]
        edges += aux_edges("train")
        out_type = "model"
    elif method == "distill":
        if any(w.type != "model" for w in inputs):
            raise MethodError("distill's inputs are teacher models")
        edges = [Edge("AUX", w.id, "distill", "teacher") for w in inputs] + aux_edges("train")
        if derivation.student:
            student = works[derivation.student]
            if student.type != "model":
                raise MethodError("the distillation student must be a model")
            edges.append(Edge("SUB", student.id, "finetune", "student"))
        out_type = "model"
    elif method == "generate":
        if not any(w.type == "model" for w in inputs):
            raise MethodError("generate needs a model among its inputs (the generator)")
        edges = [Edge("AUX", w.id, "generate", "input") for w in inputs] + aux_edges("generate")
        out_type = "data"
    elif method == "embed":
        if any(w.type != "data" for w in inputs):
            raise MethodError("embed's inputs are the data works being embedded; give the embedding model as aux")
        edges = [Edge("SUB", w.id, "embed", "input") for w in inputs] + aux_edges("use")
        out_type = "data"
    elif method == "use":
        edges = [Edge("SUB", w.id, "use", "input") for w in inputs] + aux_edges("use")
        out_type = "data"
    elif method in ("copy", "modify"):
        if len(inputs) != 1:
            raise MethodError(f"{method} takes exactly one input")
        kind = "MIX" if method == "copy" else "SUB"
        edges = [Edge(kind, inputs[0].id, method, "input")] + aux_edges("use")
        out_type, out_form = inputs[0].type, inputs[0].form
    else:  # pragma: no cover - the manifest schema admits no other method
        raise MethodError(f"unknown method {method}")

    output = derivation.output
    return _merge_duplicates(edges), output.type or out_type, output.form or out_form


def _merge_duplicates(edges: list[Edge]) -> list[Edge]:
    """A work given twice (as input and aux) keeps its strongest tie: MIX over SUB over AUX."""
    strength = {"MIX": 0, "SUB": 1, "AUX": 2}
    best: dict[str, Edge] = {}
    for edge in edges:
        current = best.get(edge.target)
        if current is None or strength[edge.kind] < strength[current.kind]:
            best[edge.target] = edge
    return list(best.values())
