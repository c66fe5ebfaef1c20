"""`kg import`: validate a source document completely, then write its claims all or nothing.

Each document (one file: a kg manifest, a card, an SBOM) is a source. Importing it records
`(:Source {file, format, imported_at})`, its claims on the works it describes, and the derivations
it records, each edge and activity listing the sources that claimed it. Re-importing a source
writes its claims again (MERGE: what is unchanged is left as it is) and then withdraws what it
claimed before and no longer does, so a second import changes nothing (and costs reads, not writes)
and a changed file replaces its old claims; another source describing the same works merges into
the same nodes.

One import writes lineage at a time (the `import_lock`, held by an open transaction): the
cycle check, run per derivation under that lock just before the writes, sees every edge other
imports committed, so two imports cannot close a cycle together and none waits on a retry loop.
A document of up to `ONE_TRANSACTION` rows is written in one transaction. A larger one is staged
first (its write steps, as JSON, under an `:ImportJournal`; nothing readers see), then committed
(cycle check and journal mark in one transaction), then applied one bounded step per transaction.
Before the commit a failure leaves nothing (the stage is discarded); after it, the import is
completed, by this process or, if it died, by the next import (roll forward); queries running
meanwhile may see part of it. Transaction memory stays bounded whatever the size of the document.
A document whose rows have the digest of the source's last import, with all its claims still in
the graph, is not written again.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.db import Database, Transaction, named
from kg.errors import InputError, KgError
from kg.lineage.aliases import alias_map, mentioned_ids, reference, rewrite
from kg.lineage.claims import Claim, resettle
from kg.lineage.cycles import describe, find_cycle, short
from kg.lineage.document import Document
from kg.lineage.manifest import Manifest, read_manifest
from kg.lineage.methods import InputWork
from kg.lineage.plan import Existing, ImportPlan, build_plan, set_depths
from kg.vocabulary import SourceFormat

#: rows a write query gets at once
BATCH = 10_000
#: a document with up to this many rows is written in one transaction (a 10,000-work hub manifest
#: has about 60,000); a larger one is staged and applied a step at a time
ONE_TRANSACTION = 80_000
#: rounds of depth propagation before checking them against the number of works (more: a cycle)
ROUNDS = 1_000
#: the queries `write_plan` runs, in order, each with the plan's rows of the same name
WRITES = ("works", "placeholders", "declares", "derivations", "edges", "aliases", "releases")
#: one write step: its name (source, a WRITES name, sweep, sweep_releases, withdraw, depth) and its rows
Step = tuple[str, list[Any]]


@dataclass(frozen=True)
class ImportSummary:
    file: str
    works: int
    derivations: int
    edges: int
    releases: int
    format: str = SourceFormat.KG


def source_key(file: str) -> str:
    """A source is its absolute path (symlinks kept: Hub cache snapshots link to blobs)."""
    return os.path.abspath(file) if os.path.exists(file) else file


def plan_document(db: Database, document: Document) -> ImportPlan:
    """Validate a document against itself and the graph; nothing is written."""
    file, source = document.file, source_key(document.file)
    lookup = {r["id"]: r for r in db.read("import_lookup_ids", ids=mentioned_ids(document.manifest))}
    mapping, alias_rows = alias_map(document.manifest, file, lookup)
    manifest = rewrite(document.manifest, mapping)
    placeholders = frozenset(reference(p, mapping) for p in document.placeholders)
    ids = sorted({w.id for w in manifest.works} | {d.output.id for d in manifest.derivations}
                 | {r for d in manifest.derivations for r in [*d.inputs, *d.aux, *([d.student] if d.student else [])]}
                 | {r.work for r in manifest.releases})
    existing = {
        r["id"]: Existing(
            InputWork(r["id"], r["type"], r["form"]), r["depth"],
            [Claim(c["file"], c["format"], c["license_expression"], c["license_name"]) for c in r["claims"]],
            r["pin"], r["other_depth"],
        )
        for r in db.read("import_existing_works", ids=ids, file=source)
    }
    plan = build_plan(manifest, file, document.format, existing, placeholders)
    plan.source = {"file": source, "format": document.format, "notices": list(document.notices)}
    plan.aliases = alias_rows
    return plan


def plan_import(db: Database, manifest: Manifest, file: str) -> ImportPlan:
    """A kg manifest is a document of format `kg` whose works are claims of that file."""
    return plan_document(db, Document(file, SourceFormat.KG, manifest))


def write_plan(db: Database, plan: ImportPlan) -> None:
    """All of the document lands, or none of it; what the source claimed before and no longer does
    is withdrawn.

    Refuses (InputError, nothing written) a derivation that would close a lineage cycle."""
    file = plan.source["file"]
    source = plan.source | {"imported_at": datetime.now(UTC).isoformat(timespec="seconds")}
    with db.hold("import_lock", holder=file):
        finish_interrupted(db)
        _refresh_depths(db, plan)
        source["digest"] = _digest(plan)
        if db.write("import_unchanged", file=file, digest=source["digest"], works=len(plan.works), imported_at=source["imported_at"]):
            return  # the graph already holds exactly what this document says
        withdrawn = sorted({r["id"] for r in db.read("import_claimed", file=file)} - {w["id"] for w in plan.works})
        steps = _steps(plan, source, withdrawn)
        if sum(len(rows) for _, rows in steps) <= ONE_TRANSACTION:
            def work(tx: Transaction) -> None:
                check_cycles(tx, plan)
                for name, rows in steps:
                    if name == "depth":
                        _settle_depths(lambda run: run(tx), rows)
                    else:
                        _apply(tx, file, name, rows)

            db.write_tx(work)
        else:
            token = _stage(db, plan, file, steps)
            _roll_forward(db, token, file)


def finish_interrupted(db: Database) -> None:
    """Complete the committed imports a dead process left unfinished; forget uncommitted stages.
    Call with the import lock held."""
    for journal in db.read("import_journals"):
        if not journal["committed"]:
            db.write("import_discard", token=journal["token"])
            continue
        try:
            _roll_forward(db, journal["token"], journal["file"])
        except KgError as error:
            raise KgError(f"an interrupted import of {journal['file']} could not be completed: {error}") from None


def check_cycles(tx: Transaction, plan: ImportPlan) -> None:
    """Refuse the plan if one of its derivations would close a lineage cycle with the graph.

    Cycles among its own derivations were refused when it was planned; any other cycle passes
    through an output that already has dependents outside this source (`import_exposed`), so only
    searches from what the derivations use to those outputs are needed (`import_reaches`). Each
    derivation is checked for itself: another derivation's inputs do not count against it."""
    file = plan.source["file"]
    exposed = [r["id"] for r in tx.run("import_exposed", ids=[d["output"] for d in plan.derivations], file=file)]
    if not exposed:
        return
    own: dict[str, set[str]] = {}
    for edge in plan.edges:
        own.setdefault(edge["source"], set()).add(edge["target"])
    relies = {work: set(targets) for work, targets in own.items()}
    paths: dict[tuple[str, str], list[str]] = {}
    for row in tx.run("import_reaches", targets=sorted({e["target"] for e in plan.edges}), exposed=exposed, file=file):
        relies.setdefault(row["target"], set()).add(row["output"])
        paths[(row["target"], row["output"])] = row["path"]
    cycle = find_cycle(relies)
    if cycle is None:
        return
    works = [cycle[0]]
    for here, there in itertools.pairwise(cycle):
        works.extend([there] if there in own.get(here, ()) else paths[(here, there)][1:])
    # name it from a derivation of this file: its output, then what it uses, which relies on it
    start = next(i for i, (here, there) in enumerate(itertools.pairwise(works)) if there in own.get(here, ()))
    works = works[start:-1] + works[:start] + [works[start]]
    output, used = short(works[0]), short(works[1])
    raise InputError(plan.source["file"], plan.places.get(works[0], "derivations"),
                     f"lineage cycle: {used} already relies on {output}, which this file derives from it, {describe(works)}")


