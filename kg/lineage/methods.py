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
from kg.vocabulary import Form, Method, Relation, WorkType

AUX, MIX, SUB = Relation.AUX, Relation.MIX, Relation.SUB


@dataclass(frozen=True)
class Edge:
    kind: Relation
    target: str
    activity: Method
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
    out_form: str = Form.RAW

    def aux_edges(activity: Method) -> list[Edge]:
        return [Edge(AUX, w.id, activity, "aux") for w in aux]

    if method == Method.COMBINE:
        if len(inputs) < 2:
            raise MethodError("combine needs at least two inputs")
        edges = [Edge(MIX, w.id, Method.COMBINE, "input") for w in inputs] + aux_edges(Method.USE)
        types = {w.type for w in inputs}
        out_type = types.pop() if len(types) == 1 else WorkType.MIX
        out_form = max((Form(w.form) for w in inputs), key=list(Form).index)
    elif method == Method.AMALGAMATE:
        if len(inputs) < 2:
            raise MethodError("amalgamate needs at least two inputs")
        if len({w.type for w in inputs}) != 1:
            raise MethodError("amalgamate needs inputs of one type (merge models with models, data with data)")
        if any(w.form != Form.RAW for w in inputs):
            raise MethodError("amalgamate needs raw inputs (weights or data, not binaries or services)")
        edges = [Edge(SUB, w.id, Method.AMALGAMATE, "input") for w in inputs] + aux_edges(Method.USE)
        out_type = inputs[0].type
    elif method in (Method.TRAIN, Method.FINETUNE):
        models = [w for w in inputs if w.type == WorkType.MODEL]
        if method == Method.FINETUNE and len(models) != 1:
            raise MethodError("finetune needs exactly one model among its inputs (the model it starts from)")
        edges = [Edge(SUB, w.id, Method.FINETUNE, "input") for w in models]
        edges += [Edge(AUX, w.id, Method.TRAIN, "input") for w in inputs if w.type != WorkType.MODEL]
        edges += aux_edges(Method.TRAIN)
        out_type = WorkType.MODEL
    elif method == Method.DISTILL:
        if any(w.type != WorkType.MODEL for w in inputs):
            raise MethodError("distill's inputs are teacher models")
        edges = [Edge(AUX, w.id, Method.DISTILL, "teacher") for w in inputs] + aux_edges(Method.TRAIN)
        if derivation.student:
            student = works[derivation.student]
            if student.type != WorkType.MODEL:
                raise MethodError("the distillation student must be a model")
            edges.append(Edge(SUB, student.id, Method.FINETUNE, "student"))
        out_type = WorkType.MODEL
    elif method == Method.GENERATE:
        if not any(w.type == WorkType.MODEL for w in inputs):
            raise MethodError("generate needs a model among its inputs (the generator)")
        edges = [Edge(AUX, w.id, Method.GENERATE, "input") for w in inputs] + aux_edges(Method.GENERATE)
        out_type = WorkType.DATA
    elif method == Method.EMBED:
        if any(w.type != WorkType.DATA for w in inputs):
            raise MethodError("embed's inputs are the data works being embedded; give the embedding model as aux")
        edges = [Edge(SUB, w.id, Method.EMBED, "input") for w in inputs] + aux_edges(Method.USE)
        out_type = WorkType.DATA
    elif method == Method.USE:
        edges = [Edge(SUB, w.id, Method.USE, "input") for w in inputs] + aux_edges(Method.USE)
        out_type = WorkType.DATA
    elif method in (Method.COPY, Method.MODIFY):
        if len(inputs) != 1:
            raise MethodError(f"{method} takes exactly one input")
        kind = MIX if method == Method.COPY else SUB
        edges = [Edge(kind, inputs[0].id, Method(method), "input")] + aux_edges(Method.USE)
        out_type, out_form = inputs[0].type, inputs[0].form
    else:  # pragma: no cover - the manifest schema admits no other method
        raise MethodError(f"unknown method {method}")

    output = derivation.output
    return _merge_duplicates(edges), output.type or out_type, output.form or out_form


def _merge_duplicates(edges: list[Edge]) -> list[Edge]:
    """A work given twice (as input and aux) keeps its strongest tie: MIX over SUB over AUX."""
    strength = list(Relation).index
    best: dict[str, Edge] = {}
    for edge in edges:
        current = best.get(edge.target)
        if current is None or strength(edge.kind) < strength(current.kind):
            best[edge.target] = edge
    return list(best.values())
