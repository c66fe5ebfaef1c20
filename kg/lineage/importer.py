"""`kg import`: validate a source document completely, then write its claims in one transaction.

Each document (one file: a kg manifest, a card, an SBOM) is a source. Importing it records
`(:Source {file, format, imported_at})`, its claims on the works it describes, and the derivations
it records, each edge and activity listing the sources that claimed it. Re-importing a source first
withdraws what it claimed before, so a second import changes nothing and a changed file replaces
its old claims; another source describing the same works merges into the same nodes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.db import Database, Transaction
from kg.errors import InputError
from kg.licenses.catalog import read_yaml, validation_error
from kg.lineage.aliases import alias_map, mentioned_ids, reference, rewrite
from kg.lineage.claims import Claim, resettle
from kg.lineage.manifest import Manifest
from kg.lineage.methods import InputWork
from kg.lineage.plan import Existing, ImportPlan, build_plan
from kg.loaders import Document
from kg.loaders.bounded import load_json

BATCH = 10_000
#: the queries `write_plan` runs, in order, each with the plan's rows of the same name
WRITES = ("works", "placeholders", "claims", "declares", "derivations", "edges", "aliases", "releases")


@dataclass(frozen=True)
class ImportSummary:
    file: str
    works: int
    derivations: int
    edges: int
    releases: int
    format: str = "kg"


def read_manifest(path: Path) -> Manifest:
    """Parse a YAML or JSON manifest; errors name the file, the field path and the reason."""
    if path.suffix.lower() == ".json":
        try:
            data = load_json(path.read_text(encoding="utf-8"), str(path))
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


def source_key(file: str) -> str:
    """A source is its absolute path (symlinks kept: Hub cache snapshots link to blobs)."""
    return os.path.abspath(file) if os.path.exists(file) else file


def plan_document(db: Database, document: Document) -> ImportPlan:
    """Validate a document against itself and the graph; nothing is written."""
    file, source = document.file, source_key(document.file)
    lookup = {r["id"]: r for r in db.read("import_lookup_ids", ids=mentioned_ids(document.manifest))}
    mapping, alias_rows = alias_map(document.manifest, file, lookup)
    manifest = rewrite(document.manifest, mapping)
    placeholders = frozenset(reference(p, mapping) for p in document.placeholders)
    ids = sorted({w.id for w in manifest.works} | {d.output.id for d in manifest.derivations}
                 | {r for d in manifest.derivations for r in [*d.inputs, *d.aux, *([d.student] if d.student else [])]}
                 | {r.work for r in manifest.releases})
    existing = {
        r["id"]: Existing(
            InputWork(r["id"], r["type"], r["form"]), r["depth"],
            [Claim(c["file"], c["format"], c["license_expression"], c["license_name"]) for c in r["claims"]],
            r["pin"], r["other_depth"],
        )
        for r in db.read("import_existing_works", ids=ids, file=source)
    }
    plan = build_plan(manifest, file, document.format, existing, placeholders)
    plan.source = {"file": source, "format": document.format, "notices": list(document.notices)}
    plan.aliases = alias_rows
    inputs = sorted({e["target"] for e in plan.edges})
    outputs = sorted({d["output"] for d in plan.derivations})
    if inputs and outputs:
        for row in db.read("import_reaches", inputs=inputs, outputs=outputs, file=source):
            raise InputError(file, "derivations", f"lineage cycle: {row['input']} already relies on {row['output']}, which this file derives from it")
    return plan


def plan_import(db: Database, manifest: Manifest, file: str) -> ImportPlan:
    """A kg manifest is a document of format `kg` whose works are claims of that file."""
    return plan_document(db, Document(file, "kg", manifest))


def write_plan(db: Database, plan: ImportPlan) -> None:
    """All of the document lands, or none of it; what the source claimed before is withdrawn first."""
    source = plan.source | {"imported_at": datetime.now(UTC).isoformat(timespec="seconds")}

    def work(tx: Transaction) -> None:
        tx.run("import_source", **source)
        claimed = {w["id"] for w in plan.works}
        withdrawn = [r["id"] for r in tx.run("import_retract", file=source["file"]) if r["id"] not in claimed]
        for name in WRITES:
            for batch in _batches(getattr(plan, name)):
                tx.run(f"import_{name}", rows=batch, file=source["file"])
        for batch in _batches(withdrawn):
            tx.run("import_declares", rows=resettle(tx.run("claims_of_works", ids=batch)))
        changed = [w["id"] for w in plan.works]
        while changed:  # the depths downstream of what was written, one level a run
            changed = tx.run("lineage_fix_depth", ids=changed)[0]["changed"]

    db.write_tx(work)


def import_document(db: Database, document: Document) -> ImportSummary:
    plan = plan_document(db, document)
    write_plan(db, plan)
    return ImportSummary(document.file, len(plan.works), len(plan.derivations), len(plan.edges), len(plan.releases), document.format)


def import_manifest(db: Database, path: Path) -> ImportSummary:
    return import_document(db, Document(str(path), "kg", read_manifest(path)))


def _batches(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]
