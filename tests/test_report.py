"""`kg report`: a whole import at a glance, on the PeaTMOSS-schema database of test_peatmoss.py.

The expected numbers are counted by hand from the rows in test_peatmoss.py (and the verdicts
asserted there): 9 models, 3 dataset placeholders, 9 repositories each with its own code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_peatmoss import REPO_LICENSES, build_database

from kg.analysis.engine import assess_all
from kg.analysis.summary import summarise
from kg.db import Database
from kg.loaders.peatmoss import import_database

GH = "pkg:github/"


def categories(rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    return {(r["type"], r["category"]): r["works"] for r in rows}


def test_report_before_and_after_assessment(lineage_db: Database, tmp_path: Path) -> None:
    import_database(lineage_db, build_database(tmp_path / "PeaTMOSS.db"), REPO_LICENSES)
    before = summarise(lineage_db, top=10)
    assert (before.works, before.sources, before.releases, before.unassessed) == (30, 2, 9, 9)
    assert before.by_status == {} and before.findings == [] and before.worst == []
    assert categories(before.categories) == {
        # datasets named by model cards: no license until their own cards are imported
        ("data", "none"): 3,
        # apache-2.0 (bert), mit (whisper), bsd-3-clause (resnet50); cc-by-nc-4.0 AND mit; gpl-3.0; llama2;
        # `other` without a name; no license row, and only an empty one
        ("model", "permissive"): 3, ("model", "non-commercial"): 1, ("model", "copyleft"): 1,
        ("model", "use restrictions"): 1, ("model", "ambiguous"): 1, ("model", "none"): 2,
        # 6 repositories (code and repository) with scanned permissive licenses, frank's
        # proprietary-license (both), dave (null) and kim (not scanned): code none, repository derived
        ("software", "permissive"): 12, ("software", "unknown"): 2, ("software", "none"): 2,
        ("software", "undeclared, derived"): 2,
    }
    assert sum(before.as_dict()["categories"][i]["works"] for i in range(len(before.categories))) == before.works

    results = assess_all(lineage_db)
    after = summarise(lineage_db, top=3)
    assert after.unassessed == 0
    assert after.by_status == {"error": 8, "warning": 1} == {
        s: sum(a.status == s for a in results) for s in ("error", "warning")}
    errors = {r["code"]: (r["findings"], r["releases"], r["works"]) for r in after.findings if r["severity"] == "error"}
    assert errors == {
        # dave and kim's code; the unlicensed and the empty-license model; three datasets, two of
        # them under two repositories (bert's)
        "NO_LICENSE": (9, 5, 7),
        "RELICENSE_BLOCKED": (2, 2, 2),  # alice (Llama 2), carol (GPL-3.0)
        "UNKNOWN_LICENSE": (2, 1, 2),  # frank's code and repository
        "AMBIGUOUS_LICENSE": (1, 1, 1),  # facebook/opt-350m: `other`
        # two repositories built on a model with no (or an unknown) license: their own license cannot
        # be determined, said once on each (never a permissive default)
        "UNSETTLED_INPUT": (2, 2, 2),
    }
    assert [r["severity"] for r in after.findings] == sorted((r["severity"] for r in after.findings), key=["error", "warning", "notice"].index)
    # kim's and dave's repositories combine code with no license: also undetermined themselves
    assert [(r["work"], r["errors"]) for r in after.worst] == [(GH + "kim/unscanned", 4), (GH + "dave/playground", 3), (GH + "frank/opt-demo", 3)]
    frank = after.worst[2]
    assert frank["determined"] == [] and frank["causes"] == [
        {"code": "AMBIGUOUS_LICENSE", "works": ["pkg:huggingface/facebook/opt-350m"]},
        {"code": "UNKNOWN_LICENSE", "works": sorted(["github-code:frank/opt-demo", GH + "frank/opt-demo"])}]


def test_report_command(tmp_path: Path, run_kg: Any, kg_env: dict[str, str]) -> None:
    database = build_database(tmp_path / "PeaTMOSS.db")
    assert run_kg("import", str(database), env=kg_env).returncode == 0
    done = run_kg("report", "--assess", "--top", "2", "--format", "json", env=kg_env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # without --repo-licenses no repository declares a license: their code is all rights reserved
    assert report["releases"] == 9 and report["unassessed"] == 0 and len(report["worst"]) == 2
    assert {"type": "software", "category": "none", "works": 9} in report["categories"]
    assert "assessed 9 releases" in done.stderr
    table = run_kg("report", env={**kg_env, "COLUMNS": "120"})
    assert table.returncode == 0 and "Works by declared license category" in table.stdout
    assert "NO_LICENSE" in table.stdout and "releases with the most errors" in table.stdout
