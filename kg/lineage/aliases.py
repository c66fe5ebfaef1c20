"""One id per work across sources: canonical purls, and aliases that resolve to them.

A manifest may give a work a purl id and keep its own short name as an alias; any reference to an
alias (in this file or a later one) names the same work. Aliases are stored as `(:Alias {id})
-[:ALIAS_OF]->(:Work)` (unique on id), so resolving a reference is one index lookup at plan time.
"""

from __future__ import annotations

from typing import Any

from kg.errors import InputError
from kg.lineage.identity import canonical_id
from kg.lineage.manifest import Described, Manifest


def mentioned_ids(manifest: Manifest) -> list[str]:
    """Every id and alias the manifest names, in canonical form (to look up in the graph)."""
    ids: set[str] = set()
    for work in _described(manifest):
        ids.add(canonical_id(work.id))
        ids.update(canonical_id(a) for a in work.aliases)
    for d in manifest.derivations:
        ids.update(canonical_id(r) for r in [*d.inputs, *d.aux, *([d.student] if d.student else [])])
    ids.update(canonical_id(r.work) for r in manifest.releases)
    return sorted(ids)


def alias_map(manifest: Manifest, file: str, graph: dict[str, dict[str, Any]]) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Map every alias the manifest or the graph knows to its work id; and the new alias rows.

    `graph` holds, for ids of `mentioned_ids`, `alias_of` (the work an Alias node names) and
    `is_work` (a Work has that id)."""
    mapping = {i: g["alias_of"] for i, g in graph.items() if g.get("alias_of")}
    defined = {canonical_id(w.id) for w in _described(manifest)}
    rows: list[dict[str, str]] = []
    for where, work in _described_with_place(manifest):
        owner = canonical_id(work.id)
        owner = mapping.get(owner, owner)
        for alias in (canonical_id(a) for a in work.aliases):
            if alias == owner:
                continue
            known = graph.get(alias, {})
            named = mapping.get(alias)
            if named is not None and named != owner:
                raise InputError(file, f"{where}.aliases", f"alias {alias!r} already names work {named!r}")
            if alias in defined or (known.get("is_work") and not known.get("alias_of")):
                raise InputError(file, f"{where}.aliases", f"{alias!r} is the id of a work, so it cannot also be an alias of {owner!r}")
            mapping[alias] = owner
            rows.append({"alias": alias, "work": owner})
    return mapping, rows


def rewrite(manifest: Manifest, mapping: dict[str, str]) -> Manifest:
    """The manifest with every id and reference in canonical form, aliases resolved."""

    def ref(value: str) -> str:
        return reference(value, mapping)

    def work(w: Described) -> Any:
        return w.model_copy(update={"id": ref(w.id)})

    return manifest.model_copy(update={
        "works": [work(w) for w in manifest.works],
        "derivations": [
            d.model_copy(update={
                "inputs": [ref(i) for i in d.inputs], "aux": [ref(i) for i in d.aux],
                "student": ref(d.student) if d.student else None, "output": work(d.output),
            })
            for d in manifest.derivations
        ],
        "releases": [r.model_copy(update={"work": ref(r.work)}) for r in manifest.releases],
    })


def reference(value: str, mapping: dict[str, str]) -> str:
    """The work id a reference names: its canonical form, through an alias if it is one."""
    value = canonical_id(value)
    return mapping.get(value, value)


def _described(manifest: Manifest) -> list[Described]:
    return [w for _, w in _described_with_place(manifest)]


def _described_with_place(manifest: Manifest) -> list[tuple[str, Described]]:
    return [(f"works[{i}]", w) for i, w in enumerate(manifest.works)] + [
        (f"derivations[{i}].output", d.output) for i, d in enumerate(manifest.derivations)
    ]
