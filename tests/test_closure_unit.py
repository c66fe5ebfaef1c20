"""Pure logic of the analysis core, no Neo4j: the closure's order, stamps and explanation paths,
and the finding contract between the Cypher queries, the knowledge base and kg.analysis.codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kg.analysis.closure import Closure
from kg.analysis.codes import CODES, DUTIES, message
from kg.resources import resource_dir

pytestmark = pytest.mark.unit


def closure(edges: dict[str, list[str]], **facts: str) -> Closure:
    works = set(edges) | {t for targets in edges.values() for t in targets}
    return Closure.from_rows([
        {"id": w, "type": "data", "form": "raw", "license": facts.get(w, "MIT"), "unknown": [], "ambiguous": [],
         "choice": False, "stamp": None, "edges": [["MIX", "combine", t] for t in edges.get(w, [])]}
        for w in sorted(works)
    ])


def lattice(depth: int, width: int = 3) -> dict[str, list[str]]:
    """Each level combines neighbouring works of the level below: 2^depth paths to the bottom."""
    edges: dict[str, list[str]] = {}
    for level in range(1, depth + 1):
        for i in range(width):
            edges[f"w{level}-{i}"] = [f"w{level - 1}-{i}", f"w{level - 1}-{(i + 1) % width}"]
    edges["top"] = [f"w{depth}-{i}" for i in range(width)]
    return edges


def test_levels_put_every_input_below_the_work_made_from_it() -> None:
    c = closure(lattice(5))
    level = {w: depth for depth, ids in c.levels().items() for w in ids}
    assert all(level[t] < level[w] for w, targets in lattice(5).items() for t in targets)
    assert level["top"] == 6


def test_paths_keep_the_ten_shortest_and_say_there_are_more_on_a_deep_lattice() -> None:
    # 3 * 2^40 routes from the top to a bottom work: enumerating them would never finish.
    paths = closure(lattice(40)).paths("top")
    routes, more = paths["w0-0"]
    assert more and len(routes) == 10 and len({tuple(r) for r in routes}) == 10
    assert all(r[0] == "top" and r[-1] == "w0-0" and len(r) == 42 for r in routes)


def test_paths_on_a_wide_combine_are_one_each() -> None:
    paths = closure({"corpus": [f"s{i}" for i in range(20_000)]}).paths("corpus")
    assert paths["s19999"] == ([["corpus", "s19999"]], False)


def test_a_change_below_makes_every_work_above_stale_and_nothing_else() -> None:
    edges = {"top": ["mid", "side"], "mid": ["leaf"]}
    before = closure(edges).stamps("kb1", "share")
    after = closure(edges, leaf="GPL-3.0-only").stamps("kb1", "share")
    assert {w for w in before if before[w] != after[w]} == {"leaf", "mid", "top"}
    assert closure(edges).stamps("kb2", "share")["side"] != before["side"]  # a new KB settles again


def test_every_code_a_query_writes_is_in_the_contract() -> None:
    written: set[str] = set()
    for path in resource_dir("cypher").glob("*.cypher"):
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r"'([A-Z][A-Z_]{3,})'", text))
    not_codes = {"NEEDS"}  # relationship names written as strings nowhere else
    assert written - not_codes <= set(CODES), written - set(CODES) - not_codes


def test_every_duty_in_the_knowledge_base_has_a_code_and_a_scope() -> None:
    duties: set[str] = set()
    for path in resource_dir("licenses").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "id" not in data:
            continue
        duties |= set(data.get("duties") or {})
        for term in data.get("terms") or []:
            duties |= set(term.get("restrictions") or [])
    assert duties <= set(DUTIES), duties - set(DUTIES)
    assert all(d["code"] in CODES for d in DUTIES.values())


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_message_renders(code: str) -> None:
    text = message(code, "w", ["GPL-3.0-only", "MIT"], "detail", ["a", "b"])
    assert "{" not in text and "w" in text


def test_the_findings_page_lists_every_code() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "findings.md").read_text(encoding="utf-8")
    assert {code for code in CODES if f"`{code}`" not in text} == set()


def test_every_finding_shows_its_clause_or_why_it_cites_none() -> None:
    from kg.analysis.engine import Finding
    from kg.analysis.report import clause_text

    for code, contract in CODES.items():
        bare = Finding(code, contract.severity, "w", [], None, [], "m")
        assert (clause_text(bare.clause, code) is not None) is (contract.uncited is not None), code
    cited = clause_text({"license": "Apache-2.0", "section": "4(a)", "text": "Give a copy."}, "INCLUDE_LICENSE")
    assert cited == "Apache-2.0 4(a): \u201cGive a copy.\u201d"
