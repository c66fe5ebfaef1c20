"""Large imports: staged, committed, then applied in bounded transactions, all or nothing.

`ONE_TRANSACTION` and `BATCH` are made small so a lineage of a few dozen works takes the staged
path with many steps; every write goes to the real Neo4j.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.db import Database
from kg.errors import InputError
from kg.lineage import importer
from kg.lineage.importer import import_manifest, plan_import
from kg.lineage.manifest import read_manifest


def write(tmp_path: Path, name: str, manifest: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return path


def query(db: Database, cypher: str) -> list[dict[str, Any]]:
    return db.read_tx(lambda tx: tx.run_text(cypher))


def dump(db: Database) -> list[str]:
    """Every lineage node and relationship with its properties (import times left out)."""
    nodes = query(db, "MATCH (n) WHERE n:Work OR n:Activity OR n:Source OR n:Release OR n:Alias "
                      "RETURN labels(n) AS l, properties(n) AS p")
    rels = query(db, "MATCH (a)-[r]->(b) WHERE (a:Work OR a:Activity OR a:Source OR a:Release OR a:Alias) "
                     "RETURN coalesce(a.id, a.file, a.work) AS a, type(r) AS r, properties(r) AS p, coalesce(b.id, b.file, b.work) AS b")
    for row in nodes:
        row["p"].pop("imported_at", None)
    return sorted(repr(sorted((k, sorted(v.items()) if isinstance(v, dict) else v) for k, v in r.items())) for r in nodes + rels)


def staging(db: Database) -> int:
    return query(db, "MATCH (n) WHERE n:ImportStep OR n:ImportJournal RETURN count(n) AS n")[0]["n"]


def family(size: int, license_: str = "MIT") -> dict[str, Any]:
    """A base, two datasets, a chain of fine-tunes and merges, releases: every kind of row."""
    derivations = []
    for i in range(1, size + 1):
        if i % 4 == 0 and i > 2:
            derivations.append({"method": "amalgamate", "inputs": [f"m{i - 1}", f"m{i - 2}"], "output": {"id": f"m{i}", "aliases": [f"alias-{i}"]}})
        else:
            derivations.append({"method": "finetune", "inputs": [f"m{i - 1}"], "aux": ["d1" if i % 2 else "d2"],
                                "output": {"id": f"m{i}", "license": license_ if i % 3 == 0 else None}})
    return {
        "works": [{"id": "m0", "type": "model", "license": "Apache-2.0"},
                  {"id": "d1", "type": "data", "license": "CC-BY-4.0"}, {"id": "d2", "type": "data"}],
        "derivations": derivations,
        "releases": [{"work": f"m{size}", "policy": "sell"}, {"work": "m1", "policy": "share"}],
    }


@pytest.fixture
def small_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "ONE_TRANSACTION", 10)
    monkeypatch.setattr(importer, "BATCH", 7)


def clear(db: Database) -> None:
    db.write_tx(lambda tx: tx.run_text("MATCH (n) WHERE n:Work OR n:Activity OR n:Release OR n:Source OR n:Alias "
                                       "OR n:ImportStep OR n:ImportJournal OR n:ImportDigest DETACH DELETE n"))


def test_a_staged_import_writes_what_one_transaction_writes(lineage_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "family.yaml"

    def history() -> list[list[str]]:
        """Import, import again (changes nothing), then a changed file (fewer works, another license)."""
        clear(lineage_db)
        write(tmp_path, "family.yaml", family(40))
        import_manifest(lineage_db, path)
        first = dump(lineage_db)
        import_manifest(lineage_db, path)
        again = dump(lineage_db)
        write(tmp_path, "family.yaml", family(20, "Apache-2.0"))
        import_manifest(lineage_db, path)
        return [first, again, dump(lineage_db)]

    whole = history()
    assert whole[0] == whole[1] and whole[1] != whole[2]
    monkeypatch.setattr(importer, "ONE_TRANSACTION", 10)
    monkeypatch.setattr(importer, "BATCH", 7)
    assert history() == whole and staging(lineage_db) == 0


def test_a_staged_import_refused_at_its_commit_leaves_nothing(lineage_db: Database, tmp_path: Path, small_steps: None) -> None:
    import_manifest(lineage_db, write(tmp_path, "family.yaml", family(30)))
    before = dump(lineage_db)
    closing = {  # the family's base made from its tip: a cycle through the graph; enough rows to be staged
        "works": [{"id": f"x{i}", "type": "data", "license": "MIT"} for i in range(20)],
        "derivations": [{"method": "modify", "inputs": ["m30"], "output": {"id": "m0"}}],
    }
    with pytest.raises(InputError, match=r"lineage cycle: m30 already relies on m0, .* through \d+ works"):
        import_manifest(lineage_db, write(tmp_path, "closing.yaml", closing))
    assert dump(lineage_db) == before and staging(lineage_db) == 0


def test_an_import_that_died_after_its_commit_is_completed_by_the_next_and_one_before_is_forgotten(
    lineage_db: Database, tmp_path: Path, small_steps: None
) -> None:
    path = write(tmp_path, "family.yaml", family(25))
    plan = plan_import(lineage_db, read_manifest(path), str(path))
    source = plan.source | {"imported_at": "2026-01-01T00:00:00+00:00", "digest": importer._digest(plan)}
    steps = importer._steps(plan, source, [])
    # as if the process died right after the commit: staged and committed, nothing applied
    importer._stage(lineage_db, plan, source["file"], steps)
    assert query(lineage_db, "MATCH (w:Work) RETURN count(w) AS n") == [{"n": 0}]  # readers see nothing yet
    # and another that died before its commit
    lineage_db.write_tx(lambda tx: tx.run("import_stage", token="dead", file="/nowhere.yaml", started="2026-01-01",
                                          steps=[{"seq": 0, "name": "works", "rows": "[]"}]))
    import_manifest(lineage_db, write(tmp_path, "other.yaml", {"works": [{"id": "x", "type": "data", "license": "MIT"}]}))
    assert staging(lineage_db) == 0
    assert query(lineage_db, "MATCH (w:Work) RETURN count(w) AS n") == [{"n": 3 + 25 + 1}]
    completed = dump(lineage_db)
    clear(lineage_db)
    import_manifest(lineage_db, path)
    import_manifest(lineage_db, tmp_path / "other.yaml")
    assert [r for r in dump(lineage_db)] == completed


def test_an_unchanged_file_is_not_written_again_unless_the_graph_lost_part_of_it(lineage_db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "family.yaml", family(12))
    import_manifest(lineage_db, path)
    before = dump(lineage_db)
    digest = "MATCH (d:ImportDigest {file: $file}) RETURN d.digest AS d"
    first = lineage_db.read_tx(lambda tx: tx.run_text(digest, {"file": str(path.resolve())}))
    import_manifest(lineage_db, path)
    assert dump(lineage_db) == before and lineage_db.read_tx(lambda tx: tx.run_text(digest, {"file": str(path.resolve())})) == first
    # the tip is removed (as the API's removeWork does): the same file brings it back
    lineage_db.write_tx(lambda tx: tx.run("api_remove_work", id="m12"))
    assert dump(lineage_db) != before
    import_manifest(lineage_db, path)
    assert dump(lineage_db) == before

