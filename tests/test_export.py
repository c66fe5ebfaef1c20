"""`kg export`: the kg manifest and the CycloneDX 1.6 ML-BOM both rebuild the same graph, and the BOM
is valid against the CycloneDX 1.6 schema (the library's validator) and carries kg's verdict.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from kg.analysis.engine import assess
from kg.db import Database
from kg.errors import NotFound
from kg.export import lineage
from kg.export.cyclonedx import to_cyclonedx
from kg.lineage.importer import import_document, import_manifest
from kg.loaders.formats import read
from kg.resources import resource_dir

SPDX_FAMILY = Path(__file__).parent / "fixtures" / "spdx" / "llama2-family.spdx.json"
HF = "pkg:huggingface/"
MERGE, SQL_DATA = HF + "acme/llama-2-7b-merge", HF + "datasets/acme/sql-instruct"


def query(db: Database, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return db.read_tx(lambda tx: tx.run_text(cypher, params))


def snapshot(db: Database) -> dict[str, Any]:
    """Works (type, form, declared license, what kg could not resolve), reliance edges, DECLARES."""
    works = query(db, "MATCH (w:Work) RETURN w.id AS id, w.type AS type, w.form AS form, w.name AS name, "
                      "w.license_expression IS NULL AS unlicensed, size(coalesce(w.unknown_licenses, [])) AS unknown ORDER BY id")
    edges = query(db, "MATCH (o:Work)-[r:MIX|SUB|AUX]->(t:Work) RETURN o.id AS o, type(r) AS kind, r.activity AS a, t.id AS t ORDER BY o, t")
    declares = query(db, "MATCH (w:Work)-[d:DECLARES]->(l) RETURN w.id AS w, d.alternative AS alt, l.id AS l ORDER BY w, alt, l")
    return {"works": works, "edges": edges, "declares": declares}


def empty(db: Database) -> None:
    db.write_tx(lambda tx: tx.run_text("MATCH (n) WHERE n:Work OR n:Activity OR n:Release OR n:Assessment OR n:Finding "
                                       "OR n:Issue OR n:Source OR n:Alias DETACH DELETE n"))


@pytest.fixture
def lineage_graph(settings: Any, lineage_db: Database) -> Database:
    """The seven ModelGo case studies (every method, forms, distillation students) and the Llama 2 family.
    `settings` first: it empties the database, which must happen before the graph is built."""
    for example in sorted(resource_dir("examples").glob("case*.yaml")):
        import_manifest(lineage_db, example)
    for document in read([SPDX_FAMILY]):
        import_document(lineage_db, document)
    return lineage_db


def reimport(db: Database, path: Path) -> dict[str, Any]:
    assert len(snapshot(db)["edges"]) >= 60  # the graph exported is the whole fixture, not a trivial one
    empty(db)
    for document in read([path]):
        import_document(db, document)
    return snapshot(db)


def test_the_kg_manifest_round_trips(lineage_graph: Database, run_kg: Callable[..., subprocess.CompletedProcess[str]],
                                     kg_env: dict[str, str], tmp_path: Path) -> None:
    before = snapshot(lineage_graph)
    out = tmp_path / "lineage.yaml"
    done = run_kg("export", "--all", "--format", "kg", "--out", str(out), env=kg_env)
    assert done.returncode == 0, done.stderr
    assert reimport(lineage_graph, out) == before


def test_the_cyclonedx_bom_validates_and_round_trips(lineage_graph: Database, run_kg: Callable[..., subprocess.CompletedProcess[str]],
                                                     kg_env: dict[str, str], tmp_path: Path) -> None:
    before = snapshot(lineage_graph)
    out = tmp_path / "lineage.cdx.json"
    done = run_kg("export", "--all", "--format", "cyclonedx", "--out", str(out), env=kg_env)
    assert done.returncode == 0, done.stderr
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(out.read_text()) is None
    assert reimport(lineage_graph, out) == before
    out17 = tmp_path / "lineage-1.7.cdx.json"
    done = run_kg("export", "--all", "--format", "cyclonedx", "--spec-version", "1.7", "--out", str(out17), env=kg_env)
    assert done.returncode == 0, done.stderr
    assert json.loads(out17.read_text())["specVersion"] == "1.7"
    assert JsonStrictValidator(SchemaVersion.V1_7).validate_str(out17.read_text()) is None
    assert reimport(lineage_graph, out17) == before
    done = run_kg("export", "--all", "--format", "cyclonedx", "--spec-version", "1.5", env=kg_env)
    assert done.returncode == 2 and "kg exports CycloneDX 1.6 or 1.7, not '1.5'" in done.stderr and "Traceback" not in done.stderr


def test_the_bom_carries_the_verdict_and_the_lineage(lineage_graph: Database) -> None:
    assess(lineage_graph, MERGE, "sell")
    bom = to_cyclonedx(lineage(lineage_graph, [MERGE]))
    components = {c["bom-ref"]: c for c in bom["components"]}
    # the merge's upstream lineage only: 2 bases, the base model, 2 datasets and the merge itself
    assert len(components) == 6 and MERGE in components and HF + "acme/llama-2-7b-chat-lora" not in components
    merge = components[MERGE]
    props = [(p["name"], p["value"]) for p in merge["properties"]]
    assert ("kg:declared-license", "Apache-2.0") in props and ("kg:method", "amalgamate") in props
    # the author's Apache-2.0 is what kg determined too (an assignment), blocked by the Llama 2 bases
    assert ("kg:determined-license:raw", "Apache-2.0") in props
    assert ("kg:assessment:policy", "sell") in props and ("kg:assessment:status", "error") in props
    findings = [v for n, v in props if n == "kg:finding"]
    assert any(f.startswith("error RELICENSE_BLOCKED on " + MERGE) for f in findings)
    assert any(f.startswith(f"error NON_COMMERCIAL on {SQL_DATA} [CC-BY-NC-4.0]") for f in findings)
    # each finding names the clause it rests on (CC BY-NC 4.0 reserves commercial use in 1(i), 2(a)(1))
    assert any(f.startswith("error NON_COMMERCIAL") and f.endswith("(clause: CC-BY-NC-4.0 1(i); 2(a)(1))") for f in findings)
    assert merge["licenses"] == [{"license": {"id": "Apache-2.0", "acknowledgement": "declared"}}]
    assert merge["purl"] == MERGE and merge["type"] == "machine-learning-model"
    assert [a["purl"] for a in merge["pedigree"]["ancestors"]] == [HF + "acme/llama-2-7b-sql", HF + "meta-llama/Llama-2-7b-chat-hf"]
    sql = components[HF + "acme/llama-2-7b-sql"]
    assert sql["modelCard"] == {"modelParameters": {"datasets": [{"ref": SQL_DATA}]}}
    depends = {d["ref"]: d["dependsOn"] for d in bom["dependencies"]}
    assert depends[MERGE] == [HF + "acme/llama-2-7b-sql", HF + "meta-llama/Llama-2-7b-chat-hf"]
    # a Llama 2 component: a license with no SPDX id is given by name, which kg reads back as Llama-2
    assert components[HF + "meta-llama/Llama-2-7b-hf"]["licenses"][0]["license"]["name"] == "Llama 2 Community License Agreement"


def test_export_names_what_it_cannot_find(lineage_db: Database, run_kg: Callable[..., subprocess.CompletedProcess[str]],
                                          kg_env: dict[str, str]) -> None:
    with pytest.raises(NotFound):
        lineage(lineage_db, ["no-such-work"])
    done = run_kg("export", "no-such-work", env=kg_env)
    assert done.returncode != 0 and "no work 'no-such-work' in the graph" in done.stderr and "Traceback" not in done.stderr
    done = run_kg("export", env=kg_env)
    assert done.returncode != 0 and "name the works to export, or give --all" in done.stderr
    json.dumps(to_cyclonedx([]))  # an empty graph is an empty, valid BOM
