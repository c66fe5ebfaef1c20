"""The one place kg talks to Neo4j: the official driver, managed transactions, named queries.

Reads go through `execute_read` so a `neo4j://` cluster routes them to readers; writes through
`execute_write`, so transient errors are retried (but not those that would only recur, like a
transaction out of memory). Every transaction has a time budget (`Settings.query_timeout`,
KG_QUERY_TIMEOUT) that Neo4j itself enforces. Every value is passed as a parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, NotificationDisabledClassification, unit_of_work
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from kg.config import Settings
from kg.errors import KgError, Neo4jUnavailable
from kg.queries import query, statements

T = TypeVar("T")
Row = dict[str, Any]

#: Neo4j's codes for a transaction that ran past its time budget
TIMEOUT_CODES = frozenset({
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
})

#: "transient" errors that recur when the same transaction is tried again: retrying only waits longer
NEVER_RETRIED = frozenset({
    "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
    "Neo.TransientError.General.OutOfMemoryError",
    "Neo.TransientError.General.StackOverFlowError",
    "Neo.TransientError.General.TransactionMemoryLimit",
    "Neo.TransientError.Transaction.MaximumTransactionLimitReached",
})


class QueryTimeout(KgError):
    """Neo4j stopped a transaction that ran past its time budget."""


class _Final(Exception):
    """Carries an error out of a managed transaction so that the driver does not retry it."""

    def __init__(self, error: Neo4jError) -> None:
        super().__init__(str(error))
        self.error = error


def _once(work: Callable[[ManagedTransaction], T]) -> Callable[[ManagedTransaction], T]:
    """`work`, with the errors in NEVER_RETRIED made final (the driver retries only its own errors)."""

    def run(tx: ManagedTransaction) -> T:
        try:
            return work(tx)
        except TransientError as error:
            if error.code in NEVER_RETRIED:
                raise _Final(error) from None
            raise

    return run


class Transaction:
    """A managed transaction that runs kg's named queries."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx

    def run(self, name: str, **params: Any) -> list[Row]:
        return self._tx.run(query(name), params).data()

    def run_text(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run Cypher the user typed (analyst queries); still parameterised."""
        return self._tx.run(cypher, params or {}).data()


def named(name: str, **params: Any) -> Callable[[Transaction], list[Row]]:
    """The transaction function that runs one named query (for `read_tx` / `write_tx`)."""
    return lambda tx: tx.run(name, **params)


class Database:
    """A driver bound to one database. Use `Database.connect()` or the `connect()` context."""

    def __init__(self, driver: neo4j.Driver, database: str | None = None, timeout: float | None = None) -> None:
        self.driver = driver
        self.database = database
        self.timeout = timeout

    def _session(self, access: str) -> neo4j.Session:
        return self.driver.session(database=self.database, default_access_mode=access)

    def _unit(self, work: Callable[[Transaction], T]) -> Callable[[ManagedTransaction], T]:
        return unit_of_work(timeout=self.timeout)(_once(lambda tx: work(Transaction(tx))))

    def read_tx(self, work: Callable[[Transaction], T]) -> T:
        with self._session(neo4j.READ_ACCESS) as session, _translated():
            return session.execute_read(self._unit(work))

    def write_tx(self, work: Callable[[Transaction], T]) -> T:
        """Run `work` in one write transaction: all of it lands, or none of it."""
        with self._session(neo4j.WRITE_ACCESS) as session, _translated():
            return session.execute_write(self._unit(work))

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
        return self.read_tx(named(name, **params))

    def write(self, name: str, **params: Any) -> list[Row]:
        return self.write_tx(named(name, **params))

    def apply_schema(self) -> None:
        """Create kg's constraints and indexes (idempotent: every statement is IF NOT EXISTS)."""
        for statement in statements("schema"):
            with self._session(neo4j.WRITE_ACCESS) as session, _translated():
                session.execute_write(unit_of_work(timeout=self.timeout)(lambda tx, s=statement: tx.run(s).consume()))

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
    from kg.embedded import credentials, ensure_running

    return ensure_running(settings), credentials(settings)


def unreachable(uri: str, error: Exception) -> Neo4jUnavailable:
    """One line saying why Neo4j at `uri` did not answer a connectivity check."""
    if isinstance(error, AuthError):
        return Neo4jUnavailable(f"Neo4j at {uri} refused the credentials: check NEO4J_USER/NEO4J_PASSWORD, or for the "
                                f"embedded Neo4j KG_HOME/neo4j.password ({error.message})")
    reason = " ".join(str(error).split())  # the driver's message spans lines; kg prints one
    return Neo4jUnavailable(f"cannot reach Neo4j at {uri}: {reason}. Is it running? (unset NEO4J_URI to use the embedded one)")


#: what a failed connectivity check raises
CONNECT_ERRORS = (AuthError, ServiceUnavailable, SessionExpired, OSError, ValueError)


def open_database(settings: Settings | None = None, **driver_options: Any) -> Database:
    """Connect to `NEO4J_URI`, or start (if needed) the embedded Neo4j and connect to it.

    `driver_options` reach the driver (the API passes short connection and retry times)."""
    settings = settings or Settings.from_env()
    uri, auth = driver_target(settings)
    driver = GraphDatabase.driver(uri, auth=auth, **DRIVER_OPTIONS, **driver_options)
    try:
        driver.verify_connectivity()
    except CONNECT_ERRORS as error:
        driver.close()
        raise unreachable(uri, error) from None
    return Database(driver, settings.neo4j_database, settings.query_timeout)


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
    if isinstance(error, Neo4jError) and error.code in TIMEOUT_CODES:
        return QueryTimeout("Neo4j stopped the query: it ran past its time budget (KG_QUERY_TIMEOUT seconds)")
    if isinstance(error, ClientError):
        return KgError(f"Neo4j refused the query: {error.code}: {error.message}")
    return KgError(f"Neo4j failed: {error.code}: {error.message}")


#: what `translated` turns into a KgError
QUERY_ERRORS = (ServiceUnavailable, SessionExpired, Neo4jError)


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except _Final as final:
        raise translated(final.error) from None
    except QUERY_ERRORS as error:
        raise translated(error) from None
