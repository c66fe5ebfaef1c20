"""The same Llama 2 family from Hugging Face cards, SPDX 3.0 and CycloneDX 1.6 gives the same graph
and the same verdicts; all three imported together merge into that one graph with no conflict.

The verdicts themselves are worked out by hand in tests/test_loaders_hf.py (selling the merge:
RELICENSE_BLOCKED by the Llama 2 bases and NON_COMMERCIAL from acme/sql-instruct, aux).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.analysis.engine import assess
from kg.db import Database
from kg.lineage.importer import import_document
from kg.loaders.formats import read

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = {"hf": FIXTURES / "hf" / "cache", "spdx": FIXTURES / "spdx" / "llama2-family.spdx.json",
           "cyclonedx": FIXTURES / "cyclonedx" / "llama2-family.cdx.json"}
HF = "pkg:huggingface/"
MERGE, LORA, GGUF, CHAT = HF + "acme/llama-2-7b-merge", HF + "acme/llama-2-7b-chat-lora", HF + "TheBloke/Llama-2-7B-Chat-GGUF", HF + "meta-llama/Llama-2-7b-chat-hf"
TARGETS = [(MERGE, "sell"), (LORA, "share"), (GGUF, "share"), (CHAT, "sell")]


def query(db: Database, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return db.read_tx(lambda tx: tx.run_text(cypher, params))


def graph(db: Database) -> dict[str, Any]:
    return {
        "works": query(db, "MATCH (w:Work) RETURN w.id AS id, w.type AS type, w.form AS form ORDER BY id"),
        "edges": query(db, "MATCH (o:Work)-[r:MIX|SUB|AUX]->(t:Work) RETURN o.id AS o, type(r) AS k, r.activity AS a, t.id AS t ORDER BY o, t"),
        "licenses": query(db, "MATCH (w:Work)-[d:DECLARES]->(l) RETURN w.id AS w, d.alternative AS alt, l.id AS l ORDER BY w, alt, l"),
        "methods": query(db, "MATCH (a:Activity) RETURN a.id AS id, a.method AS method ORDER BY id"),
    }


def verdicts(db: Database) -> dict[tuple[str, str], Any]:
    result = {}
    for work, policy in TARGETS:
        found = assess(db, work, policy)
        result[(work, policy)] = (found.status, found.determined,
                                  sorted((f.severity, f.code, f.work, tuple(f.licenses)) for f in found.findings if f.severity != "notice"))
    return result


def load(db: Database, *sources: str) -> None:
    db.write_tx(lambda tx: tx.run_text("MATCH (n) WHERE n:Work OR n:Activity OR n:Assessment OR n:Finding OR n:Issue "
                                       "OR n:Source OR n:Alias DETACH DELETE n"))
    for document in read([SOURCES[s] for s in sources]):
        import_document(db, document)


@pytest.fixture
def from_cards(lineage_db: Database) -> tuple[dict[str, Any], dict[tuple[str, str], Any]]:
    load(lineage_db, "hf")
    return graph(lineage_db), verdicts(lineage_db)


@pytest.mark.parametrize("source", ["spdx", "cyclonedx"])
def test_an_sbom_gives_the_graph_and_verdicts_of_the_cards(lineage_db: Database, from_cards: Any, source: str) -> None:
    cards_graph, cards_verdicts = from_cards
    assert len(cards_graph["works"]) == 8 and len(cards_graph["edges"]) == 8
    load(lineage_db, source)
    assert graph(lineage_db) == cards_graph
    assert verdicts(lineage_db) == cards_verdicts
    status, determined, findings = cards_verdicts[(MERGE, "sell")]
    assert status == "error" and determined == ["Apache-2.0"]
    assert {(code, work) for severity, code, work, _ in findings if severity == "error"} == {
        ("RELICENSE_BLOCKED", MERGE), ("NON_COMMERCIAL", HF + "datasets/acme/sql-instruct")}


def test_all_three_sources_merge_into_one_graph_without_conflict(lineage_db: Database, from_cards: Any) -> None:
    cards_graph, cards_verdicts = from_cards
    load(lineage_db, "hf", "spdx", "cyclonedx")
    assert graph(lineage_db) == cards_graph  # one node per work, one edge per reliance, whatever file named it
    sources = query(lineage_db, "MATCH (:Work {id: $id})<-[:CLAIMS]-(s:Source) RETURN s.format AS f ORDER BY f", id=MERGE)
    assert [s["f"] for s in sources] == ["cyclonedx", "hf-card", "spdx3"]
    # "llama2", "Llama 2 Community License Agreement": one license, so no LICENSE_DECLARATION_CONFLICT
    assert verdicts(lineage_db) == cards_verdicts
