"""The upstream closure of the works being assessed, read once (cypher/lineage_closure.cypher).

From it, without another query: the order in which licenses are settled (inputs before the works
made from them), which works changed since their last determination (stamps), and the lineage
paths that explain each finding. Every step here visits each work and edge a bounded number of
times, whatever the number of paths through the lineage.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

MAX_PATHS = 10
CHOICE = "choice"  # the stamp of a work whose determination depends on the release policy


@dataclass(frozen=True)
class Node:
    id: str
    facts: str  # what determination reads of the work itself
    choice: bool  # offers an SPDX OR: settled per release policy and per activity above it
    stamp: str | None  # the stamp of its last determination


@dataclass
class Closure:
    nodes: dict[str, Node] = field(default_factory=dict)
    #: work id -> its own edges (kind, activity, input id)
    edges: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    _order: list[str] | None = field(default=None, repr=False)

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]]) -> Closure:
        closure = cls()
        for row in rows:
            facts = "|".join(str(row.get(key)) for key in ("type", "form", "license", "unknown", "ambiguous"))
            closure.nodes[row["id"]] = Node(row["id"], facts, bool(row.get("choice")), row.get("stamp"))
            closure.edges[row["id"]] = sorted((kind, activity, target) for kind, activity, target in row["edges"])
        return closure

    def inputs(self, work: str) -> list[str]:
        return [target for _, _, target in self.edges.get(work, []) if target in self.nodes]

    def levels(self) -> dict[int, list[str]]:
        """Works grouped by height (0: relies on nothing here); every input sits at a lower level."""
        height: dict[str, int] = {}
        for work in self._bottom_up():
            height[work] = 1 + max((height[i] for i in self.inputs(work)), default=-1)
        levels: dict[int, list[str]] = defaultdict(list)
        for work, level in height.items():
            levels[level].append(work)
        return {level: sorted(ids) for level, ids in sorted(levels.items())}

    def stamps(self, kb_version: str | None, policy: str | None) -> dict[str, str]:
        """What each work's determination depends on, hashed: its own facts, its edges and its
        inputs' stamps, the KB version. A work offering a choice also depends on the release policy
        and on activities applied to it from anywhere in the graph, so it and every work built on it
        are never taken as current (stamp CHOICE)."""
        stamps: dict[str, str] = {}
        for work in self._bottom_up():
            node = self.nodes[work]
            if node.choice or any(stamps[i] == CHOICE for i in self.inputs(work)):
                stamps[work] = CHOICE
                continue
            parts = [str(kb_version), node.facts]
            for kind, activity, target in self.edges.get(work, []):
                parts.append(f"{kind}|{activity}|{stamps.get(target, target)}")
            stamps[work] = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]
        return stamps

    def stale(self, stamps: dict[str, str]) -> set[str]:
        """Works to determine again: changed or never determined (and so every work that relies on
        them, as their stamps differ too), or settled by a choice."""
        return {work for work, stamp in stamps.items() if stamp == CHOICE or stamp != self.nodes[work].stamp}

    def paths(self, start: str, limit: int = MAX_PATHS) -> dict[str, tuple[list[list[str]], bool]]:
        """Up to `limit` shortest lineage paths from `start` to every work it relies on, shortest
        first, and whether there are more: each work keeps at most limit + 1 paths, extended from its
        parents' kept paths, so the cost follows edges x limit, not the number of paths."""
        kept: dict[str, list[list[str]]] = {start: [[start]]}
        for work in self._top_down(start):
            for target in sorted(set(self.inputs(work))):
                found = kept.setdefault(target, [])
                found.extend(path + [target] for path in kept.get(work, []))
                if len(found) > limit + 1:
                    kept[target] = heapq.nsmallest(limit + 1, found, key=lambda p: (len(p), p))
        result = {}
        for work, found in kept.items():
            ordered = sorted(found, key=lambda p: (len(p), p))
            result[work] = (ordered[:limit], len(ordered) > limit)
        return result

    def _bottom_up(self) -> list[str]:
        """Works in an order where each comes after all its inputs (Kahn's algorithm), computed once."""
        if self._order is None:
            self._order = self._kahn()
        return self._order

    def _kahn(self) -> list[str]:
        waiting = {work: len(set(self.inputs(work))) for work in self.nodes}
        users: dict[str, set[str]] = defaultdict(set)
        for work in self.nodes:
            for target in self.inputs(work):
                users[target].add(work)
        ready = sorted(work for work, count in waiting.items() if count == 0)
        order: list[str] = []
        while ready:
            work = ready.pop()
            order.append(work)
            for user in users[work]:
                waiting[user] -= 1
                if waiting[user] == 0:
                    ready.append(user)
        return order

    def _top_down(self, start: str) -> list[str]:
        """The works `start` relies on, each after every work above it that relies on it."""
        reach: set[str] = set()
        stack = [start]
        while stack:
            work = stack.pop()
            if work not in reach:
                reach.add(work)
                stack.extend(self.inputs(work))
        return [work for work in reversed(self._bottom_up()) if work in reach]
