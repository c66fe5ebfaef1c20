"""Benchmark kg on synthetic Hugging Face-shaped lineages (see benchmarks/generate.py).

    KG_HOME=/tmp/kg-bench KG_NEO4J_HEAP=4g KG_NEO4J_PAGECACHE=4g python -m benchmarks.run --works 100000

Uses NEO4J_URI when set, else the embedded Neo4j under KG_HOME. It DELETES every lineage node
(works, activities, releases, assessments, findings, issues, sources, aliases) of that database
first: point it at a database of its own. It measures

* import throughput: works/s through kg's own import path (validate the manifest, plan_import,
  write_plan: one transaction per manifest of --chunk works);
* whole-graph assessment: kg.analysis.engine.assess_all (determine every work, validate every release);
* single-work latency: kg.analysis.engine.assess of the tip of a chain of depth 10, 50 and 200
  derivations, imported next to the hub-shaped graph (median of --repeat runs);

and prints them in a table with the machine and Neo4j's memory settings. Per-query time is
recorded too (--queries prints the slowest), to find a query that does not scale.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.generate import deep_chain, hub
from kg.analysis import engine
from kg.config import Settings
from kg.db import Database, Transaction, connect
from kg.lineage.importer import plan_import, write_plan
from kg.lineage.manifest import Manifest
from kg.prepare import prepare

console = Console(stderr=True)
LINEAGE_LABELS = ("Finding", "Assessment", "PendingAssessment", "RetiredAssessment", "Issue", "Release", "Activity", "Alias", "Source", "Work", "ImportStep", "ImportJournal", "ImportDigest")

# ---------------------------------------------------------------------------- per-query timing

QUERY_TIME: dict[str, float] = defaultdict(float)
QUERY_CALLS: dict[str, int] = defaultdict(int)
_original_run = Transaction.run


def _timed_run(self: Transaction, name: str, **params: Any) -> list[dict[str, Any]]:
    began = time.perf_counter()
    try:
        return _original_run(self, name, **params)
    finally:
        QUERY_TIME[name] += time.perf_counter() - began
        QUERY_CALLS[name] += 1


Transaction.run = _timed_run  # type: ignore[method-assign]


def _query_snapshot() -> dict[str, float]:
    return dict(QUERY_TIME)


def _query_delta(before: dict[str, float]) -> dict[str, float]:
    return {k: v - before.get(k, 0.0) for k, v in QUERY_TIME.items() if v - before.get(k, 0.0) > 0.0005}


# ---------------------------------------------------------------------------------- the steps


def clear_lineage(db: Database) -> None:
    """Delete lineage data (not the KB), in batches so a big graph does not need one huge transaction."""
    with db.driver.session(database=db.database) as session:
        for label in LINEAGE_LABELS:
            session.run(
                f"MATCH (n:{label}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 20000 ROWS"
            ).consume()


def import_manifest(db: Database, data: dict[str, Any], name: str) -> tuple[int, float, float]:
    """kg's import path for one manifest: returns (works, seconds validating+planning, seconds writing)."""
    began = time.perf_counter()
    manifest = Manifest.model_validate(data)
    plan = plan_import(db, manifest, name)
    planned = time.perf_counter()
    write_plan(db, plan)
    return len(plan.works), planned - began, time.perf_counter() - planned


