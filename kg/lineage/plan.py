"""Turn one source document into the rows the import queries write, or refuse it with a reason.

Everything that can be wrong with a document is found here, before anything is written: unknown
works, a method that does not fit its inputs, an output id used twice, a lineage cycle. The rows
are claims of that source: the works it describes, what it says of their licenses, and the
derivations it records; the license the engine uses is settled from every source's claims
(kg.lineage.claims).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any

from kg.errors import InputError
from kg.lineage.claims import Claim, resolved_key, settle
from kg.lineage.cycles import describe, find_cycle
from kg.lineage.manifest import Derivation, Manifest
from kg.lineage.methods import InputWork, MethodError, expand


@dataclass(frozen=True)
class Existing:
    """A work already in the graph that the document names: what the plan needs to know of it."""

    work: InputWork
    depth: int
    claims: list[Claim] = field(default_factory=list)  # other sources' claims
    pin: str | None = None
    other_depth: int = 0  # depth its edges claimed by other sources give it


@dataclass
class ImportPlan:
    source: dict[str, Any] = field(default_factory=dict)
    works: list[dict[str, Any]] = field(default_factory=list)
    placeholders: list[dict[str, Any]] = field(default_factory=list)
    declares: list[dict[str, Any]] = field(default_factory=list)
    derivations: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[dict[str, str]] = field(default_factory=list)
    releases: list[dict[str, Any]] = field(default_factory=list)
    depth: dict[str, int] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)  # output id -> "derivations[i]" (for errors)
    existing: dict[str, Existing] = field(default_factory=dict)  # what the plan assumed of the graph


def build_plan(
    manifest: Manifest, file: str, fmt: str, existing: dict[str, Existing], placeholders: frozenset[str] = frozenset(),
) -> ImportPlan:
    """`existing` holds works already in the graph that the document names; `placeholders` are
    works the document only refers to (created if absent, never changed by this source)."""
    plan = ImportPlan(source={"file": file, "format": fmt}, existing=existing)
    known: dict[str, InputWork] = {i: e.work for i, e in existing.items()}
    defined: dict[str, str] = {}

    def define(work_id: str, where: str) -> None:
        if work_id in defined:
            raise InputError(file, where, f"work {work_id!r} is already defined at {defined[work_id]}")
        defined[work_id] = where

    def claim(row: dict[str, Any], license_: str | None, license_name: str | None) -> None:
        row["claim"] = {"license_expression": license_, "license_name": license_name, "resolved": resolved_key(license_, license_name)}
        plan.works.append(row)
        before = existing.get(row["id"])
        claims = [*(before.claims if before else []), Claim(file, fmt, license_, license_name)]
        plan.declares.append(settle(claims, before.pin if before else None).row(row["id"]))

    for index, work in enumerate(manifest.works):
        where = f"works[{index}]"
        define(work.id, where)
        if work.id in placeholders:
            if work.id not in known:
                known[work.id] = InputWork(work.id, work.type, work.form)
                plan.placeholders.append({"id": work.id, "name": work.name or work.id, "type": work.type, "form": work.form})
            continue
        known[work.id] = InputWork(work.id, work.type, work.form)
        claim(_work_row(work.model_dump()), work.license, work.license_name)

    # Outputs may be used by later derivations in any order: register them all first.
    for index, derivation in enumerate(manifest.derivations):
        define(derivation.output.id, f"derivations[{index}].output")
        plan.places[derivation.output.id] = f"derivations[{index}]"
    outputs = {d.output.id for d in manifest.derivations}
    waits: dict[int, set[str]] = {}  # derivation -> outputs of this file it needs first
    needed_by: dict[str, list[int]] = {}
    for index, derivation in enumerate(manifest.derivations):
        for ref in _refs(derivation):
            if ref not in known and ref not in outputs:
                raise InputError(file, f"derivations[{index}]", f"unknown work {ref!r} (define it under works, or import the manifest that does)")
        waits[index] = {ref for ref in _refs(derivation) if ref not in known}
        for ref in waits[index]:
            needed_by.setdefault(ref, []).append(index)
    # In file order, each derivation as soon as what it needs is derived (one pass over the file
    # per level, as a reader would: (pass, index) orders them).
    ready = [(0, index) for index, wait in waits.items() if not wait]
    heapq.heapify(ready)
    while ready:
        round_, index = heapq.heappop(ready)
        derivation = manifest.derivations[index]
        try:
            edges, out_type, out_form = expand(derivation, known)
        except MethodError as error:
            raise InputError(file, f"derivations[{index}]", str(error)) from None
        out = derivation.output
        known[out.id] = InputWork(out.id, out_type, out_form)
        claim(_work_row(out.model_dump() | {"type": out_type, "form": out_form}), out.license, out.license_name)
        plan.derivations.append(
            {"id": f"derivation:{out.id}", "output": out.id, "method": derivation.method,
             "tool": derivation.tool, "at": derivation.at}
        )
        plan.edges.extend(
            {"source": out.id, "kind": e.kind, "target": e.target, "activity": e.activity, "role": e.role}
            for e in edges
        )
        del waits[index]
        for waiting in needed_by.get(out.id, []):
            waits[waiting].discard(out.id)
            if not waits[waiting]:
                heapq.heappush(ready, (round_ if waiting > index else round_ + 1, waiting))
    if waits:
        relies = {manifest.derivations[i].output.id: sorted(wait) for i, wait in waits.items()}
        cycle = find_cycle(relies)
        assert cycle, "every derivation left waits for another one left"
        raise InputError(file, plan.places[cycle[0]], f"lineage cycle {describe(cycle)}")

    for index, release in enumerate(manifest.releases):
        if release.work not in known:
            raise InputError(file, f"releases[{index}].work", f"unknown work {release.work!r}")
        form = release.form or known[release.work].form
        plan.releases.append({"work": release.work, "policy": release.policy, "form": form})

    set_depths(plan, existing)
    return plan


def set_depths(plan: ImportPlan, existing: dict[str, Existing]) -> None:
    """Give each work of the plan its depth, from what `existing` says of the graph (called again
    when the graph's depths moved between planning and writing)."""
    plan.existing = existing
    plan.depth = _depths(plan, existing)
    for row in plan.works:
        row["depth"] = plan.depth[row["id"]]


def _refs(derivation: Derivation) -> list[str]:
    return [*derivation.inputs, *derivation.aux, *([derivation.student] if derivation.student else [])]


def _work_row(data: dict[str, Any]) -> dict[str, Any]:
    """What a source says about a work besides its license; None where it says nothing."""
    return {
        "id": data["id"], "name": data.get("name"), "type": data["type"], "form": data["form"],
        "url": data.get("url"), "version": data.get("version"), "owner": data.get("owner"), "tags": data.get("tags") or [],
    }


def _depths(plan: ImportPlan, existing: dict[str, Existing]) -> dict[str, int]:
    """Longest chain of reliance below each work: 0 for a work that relies on nothing; edges
    other sources claimed count too."""
    targets: dict[str, list[str]] = {}
    for edge in plan.edges:
        targets.setdefault(edge["source"], []).append(edge["target"])
    depth: dict[str, int] = {i: e.depth for i, e in existing.items()}
    for row in plan.works:  # outputs come after their inputs in plan.works
        below = [depth.get(t, 0) for t in targets.get(row["id"], [])]
        other = existing[row["id"]].other_depth if row["id"] in existing else 0
        depth[row["id"]] = max(1 + max(below) if below else 0, other)
    return depth
