"""Assessment: ModelGo's three phases as Cypher, orchestrated level by level.

1. Registration and license determination: the closure of what the assessed works rely on is read
   once (kg.analysis.closure); works whose facts or inputs changed since their last determination
   (their stamp) are settled again, leaves first, one set-based query per step and level. Each step
   reads its inputs in one hop: what every work CARRIES is recorded as it is settled.
2. Validation: a handful of set-based queries return findings, each with the clause it rests on,
   for a batch of targets: a row per finding and the works it is reported on (what a rule decides
   is decided once per license, however many works bring it).
3. The findings, deduplicated on (code, work, licenses, detail), are stored as an :Assessment with
   :Finding nodes, each linked to the work and licenses behind it, with the lineage paths that
   explain it, computed from the closure already read. Re-assessing replaces the earlier assessment
   of the same (work, policy, form) in one step; the findings are written in batches before it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kg.analysis.closure import CHOICE, MAX_PATHS, Closure
from kg.analysis.codes import CODES, DUTIES, SEVERITY_ORDER, message, severity
from kg.analysis.fingerprint import fingerprints
from kg.db import Database, Transaction
from kg.errors import NotFound

VALIDATION_QUERIES = (
    "assess_issues", "assess_activity_rights", "assess_release_rights", "assess_release_terms", "assess_restrictions",
)
DETERMINATION_STEPS = (
    "determine_registered", "determine_declared", "determine_triggered", "determine_derived", "determine_assigned",
    "determine_carries",
)
TARGET_BATCH = 500
FINDING_BATCH = 10_000
LEVEL_BATCH = 20_000


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
    kb_version: str | None
    determined: list[str]
    findings: list[Finding]

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def assess(db: Database, work: str, policy: str, form: str | None = None) -> Assessment:
    """Assess one work for a release policy, store the result and return it.

    Only works whose determination is not current are settled again: an unchanged lineage is
    only validated."""
    rows = db.read("work_get", id=work)
    if not rows:
        raise NotFound(f"no work {work!r} in the graph (import its manifest first)")
    target = Target(work, policy, form or rows[0]["form"])
    closure = Closure.from_rows(db.read("lineage_closure", ids=[work]))
    stamps = closure.stamps(_kb_version(db), policy)
    stale = closure.stale(stamps)
    levels = {depth: [w for w in ids if w in stale] for depth, ids in closure.levels().items()}
    determine(db, {depth: ids for depth, ids in levels.items() if ids}, policy,
              {w: stamps[w] for w in stale if stamps[w] != CHOICE})
    return validate(db, [target], closure)[0]


def assess_all(db: Database) -> list[Assessment]:
    """Determine every work's license, then assess every recorded release.

    A work that offers a license choice (SPDX OR) whose options differ in the rights a release
    policy needs may be settled differently per policy; then the graph is determined once per
    policy, each time right before that policy's releases are validated."""
    rows = db.read("release_list")
    releases = [Target(r["work"], r["policy"], r["form"]) for r in rows]
    levels = _levels(db.read("lineage_all_levels"))
    groups: dict[str | None, list[Target]] = defaultdict(list)
    kb_version = _kb_version(db)
    per_policy = db.read("determine_choice_by_policy")[0]["varies"]
    for target in releases:
        groups[target.policy if per_policy else None].append(target)
    results: dict[Target, Assessment] = {}
    for policy, targets in groups.items():
        determine(db, levels, policy)
        for start in range(0, len(targets), TARGET_BATCH):
            batch = targets[start : start + TARGET_BATCH]
            closure = Closure.from_rows(db.read("lineage_closure", ids=sorted({t.work for t in batch})))
            for result in validate(db, batch, closure):
                results[Target(result.work, result.policy, result.form)] = result
            # what the batch's closure holds was settled just now: later assessments may reuse it
            stamps = closure.stamps(kb_version, policy)
            db.write("determine_stamp", stamps=[{"id": w, "stamp": s} for w, s in stamps.items() if s != CHOICE])
    return [results[target] for target in releases]