def machine(db: Database, settings: Settings) -> dict[str, Any]:
    ram = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    except OSError:
        pass
    heap, pagecache, version = settings.heap, settings.pagecache, "?"
    try:
        with db.driver.session(database=db.database) as session:
            rows = session.run(
                "SHOW SETTINGS YIELD name, value WHERE name IN "
                "['server.memory.heap.max_size', 'server.memory.pagecache.size'] RETURN name, value"
            ).data()
            found = {r["name"]: r["value"] for r in rows}
            heap = found.get("server.memory.heap.max_size") or heap
            pagecache = found.get("server.memory.pagecache.size") or pagecache
            version = session.run("CALL dbms.components() YIELD versions RETURN versions[0] AS v").single()["v"]
    except Exception:  # noqa: BLE001 - informative only
        pass
    if not settings.neo4j_uri:  # embedded: the JVM's -Xmx is the heap
        heap = settings.heap
    return {
        "cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(), "ram_gib": round(ram / 2**30, 1),
        "neo4j": version, "heap": heap, "pagecache": pagecache,
        "database": settings.neo4j_uri or f"embedded ({settings.home})",
        "python": platform.python_version(),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    settings = Settings.from_env()
    result: dict[str, Any] = {"works": args.works, "seed": args.seed, "chunk": args.chunk,
                              "date": time.strftime("%Y-%m-%d"), "queries": {}}
    with connect(settings) as db:
        result["machine"] = machine(db, settings)
        console.log(f"machine: {result['machine']}")
        began = time.perf_counter()
        prepare(db)
        console.log(f"prepared (schema, KB) in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        clear_lineage(db)
        console.log(f"cleared lineage data in {time.perf_counter() - began:.1f} s")

        # ---- import
        works = derivations = releases = 0
        plan_s = write_s = gen_s = 0.0
        before = _query_snapshot()
        gen_began = time.perf_counter()
        for index, data in enumerate(hub(args.works, args.seed, args.chunk)):
            gen_s += time.perf_counter() - gen_began
            derivations += len(data["derivations"])
            releases += len(data["releases"])
            n, p, w = import_manifest(db, data, f"hub-{index}.json")
            works += n
            plan_s += p
            write_s += w
            console.log(f"manifest {index}: {n} works (plan {p:.1f} s, write {w:.1f} s); {works}/{args.works}, "
                        f"{works / (plan_s + write_s):.0f} works/s so far")
            gen_began = time.perf_counter()
        result["import"] = {"works": works, "derivations": derivations, "releases": releases,
                            "plan_s": plan_s, "write_s": write_s, "generate_s": gen_s,
                            "works_per_s": works / (plan_s + write_s)}
        result["queries"]["import"] = _query_delta(before)

        tips: dict[int, str] = {}
        for depth in args.depths:
            data, tip = deep_chain(depth)
            import_manifest(db, data, f"chain-{depth}.json")
            tips[depth] = tip

        with db.driver.session(database=db.database) as session:
            stats = session.run("MATCH (w:Work) RETURN count(w) AS works, max(w.depth) AS max_depth").single().data()
            stats["edges"] = session.run("MATCH (:Work)-[e:MIX|SUB|AUX]->() RETURN count(e) AS n").single()["n"]
            stats["releases"] = session.run("MATCH (r:Release) RETURN count(r) AS n").single()["n"]
        result["graph"] = stats
        console.log(f"graph: {stats}")

        # ---- whole-graph assessment
        if not args.skip_assess_all:
            before = _query_snapshot()
            began = time.perf_counter()
            assessments = engine.assess_all(db)
            elapsed = time.perf_counter() - began
            result["assess_all"] = {"seconds": elapsed, "releases": len(assessments),
                                    "findings": sum(len(a.findings) for a in assessments),
                                    "errors": sum(a.status == "error" for a in assessments)}
            result["queries"]["assess_all"] = _query_delta(before)
            console.log(f"assess_all: {result['assess_all']}")

        # ---- single-work latency
        result["assess"] = {}
        for depth, tip in tips.items():
            before = _query_snapshot()
            times = []
            for _ in range(args.repeat):
                began = time.perf_counter()
                assessment = engine.assess(db, tip, "sell")
                times.append(time.perf_counter() - began)
            result["assess"][depth] = {"median_s": statistics.median(times), "min_s": min(times),
                                       "max_s": max(times), "runs": len(times),
                                       "findings": len(assessment.findings), "status": assessment.status}
            result["queries"][f"assess_depth_{depth}"] = {k: v / args.repeat for k, v in _query_delta(before).items()}
            console.log(f"assess depth {depth}: {result['assess'][depth]}")
    return result


# ------------------------------------------------------------------------------------- output


def _seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 120:
        return f"{value:.1f} s"
    return f"{value / 60:.1f} min"


def table(results: list[dict[str, Any]]) -> Table:
    m = results[0]["machine"]
    caption = (f"{m['cores']} cores, {m['ram_gib']} GiB RAM; Neo4j {m['neo4j']} heap {m['heap']}, "
               f"page cache {m['pagecache']}; {m['database']}")
    out = Table(title=f"kg benchmark ({results[0]['date']})", caption=caption)
    depths = sorted({int(d) for r in results for d in r.get("assess", {})})
    for column in ("works", "works/manifest", "edges", "max depth", "releases", "import works/s", "import time", "assess_all",
                   *[f"assess depth {d} (median)" for d in depths]):
        out.add_column(column, justify="right")
    for r in results:
        imp, graph = r["import"], r["graph"]
        whole = r.get("assess_all")
        single = {int(k): v for k, v in r.get("assess", {}).items()}
        out.add_row(
            f"{imp['works']:,}", f"{r['chunk']:,}", f"{graph['edges']:,}", str(graph["max_depth"]), f"{graph['releases']:,}",
            f"{imp['works_per_s']:,.0f}", _seconds(imp["plan_s"] + imp["write_s"]),
            _seconds(whole["seconds"]) if whole else "skipped",
            *[_seconds(single[d]["median_s"]) if d in single else "-" for d in depths],
        )
    return out


def slow_queries(result: dict[str, Any], top: int = 6) -> Table:
    out = Table(title=f"slowest queries ({result['import']['works']:,} works)")
    for column in ("phase", "query", "time"):
        out.add_column(column, justify="left" if column != "time" else "right")
    for phase, times in result["queries"].items():
        for name, seconds in sorted(times.items(), key=lambda kv: -kv[1])[:top]:
            out.add_row(phase, name, _seconds(seconds))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, action="append",
                        help="size of the hub-shaped lineage (repeat for several sizes)")
    parser.add_argument("--depths", default="10,50,200", help="depths of the single-work chains (comma-separated)")
    parser.add_argument("--chunk", type=int, default=50_000, help="works per manifest (one transaction each)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each single-work assessment")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-assess-all", action="store_true")
    parser.add_argument("--queries", action="store_true", help="also print the slowest queries of each phase")
    parser.add_argument("--json", type=Path, help="append the results, one JSON object a line")
    parser.add_argument("--table", type=Path, help="only print the table of the results in this JSON-lines file")
    args = parser.parse_args(argv)
    args.depths = [int(d) for d in args.depths.split(",") if d.strip()]

    stdout = Console(width=200)
    if args.table:
        results = [json.loads(line) for line in args.table.read_text().splitlines() if line.strip()]
        stdout.print(table(results))
        return
    results = []
    for works in args.works or [1000]:
        ns = argparse.Namespace(**{**vars(args), "works": works})
        result = run(ns)
        results.append(result)
        if args.json:
            with args.json.open("a", encoding="utf-8") as out:
                out.write(json.dumps(result, default=str) + "\n")
        if args.queries:
            stdout.print(slow_queries(result))
    stdout.print(table(results))


if __name__ == "__main__":
    sys.exit(main())
