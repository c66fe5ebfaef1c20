"""Loading the license KB into Neo4j: the whole KB loads, a second load changes nothing, a changed
KB is updated in place, the graph keeps its contract with the engine, and the analyst queries
answer. Runs against the real Neo4j of the `db` fixture."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from kb_reads import dump_kb, license_from_graph
from neo4j import NotificationClassification
from typer.testing import CliRunner

from kg.cli import app
from kg.db import Database
from kg.licenses.catalog import Catalog, load_catalog
from kg.licenses.graph import family, kb_version, load_kb, restrictiveness
from kg.queries import query
from kg.resources import resource_dir
from kg.vocabulary import Form, Method

T = TypeVar("T")
KB = resource_dir("licenses")
CYPHER = resource_dir("cypher")


class CountingDatabase:
    """Stands in for `Database.write_tx` and `read`: records each named statement's counters and
    the notifications Neo4j raised (deprecations above all)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.counters: dict[str, dict[str, int]] = {}
        self.notifications: list[tuple[str, str, str]] = []

    def _run(self, tx: Any, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        result = tx.run(query(name), params)
        rows = result.data()
        summary = result.consume()
        counters = summary.counters
        self.counters[name] = {
            field: getattr(counters, field)
            for field in ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
                          "properties_set", "labels_added", "labels_removed")
        }
        for status in summary.gql_status_objects:
            if status.is_notification and status.classification in (
                NotificationClassification.DEPRECATION, NotificationClassification.PERFORMANCE,
            ):
                self.notifications.append((name, status.gql_status, status.status_description))
        return rows

    def write_tx(self, work: Callable[[Any], T]) -> T:
        outer = self

        class Tx:
            def __init__(self, tx: Any) -> None:
                self.tx = tx

            def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
                return outer._run(self.tx, name, params)

        with self.db.driver.session(database=self.db.database) as session:
            return session.execute_write(lambda tx: work(Tx(tx)))

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        with self.db.driver.session(database=self.db.database) as session:
            return session.execute_read(lambda tx: self._run(tx, name, params))

    def total(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for counts in self.counters.values():
            for field, value in counts.items():
                totals[field] = totals.get(field, 0) + value
        return totals


def small_kb(directory: Path, ids: list[str]) -> Path:
    """A KB of some of the real license files, relicensing lists cut to the licenses present."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in directory.glob("*.yaml"):
        path.unlink()
    for license_id in ids:
        data = yaml.safe_load((KB / f"{license_id}.yaml").read_text(encoding="utf-8"))
        if data.get("relicensing"):
            for field in ("compatible", "incompatible"):
                data["relicensing"][field] = [t for t in data["relicensing"].get(field, []) if t in ids]
        (directory / f"{license_id}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    shutil.copy(KB / "_activities.yaml", directory / "_activities.yaml")
    return directory


def edit(directory: Path, license_id: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = directory / f"{license_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def without_load_time(dump: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    nodes = [
        {**n, "properties": {k: v for k, v in n["properties"].items() if k != "loaded_at"}}
        for n in dump["nodes"]
    ]
    return {"nodes": nodes, "relationships": dump["relationships"]}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# -- the whole KB -----------------------------------------------------------------------------------


def test_the_whole_kb_loads(db: Database, catalog: Catalog) -> None:
    counting = CountingDatabase(db)
    report = load_kb(counting, catalog)  # type: ignore[arg-type]
    n = len(catalog.licenses)
    assert report.licenses == n and report.terms == n * len(Method) * len(Form)
    assert report.changed > 0
    assert counting.notifications == [], "Cypher raised deprecation or performance notifications"

    dump = dump_kb(db)
    labels = [n["labels"][0] for n in dump["nodes"]]
    assert labels.count("License") == n
    assert labels.count("Term") == n * 30
    assert labels.count("KnowledgeBase") == 1
    assert {n["properties"]["name"] for n in dump["nodes"] if "ActivityType" in n["labels"]} == set(catalog.rights.activities)
    assert {n["properties"]["name"] for n in dump["nodes"] if "Policy" in n["labels"]} == set(catalog.rights.policies)
    has_term = [r for r in dump["relationships"] if r["type"] == "HAS_TERM"]
    assert len(has_term) == n * 30

    loaded = kb_version(db)
    assert loaded is not None
    assert (loaded["version"], loaded["licenses"]) == (catalog.version, n)
    assert loaded["loaded_at"]


def test_a_second_load_changes_nothing(db: Database, catalog: Catalog) -> None:
    load_kb(db, catalog)
    before = dump_kb(db)
    counting = CountingDatabase(db)
    report = load_kb(counting, catalog)  # type: ignore[arg-type]
    assert report.changed == 0, report.changes
    totals = counting.total()
    assert totals["properties_set"] == 0, counting.counters
    assert totals["relationships_created"] == 0 and totals["nodes_created"] == 0, counting.counters
    assert totals["relationships_deleted"] == 0 and totals["nodes_deleted"] == 0, counting.counters
    assert dump_kb(db) == before  # loaded_at included: it moves only when the KB changes


def test_every_statement_is_reported(db: Database, catalog: Catalog) -> None:
    report = load_kb(db, catalog)
    kb_files = {p.stem for p in CYPHER.glob("kb_*.cypher")} - {"kb_version", "kb_license", "kb_dump"}
    assert set(report.changes) == kb_files


def test_a_changed_kb_is_updated_in_place(db: Database, tmp_path: Path) -> None:
    ids = ["MIT", "Apache-2.0", "GPL-3.0-only", "AGPL-3.0-only", "CC-BY-SA-4.0", "CC-BY-NC-4.0",
           "Llama-2", "CreativeML-OpenRAIL-M", "OpenRAIL"]
    directory = small_kb(tmp_path / "kb", ids)
    first = load_catalog(directory)
    load_kb(db, first)
    llama_terms = {(t["activity"], t["form"]) for t in license_from_graph(db, "Llama-2")["terms"]}
    assert len(llama_terms) == 30

    # change the KB: drop a license, a grant, a duty, a restriction and a relicensing target;
    # change a term, a clause and a property; change what an activity needs
    small_kb(directory, [i for i in ids if i != "Llama-2"])
    edit(directory, "MIT", lambda d: d["grants"].pop("merge"))
    edit(directory, "MIT", lambda d: d.update(name="MIT License (edited)"))
    edit(directory, "Apache-2.0", lambda d: d["duties"].pop("include_notice"))
    edit(directory, "Apache-2.0", lambda d: d["reserves"]["trademark_use"].update(cite="6 (edited)"))
    edit(directory, "CreativeML-OpenRAIL-M", lambda d: d.update(runtime_restrictions=[]))
    edit(directory, "GPL-3.0-only", lambda d: d["relicensing"].update(compatible=[]))

    def split_mit_train(d: dict[str, Any]) -> None:
        for term in d["terms"]:
            if "train" in term["activities"]:
                term["activities"].remove("train")
        d["terms"] = [t for t in d["terms"] if t["activities"]]
        d["terms"].append({"activities": ["train"], "forms": ["raw", "binary", "saas"], "result": "independent",
                           "relicense": "yes", "cite": "edited", "note": "An edited term for the test."})

    edit(directory, "MIT", split_mit_train)
    activities = yaml.safe_load((directory / "_activities.yaml").read_text(encoding="utf-8"))
    activities["activities"]["train"] = ["use"]
    del activities["activities"]["embed"]
    (directory / "_activities.yaml").write_text(yaml.safe_dump(activities), encoding="utf-8")

    second = load_catalog(directory)
    assert second.version != first.version
    report = load_kb(db, second)
    assert report.changed > 0
    updated = without_load_time(dump_kb(db))

    assert license_from_graph(db, "Llama-2") is None
    assert all(n["properties"].get("license") != "Llama-2" for n in updated["nodes"])
    mit = license_from_graph(db, "MIT")
    assert mit["license"]["name"] == "MIT License (edited)"
    assert "merge" not in {g["right"] for g in mit["grants"]}
    assert {t["result"] for t in mit["terms"] if t["activity"] == "train"} == {"independent"}
    apache = license_from_graph(db, "Apache-2.0")
    assert {d["duty"] for d in apache["duties"]} == {"include_license"}
    assert apache["license"]["duties"] == ["include_license"]
    assert {r["cite"] for r in apache["reserves"]} == {"6 (edited)"}
    assert [r for r in license_from_graph(db, "CreativeML-OpenRAIL-M")["restrictions"] if r["kind"] == "runtime"] == []
    assert license_from_graph(db, "GPL-3.0-only")["relicensable_to"] == []
    assert kb_version(db)["version"] == second.version
    needs = {(r["from"], r["to"]) for r in updated["relationships"] if r["type"] == "NEEDS"}
    assert {to for frm, to in needs if frm == "ActivityType:train"} == {"Right:use"}
    assert not [n for n in updated["nodes"] if n["labels"] == ["ActivityType"] and n["properties"]["name"] == "embed"]

    # the graph is exactly what a fresh load of the changed KB gives
    db.write_tx(lambda tx: tx.run_text("MATCH (n) DETACH DELETE n"))
    load_kb(db, second)
    assert without_load_time(dump_kb(db)) == updated


def test_removing_and_re_adding_a_license_restores_it(db: Database, tmp_path: Path) -> None:
    catalog = load_catalog(small_kb(tmp_path / "kb", ["MIT", "Apache-2.0"]))
    load_kb(db, catalog)
    before = dump_kb(db)
    load_kb(db, load_catalog(small_kb(tmp_path / "kb", ["MIT"])))
    load_kb(db, catalog)
    after = dump_kb(db)
    assert without_load_time(after) == without_load_time(before)


# -- the contract with the analysis engine ----------------------------------------------------------

LICENSE_PROPERTIES = {
    "id", "name", "url", "spdx", "text", "aliases", "kinds", "categories", "revocable", "copyleft",
    "non_commercial", "disclose_source", "auto_relicensing", "behavioural", "public", "coverage", "duties",
    "use_restrictions", "runtime_restrictions", "restrictiveness",
}
TERM_PROPERTIES = {"license", "activity", "form", "result", "restrictions", "cite", "note"}


def test_graph_contract(db: Database, catalog: Catalog) -> None:
    load_kb(db, catalog)
    dump = dump_kb(db)
    for node in dump["nodes"]:
        props, label = node["properties"], node["labels"][0]
        if label == "License":
            assert LICENSE_PROPERTIES <= set(props), (props["id"], LICENSE_PROPERTIES - set(props))
            lic = catalog.get(props["id"])
            assert props.get("family") == family(lic.id)
            assert props["restrictiveness"] == restrictiveness(lic) and isinstance(props["restrictiveness"], int)
            assert ("version" in props) == (lic.version is not None)
            for flag in ("copyleft", "non_commercial", "disclose_source", "auto_relicensing", "behavioural", "public"):
                assert isinstance(props[flag], bool)
        elif label == "Term":
            assert TERM_PROPERTIES <= set(props)
            assert ("relicense" in props) == (props["result"] != "undefined")
        elif label in ("Right", "Duty", "ActivityType", "Policy"):
            assert set(props) == {"name"}
        elif label == "Restriction":
            assert set(props) == {"id"}
    types = {r["type"] for r in dump["relationships"]}
    assert types == {"GRANTS", "RESERVES", "REQUIRES", "IMPOSES", "HAS_TERM", "RELICENSABLE_TO",
                     "INCOMPATIBLE_WITH", "NEEDS"}
    for rel in dump["relationships"]:
        if rel["type"] in ("GRANTS", "RESERVES", "REQUIRES", "RELICENSABLE_TO", "INCOMPATIBLE_WITH"):
            assert set(rel["properties"]) >= {"cite"} and rel["properties"]["cite"]
        if rel["type"] == "IMPOSES":
            assert rel["properties"]["kind"] in ("use", "runtime")


def test_family_and_restrictiveness(catalog: Catalog) -> None:
    assert [family(i) for i in ("GPL-3.0-only", "LGPL-2.1-or-later", "AGPL-3.0-only", "LGPL-LR", "CC-BY-4.0", "CC0-1.0", "MIT")] == [
        "gnu", "gnu", "gnu", None, "cc", None, None]
    score = {i: restrictiveness(catalog.get(i)) for i in ("MIT", "Apache-2.0", "GPL-3.0-only", "CC-BY-4.0",
                                                           "CC-BY-NC-4.0", "CC-BY-NC-ND-4.0", "CC0-1.0")}
    assert score["CC0-1.0"] <= score["MIT"] < score["Apache-2.0"] < score["GPL-3.0-only"]
    assert score["CC-BY-4.0"] < score["CC-BY-NC-4.0"] < score["CC-BY-NC-ND-4.0"]


# -- analyst queries --------------------------------------------------------------------------------


def test_every_query_file_is_headed_by_a_comment() -> None:
    for path in sorted(CYPHER.glob("*.cypher")):
        if path.stem.startswith(("kb_", "analyst_")):
            assert path.read_text(encoding="utf-8").startswith("// "), path.name


def test_analyst_queries(db: Database, catalog: Catalog) -> None:
    load_kb(db, catalog)
    counting = CountingDatabase(db)

    noncommercial = {r["license"] for r in counting.read("analyst_noncommercial_licenses")}
    assert {"CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0", "OPT-175B"} <= noncommercial
    assert not {"MIT", "Apache-2.0", "CC-BY-4.0", "Llama-2"} & noncommercial

    silent = {r["license"] for r in counting.read("analyst_licenses_by_term_result", activity="train", result="undefined")}
    assert {"MIT", "Apache-2.0", "CC-BY-4.0"} <= silent
    assert "Llama-2" not in silent  # Llama 2 speaks to training (1.b.v)

    targets = counting.read("analyst_relicense_targets", license="CC-BY-SA-4.0", result="derivative")
    assert {r["target"] for r in targets} >= {"CC-BY-SA-4.0", "GPL-3.0-only"}
    assert all(r["rules"] == ["conditional"] for r in targets)
    mit = counting.read("analyst_relicense_targets", license="MIT", result="derivative")
    assert [(r["target"], r["rules"]) for r in mit] == [("MIT", ["yes"])]

    granting = {r["license"] for r in counting.read("analyst_licenses_granting_right", right="patent_use")}
    assert "Apache-2.0" in granting and "CC-BY-4.0" not in granting
    reserving = counting.read("analyst_licenses_reserving_right", right="commercial_use")
    assert "CC-BY-NC-4.0" in {r["license"] for r in reserving} and all(r["cite"] for r in reserving)

    distill = counting.read("analyst_terms_by_activity", activity="distill")
    assert len(distill) == 3 * len(catalog.licenses)
    llama = counting.read("analyst_licenses_with_restriction", restriction="no_improve_other_llms")
    assert "Llama-2" in {r["license"] for r in llama}
    assert counting.notifications == []


def test_cli_load(run_kg: Any, kg_env: dict[str, str]) -> None:
    first = run_kg("licenses", "load", env=kg_env)
    assert first.returncode == 0, first.stderr
    assert "loaded" in first.stdout
    second = run_kg("licenses", "load", env=kg_env)
    assert second.returncode == 0, second.stderr
    assert "up to date" in second.stdout and "nothing changed" in second.stdout


def test_cli_list_and_show() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["licenses", "list"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "CC-BY-NC-4.0" in listed.output
    only_nc = runner.invoke(app, ["licenses", "list", "--category", "non_commercial"], env={"COLUMNS": "200"})
    assert "CC-BY-NC-4.0" in only_nc.output and "| MIT " not in only_nc.output and "│ MIT " not in only_nc.output
    shown = runner.invoke(app, ["licenses", "show", "llama2"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "Llama-2" in shown.output and "1.b.v" in shown.output
    missing = runner.invoke(app, ["licenses", "show", "no-such-license"])
    assert missing.exit_code != 0 and "no license" in str(missing.exception)
    resolved = runner.invoke(app, ["licenses", "resolve", "MIT OR gpl-2.0+"])
    assert resolved.exit_code == 0 and "GPL-2.0-or-later" in resolved.output
    unknown = runner.invoke(app, ["licenses", "resolve", "bsd"])
    assert unknown.exit_code == 1 and "ambiguous" in unknown.output