def determine(db: Database, levels: dict[int, list[str]], policy: str | None = None,
              stamps: dict[str, str] | None = None) -> None:
    """Settle licenses bottom-up: every work at one level in one set-based step per query.

    Each work is settled in its own form (how it was made; a release in another form changes what
    the release must do, not what the work is). The release policy only steers a work's choice
    among the options of an SPDX OR. Consecutive levels share a transaction up to LEVEL_BATCH
    works and a larger level takes several (a deep chain is one commit, not one per level; a
    whole-graph run stays within memory).
    `stamps` marks the settled works as current (a whole-graph run leaves them unmarked)."""
    params = {"policy": policy}
    batches: list[list[list[str]]] = [[]]
    for depth in sorted(levels):
        # the works of one level rely only on lower ones: a level larger than a batch is cut
        for start in range(0, len(levels[depth]), LEVEL_BATCH):
            chunk = levels[depth][start : start + LEVEL_BATCH]
            if batches[-1] and sum(map(len, batches[-1])) + len(chunk) > LEVEL_BATCH:
                batches.append([])
            batches[-1].append(chunk)
    for batch in batches:

        def step(tx: Transaction, batch: list[list[str]] = batch) -> None:
            for ids in batch:
                tx.run("determine_reset", ids=ids)
                for name in DETERMINATION_STEPS:
                    tx.run(name, ids=ids, **params)
                if stamps:
                    tx.run("determine_stamp", stamps=[{"id": w, "stamp": stamps[w]} for w in ids if w in stamps])

        db.write_tx(step)


def validate(db: Database, targets: list[Target], closure: Closure) -> list[Assessment]:
    """Run the validation queries for a batch of targets and store one assessment per target."""
    params = [t.param() for t in targets]

    def collect(tx: Transaction) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for name in VALIDATION_QUERIES:
            rows.extend(tx.run(name, targets=params, duties=DUTIES))
        return rows

    rows = db.read_tx(collect)
    found: dict[Target, dict[tuple[Any, ...], Finding]] = defaultdict(dict)
    for row in rows:
        if CODES[row["code"]].licenses_are_set:
            row["licenses"] = sorted(row["licenses"])
        licenses, inputs, clause = list(row["licenses"]), sorted(row["inputs"] or []), _clause(row["clause"])
        bucket = found[Target(row["target"]["id"], row["target"]["policy"], row["target"]["form"])]
        for work in row["works"]:
            key = (row["code"], work, tuple(licenses), row["detail"])
            if key in bucket:
                bucket[key].inputs = sorted(set(bucket[key].inputs) | set(inputs))
                continue
            bucket[key] = Finding(
                code=row["code"], severity=severity(row["code"]), work=work, licenses=list(licenses), detail=row["detail"],
                inputs=list(inputs), message=message(row["code"], work, licenses, row["detail"], inputs), clause=clause,
            )
    kb_version = _kb_version(db)
    assessments = []
    for target in targets:
        findings = sorted(
            found[target].values(),
            key=lambda f: (SEVERITY_ORDER[f.severity], f.code, f.work, f.licenses, f.detail or ""),
        )
        _explain(closure, target.work, findings)
        worst = min((SEVERITY_ORDER[f.severity] for f in findings), default=3)
        status = {0: "error", 1: "warning"}.get(worst, "ok")
        assessments.append(Assessment(target.work, target.policy, target.form, status, kb_version, [], findings))
    _store(db, assessments)
    return assessments


def _clause(clause: dict[str, Any] | None) -> dict[str, str | None] | None:
    """The citation as the queries return it; a license the KB cites no clause of keeps its id."""
    if not clause or not clause.get("license"):
        return None
    return {"license": clause["license"], "section": clause.get("section"), "text": clause.get("text")}


