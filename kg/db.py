"""The one place kg talks to Neo4j: the official driver, managed transactions, named queries.

Reads go through `execute_read` so a `neo4j://` cluster routes them to readers; writes through
`execute_write`, so transient errors are retried. Every value is passed as a parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, NotificationDisabledClassification
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from kg.config import Settings
from kg.errors import KgError, Neo4jUnavailable
from kg.queries import query, statements

T = TypeVar("T")
Row = dict[str, Any]


class Transaction:
    """A managed transaction that runs kg's named queries."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx

    def run(self, name: str, **params: Any) -> list[Row]:
        return self._data(query(name), params)

    def run_text(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run Cypher the user typed (analyst queries); still parameterised."""
        return self._data(cypher, params or {})

    def _data(self, cypher: str, params: dict[str, Any]) -> list[Row]:
        try:
            return self._tx.run(cypher, params).data()
        except TransientError as error:
            if error.code in NOT_RETRYABLE:  # the same work would fail the same way: do not retry it
                raise translated(error) from None
            raise


class Database:
    """A driver bound to one database. Use `Database.connect()` or the `connect()` context."""

    def __init__(self, driver: neo4j.Driver, database: str | None = None) -> None:
        self.driver = driver
        self.database = database

    def _session(self, access: str) -> neo4j.Session:
        return self.driver.session(database=self.database, default_access_mode=access)

    def read_tx(self, work: Callable[[Transaction], T]) -> T:
        with self._session(neo4j.READ_ACCESS) as session, _translated():
            return session.execute_read(lambda tx: work(Transaction(tx)))

    def write_tx(self, work: Callable[[Transaction], T]) -> T:
        """Run `work` in one write transaction: all of it lands, or none of it."""
        with self._session(neo4j.WRITE_ACCESS) as session, _translated():
            return session.execute_write(lambda tx: work(Transaction(tx)))

    @contextmanager
    def hold(self, name: str, **params: Any) -> Iterator[None]:
        """Run a named query in a write transaction kept open while the block runs, to hold the
        locks it takes (other transactions that want them wait); rolled back at the end, and by
        Neo4j if this process dies, so a crash never leaves a lock behind."""
        with self._session(neo4j.WRITE_ACCESS) as session, _translated():
            tx = session.begin_transaction()
            try:
                tx.run(query(name), params).consume()
                yield
            finally:
                tx.close()

    def read(self, name: str, **params: Any) -> list[Row]:
        return self.read_tx(lambda tx: tx.run(name, **params))

    def write(self, name: str, **params: Any) -> list[Row]:
        return self.write_tx(lambda tx: tx.run(name, **params))

    def apply_schema(self) -> None:
        """Create kg's constraints and indexes (idempotent: every statement is IF NOT EXISTS)."""
        for statement in statements("schema"):
            with self._session(neo4j.WRITE_ACCESS) as session, _translated():
                session.execute_write(lambda tx, s=statement: tx.run(s).consume())

    def close(self) -> None:
        self.driver.close()


#: driver options for every kg driver, sync or async: deprecations and performance hints stay on;
#: "unrecognized" notes (a label not created yet, as on an empty graph) are noise for kg's fixed queries.
DRIVER_OPTIONS: dict[str, Any] = {
    "notifications_min_severity": "WARNING",
    "notifications_disabled_classifications": [NotificationDisabledClassification.UNRECOGNIZED],
}


def driver_target(settings: Settings) -> tuple[str, tuple[str, str] | None]:
    """The URI and auth of kg's Neo4j: `NEO4J_URI`, or the embedded Neo4j (started if needed)."""
    if settings.neo4j_uri:
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        return settings.neo4j_uri, auth
    from kg.embedded import ensure_running

    return ensure_running(settings), None


def unreachable(uri: str, error: Exception) -> Neo4jUnavailable:
    """One line saying why Neo4j at `uri` did not answer a connectivity check."""
    if isinstance(error, AuthError):
        return Neo4jUnavailable(f"Neo4j at {uri} refused the credentials: check NEO4J_USER/NEO4J_PASSWORD ({error.message})")
    reason = " ".join(str(error).split())  # the driver's message spans lines; kg prints one
    return Neo4jUnavailable(f"cannot reach Neo4j at {uri}: {reason}. Is it running? (unset NEO4J_URI to use the embedded one)")


#: what a failed connectivity check raises
CONNECT_ERRORS = (AuthError, ServiceUnavailable, SessionExpired, OSError, ValueError)


def open_database(settings: Settings | None = None) -> Database:
    """Connect to `NEO4J_URI`, or start (if needed) the embedded Neo4j and connect to it."""
    settings = settings or Settings.from_env()
    uri, auth = driver_target(settings)
    driver = GraphDatabase.driver(uri, auth=auth, **DRIVER_OPTIONS)
    try:
        driver.verify_connectivity()
    except CONNECT_ERRORS as error:
        driver.close()
        raise unreachable(uri, error) from None
    return Database(driver, settings.neo4j_database)


@contextmanager
def connect(settings: Settings | None = None) -> Iterator[Database]:
    db = open_database(settings)
    try:
        yield db
    finally:
        db.close()


def translated(error: Neo4jError | ServiceUnavailable | SessionExpired) -> KgError:
    """A driver failure during a query, as a one-line error for the user."""
    if isinstance(error, (ServiceUnavailable, SessionExpired)):
        return Neo4jUnavailable(f"Neo4j went away: {' '.join(str(error).split())}")
    if isinstance(error, ClientError):
        return KgError(f"Neo4j refused the query: {error.code}: {error.message}")
    return KgError(f"Neo4j failed: {error.code}: {error.message}")


#: transient errors that recur when the same transaction is tried again (it is too big for the heap)
NOT_RETRYABLE = frozenset({"Neo.TransientError.General.MemoryPoolOutOfMemoryError", "Neo.TransientError.General.OutOfMemoryError"})

#: what `translated` turns into a KgError
QUERY_ERRORS = (ServiceUnavailable, SessionExpired, Neo4jError)


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except QUERY_ERRORS as error:
        raise translated(error) from None
