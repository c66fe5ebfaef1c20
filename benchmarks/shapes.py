"""Benchmark the two lineage shapes that punish path enumeration, and the API's read of a verdict.

    KG_HOME=/tmp/kg-bench KG_NEO4J_HEAP=4g KG_NEO4J_PAGECACHE=2g python -m benchmarks.shapes

* **combine lattice** (`lattice(depth)`): `width` works per level, each combining two neighbours of
  the level below, one work on top: shared ancestors, 3 x 2^depth routes from the top to a corpus.
* **wide combine** (`wide(n)`): one collection of n datasets (a web corpus of many sources).
* **GraphQL `assessment`** of an unchanged work at the tip of a chain of depth 50: p50 / p99 over
  `--requests` requests through kg's app in-process (httpx, no network), after one assessment and
  ten requests not counted (the driver's first connections, Neo4j's first plans).

Each shape is imported through kg's own path, then assessed (`kg.analysis.engine.assess`, sell)
twice: first (determines and validates) and again (unchanged lineage: only validates). It DELETES
every lineage node of the database first. It prints a table with the commit, the machine and
Neo4j's memory settings.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.generate import deep_chain
from benchmarks.run import clear_lineage, import_manifest, machine
from kg.analysis import engine
from kg.config import Settings
from kg.db import Database, connect
from kg.prepare import prepare

console = Console(stderr=True)
WARM_UP = 10
DATA_LICENSES = ("CC-BY-4.0", "MIT", "CC-BY-NC-4.0", "CC-BY-SA-4.0", "ODC-By-1.0")


def lattice(depth: int, width: int = 3) -> dict[str, Any]:
    """A manifest: `width` corpora, `depth` levels of combines of neighbours, one collection on top."""
    works = [{"id": f"w0-{i}", "type": "data", "license": DATA_LICENSES[i % len(DATA_LICENSES)]} for i in range(width)]
    derivations: list[dict[str, Any]] = []
    for level in range(1, depth + 1):
        for i in range(width):
            inputs = [f"w{level - 1}-{i}", f"w{level - 1}-{(i + 1) % width}"]
            derivations.append({"method": "combine", "inputs": inputs, "output": {"id": f"w{level}-{i}"}})
    derivations.append({"method": "combine", "inputs": [f"w{depth}-{i}" for i in range(width)], "output": {"id": "top"}})
    return {"works": works, "derivations": derivations}


def wide(sources: int) -> dict[str, Any]:
    """A manifest: one collection ("top") combining `sources` datasets."""
    works = [{"id": f"s{i}", "type": "data", "license": DATA_LICENSES[i % len(DATA_LICENSES)]} for i in range(sources)]
    return {"works": works, "derivations": [{"method": "combine", "inputs": [w["id"] for w in works], "output": {"id": "top"}}]}


def shape(db: Database, name: str, manifest: dict[str, Any]) -> dict[str, Any]:
    clear_lineage(db)
    began = time.perf_counter()
    import_manifest(db, manifest, f"{name}.yaml")
    imported = time.perf_counter() - began
    began = time.perf_counter()
    first = engine.assess(db, "top", "sell")
    assessed = time.perf_counter() - began
    began = time.perf_counter()
    engine.assess(db, "top", "sell")
    again = time.perf_counter() - began
    row = {"shape": name, "works": len(manifest["works"]) + len(manifest["derivations"]), "import": imported,
           "assess": assessed, "assess_again": again, "findings": len(first.findings)}
    console.log(row)
    return row


def api_latency(db: Database, settings: Settings, requests: int) -> dict[str, float]:
    """p50 / p99 of GraphQL `assessment` for the tip of a chain of depth 50, lineage unchanged."""
    from starlette.testclient import TestClient

    from kg.api.app import create_app
    from kg.api.settings import ApiSettings
    from kg.db import driver_target

    clear_lineage(db)
    chain, tip = deep_chain(50)
    import_manifest(db, chain, "chain-50.yaml")
    engine.assess(db, tip, "share")
    query = "query($id: String!) { assessment(workId: $id, policy: SHARE) { status stale findings { code } } }"
    times: list[float] = []
    uri, auth = driver_target(settings)  # the embedded Neo4j's address and credentials once it runs
    if auth:
        settings = replace(settings, neo4j_user=auth[0], neo4j_password=auth[1])
    with TestClient(create_app(replace(settings, neo4j_uri=uri), ApiSettings())) as client:
        for _ in range(WARM_UP):  # the driver's first connections and Neo4j's first plans: not a steady state
            client.post("/graphql", json={"query": query, "variables": {"id": tip}})
        for _ in range(requests):
            began = time.perf_counter()
            response = client.post("/graphql", json={"query": query, "variables": {"id": tip}})
            times.append(time.perf_counter() - began)
            assert response.status_code == 200 and "errors" not in response.json(), response.text
    times.sort()
    return {"p50": statistics.median(times), "p99": times[min(len(times) - 1, int(len(times) * 0.99))], "requests": requests}


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lattice", default="12,18,30", help="lattice depths")
    parser.add_argument("--wide", default="1000,10000,40000,100000", help="wide-combine sizes")
    parser.add_argument("--requests", type=int, default=200, help="GraphQL requests for the latency figure (0: skip)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    rows = []
    with connect(settings) as db:
        info = machine(db, settings)
        prepare(db)
        shape(db, "warm-up (not reported: Neo4j plans each query once)", lattice(2))
        for depth in (int(d) for d in args.lattice.split(",") if d):
            rows.append(shape(db, f"lattice depth {depth}", lattice(depth)))
        for size in (int(n) for n in args.wide.split(",") if n):
            rows.append(shape(db, f"wide combine {size:,}", wide(size)))
        latency = api_latency(db, settings, args.requests) if args.requests else None
    table = Table(title=f"kg {_commit()} · {info['cores']} cores · Neo4j {info['neo4j']} heap {info['heap']} / page cache {info['pagecache']}")
    for column in ("shape", "works", "import", "assess", "assess again", "import + assess", "findings"):
        table.add_column(column, justify="right")
    for r in rows:
        table.add_row(r["shape"], f"{r['works']:,}", f"{r['import']:.2f} s", f"{r['assess']:.2f} s",
                      f"{r['assess_again']:.2f} s", f"{r['import'] + r['assess']:.2f} s", f"{r['findings']:,}")
    Console().print(table)
    if latency:
        Console().print(f"GraphQL assessment, depth 50, unchanged: p50 {latency['p50'] * 1000:.0f} ms, "
                        f"p99 {latency['p99'] * 1000:.0f} ms over {latency['requests']} requests")


if __name__ == "__main__":
    main()
