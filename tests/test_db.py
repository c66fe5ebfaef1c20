"""kg.db on a real Neo4j: round trips, all-or-nothing writes, the schema, connection errors."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest
from neo4j.exceptions import TransientError

from kg.config import DEFAULT_QUERY_TIMEOUT, Settings
from kg.db import Database, QueryTimeout, connect, open_database
from kg.errors import KgError, Neo4jUnavailable
from kg.queries import statements
from kg.resources import resource_dir


def _count(db: Database, label: str = "Probe") -> int:
    return db.read_tx(lambda tx: tx.run_text(f"MATCH (n:{label}) RETURN count(n) AS n"))[0]["n"]


def test_driver_round_trip(db: Database) -> None:
    written = {"id": "probe-1", "name": "Ünïcode ✓ name", "tags": ["a", "b"], "size": 3, "share": 0.5}
    db.write_tx(lambda tx: tx.run_text("CREATE (p:Probe) SET p = $props", {"props": written}))

    rows = db.read_tx(lambda tx: tx.run_text("MATCH (p:Probe {id: $id}) RETURN p {.*} AS p", {"id": "probe-1"}))

    assert rows == [{"p": written}]


def test_every_test_starts_from_an_empty_database(db: Database) -> None:
    assert db.read_tx(lambda tx: tx.run_text("MATCH (n) RETURN count(n) AS n"))[0]["n"] == 0
    db.write_tx(lambda tx: tx.run_text("CREATE (:Probe {id: 'left-behind'})"))


def test_write_transaction_is_all_or_nothing(db: Database) -> None:
    def twice(tx):  # the second CREATE breaks the license_id constraint
        tx.run_text("CREATE (:Probe {id: 'first'})")
        tx.run_text("CREATE (:License {id: 'MIT'})")
        tx.run_text("CREATE (:License {id: 'MIT'})")

    with pytest.raises(KgError, match="ConstraintValidationFailed"):
        db.write_tx(twice)

    assert _count(db) == 0
    assert _count(db, "License") == 0


def test_schema_is_applied_and_idempotent(db: Database) -> None:
    db.apply_schema()  # a second time: every statement is IF NOT EXISTS
    names = {row["name"] for row in db.read_tx(lambda tx: tx.run_text("SHOW CONSTRAINTS YIELD name"))}
    assert {"license_id", "work_id", "release_key"} <= names


def test_settings_fixture_reaches_the_same_database(db: Database, settings: Settings) -> None:
    db.write_tx(lambda tx: tx.run_text("CREATE (:Probe {id: 'shared'})"))
    with connect(settings) as other:
        assert other.read_tx(lambda tx: tx.run_text("MATCH (p:Probe) RETURN p.id AS id")) == [{"id": "shared"}]


def test_unreachable_neo4j_names_the_uri(settings: Settings) -> None:
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(Neo4jUnavailable) as caught:
        open_database(replace(settings, neo4j_uri=f"bolt://127.0.0.1:{port}"))
    message = str(caught.value)
    assert message.startswith(f"cannot reach Neo4j at bolt://127.0.0.1:{port}")
    assert "unset NEO4J_URI" in message


MISSING_PARAMETER = "01N60"  # EXPLAIN is given no parameters


def test_no_query_raises_a_deprecation_or_performance_warning(db: Database) -> None:
    # Neo4j 5.26 plans every statement of every cypher/*.cypher file (EXPLAIN runs nothing) and
    # reports what it would deprecate or warn about: the Cypher must stay clean for the next LTS.
    names = sorted(path.stem for path in resource_dir("cypher").glob("*.cypher"))
    assert len(names) > 50
    warned: dict[str, list[str]] = {}
    with db.driver.session(database=db.database) as session:
        for name in names:
            for statement in statements(name):
                summary = session.run(f"EXPLAIN {statement}").consume()
                notes = [f"{s.gql_status}: {s.status_description}" for s in summary.gql_status_objects
                         if s.is_notification and s.severity.name == "WARNING" and s.gql_status != MISSING_PARAMETER]
                if notes:
                    warned[name] = notes
    assert warned == {}


LONG_READ = "UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n"


def test_every_transaction_has_a_time_budget(settings: Settings) -> None:
    with connect(replace(settings, query_timeout=0.5)) as short:
        began = time.monotonic()
        with pytest.raises(QueryTimeout, match="KG_QUERY_TIMEOUT"):
            short.read_tx(lambda tx: tx.run_text(LONG_READ))
        with pytest.raises(QueryTimeout):
            short.write_tx(lambda tx: tx.run_text(LONG_READ))
        assert time.monotonic() - began < 30  # stopped by Neo4j, not left to run for minutes
        assert short.read_tx(lambda tx: tx.run_text("RETURN 1 AS one")) == [{"one": 1}]  # the budget is per transaction


def _transient(code: str) -> TransientError:
    return TransientError._hydrate_neo4j(code=code, message="raised by the test")  # type: ignore[return-value]


def test_errors_that_would_recur_are_not_retried(db: Database) -> None:
    calls: list[int] = []

    def out_of_memory(tx: object) -> None:
        calls.append(1)
        raise _transient("Neo.TransientError.General.MemoryPoolOutOfMemoryError")

    began = time.monotonic()
    with pytest.raises(KgError, match="MemoryPoolOutOfMemoryError"):
        db.write_tx(out_of_memory)
    assert calls == [1] and time.monotonic() - began < 5  # once, not for the driver's 30 s of retries

    def deadlock_once(tx: object) -> str:  # an error that may pass is still retried
        calls.append(2)
        if calls.count(2) == 1:
            raise _transient("Neo.TransientError.Transaction.DeadlockDetected")
        return "done"

    assert db.write_tx(deadlock_once) == "done" and calls.count(2) == 2


def test_query_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "2.5")
    assert Settings.from_env().query_timeout == 2.5
    monkeypatch.delenv("KG_QUERY_TIMEOUT")
    assert Settings.from_env().query_timeout == DEFAULT_QUERY_TIMEOUT
    for bad in ("soon", "0", "-1", "inf", "nan"):
        monkeypatch.setenv("KG_QUERY_TIMEOUT", bad)
        with pytest.raises(KgError, match="KG_QUERY_TIMEOUT"):
            Settings.from_env()
