"""Assessment: ModelGo's three phases as Cypher, orchestrated level by level.

1. Registration and license determination: for each depth level of the lineage (leaves first),
   one set-based query per step settles the license of every work at that level.
2. Validation: a handful of set-based queries return findings for a batch of targets.
3. The findings, deduplicated on (code, work, licenses, detail), are stored as an :Assessment with
   :Finding nodes, each linked to the work and licenses behind it, with a lineage path as
   explanation. Re-assessing replaces the earlier assessment of the same (work, policy, form).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kg.analysis.codes import SEVERITY_ORDER, message, severity
from kg.analysis.fingerprint import fingerprints
from kg.db import Database, Transaction
from kg.errors import NotFound

VALIDATION_QUERIES = (
    "assess_issues", "assess_activity_rights", "assess_release_rights", "assess_release_terms", "assess_restrictions",
)
DETERMINATION_STEPS = ("determine_declared", "determine_derived", "determine_assigned")
TARGET_BATCH = 500
LEVEL_BATCH = 20_000
#: codes whose license list is a set (a conflict), not an ordered pair
UNORDERED_LICENSES = {"MULTIPLE_COPYLEFT", "LICENSE_CONFLICT", "GNU_FREEDOM_CONFLICT", "CC_FREEDOM_CONFLICT"}


@dataclass(frozen=True)
class Target:
    work: str
    policy: str
    form: str

    def param(self) -> dict[str, str]:
        return {"id": self.work, "policy": self.policy, "form": self.form}


@dataclass
class Finding:
    code: str
    severity: str
    work: str
    licenses: list[str]
    detail: str | None
    inputs: list[str]
    message: str
    path: list[str] = field(default_factory=list)
    paths: list[list[str]] = field(default_factory=list)
    more_paths: bool = False
    #: the clause the finding rests on: {"license", "section", "text"} (section/text None when the KB cites none)
    clause: dict[str, str | None] | None = None


@dataclass
class Assessment:
    work: str
    policy: str
    form: str
    status: str
    kb_version: str
    determined: list[str]
    findings: list[Finding]

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def assess(db: Database, work: str, policy: str, form: str | None = None) -> Assessment:
    """Assess one work for a release policy, store the result and return it."""
    rows = db.read("work_get", id=work)
    if not rows:
        raise NotFound(f"no work {work!r} in the graph (import its manifest first)")
    target = Target(work, policy, form or rows[0]["form"])
    levels = _levels(db.read("lineage_upstream_levels", ids=[work]))
    determine(db, levels, target.policy, {target.work: target.form})
    return validate(db, [target])[0]


def assess_all(db: Database) -> list[Assessment]:
    """Determine every work's license, then assess every recorded release.

    A work that offers a license choice (SPDX OR) whose options differ in the rights a release
    policy needs may be settled differently per policy; then the graph is determined once per
    policy, each time right before that policy's releases are validated."""
    rows = db.read("release_list")
    releases = [Target(r["work"], r["policy"], r["form"]) for r in rows]
    own_form = {target: row["work_form"] for row, target in zip(rows, releases)}
    levels = _levels(db.read("lineage_all_levels"))
    groups: dict[str | None, list[Target]] = defaultdict(list)
    per_policy = db.read("determine_choice_by_policy")[0]["varies"]
    for target in releases:
        groups[target.policy if per_policy else None].append(target)
    results: dict[Target, Assessment] = {}
    for policy, targets in groups.items():
        determine(db, levels, policy)
        # works released in another form than their own: settled again in it, one step per form
        other_forms: dict[str, dict[str, str]] = defaultdict(dict)
        for target in targets:
            if target.form != own_form[target]:
                other_forms[target.form][target.work] = target.form
        for released in other_forms.values():
            determine(db, {0: sorted(released)}, policy, released)
        for start in range(0, len(targets), TARGET_BATCH):
            for result in validate(db, targets[start : start + TARGET_BATCH]):
                results[Target(result.work, result.policy, result.form)] = result
    return [results[target] for target in releases]


