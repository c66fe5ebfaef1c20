"""Per-request DataLoaders: a field asked for on many objects costs one Cypher query per batch.

A page of 100 works with their licenses and latest assessment runs the page query, then one query
per loader (works, licenses per work, license details, assessment keys, assessments), however
long the page. Each request gets fresh loaders, so nothing is cached across requests."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from kg.analysis.fingerprint import fingerprints
from kg.api.db import AsyncDatabase
from kg.db import Row

AssessmentKey = tuple[str, str, str]


def _by_key(
    db: AsyncDatabase, name: str, param: str, key: Callable[[Row], Any], encode: Callable[[Any], Any] = lambda k: k,
) -> Callable[[Sequence[Any]], Coroutine[Any, Any, list[Row | None]]]:
    """A batch function: one named query for all keys; a key with no row loads as None."""

    async def load(keys: Sequence[Any]) -> list[Row | None]:
        rows = await db.read(name, **{param: [encode(k) for k in keys]})
        found = {key(row): row for row in rows}
        return [found.get(k) for k in keys]

    return load


class Loaders:
    """The DataLoaders of one request."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.db = db
        self.work = DataLoader(_by_key(db, "api_works_by_ids", "ids", lambda r: r["id"]))
        self.work_licenses = DataLoader(_by_key(db, "api_work_licenses", "ids", lambda r: r["id"]))
        self.license = DataLoader(_by_key(db, "api_licenses_by_ids", "ids", lambda r: r["id"]))
        self.work_assessments = DataLoader(_by_key(db, "api_work_assessments", "ids", lambda r: r["id"]))
        self.assessment: DataLoader[AssessmentKey, Row | None] = DataLoader(_by_key(
            db, "api_assessments_by_keys", "keys", lambda r: (r["work"], r["policy"], r["form"]),
            lambda k: {"work": k[0], "policy": k[1], "form": k[2]},
        ))
        self.lineage = DataLoader(self._fingerprints)
        self.kb = DataLoader(self._kb_version)

    async def _fingerprints(self, ids: Sequence[str]) -> list[str | None]:
        current = fingerprints(await self.db.read("lineage_fingerprint", ids=list(ids)))
        return [current.get(i) for i in ids]

    async def _kb_version(self, keys: Sequence[str]) -> list[str | None]:
        rows = await self.db.read("kb_version")
        return [rows[0]["version"] if rows else None for _ in keys]

    async def kb_version(self) -> str | None:
        """The KB version in the graph: one query per request, however many fields ask."""
        return await self.kb.load("kb")

    def forget(self) -> None:
        """Drop what was loaded: a mutation in this request changed the graph."""
        for loader in (self.work, self.work_licenses, self.work_assessments, self.assessment, self.lineage, self.kb):
            loader.clear_all()
