"""Seeded synthetic lineages shaped like the Hugging Face hub, as kg manifests.

The hub is a forest of a few popular base models (each under its vendor's license), a long tail of
fine-tunes, adapters (LoRA) and quantizations of them and of each other, merges of two or three
models, and datasets that many models are trained on. This module produces that shape:

* about 1 % of works are base models, chosen for reuse with Zipf weights (a few bases dominate);
* about 9 % are datasets, also shared with Zipf weights, under the hub's data license mix (some
  with no license, some with one kg does not know);
* the rest are derived models: ``finetune`` of one model with one or two datasets as aux, ``modify``
  (a LoRA adapter or a quantization), or ``amalgamate`` (a merge of 2-3 models); about half declare
  a license of their own, usually their base's, sometimes a permissive one their base may forbid;
* about 5 % of works are released (``share`` or ``sell``).

Works come in dependency order, cut into manifests of ``chunk`` works (``kg import`` writes one
manifest in one transaction): a later manifest refers to works of earlier ones by id, as manifests
of one organisation refer to the hub. Every manifest validates as ``kg.lineage.manifest.Manifest``.

``deep_chain(depth)`` is one lineage whose tip relies on a chain of ``depth`` derivations.

    python -m benchmarks.generate --works 1000 --out /tmp/hub.json   # one manifest, for kg import
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Manifest = dict[str, Any]

#: (license, weight) of popular base models (None: the id is picked per family below)
BASE_LICENSES: list[tuple[str, float]] = [
    ("Apache-2.0", 30), ("MIT", 10), ("Llama-2", 8), ("Llama-3.1", 12), ("Llama-3", 4), ("Gemma", 7),
    ("CreativeML-OpenRAIL-M", 6), ("OpenRAIL", 4), ("OpenRAIL++", 2), ("CC-BY-NC-4.0", 5), ("Qwen", 4),
    ("BigScience-OpenRAIL-M", 2), ("CC-BY-4.0", 2), ("BSD-3-Clause", 1), ("Stability-AI-Community", 1),
    ("Llama-3.2", 2),
]
#: (license, weight) of datasets; None is no license, "other" a license kg does not know
DATA_LICENSES: list[tuple[str | None, float]] = [
    ("CC-BY-4.0", 22), ("Apache-2.0", 16), ("MIT", 14), ("CC-BY-SA-4.0", 9), ("CC-BY-NC-4.0", 8),
    ("ODC-By-1.0", 5), ("CC0-1.0", 4), ("CC-BY-NC-SA-4.0", 2), ("ODbL-1.0", 1), ("GPL-3.0-only", 1),
    (None, 13), ("LicenseRef-custom-research-only", 3), ("other", 2),
]
#: what a derived model declares, when it declares something other than its base's license
PERMISSIVE_CLAIMS: list[tuple[str, float]] = [("Apache-2.0", 6), ("MIT", 4), ("CC-BY-4.0", 1), ("CC-BY-NC-4.0", 1)]

BASE_SHARE = 0.01
DATA_SHARE = 0.09
RELEASE_SHARE = 0.05
#: among derivations: (method, weight)
METHODS: list[tuple[str, float]] = [("finetune", 55), ("adapter", 20), ("quantize", 15), ("merge", 10)]
#: chance that a derivation builds on a derived model rather than a base (chains grow from this)
ON_DERIVED = 0.35
DECLARES_OWN = 0.5  # a derived model declares a license ...
KEEPS_BASE = 0.8  # ... which is its base's in most cases


def _weighted(pairs: list[tuple[Any, float]]) -> tuple[list[Any], list[float]]:
    values = [p[0] for p in pairs]
    cumulative = list(itertools.accumulate(p[1] for p in pairs))
    return values, cumulative


class _Zipf:
    """Pick among a growing list with weight 1/rank**s: early (popular) entries dominate."""

    def __init__(self, rng: random.Random, s: float = 1.1) -> None:
        self.rng, self.s = rng, s
        self.items: list[str] = []
        self.cumulative: list[float] = []

    def add(self, item: str) -> None:
        weight = 1.0 / (len(self.items) + 1) ** self.s
        self.items.append(item)
        self.cumulative.append((self.cumulative[-1] if self.cumulative else 0.0) + weight)

    def pick(self) -> str:
        x = self.rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, x)]

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass
class _Chunk:
    works: list[dict[str, Any]] = field(default_factory=list)
    derivations: list[dict[str, Any]] = field(default_factory=list)
    releases: list[dict[str, Any]] = field(default_factory=list)

    def size(self) -> int:
        return len(self.works) + len(self.derivations)

    def manifest(self) -> Manifest:
        return {"works": self.works, "derivations": self.derivations, "releases": self.releases}


def hub(works: int, seed: int = 42, chunk: int = 50_000) -> Iterator[Manifest]:
    """Yield manifests of at most `chunk` works each, `works` works in all, in dependency order."""
    rng = random.Random(seed)
    base_lic, base_cum = _weighted(BASE_LICENSES)
    data_lic, data_cum = _weighted(DATA_LICENSES)
    claim_lic, claim_cum = _weighted(PERMISSIVE_CLAIMS)
    methods, method_cum = _weighted(METHODS)
    bases, datasets = _Zipf(rng), _Zipf(rng)
    derived: list[str] = []
    license_of: dict[str, str] = {}  # model id -> the license of the base it descends from
    current = _Chunk()
    counter = itertools.count()

    def release(work: str) -> None:
        if rng.random() < RELEASE_SHARE:
            current.releases.append({"work": work, "policy": "sell" if rng.random() < 0.4 else "share"})

    def new_base() -> None:
        n = next(counter)
        lic = rng.choices(base_lic, cum_weights=base_cum)[0]
        work_id = f"org{n % 997}/base-{n}"
        current.works.append({"id": work_id, "type": "model", "license": lic, "owner": f"org{n % 997}",
                              "tags": ["base"]})
        bases.add(work_id)
        license_of[work_id] = lic
        release(work_id)

    def new_dataset() -> None:
        n = next(counter)
        lic = rng.choices(data_lic, cum_weights=data_cum)[0]
        work_id = f"datasets/org{n % 991}/data-{n}"
        work: dict[str, Any] = {"id": work_id, "type": "data"}
        if lic == "other":
            work |= {"license": "other", "license_name": f"Custom data license {n % 17}"}
        elif lic is not None:
            work["license"] = lic
        current.works.append(work)
        datasets.add(work_id)
        release(work_id)

    def parent() -> str:
        if derived and rng.random() < ON_DERIVED:
            # recent work is reused more than old work, as on the hub
            span = min(len(derived), 5_000)
            return derived[len(derived) - 1 - int(rng.random() ** 2 * span)]
        return bases.pick()

    def new_derived() -> None:
        n = next(counter)
        method = rng.choices(methods, cum_weights=method_cum)[0]
        first = parent()
        output: dict[str, Any] = {"id": f"user{n % 50_021}/{method}-{n}"}
        if method == "finetune":
            aux = sorted({datasets.pick() for _ in range(rng.choice((1, 1, 2)))})
            derivation = {"method": "finetune", "inputs": [first], "aux": aux}
        elif method == "merge":
            others = {parent() for _ in range(rng.choice((1, 2)))} - {first}
            if not others:
                others = {bases.pick()} - {first}
            inputs = [first, *sorted(others)]
            derivation = {"method": "amalgamate" if len(inputs) > 1 else "modify", "inputs": inputs}
        else:  # a LoRA adapter or a quantization: a modified copy of one model
            derivation = {"method": "modify", "inputs": [first], "tool": "peft" if method == "adapter" else "gguf"}
        base_license = license_of[first]
        if rng.random() < DECLARES_OWN:
            output["license"] = base_license if rng.random() < KEEPS_BASE else rng.choices(claim_lic, cum_weights=claim_cum)[0]
        derivation["output"] = output
        current.derivations.append(derivation)
        license_of[output["id"]] = base_license
        derived.append(output["id"])
        release(output["id"])

    made = 0
    while made < works:
        if not bases or not datasets:
            new_base() if not bases else new_dataset()
        else:
            x = rng.random()
            if x < BASE_SHARE:
                new_base()
            elif x < BASE_SHARE + DATA_SHARE:
                new_dataset()
            else:
                new_derived()
        made += 1
        if current.size() >= chunk:
            yield current.manifest()
            current = _Chunk()
    if current.size():
        yield current.manifest()


def deep_chain(depth: int, seed: int = 7, prefix: str | None = None) -> tuple[Manifest, str]:
    """One lineage: a base model, then `depth` derivations in a row (fine-tunes on shared datasets,
    adapters, quantizations). Returns the manifest and the id of the tip (depth `depth`)."""
    rng = random.Random(seed + depth)
    prefix = prefix or f"chain{depth}"
    datasets = [
        {"id": f"{prefix}/data-cc-by", "type": "data", "license": "CC-BY-4.0"},
        {"id": f"{prefix}/data-odc", "type": "data", "license": "ODC-By-1.0"},
        {"id": f"{prefix}/data-mit", "type": "data", "license": "MIT"},
        {"id": f"{prefix}/data-none", "type": "data"},
    ]
    works = [{"id": f"{prefix}/base", "type": "model", "license": "Llama-3.1"}, *datasets]
    derivations = []
    previous = f"{prefix}/base"
    for step in range(1, depth + 1):
        out = {"id": f"{prefix}/step-{step}"}
        if rng.random() < 0.3:
            out["license"] = "Llama-3.1"
        if step % 3 == 1:
            derivation = {"method": "finetune", "inputs": [previous], "aux": [rng.choice(datasets)["id"]], "output": out}
        else:
            derivation = {"method": "modify", "inputs": [previous], "output": out}
        derivations.append(derivation)
        previous = out["id"]
    return {"works": works, "derivations": derivations, "releases": [{"work": previous, "policy": "sell"}]}, previous


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True, help="a .json file (one manifest with all works)")
    args = parser.parse_args()
    merged: Manifest = {"works": [], "derivations": [], "releases": []}
    for manifest in hub(args.works, args.seed, chunk=args.works):
        for key in merged:
            merged[key].extend(manifest[key])
    args.out.write_text(json.dumps(merged), encoding="utf-8")
    print(f"{args.out}: {len(merged['works'])} works, {len(merged['derivations'])} derivations, "
          f"{len(merged['releases'])} releases")


if __name__ == "__main__":
    main()
