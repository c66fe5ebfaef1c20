"""A lineage as a kg manifest: the lossless format (`kg import` of it rebuilds the same graph)."""

from __future__ import annotations

from typing import Any

from kg.export import INPUT_ROLES, ExportedWork
from kg.lineage.manifest import Derivation, Manifest, Output, Work

DESCRIBED = ("id", "aliases", "name", "url", "version", "owner", "tags", "type", "form", "license", "license_name")


def to_manifest(works: list[ExportedWork]) -> Manifest:
    """Works that no derivation made are `works`; the others are derivation outputs."""
    plain: list[Work] = []
    derivations: list[Derivation] = []
    for work in works:
        fields: dict[str, Any] = {k: work.row[k] for k in DESCRIBED if work.row[k] not in (None, [])}
        if not work.derived:
            plain.append(Work(**fields))
            continue
        student = work.used("student")
        derivations.append(Derivation(
            method=work.row["method"], inputs=work.used(*INPUT_ROLES), aux=work.used("aux"),
            student=student[0] if student else None, output=Output(**fields),
            tool=work.row["tool"], at=work.row["at"],
        ))
    return Manifest(works=plain, derivations=derivations)