def _explain(closure: Closure, start: str, findings: list[Finding]) -> None:
    """Each finding's lineage paths from the assessed work to its cause; a finding that names the
    inputs behind it (a conflict, a blocked relicensing) is explained by a path through its work
    to each of those inputs: which input brings which license, and by which route."""
    paths = closure.paths(start)
    below: dict[str, dict[str, tuple[list[list[str]], bool]]] = {}
    for f in findings:
        routes, more = paths.get(f.work, ([], False))
        if f.code in _NAMES_INPUTS and f.inputs:
            if f.work not in below:
                below[f.work] = closure.paths(f.work)
            head = routes[0] if routes else [f.work]
            joined = [head + below[f.work][source][0][0][1:] for source in f.inputs
                      if below[f.work].get(source, ([], False))[0]]
            if joined:
                routes, more = sorted(joined, key=lambda p: (len(p), p))[:MAX_PATHS], len(joined) > MAX_PATHS
        f.paths, f.more_paths = routes, more
        f.path = routes[0] if routes else []


#: codes whose inputs are the works that bring the licenses in question (explained by a path to each)
_NAMES_INPUTS = {code for code, c in CODES.items() if c.licenses_are_set} | {"RELICENSE_BLOCKED", "UNSETTLED_INPUT"}


def _store(db: Database, assessments: list[Assessment]) -> None:
    """Store each assessment with the KB version and the lineage fingerprint it saw (for staleness).

    An assessment that came out exactly as the stored one (same digest) is left as it is. Any
    other is staged, its findings written FINDING_BATCH at a time, and then it replaces the earlier
    assessment of its (work, policy, form) in one small step: a lineage with hundreds of thousands
    of findings never needs them in one transaction's memory, and readers never see half an
    assessment. The replaced findings are deleted afterwards, a batch per transaction."""
    lineage = fingerprints(db.read("lineage_fingerprint", ids=sorted({a.work for a in assessments})))
    keys = [{"work": a.work, "policy": a.policy, "form": a.form} for a in assessments]
    current = {(r["work"], r["policy"], r["form"]): r for r in db.read("assessment_current", keys=keys)}
    rows, unchanged, tokens = [], [], {}
    for a in assessments:
        now = current[(a.work, a.policy, a.form)]
        a.determined = now["determined"]
        row = {"work": a.work, "policy": a.policy, "form": a.form, "status": a.status, "kb_version": a.kb_version,
               "lineage": lineage.get(a.work), "errors": sum(f.severity == "error" for f in a.findings),
               "warnings": sum(f.severity == "warning" for f in a.findings)}
        row["digest"] = _digest(row, a)
        if row["digest"] == now["digest"]:
            unchanged.append({"work": a.work, "policy": a.policy, "form": a.form})
            continue
        row["token"] = tokens[id(a)] = uuid.uuid4().hex
        rows.append(row)
    if unchanged:
        db.write("assessment_touch", keys=unchanged)
    if not rows:
        return
    db.write("assessment_stage", assessments=rows)
    findings = [{**f.__dict__, "token": tokens[id(a)]} for a in assessments if id(a) in tokens for f in a.findings]
    for start in range(0, len(findings), FINDING_BATCH):
        db.write("assessment_findings", findings=findings[start : start + FINDING_BATCH])
    db.write("assessment_store", assessments=rows)
    while db.write("assessment_sweep", limit=FINDING_BATCH)[0]["deleted"] == FINDING_BATCH:
        pass
    db.write("assessment_sweep_empty")


def _digest(row: dict[str, Any], assessment: Assessment) -> str:
    """A hash of everything a stored assessment holds: equal digests, nothing to write."""
    content = [row, assessment.determined, [f.__dict__ for f in assessment.findings]]
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _kb_version(db: Database) -> str | None:
    rows = db.read("kb_version")
    return rows[0]["version"] if rows else None


def _levels(rows: list[dict[str, Any]]) -> dict[int, list[str]]:
    levels: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        levels[row["depth"]].append(row["id"])
    return dict(levels)
