"""`kg import`: read a manifest, validate it completely, then write it in one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.db import Database, Transaction
from kg.errors import InputError
from kg.licenses.catalog import read_yaml, validation_error
from kg.lineage.manifest import Manifest
from kg.lineage.methods import InputWork
from kg.lineage.plan import ImportPlan, build_plan

BATCH = 10_000


@dataclass(frozen=True)
class ImportSummary:
    file: str
    works: int
    derivations: int
    edges: int
    releases: int


def read_manifest(path: Path) -> Manifest:
    """Parse a YAML or JSON manifest; errors name the file, the field path and the reason."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise InputError(str(path), f"line {error.lineno}, column {error.colno}", f"malformed JSON: {error.msg}") from None
        except OSError as error:
            raise InputError(str(path), "", f"cannot read: {error}") from None
    else:
        data = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(str(path), "(top level)", "a manifest is a mapping with works, derivations and releases")
    try:
        return Manifest.model_validate(data)
    except ValidationError as error:
        raise validation_error(path, error) from None


def plan_import(db: Database, manifest: Manifest, file: str) -> ImportPlan:
    """Validate against the manifest and the graph; nothing is written."""
    own = {w.id for w in manifest.works} | {d.output.id for d in manifest.derivations}
    referenced = {ref for d in manifest.derivations for ref in [*d.inputs, *d.aux, *([d.student] if d.student else [])]}
    referenced |= {r.work for r in manifest.releases}
    outside = sorted(referenced - own)
    rows = db.read("import_existing_works", ids=outside) if outside else []
    existing = {r["id"]: InputWork(r["id"], r["type"], r["form"]) for r in rows}
    plan = build_plan(manifest, file, existing, {r["id"]: r["depth"] for r in rows})
    inputs = sorted({e["target"] for e in plan.edges})
    outputs = sorted({d["output"] for d in plan.derivations})
    if inputs and outputs:
        for row in db.read("import_reaches", inputs=inputs, outputs=outputs):
            raise InputError(file, "derivations", f"lineage cycle: {row['input']} already relies on {row['output']}, which this manifest derives from it")
    return plan


def write_plan(db: Database, plan: ImportPlan) -> None:
    """All of the manifest lands, or none of it."""

    def work(tx: Transaction) -> None:
        for name, rows in (
            ("import_works", plan.works), ("import_declares", plan.declares),
            ("import_derivations", plan.derivations), ("import_edges", plan.edges),
            ("import_releases", plan.releases),
        ):
            for batch in _batches(rows):
                tx.run(name, **{name.removeprefix("import_"): batch})
        ids = [w["id"] for w in plan.works]
        while ids and tx.run("lineage_fix_depth", ids=ids)[0]["changed"]:
            pass

    db.write_tx(work)


def import_manifest(db: Database, path: Path) -> ImportSummary:
    manifest = read_manifest(path)
    plan = plan_import(db, manifest, str(path))
    write_plan(db, plan)
    return ImportSummary(str(path), len(plan.works), len(plan.derivations), len(plan.edges), len(plan.releases))


def _batches(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]
