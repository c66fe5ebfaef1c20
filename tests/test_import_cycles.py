"""Lineage cycles at import: refused per derivation, named in order in a short line, never closed by
two imports at once, and no false cycle when a second file describes a chain the graph holds.

Pure cycle finding and wording are unit tests; the rest imports manifests into the real Neo4j.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.db import Database
from kg.errors import InputError
from kg.lineage.cycles import describe, find_cycle
from kg.lineage.importer import import_manifest


def write(tmp_path: Path, name: str, manifest: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return path


def load(db: Database, tmp_path: Path, name: str, manifest: dict[str, Any]) -> Path:
    path = write(tmp_path, name, manifest)
    import_manifest(db, path)
    return path


def edges(db: Database) -> list[tuple[str, str, list[str]]]:
    rows = db.read_tx(lambda tx: tx.run_text(
        "MATCH (a:Work)-[r:MIX|SUB|AUX]->(b:Work) RETURN a.id AS a, b.id AS b, r.sources AS sources ORDER BY a, b"))
    return [(r["a"], r["b"], r["sources"]) for r in rows]


def chain(prefix: str, length: int) -> dict[str, Any]:
    """`prefix-0` (a work) and `length` fine-tunes, each of the one before."""
    return {
        "works": [{"id": f"{prefix}-0", "type": "model", "license": "MIT"}],
        "derivations": [{"method": "finetune", "inputs": [f"{prefix}-{i - 1}"], "output": {"id": f"{prefix}-{i}"}}
                        for i in range(1, length + 1)],
    }


# ------------------------------------------------------------------------------- no database


def test_find_cycle_returns_the_cycle_in_order() -> None:
    graph = {"a": ["b"], "b": ["c", "x"], "c": ["a"], "x": []}
    cycle = find_cycle(graph)
    assert cycle is not None and cycle[0] == cycle[-1] and len(cycle) == 4
    for here, there in zip(cycle, cycle[1:], strict=False):
        assert there in graph[here]
    assert find_cycle({"a": ["b"], "b": ["c"], "c": []}) is None
    assert find_cycle({"a": ["a"]}) == ["a", "a"]


def test_find_cycle_handles_a_cycle_longer_than_the_recursion_limit() -> None:
    n = 100_000
    graph = {f"w{i}": [f"w{(i + 1) % n}"] for i in range(n)}
    cycle = find_cycle(graph)
    assert cycle is not None and len(cycle) == n + 1


def test_a_long_cycle_is_named_in_a_short_line() -> None:
    cycle = [f"org/model-{i}" for i in range(100_000)] + ["org/model-0"]
    text = describe(cycle)
    assert len(text) < 300 and "\n" not in text
    assert text.startswith("through 100000 works (each relies on the next): ")
    assert "org/model-0 -> org/model-1 -> org/model-2" in text and "org/model-99999 -> org/model-0" in text
    assert describe(["a" * 10_000, "a" * 10_000]).count("a") < 300


# ------------------------------------------------------------------------------- on Neo4j


def test_a_second_file_describing_an_existing_chain_is_not_a_cycle(lineage_db: Database, tmp_path: Path) -> None:
    first = load(lineage_db, tmp_path, "first.yaml", chain("c", 4))
    second = load(lineage_db, tmp_path, "second.yaml", chain("c", 4))  # refused as a cycle before
    both = sorted([str(first.resolve()), str(second.resolve())])
    assert edges(lineage_db) == [(f"c-{i}", f"c-{i - 1}", both) for i in range(1, 5)]
    import_manifest(lineage_db, first)  # and again, each file
    import_manifest(lineage_db, second)
    assert edges(lineage_db) == [(f"c-{i}", f"c-{i - 1}", both) for i in range(1, 5)]


def test_a_derivation_closing_a_cycle_with_the_graph_is_refused_naming_it_in_order(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, "chain.yaml", chain("c", 3))  # c-3 -> c-2 -> c-1 -> c-0
    before = edges(lineage_db)
    closing = {"works": [{"id": "other", "type": "model", "license": "MIT"}],
               "derivations": [{"method": "finetune", "inputs": ["other"], "output": {"id": "side"}},
                               {"method": "finetune", "inputs": ["c-3"], "output": {"id": "c-0"}}]}
    with pytest.raises(InputError) as raised:
        load(lineage_db, tmp_path, "closing.yaml", closing)
    assert raised.value.path == "derivations[1]"
    assert raised.value.reason == ("lineage cycle: c-3 already relies on c-0, which this file derives from it, "
                                   "through 4 works (each relies on the next): c-0 -> c-3 -> c-2 -> c-1 -> c-0")
    assert edges(lineage_db) == before  # nothing written, not even the unrelated derivation
    assert lineage_db.read_tx(lambda tx: tx.run_text("MATCH (w:Work {id: 'side'}) RETURN w"))  == []


def test_a_long_cycle_through_the_graph_is_refused_in_one_short_line(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, "chain.yaml", chain("c", 2_000))
    with pytest.raises(InputError) as raised:
        load(lineage_db, tmp_path, "closing.yaml", {"derivations": [{"method": "modify", "inputs": ["c-2000"], "output": {"id": "c-0"}}]})
    message = str(raised.value)
    assert len(message) < 500 and "\n" not in message
    assert "lineage cycle: c-2000 already relies on c-0" in message and "through 2001 works" in message
    assert "c-0 -> c-2000 -> c-1999" in message


def test_a_cycle_within_one_file_is_named_in_order(lineage_db: Database, tmp_path: Path) -> None:
    manifest = {"works": [{"id": "seed", "type": "model", "license": "MIT"}],
                "derivations": [{"method": "finetune", "inputs": ["seed"], "output": {"id": "ok"}}]
                + [{"method": "modify", "inputs": [f"w{(i + 1) % 5000}"], "output": {"id": f"w{i}"}} for i in range(5000)]}
    with pytest.raises(InputError) as raised:
        load(lineage_db, tmp_path, "loop.yaml", manifest)
    assert len(str(raised.value)) < 500
    assert "lineage cycle through 5000 works" in raised.value.reason and "w0 -> w1 -> w2 -> w3 -> w4 -> … 4994 more … -> w4999 -> w0" in raised.value.reason
    assert raised.value.path == "derivations[1]"
    assert edges(lineage_db) == []


def test_two_imports_that_together_close_a_cycle_one_is_refused_and_none_hangs(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, "works.yaml", {"works": [{"id": "m", "type": "model", "license": "MIT"},
                                                         {"id": "n", "type": "model", "license": "MIT"}]})
    for attempt in range(3):
        # each alone is fine: n from m, and m from n; both make a cycle
        a = write(tmp_path, f"a{attempt}.yaml", {"derivations": [{"method": "modify", "inputs": ["m"], "output": {"id": "n"}}]})
        b = write(tmp_path, f"b{attempt}.yaml", {"derivations": [{"method": "modify", "inputs": ["n"], "output": {"id": "m"}}]})
        start = threading.Barrier(2)
        outcome: dict[str, BaseException | None] = {}

        def run(path: Path, start: threading.Barrier = start, outcome: dict[str, BaseException | None] = outcome) -> None:
            start.wait()
            try:
                import_manifest(lineage_db, path)
                outcome[path.name] = None
            except BaseException as error:  # noqa: BLE001 - the test inspects it
                outcome[path.name] = error

        threads = [threading.Thread(target=run, args=(p,), daemon=True) for p in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=180)
        assert not any(t.is_alive() for t in threads), "an import hangs"
        refused = [e for e in outcome.values() if e is not None]
        assert len(refused) == 1 and isinstance(refused[0], InputError) and "through 2 works" in str(refused[0])
        assert len(edges(lineage_db)) == 1  # the graph holds one of the two derivations
        lineage_db.write_tx(lambda tx: tx.run_text(
            "MATCH (s:Source) WHERE NOT s.file ENDS WITH 'works.yaml' DETACH DELETE s "
            "WITH count(*) AS gone MATCH (:Work)-[r:MIX|SUB|AUX]->(:Work) DELETE r "
            "WITH count(*) AS also MATCH (a:Activity) DETACH DELETE a"))
