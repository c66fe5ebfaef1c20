"""What every resolver reaches through `info.context`: the request, the async reader, the
request's loaders, the API settings, and the writer that runs kg's sync engine and importer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from kg.api.db import FAST_FAIL, AsyncDatabase
from kg.api.loaders import Loaders
from kg.api.settings import ApiSettings
from kg.config import Settings
from kg.db import Database, open_database
from kg.errors import Neo4jUnavailable
from kg.prepare import prepare

T = TypeVar("T")


class Writer:
    """Runs writes (import, assessment) with kg's sync `Database` in a worker thread.

    The engine and the importer are synchronous and hold a transaction for the whole step, so
    they run off the event loop; the connection is opened (and the schema and KB made current)
    on the first write, so a read-only server never needs one. When Neo4j is away a write fails
    at once (a connectivity check first, short connection and retry times), rather than after the
    driver's 30 s of retries with every other write queued behind it."""

    def __init__(self, settings: Settings, reader: AsyncDatabase) -> None:
        self.settings = settings
        self.reader = reader
        self._db: Database | None = None
        self._lock = asyncio.Lock()

    async def run(self, work: Callable[[Database], T]) -> T:
        if await self.reader.check():
            raise Neo4jUnavailable("Neo4j is not reachable")
        async with self._lock:  # one write at a time: the engine re-determines shared works
            if self._db is None:
                self._db = await run_in_threadpool(self._open)
            return await run_in_threadpool(work, self._db)

    def _open(self) -> Database:
        db = open_database(self.settings, **FAST_FAIL)
        try:
            prepare(db)
        except Exception:
            db.close()
            raise
        return db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


@dataclass
class Context:
    request: Request
    db: AsyncDatabase
    loaders: Loaders
    api: ApiSettings
    writer: Writer
