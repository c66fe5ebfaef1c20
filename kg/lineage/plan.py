"""Turn a validated manifest into the rows the import queries write, or refuse it with a reason.

Everything that can be wrong with a manifest is found here, before anything is written: unknown
works, a method that does not fit its inputs, an output id used twice, a lineage cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.errors import InputError
from kg.lineage.manifest import Manifest
from kg.lineage.methods import InputWork, MethodError, expand
from kg.lineage.licensing import DeclaredLicense, declare


@dataclass
class ImportPlan:
    works: list[dict[str, Any]] = field(default_factory=list)
    declares: list[dict[str, Any]] = field(default_factory=list)
    derivations: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    releases: list[dict[str, Any]] = field(default_factory=list)
    depth: dict[str, int] = field(default_factory=dict)


def build_plan(manifest: Manifest, file: str, existing: dict[str, InputWork], existing_depth: dict[str, int]) -> ImportPlan:
    """`existing` holds works already in the graph that the manifest refers to without defining."""
    plan = ImportPlan()
    known: dict[str, InputWork] = dict(existing)
    defined: dict[str, str] = {}

    def define(work_id: str, where: str) -> None:
        if work_id in defined:
            raise InputError(file, where, f"work {work_id!r} is already defined at {defined[work_id]}")
        defined[work_id] = where

    for index, work in enumerate(manifest.works):
        where = f"works[{index}]"
        define(work.id, where)
        known[work.id] = InputWork(work.id, work.type, work.form)
        _add_work(plan, _work_row(work.model_dump(), file), declare(work.license, work.license_name))

    # Outputs may be used by later derivations in any order: register them all first.
    for index, derivation in enumerate(manifest.derivations):
        define(derivation.output.id, f"derivations[{index}].output")
    outputs = {d.output.id: d for d in manifest.derivations}
    pending = dict(enumerate(manifest.derivations))
    while pending:
        progressed = False
        for index, derivation in list(pending.items()):
            refs = [*derivation.inputs, *derivation.aux, *([derivation.student] if derivation.student else [])]
            for ref in refs:
                if ref not in known and ref not in outputs:
                    raise InputError(file, f"derivations[{index}]", f"unknown work {ref!r} (define it under works, or import the manifest that does)")
            if any(ref not in known for ref in refs):
                continue
            where = f"derivations[{index}]"
            try:
                edges, out_type, out_form = expand(derivation, known)
            except MethodError as error:
                raise InputError(file, where, str(error)) from None
            out = derivation.output
            known[out.id] = InputWork(out.id, out_type, out_form)
            row = out.model_dump() | {"type": out_type, "form": out_form}
            _add_work(plan, _work_row(row, file), declare(out.license, None))
            plan.derivations.append(
                {"id": f"derivation:{out.id}", "output": out.id, "method": derivation.method,
                 "tool": derivation.tool, "at": derivation.at}
            )
            plan.edges.extend(
                {"source": out.id, "kind": e.kind, "target": e.target, "activity": e.activity, "role": e.role}
                for e in edges
            )
            del pending[index]
            progressed = True
        if not progressed:
            cycle = sorted(pending[i].output.id for i in pending)
            raise InputError(file, "derivations", f"lineage cycle: {' -> '.join(cycle)} derive from one another")

    for index, release in enumerate(manifest.releases):
        if release.work not in known:
            raise InputError(file, f"releases[{index}].work", f"unknown work {release.work!r}")
        form = release.form or known[release.work].form
        plan.releases.append({"work": release.work, "policy": release.policy, "form": form})

    plan.depth = _depths(plan, existing_depth)
    for row in plan.works:
        row["depth"] = plan.depth[row["id"]]
    return plan


def _work_row(data: dict[str, Any], file: str) -> dict[str, Any]:
    return {
        "id": data["id"], "name": data.get("name") or data["id"], "type": data["type"], "form": data["form"],
        "license_expression": data.get("license"), "url": data.get("url"), "version": data.get("version"),
        "owner": data.get("owner"), "tags": data.get("tags") or [], "source": file,
    }


def _add_work(plan: ImportPlan, row: dict[str, Any], declared: DeclaredLicense) -> None:
    row |= {"unknown_licenses": declared.unknown, "ambiguous_licenses": declared.ambiguous, "license_notes": declared.notes}
    plan.works.append(row)
    for alternative, licenses in enumerate(declared.alternatives):
        plan.declares.extend({"work": row["id"], "license": lic, "alternative": alternative} for lic in licenses)


def _depths(plan: ImportPlan, existing_depth: dict[str, int]) -> dict[str, int]:
    """Longest chain of reliance below each work: 0 for a work that relies on nothing."""
    targets: dict[str, list[str]] = {}
    for edge in plan.edges:
        targets.setdefault(edge["source"], []).append(edge["target"])
    depth: dict[str, int] = dict(existing_depth)
    for row in plan.works:  # outputs come after their inputs in plan.works
        below = [depth.get(t, 0) for t in targets.get(row["id"], [])]
        depth[row["id"]] = 1 + max(below) if below else 0
    return depth