def _steps(plan: ImportPlan, source: dict[str, Any], withdrawn: list[str]) -> list[Step]:
    """The writes of an import, in order, in batches of at most BATCH rows: the source, its claims
    (MERGE: what is unchanged stays untouched), then what it claimed before and no longer does is
    withdrawn (`sweep` on works it still claims, `withdraw` on the others), then depths."""
    steps: list[Step] = [("source", [source])]
    steps += [(name, batch) for name in WRITES for batch in _batches(getattr(plan, name))]
    steps += [("sweep", batch) for batch in _batches(_sweep_rows(plan))]
    steps.append(("sweep_releases", sorted({f"{r['work']}|{r['policy']}|{r['form']}" for r in plan.releases})))
    steps += [("withdraw", batch) for batch in _batches(withdrawn)]
    return [*steps, ("depth", [w["id"] for w in plan.works])]


def _sweep_rows(plan: ImportPlan) -> list[dict[str, Any]]:
    """For each work the source claims that was in the graph before (a new work carries nothing
    of an earlier import): the edges and USED links it claims now, as `import_sweep` keys."""
    derived = {d["output"] for d in plan.derivations}
    edges: dict[str, list[dict[str, Any]]] = {}
    for edge in plan.edges:
        edges.setdefault(edge["source"], []).append(edge)
    return [
        {"work": w["id"], "derived": w["id"] in derived,
         "edges": [f"{e['kind']} {e['target']}" for e in edges.get(w["id"], [])],
         "used": [f"{e['role']} {e['target']}" for e in edges.get(w["id"], [])]}
        for w in plan.works if w["id"] in plan.existing
    ]


