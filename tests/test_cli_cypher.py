"""`kg cypher` reads the graph and nothing else, decided from Neo4j's plan of the query; a
timeout and Ctrl-C stop a long query on the server, with one line."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.db import Database
from kg.readonly import refusal

Run = Callable[..., subprocess.CompletedProcess[str]]
LONG = "UNWIND range(1, 4000000000) AS x WITH x WHERE x % 7 = 99 RETURN count(x) AS n"


def _plan(*operators: tuple[str, str]) -> dict:
    plan: dict = {}
    for name, details in reversed(operators):
        plan = {"operatorType": f"{name}@neo4j", "args": {"Details": details}, "children": [plan] if plan else []}
    return plan


def test_refusal_reads_the_plan() -> None:
    assert refusal("r", _plan(("ProduceResults", "n"), ("NodeByLabelScan", "w:Work"))) is None
    assert refusal("r", _plan(("ProduceResults", "row"), ("LoadCSV", "row"))) == "LOAD CSV reads files and URLs"
    assert refusal("w", _plan(("ProduceResults", ""), ("Create", "(x)"))) == "it writes to the graph"
    assert "TerminateTransactions" in refusal("r", _plan(("ProduceResults", "x"), ("TerminateTransactions", "t")))
    assert "dbms.killConnections" in refusal("s", _plan(("ProcedureCall", "dbms.killConnections($a) :: (x)")))
    assert refusal("r", _plan(("ProcedureCall", "db.labels() :: (label :: STRING)"))) is None
    assert refusal("s", _plan(("ProcedureCall", "dbms.components() :: (name :: STRING)"))) is None
    assert refusal("r", _plan(("ProduceResults", "name"), ("ShowIndexes", "allIndexes"))) is None
    assert "ShowTransactions" in refusal("r", _plan(("ShowTransactions", "allTransactions")))
    assert refusal("r", None) == "Neo4j gave no plan for it"


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV reads files and URLs"),
        ("CREATE (:Work {id: 'sneaky'})", "it writes to the graph"),
        ("MATCH (w:Work) SET w.x = 1", "it writes to the graph"),
        ("CALL dbms.killConnections(['bolt-1'])", "procedure dbms.killConnections is not one of the read-only procedures"),
        ("CALL db.clearQueryCaches()", "procedure db.clearQueryCaches is not one of the read-only procedures"),
        ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "(TerminateTransactions)"),
        ("SHOW TRANSACTIONS", "(ShowTransactions)"),
        ("CREATE INDEX kg_test_index FOR (n:Nothing) ON (n.x)", "(CreateIndex)"),
    ],
)
def test_anything_but_a_read_is_refused(db: Database, run_kg: Run, kg_env: dict[str, str], query: str, why: str) -> None:
    done = run_kg("cypher", query, env=kg_env)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: kg cypher only reads the graph; refused because ")
    assert why in lines[0]
    assert db.read_tx(lambda tx: tx.run_text("MATCH (n) RETURN count(n) AS n"))[0]["n"] == 0
    assert db.read_tx(lambda tx: tx.run_text("SHOW INDEXES YIELD name WHERE name = 'kg_test_index' RETURN count(*) AS n"))[0]["n"] == 0


def test_a_read_works(db: Database, run_kg: Run, kg_env: dict[str, str], tmp_path: Path) -> None:
    db.write_tx(lambda tx: tx.run_text("CREATE (:Work {id: 'a'}), (:Work {id: 'b'})"))
    done = run_kg("cypher", "MATCH (w:Work) WHERE w.id <> $skip RETURN w.id AS id ORDER BY id", "-p", "skip=b",
                  "--format", "json", env=kg_env)
    assert done.returncode == 0 and done.stdout.strip() == '[\n  {\n    "id": "a"\n  }\n]'
    query = tmp_path / "labels.cypher"
    query.write_text("CALL db.labels() YIELD label RETURN label", encoding="utf-8")
    assert '"Work"' in run_kg("cypher", str(query), "--format", "json", env=kg_env).stdout
    bad = run_kg("cypher", "MATCH (", env=kg_env)
    assert bad.returncode == 2 and "column 8 (offset: 7)" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def _running(db: Database) -> int:
    return db.read_tx(lambda tx: tx.run_text(
        "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery STARTS WITH 'UNWIND range(1, 4000000000)' RETURN count(*) AS n"))[0]["n"]


def test_a_timeout_stops_a_long_query(db: Database, run_kg: Run, kg_env: dict[str, str]) -> None:
    done = run_kg("cypher", LONG, "--timeout", "1", env=kg_env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == "kg: the query ran longer than 1 s and was stopped (raise --timeout)"
    assert _running(db) == 0


def test_ctrl_c_stops_the_query_on_the_server(db: Database, run_kg: Run, kg_env: dict[str, str]) -> None:
    kg = subprocess.Popen([*run_kg.command, "cypher", LONG], env=kg_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while _running(db) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _running(db) == 1
    kg.send_signal(signal.SIGINT)
    out, err = kg.communicate(timeout=30)
    assert kg.returncode == 130 and err.strip() == "kg: interrupted" and "Traceback" not in out + err
    assert _running(db) == 0
