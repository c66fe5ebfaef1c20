"""PeaTMOSS import speed: a seeded synthetic database in the published schema, shaped like the real
file's linked part (PeaTMOSS paper: 44,337 links from 15,129 GitHub repositories to 2,530 models),
imported with `kg.loaders.peatmoss.import_database`; prints links/s for the whole import and for the
repository ranges alone.

    export KG_HOME=/tmp/kg-bench            # the benchmark DELETES every lineage node of that Neo4j
    python -m benchmarks.peatmoss --models 20000 --repositories 15129 --links 44337 --json results.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import time
from pathlib import Path
from typing import Any

from kg.db import connect
from kg.lineage.importer import ImportSummary
from kg.loaders.peatmoss import MODEL_CHUNK, REPO_CHUNK, Part, import_database
from kg.prepare import prepare

SCHEMA = Path(__file__).parent.parent / "tests" / "fixtures" / "peatmoss" / "schema.sql"
#: raw Hub license strings and how often a model carries them ("" an empty name, None no row)
MODEL_LICENSES = [("apache-2.0", 30), ("mit", 18), (None, 30), ("cc-by-nc-4.0", 4), ("openrail", 3), ("llama2", 2),
                  ("other", 4), ("gpl-3.0", 2), ("cc-by-4.0", 3), ("bsd-3-clause", 1), ("creativeml-openrail-m", 2), ("", 1)]
#: ScanCode keys of the GitHub scan (None: no license found, 43 % in the paper)
REPO_LICENSES = [(None, 43), ("mit", 28), ("apache-2.0", 14), ("gpl-3.0", 5), ("bsd-new", 3), ("proprietary-license", 2),
                 ("cc-by-nc-sa-4.0", 1), ("agpl-3.0", 1), ("bsd-simplified", 1), ("unknown-license-reference", 2)]


def pick(rng: random.Random, table: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def generate(path: Path, models: int, repositories: int, links: int, linked: int, seed: int) -> dict[str, list[str] | None]:
    """Write the database; return the repository license map (the shape of the authors' scan)."""
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(SCHEMA.read_text(encoding="utf-8"))
    db.executemany("INSERT INTO model_hub VALUES (?, ?, ?)", [(1, "HuggingFace", "https://huggingface.co/"), (2, "PyTorch", "https://pytorch.org")])
    names = {v: i + 1 for i, (v, _) in enumerate(MODEL_LICENSES) if v is not None}
    db.executemany("INSERT INTO license VALUES (?, ?)", [(i, v) for v, i in names.items()])
    db.executemany("INSERT INTO dataset VALUES (?, ?)", [(i, f"corpus-{i}" if i % 3 else f"org{i % 50}/data-{i}") for i in range(1, 501)])
    model_rows, license_rows, dataset_rows = [], [], []
    for i in range(1, models + 1):
        context = f"org{i % 997}/model-{i}"
        model_rows.append((i, context, 1, f"https://huggingface.co/{context}"))
        first = pick(rng, MODEL_LICENSES)
        if first is not None:
            license_rows.append((i, names[first]))
            if rng.random() < 0.02 and first != "mit":
                license_rows.append((i, names["mit"]))
        if rng.random() < 0.3:
            dataset_rows.extend((i, d) for d in rng.sample(range(1, 501), rng.randint(1, 2)))
    db.executemany("INSERT INTO model (id, context_id, model_hub_id, repo_url) VALUES (?, ?, ?, ?)", model_rows)
    db.executemany("INSERT INTO model_to_license VALUES (?, ?)", license_rows)
    db.executemany("INSERT INTO model_to_dataset VALUES (?, ?)", dataset_rows)
    popular = rng.sample(range(1, models + 1), min(linked, models))
    weights = [1 / (rank + 1) for rank in range(len(popular))]  # Zipf: a few models are used everywhere
    repo_rows, link_rows, file_rows, scan = [], set(), [], {}
    for r in range(1, repositories + 1):
        owner, name = f"user{r % 7919}", f"project-{r}"
        repo_rows.append((r, owner, name, f"github.com/{owner}/{name}"))
        scan[f"{owner}/{name}"] = None if (key := pick(rng, REPO_LICENSES)) is None else [key]
    for r in range(1, repositories + 1):  # every repository uses one model, the rest spread by popularity
        link_rows.add((rng.choices(popular, weights)[0], r))
    while len(link_rows) < links:
        link_rows.add((rng.choices(popular, weights)[0], rng.randint(1, repositories)))
    for model, repo in link_rows:
        file_rows.extend((f"user{repo % 7919}_project-{repo}/src/file{k}.py", model, repo) for k in range(rng.randint(1, 2)))
    db.executemany("INSERT INTO reuse_repository VALUES (?, ?, ?, ?)", repo_rows)
    db.executemany("INSERT INTO model_to_reuse_repository VALUES (?, ?)", sorted(link_rows))
    db.executemany("INSERT INTO reuse_file (path, model_id, reuse_repository_id) VALUES (?, ?, ?)", file_rows)
    db.commit()
    db.close()
    return scan


def run(args: argparse.Namespace) -> dict[str, Any]:
    scan = generate(args.out, args.models, args.repositories, args.links, args.linked, args.seed)
    timings: list[tuple[Part, float]] = []
    with connect() as db:
        prepare(db)
        _wipe(db)
        last = time.perf_counter()

        def lap(part: Part, _: ImportSummary) -> None:
            nonlocal last
            now = time.perf_counter()
            timings.append((part, now - last))
            last = now

        started = time.perf_counter()
        summary = import_database(db, args.out, scan, lap, model_chunk=args.model_chunk, repo_chunk=args.repo_chunk)
        total = time.perf_counter() - started
    repo_time = sum(t for p, t in timings if p.links)
    result = {
        "models": summary.models, "repositories": summary.repositories, "links": summary.links, "sources": len(summary.documents),
        "seconds": round(total, 1), "links_per_s": round(summary.links / total), "repository_seconds": round(repo_time, 1),
        "links_per_s_repository_ranges": round(summary.links / repo_time) if repo_time else None,
        "model_chunk": args.model_chunk, "repo_chunk": args.repo_chunk,
    }
    print(json.dumps(result))
    if args.json:
        with args.json.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(result) + "\n")
    return result


def _wipe(db: Any) -> None:
    """Remove every lineage node (the KB stays), in batches so a large graph fits the heap."""
    while True:
        removed = db.write_tx(lambda tx: tx.run_text(
            "MATCH (n) WHERE n:Work OR n:Activity OR n:Release OR n:Assessment OR n:Finding OR n:Issue OR n:Source OR n:Alias "
            "WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS removed", {}))[0]["removed"]
        if not removed:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=int, default=20_000)
    parser.add_argument("--repositories", type=int, default=15_129)
    parser.add_argument("--links", type=int, default=44_337)
    parser.add_argument("--linked", type=int, default=2_530, help="models that some repository uses")
    parser.add_argument("--model-chunk", type=int, default=MODEL_CHUNK)
    parser.add_argument("--repo-chunk", type=int, default=REPO_CHUNK)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=Path("/tmp/peatmoss-bench.db"))
    parser.add_argument("--json", type=Path)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
