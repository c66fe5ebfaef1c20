"""The mutations: each runs kg's own importer or engine (sync) in a worker thread, behind the token.

Works and derivations written through the API are imported like a manifest, with the same
validation; each call is its own source (`api:<name>`, `api:work/<id>`, `api:derivation/<id>`),
so calling it again replaces what it said before."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

import strawberry

from kg.analysis.engine import assess as assess_work
from kg.analysis.engine import assess_all
from kg.api.auth import CanWrite
from kg.api.errors import bad_input
from kg.api.types import Assessment, ImportResult, ReassessResult, RemovedWork, Work, load_work, loaders
from kg.db import Database, Transaction
from kg.errors import NotFound
from kg.lineage import manifest
from kg.lineage.document import Document
from kg.lineage.importer import import_document
from kg.lineage.manifest import Manifest, parse_manifest
from kg.reading import load_yaml
from kg.vocabulary import Form, Policy, SourceFormat


@strawberry.experimental.pydantic.input(model=manifest.Work, all_fields=True, description="A work as a manifest describes it.")
class WorkInput:
    """The manifest's `Work`, field for field (kg.lineage.manifest)."""


@strawberry.experimental.pydantic.input(model=manifest.Output, all_fields=True,
                                        description="The new work a derivation makes; type and form default by method.")
class OutputInput:
    """The manifest's `Output`, field for field."""


@strawberry.experimental.pydantic.input(
    model=manifest.Derivation, all_fields=True,
    description="A derivation as a manifest describes it: `method` applied to `inputs` makes `output`.")
class DerivationInput:
    """The manifest's `Derivation`, field for field."""


def _plain(value: Any) -> Any:
    """Strawberry input objects as the dicts pydantic reads (enums as their values, no nulls)."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if getattr(value, f.name) is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return getattr(value, "value", value)


def _import(db: Database, manifest: Manifest, source: str) -> ImportResult:
    """Imported as `kg import` imports a manifest file, with `source` for the file."""
    done = import_document(db, Document(source, SourceFormat.KG, manifest))
    return ImportResult(source=done.file, works=done.works, derivations=done.derivations, edges=done.edges, releases=done.releases)


def _remove(db: Database, work_id: str) -> int:
    def work(tx: Transaction) -> int:
        found = tx.run("api_work_dependents", id=work_id)[0]
        if not found["found"]:
            raise NotFound(f"no work {work_id!r} in the graph")
        if found["dependents"]:
            raise bad_input(f"cannot remove {work_id!r}: {', '.join(found['dependents'])} rely on it (remove them first)")
        removed: int = tx.run("api_remove_work", id=work_id)[0]["assessments"]
        return removed

    return db.write_tx(work)


@strawberry.type
class Mutation:
    @strawberry.mutation(permission_classes=[CanWrite], description="Import a kg manifest (YAML or JSON text) as source `api:<name>`.")
    async def import_manifest(self, info: strawberry.Info, name: str, manifest: str) -> ImportResult:
        source = f"api:{name}"
        parsed = parse_manifest(load_yaml(manifest, source), source)
        result: ImportResult = await info.context.writer.run(lambda db: _import(db, parsed, source))
        loaders(info).forget()
        return result

    @strawberry.mutation(permission_classes=[CanWrite], description="Create or update a work (source `api:work/<id>`).")
    async def upsert_work(self, info: strawberry.Info, work: WorkInput) -> Work:
        data = _plain(work)
        source = f"api:work/{data['id']}"
        parsed = parse_manifest({"works": [data]}, source)
        await info.context.writer.run(lambda db: _import(db, parsed, source))
        loaders(info).forget()
        found = await load_work(info, parsed.works[0].id)
        assert found is not None
        return found

    @strawberry.mutation(permission_classes=[CanWrite],
                         description="Record a derivation: its output relies on its inputs (source `api:derivation/<output>`).")
    async def link_works(self, info: strawberry.Info, derivation: DerivationInput) -> Work:
        data = _plain(derivation)
        source = f"api:derivation/{data['output']['id']}"
        parsed = parse_manifest({"derivations": [data]}, source)
        await info.context.writer.run(lambda db: _import(db, parsed, source))
        loaders(info).forget()
        found = await load_work(info, parsed.derivations[0].output.id)
        assert found is not None
        return found

    @strawberry.mutation(permission_classes=[CanWrite], description="Remove a work nothing relies on, with its assessments.")
    async def remove_work(self, info: strawberry.Info, id: str) -> RemovedWork:
        count = await info.context.writer.run(lambda db: _remove(db, id))
        loaders(info).forget()
        return RemovedWork(id=id, assessments=count)

    @strawberry.mutation(permission_classes=[CanWrite], description="Assess a work now (refreshing a stale result) and store it.")
    async def assess(self, info: strawberry.Info, work_id: str, policy: Policy, form: Form | None = None) -> Assessment:
        result = await info.context.writer.run(lambda db: assess_work(db, work_id, policy.value, form.value if form else None))
        loaders(info).forget()
        row = await loaders(info).assessment.load((result.work, result.policy, result.form))
        assert row is not None
        return Assessment(row=row)

    @strawberry.mutation(permission_classes=[CanWrite], description="Determine every license again and assess every recorded release.")
    async def reassess_all(self, info: strawberry.Info) -> ReassessResult:
        results = await info.context.writer.run(assess_all)
        loaders(info).forget()
        statuses = Counter(a.status for a in results)
        return ReassessResult(assessments=len(results), errors=statuses["error"], warnings=statuses["warning"], ok=statuses["ok"])
