"""Read-only Cypher for analysts (`kg cypher`): the graph may be read, nothing else.

Whether a query only reads is decided from Neo4j's own plan of it (`EXPLAIN`), never by pattern
matching the text: the query type must be a read, and no operator of the plan may read files or
URLs (LOAD CSV), run an administration command (TERMINATE TRANSACTIONS, SHOW TRANSACTIONS or
SETTINGS, ...), write in batches, or call a procedure outside a short list of schema readers
(so no dbms.killConnections, dbms.queryJmx, db.clearQueryCaches ...). A read access session and a
transaction timeout back this up: Neo4j refuses writes in a read transaction, and a query that
runs too long is stopped by the server.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterator
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable, SessionExpired

from kg.db import Database, translated
from kg.errors import KgError

#: procedures that only describe the graph's schema or the server's version
READ_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties", "dbms.components",
})
#: SHOW commands that describe the schema or the callables (not sessions, settings or users)
READ_SHOW = frozenset({"ShowIndexes", "ShowConstraints", "ShowProcedures", "ShowFunctions"})
#: operators of administration commands and writes (by prefix)
ADMIN_PREFIXES = ("Show", "Terminate", "Create", "Drop", "Alter", "Grant", "Deny", "Revoke", "Rename",
                  "Start", "Stop", "Enable", "Assert", "Set", "Remove", "Delete", "DetachDelete", "Merge",
                  "Foreach", "TransactionForeach", "TransactionApply", "LoadCSV")


EXPLAIN = "EXPLAIN "


class Refused(KgError):
    """The query would do more than read the graph."""


def operators(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(operator, details) for every operator of a plan, depth first."""
    name = str(plan.get("operatorType", "")).split("@", 1)[0]
    arguments = plan.get("args") or plan.get("arguments") or {}
    yield name, str(arguments.get("Details", ""))
    for child in plan.get("children", []):
        yield from operators(child)


def refusal(query_type: str | None, plan: dict[str, Any] | None) -> str | None:
    """Why the planned query is not a plain read, or None when it is."""
    if query_type in ("w", "rw"):
        return "it writes to the graph"
    if not plan:
        return "Neo4j gave no plan for it"
    called = False
    for name, details in operators(plan):
        if name == "LoadCSV":
            return "LOAD CSV reads files and URLs"
        if name == "ProcedureCall":
            procedure = details.split("(", 1)[0].strip()
            if procedure not in READ_PROCEDURES:
                return f"procedure {procedure or '(unnamed)'} is not one of the read-only procedures kg allows ({', '.join(sorted(READ_PROCEDURES))})"
            called = True
        elif name.startswith(ADMIN_PREFIXES) and name not in READ_SHOW:
            return f"it is an administration command or a write ({name})"
    if query_type not in ("r", None) and not called:
        return "it changes the schema or the server"
    return None


def _refused_by_neo4j(error: ClientError) -> KgError:
    """Neo4j's one-line reason, its positions counted in the analyst's text, not in `EXPLAIN ` + text."""
    shift = len(EXPLAIN)

    def back(match: re.Match[str]) -> str:
        return f"(line 1, column {int(match[1]) - shift} (offset: {int(match[2]) - shift}))"

    message = re.sub(r"\(line 1, column (\d+) \(offset: (\d+)\)\)", back, error.message or "")
    message = " ".join(message.replace(f'"{EXPLAIN}', '"', 1).split())
    return KgError(f"Neo4j refused the query: {error.code}: {message}")


def _timed_out(error: Neo4jError) -> bool:
    return "TransactionTimedOut" in (error.code or "") or "Terminated" in (error.code or "")


def run_read_only(db: Database, text: str, params: dict[str, Any], timeout: float) -> list[dict[str, Any]]:
    """Plan `text`, refuse it unless it only reads, then run it in a read transaction of at most
    `timeout` seconds. Ctrl-C (KeyboardInterrupt) stops the query on the server too."""
    mark = {"kg_cypher": secrets.token_hex(8)}  # finds this query's transaction to stop it

    @neo4j.unit_of_work(timeout=timeout, metadata=mark)
    def explain(tx: neo4j.ManagedTransaction) -> tuple[str | None, dict[str, Any] | None]:
        summary = tx.run(EXPLAIN + text, params).consume()
        return summary.query_type, summary.plan

    @neo4j.unit_of_work(timeout=timeout, metadata=mark)
    def run(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
        return tx.run(text, params).data()

    # notifications (deprecations in the analyst's query) would print as log lines: not a kg error
    session = db.driver.session(database=db.database, default_access_mode=neo4j.READ_ACCESS,
                                notifications_min_severity="OFF")
    try:
        why = refusal(*session.execute_read(explain))
        if why:
            raise Refused(f"kg cypher only reads the graph; refused because {why}")
        rows = session.execute_read(run)
    except KeyboardInterrupt:
        _terminate(db, mark["kg_cypher"])
        with contextlib.suppress(Exception):
            session.close()  # returns once the server has stopped the query
        raise
    except ClientError as error:
        session.close()
        if _timed_out(error):
            raise KgError(f"the query ran longer than {timeout:g} s and was stopped (raise --timeout)") from None
        raise _refused_by_neo4j(error) from None
    except (ServiceUnavailable, SessionExpired, Neo4jError) as error:
        session.close()
        raise translated(error) from None
    session.close()
    return rows


def _terminate(db: Database, mark: str) -> None:
    """Stop, on the server, the transaction kg cypher marked with `mark` (a user may stop their own)."""
    with contextlib.suppress(Exception), db.driver.session(database=db.database) as session:
        ids = [row["id"] for row in session.run(
            "SHOW TRANSACTIONS YIELD transactionId AS id, metaData WHERE metaData.kg_cypher = $mark RETURN id", mark=mark)]
        if ids:
            session.run("TERMINATE TRANSACTIONS $ids", ids=ids).consume()