def _apply(tx: Transaction, file: str, name: str, rows: list[Any]) -> None:
    """Apply one write step (not `depth`) in `tx`."""
    if name == "source":
        tx.run("import_source", **rows[0])
    elif name == "sweep_releases":
        tx.run("import_sweep_releases", keys=rows, file=file)
    elif name == "withdraw":
        tx.run("import_retract", ids=rows, file=file)
        tx.run("import_declares", rows=resettle(tx.run("claims_of_works", ids=rows)))
    else:
        tx.run(f"import_{name}", rows=rows, file=file)


def _settle_depths(run: Callable[[Callable[[Transaction], Any]], Any], ids: list[str]) -> None:
    """Move the depths downstream of the written works, one level a round (`run` runs a function
    in a transaction). No chain is longer than the graph has works: more rounds mean a cycle, which
    is reported instead of looping for ever."""
    changed, rounds = ids, 0
    while changed:
        rounds += 1
        if rounds > ROUNDS and rounds > run(named("import_work_count"))[0]["works"]:
            raise KgError(f"depths did not settle after {rounds} rounds: the lineage has a cycle")
        following: dict[str, None] = {}
        for batch in _batches(changed):
            following.update(dict.fromkeys(run(named("lineage_fix_depth", ids=batch))[0]["changed"]))
        changed = list(following)


def _stage(db: Database, plan: ImportPlan, file: str, steps: list[Step]) -> str:
    """Stage the steps under a new journal and commit it (after the cycle check, in the same
    transaction); a failure before the commit leaves nothing behind. Returns the journal's token."""
    token = uuid.uuid4().hex
    started = datetime.now(UTC).isoformat()
    try:
        for group in _batches([{"seq": seq, "name": name, "rows": json.dumps(rows)} for seq, (name, rows) in enumerate(steps)], 8):
            db.write_tx(named("import_stage", token=token, file=file, started=started, steps=group))

        def commit(tx: Transaction) -> None:
            check_cycles(tx, plan)
            tx.run("import_commit", token=token)

        db.write_tx(commit)
    except BaseException:
        db.write("import_discard", token=token)
        raise
    return token


def _roll_forward(db: Database, token: str, file: str) -> None:
    """Apply a committed journal's remaining steps, each in its own transaction (with the removal
    of the step, so none is applied twice), then forget the journal."""
    for step in db.read("import_steps", token=token):
        seq, name = step["seq"], step["name"]
        if name == "depth":
            _settle_depths(db.write_tx, json.loads(db.read("import_step", token=token, seq=seq)[0]["rows"]))
            db.write("import_step_done", token=token, seq=seq)
            continue

        def apply(tx: Transaction, seq: int = seq, name: str = name) -> None:
            _apply(tx, file, name, json.loads(tx.run("import_step", token=token, seq=seq)[0]["rows"]))
            tx.run("import_step_done", token=token, seq=seq)

        db.write_tx(apply)
    db.write("import_discard", token=token)


def _digest(plan: ImportPlan) -> str:
    """What an import of this plan would write, in one value: equal digests, equal writes."""
    rows = {name: getattr(plan, name) for name in WRITES} | {"source": plan.source}
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


def _refresh_depths(db: Database, plan: ImportPlan) -> None:
    """Plans are made before the import lock is taken: if another import moved the depth of a work
    this plan builds on meanwhile, compute the plan's depths again."""
    current = {r["id"]: r["depth"] for r in db.read("import_depths", ids=sorted(plan.existing))}
    if any(current.get(i, e.depth) != e.depth for i, e in plan.existing.items()):
        set_depths(plan, {i: replace(e, depth=current.get(i, e.depth)) for i, e in plan.existing.items()})


def import_document(db: Database, document: Document) -> ImportSummary:
    plan = plan_document(db, document)
    write_plan(db, plan)
    return ImportSummary(document.file, len(plan.works), len(plan.derivations), len(plan.edges), len(plan.releases), document.format)


def import_manifest(db: Database, path: Path) -> ImportSummary:
    return import_document(db, Document(str(path), SourceFormat.KG, read_manifest(path)))


def _batches(rows: list[Any], size: int | None = None) -> list[list[Any]]:
    size = size or BATCH
    return [rows[i : i + size] for i in range(0, len(rows), size)]
