"""Assessments as a SARIF 2.1.0 log, for code-scanning dashboards and CI (GitHub, GitLab, Azure DevOps).

One rule per finding code (its help text made from the code's template), one result per finding:
its level, its message with the clause it rests on, a location per source file that claimed the
finding's work (paths relative to the working directory when inside it), and the lineage paths
as code flows (one thread flow per path, one step per work).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from kg import __version__
from kg.analysis.codes import CODES
from kg.analysis.report import clause_text
from kg.vocabulary import Severity

if TYPE_CHECKING:
    from kg.analysis.engine import Assessment, Finding

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL: dict[str, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
ROOT = "SRCROOT"
#: what a rule's help shows in place of the template's fields
PLACEHOLDERS = {"work": "WORK", "license": "LICENSE", "licenses": "LICENSES", "detail": "DETAIL",
                "inputs": "INPUTS", "detail_license": "LICENSE"}


def rule(code: str) -> dict[str, Any]:
    """The rule for one finding code: what it says, how severe it is, and where ModelGo has it."""
    entry = CODES[code]
    text = entry.template.format(**PLACEHOLDERS)
    name = "".join(part.capitalize() for part in code.split("_"))
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": f"{code}: {entry.severity}"},
        "fullDescription": {"text": text},
        "help": {"text": f"{text}. Source of the rule: {entry.paper}." if entry.paper != "-" else f"{text}."},
        "defaultConfiguration": {"level": LEVEL[entry.severity]},
        "properties": {"tags": ["license", entry.severity], "paper": entry.paper},
    }


def _uri(file: str, cwd: Path) -> dict[str, str]:
    """An artifact location: relative to the working directory when the file is inside it."""
    path = Path(file)
    if not path.is_absolute():
        return {"uri": path.as_posix(), "uriBaseId": ROOT}
    try:
        return {"uri": path.relative_to(cwd).as_posix(), "uriBaseId": ROOT}
    except ValueError:
        return {"uri": path.as_uri()}


def _locations(work: str, sources: dict[str, list[str]], cwd: Path) -> list[dict[str, Any]]:
    logical = {"name": work, "kind": "module"}
    files = sources.get(work) or []
    if not files:
        return [{"logicalLocations": [logical]}]
    located = []
    for file in files:
        physical: dict[str, Any] = {"artifactLocation": _uri(file, cwd)}
        place = mention(file, work)
        if place is not None:
            line, column, where = place
            physical["region"] = {"startLine": line, "startColumn": column}
            located.append({"physicalLocation": physical, "logicalLocations": [logical], "properties": {"path": where}})
        else:
            located.append({"physicalLocation": physical, "logicalLocations": [logical]})
    return located


@cache
def _mentions(file: str) -> dict[str, tuple[int, int, str]]:
    """Where each string value first occurs in a YAML or JSON file: value -> (line, column, path).

    A manifest names a work by `id`, an SBOM by its purl; a card names none (its repository is its
    folder), so a card's works get the file alone. Unreadable files give nothing."""
    try:
        with open(file, encoding="utf-8") as stream:
            root = yaml.compose(stream, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    found: dict[str, tuple[int, int, str]] = {}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "$")] if root is not None else []
    while stack:
        node, where = stack.pop()
        if id(node) in seen:  # an alias: visited once
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            found.setdefault(node.value, (node.start_mark.line + 1, node.start_mark.column + 1, where))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, f"{where}[{index}]") for index, child in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.MappingNode):
            stack.extend((value, f"{where}.{key.value}") for key, value in reversed(node.value) if isinstance(key, yaml.ScalarNode))
    return found


def mention(file: str, work: str) -> tuple[int, int, str] | None:
    """(line, column, path) of the first place `file` names `work`, or None."""
    return _mentions(file).get(work)


def _fingerprint(a: Assessment, f: Finding) -> str:
    key = "\x1f".join([a.work, a.policy, a.form, f.code, f.work, ",".join(f.licenses), f.detail or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def result(a: Assessment, f: Finding, index: dict[str, int], sources: dict[str, list[str]], cwd: Path) -> dict[str, Any]:
    """One finding of one release as a SARIF result."""
    clause = clause_text(f.clause, f.code)
    text = f"{f.message} (release {a.work}, {a.policy}, {a.form} form)"
    if clause:
        text += f". Clause: {clause}"
    if f.path:
        text += f". Lineage: {' > '.join(f.path)}"
    flows = [
        {"threadFlows": [{"locations": [{"location": _locations(step, sources, cwd)[0]} for step in path]}]}
        for path in f.paths if path
    ]
    found: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVEL[f.severity],
        "message": {"text": text},
        "locations": _locations(f.work, sources, cwd),
        "partialFingerprints": {"kgFinding/v1": _fingerprint(a, f)},
        "properties": {
            "release": {"work": a.work, "policy": a.policy, "form": a.form},
            "work": f.work, "licenses": f.licenses, "detail": f.detail, "inputs": f.inputs,
            "clause": f.clause, "paths": f.paths, "morePaths": f.more_paths,
        },
    }
    if flows:
        found["codeFlows"] = flows
    return found


def to_sarif(assessments: list[Assessment], sources: dict[str, list[str]], cwd: Path | None = None) -> dict[str, Any]:
    """A SARIF log with one run of kg: `sources` maps a work id to the files that claimed it."""
    cwd = (cwd or Path.cwd()).resolve()
    codes = sorted(CODES)
    index = {code: number for number, code in enumerate(codes)}
    results = [result(a, f, index, sources, cwd) for a in assessments for f in a.findings]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kg", "version": __version__, "semanticVersion": __version__,
                "rules": [rule(code) for code in codes],
            }},
            "originalUriBaseIds": {ROOT: {"uri": cwd.as_uri() + "/"}},
            "results": results,
            "properties": {"releases": [
                {"work": a.work, "policy": a.policy, "form": a.form, "status": a.status,
                 "determined": a.determined, "kbVersion": a.kb_version}
                for a in assessments
            ]},
        }],
    }


def works_of(assessments: list[Assessment]) -> list[str]:
    """Every work a finding or a lineage path names (whose source files the log points at)."""
    return sorted({f.work for a in assessments for f in a.findings}
                  | {step for a in assessments for f in a.findings for path in f.paths for step in path})