def determine(db: Database, levels: dict[int, list[str]], policy: str | None = None,
              forms: dict[str, str] | None = None) -> None:
    """Settle licenses bottom-up: every work at one level in one set-based step per query.

    Each work is settled in its own form unless `forms` names another. The release policy only
    steers a work's choice among the options of an SPDX OR. Consecutive levels share a transaction
    up to LEVEL_BATCH works (a deep chain is one commit, not one per level; a whole-graph run stays
    within memory)."""
    params = {"policy": policy, "forms": forms or {}}
    batches: list[list[list[str]]] = [[]]
    for depth in sorted(levels):
        if batches[-1] and sum(map(len, batches[-1])) + len(levels[depth]) > LEVEL_BATCH:
            batches.append([])
        batches[-1].append(levels[depth])
    for batch in batches:

        def step(tx: Transaction, batch: list[list[str]] = batch) -> None:
            for ids in batch:
                tx.run("determine_reset", ids=ids, **params)
                for name in DETERMINATION_STEPS:
                    tx.run(name, ids=ids, **params)

        db.write_tx(step)


def validate(db: Database, targets: list[Target]) -> list[Assessment]:
    """Run the validation queries for a batch of targets and store one assessment per target."""
    params = [t.param() for t in targets]

    def collect(tx: Transaction) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for name in VALIDATION_QUERIES:
            rows.extend(tx.run(name, targets=params))
        return rows

    rows = db.read_tx(collect)
    found: dict[Target, dict[tuple, Finding]] = defaultdict(dict)
    for row in rows:
        if row["code"] in UNORDERED_LICENSES:
            row["licenses"] = sorted(row["licenses"])
        key = (row["code"], row["work"], tuple(row["licenses"]), row["detail"])
        bucket = found[Target(row["target"]["id"], row["target"]["policy"], row["target"]["form"])]
        if key in bucket:
            bucket[key].inputs = sorted(set(bucket[key].inputs) | set(row["inputs"] or []))
            continue
        inputs = sorted(row["inputs"] or [])
        bucket[key] = Finding(
            code=row["code"], severity=severity(row["code"]), work=row["work"], licenses=list(row["licenses"]),
            detail=row["detail"], inputs=inputs, message=message(row["code"], row["work"], list(row["licenses"]), row["detail"], inputs),
        )
    kb_version = (db.read("kb_version") or [{"version": None}])[0]["version"]
    assessments = []
    for target in targets:
        findings = sorted(
            found[target].values(),
            key=lambda f: (SEVERITY_ORDER[f.severity], f.code, f.work, f.licenses, f.detail or ""),
        )
        worst = min((SEVERITY_ORDER[f.severity] for f in findings), default=3)
        status = {0: "error", 1: "warning"}.get(worst, "ok")
        assessments.append(Assessment(target.work, target.policy, target.form, status, kb_version, [], findings))
    _store(db, assessments)
    return assessments


def _store(db: Database, assessments: list[Assessment]) -> None:
    """Store each assessment with the KB version and the lineage fingerprint it saw (for staleness)."""
    lineage = fingerprints(db.read("lineage_fingerprint", ids=sorted({a.work for a in assessments})))
    rows = [
        {"work": a.work, "policy": a.policy, "form": a.form, "status": a.status, "kb_version": a.kb_version,
         "lineage": lineage.get(a.work), "findings": [f.__dict__ for f in a.findings]}
        for a in assessments
    ]
    stored = {(r["work"], r["policy"], r["form"]): r for r in db.write("assessment_store", assessments=rows)}
    for a in assessments:
        result = stored[(a.work, a.policy, a.form)]
        a.determined = result["determined"]
        paths = {p["work"]: p for p in result["paths"]}
        for f in a.findings:
            found = paths.get(f.work, {"paths": [], "more": False})
            f.paths, f.more_paths = found["paths"], found["more"]
            f.path = f.paths[0] if f.paths else []


def _levels(rows: list[dict[str, Any]]) -> dict[int, list[str]]:
    levels: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        levels[row["depth"]].append(row["id"])
    return dict(levels)
