"""The API's async counterpart of `kg.db.Database`: one async driver per process, reads only.

Queries are loaded by name from `cypher/` like everywhere else in kg; `queries` counts the Cypher
queries run, so tests can prove that DataLoaders batch (a page of 100 works costs what 10 do)."""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import AsyncGraphDatabase, AsyncManagedTransaction, unit_of_work

from kg.config import Settings
from kg.db import CONNECT_ERRORS, DRIVER_OPTIONS, QUERY_ERRORS, Row, driver_target, translated, unreachable
from kg.errors import KgError
from kg.queries import query

#: seconds a new connection may take: a dashboard gets NEO4J_UNAVAILABLE soon rather than hanging
CONNECT_TIMEOUT = 5.0
#: seconds a transaction may keep being retried when Neo4j is away (the driver's default is 30 s)
RETRY_TIME = 2.0
#: driver options of every API connection, reads and writes alike
FAST_FAIL: dict[str, Any] = {"connection_timeout": CONNECT_TIMEOUT, "max_transaction_retry_time": RETRY_TIME}


class AsyncDatabase:
    """An async driver bound to one database; every read is a managed `execute_read`."""

    def __init__(self, driver: neo4j.AsyncDriver, uri: str, database: str | None = None, timeout: float | None = None) -> None:
        self.driver = driver
        self.uri = uri
        self.database = database
        self.timeout = timeout
        self.queries = 0

    @classmethod
    def open(cls, settings: Settings, timeout: float | None = None) -> AsyncDatabase:
        """Create the driver; it connects lazily, so a Neo4j that is down shows in /readyz, not at start.

        `timeout`: each read's time budget in seconds, enforced by Neo4j (the API's KG_API_TIMEOUT)."""
        if not settings.neo4j_uri:
            raise KgError("the API needs a resolved Neo4j URI (kg serve starts the embedded Neo4j first)")
        uri, auth = driver_target(settings)
        driver = AsyncGraphDatabase.driver(uri, auth=auth, **FAST_FAIL, **DRIVER_OPTIONS)
        return cls(driver, uri, settings.neo4j_database, timeout)

    async def read(self, name: str, **params: Any) -> list[Row]:
        """Run the named query in a managed read transaction (retried on transient errors)."""
        self.queries += 1

        @unit_of_work(timeout=self.timeout)
        async def work(tx: AsyncManagedTransaction) -> list[Row]:
            result = await tx.run(query(name), params)
            return await result.data()

        try:
            async with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                return await session.execute_read(work)
        except QUERY_ERRORS as error:
            raise translated(error) from None

    async def check(self) -> str | None:
        """None when Neo4j answers, else the reason it does not (one line, for the server's log)."""
        try:
            await self.driver.verify_connectivity()
        except CONNECT_ERRORS as error:
            return str(unreachable(self.uri, error))
        return None

    async def close(self) -> None:
        await self.driver.close()
