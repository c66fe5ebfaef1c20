"""Claims with provenance: sources, merging, re-import, conflicting licenses, pins, aliases, placeholders.

Each lineage is a kg manifest (a Document of format `kg`) written to a temporary file and imported
through kg's own path; what the graph holds afterwards is read back with Cypher.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.analysis.engine import assess
from kg.db import Database
from kg.errors import InputError
from kg.lineage.claims import pin
from kg.lineage.document import Document
from kg.lineage.importer import import_document, import_manifest
from kg.lineage.manifest import Manifest

LLAMA = "pkg:huggingface/meta-llama/Llama-2-7b-hf"


def write(tmp_path: Path, name: str, manifest: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return path


def load(db: Database, tmp_path: Path, name: str, manifest: dict[str, Any]) -> Path:
    path = write(tmp_path, name, manifest)
    import_manifest(db, path)
    return path


def query(db: Database, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return db.read_tx(lambda tx: tx.run_text(cypher, params))


def dump(db: Database) -> list[str]:
    """Every lineage and provenance relationship with its properties (import times left out)."""
    rows = query(db, "MATCH (a)-[r]->(b) WHERE NOT a:License AND NOT a:Term AND NOT a:ActivityType AND NOT a:Policy "
                     "RETURN labels(a) AS la, properties(a) AS a, type(r) AS r, properties(r) AS pr, "
                     "coalesce(b.id, b.work, b.name) AS b")
    for row in rows:
        row["a"].pop("imported_at", None)
    return sorted(repr(sorted(row.items(), key=str)) for row in rows)


def declared(db: Database, work: str) -> list[str]:
    return [r["id"] for r in query(db, "MATCH (:Work {id: $id})-[:DECLARES]->(l) RETURN l.id AS id ORDER BY id", id=work)]


FAMILY = {
    "works": [
        {"id": LLAMA, "aliases": ["llama"], "type": "model", "license": "llama2", "url": "https://huggingface.co/meta-llama/Llama-2-7b-hf"},
        {"id": "chat-data", "type": "data", "license": "Apache-2.0"},
    ],
    "derivations": [{"method": "finetune", "inputs": ["llama", "chat-data"], "output": {"id": "chat", "license": "llama2"}}],
}


def test_an_import_records_its_source_claims_and_edge_provenance(lineage_db: Database, tmp_path: Path) -> None:
    path = load(lineage_db, tmp_path, "family.yaml", FAMILY)
    source = str(path.resolve())
    sources = query(lineage_db, "MATCH (s:Source) RETURN s.file AS file, s.format AS format, s.imported_at IS NOT NULL AS dated")
    assert sources == [{"file": source, "format": "kg", "dated": True}]
    claims = query(lineage_db, "MATCH (:Source)-[c:CLAIMS]->(w) RETURN w.id AS work, c.license_expression AS license, "
                               "c.resolved AS resolved ORDER BY work")
    assert claims == [
        {"work": "chat", "license": "llama2", "resolved": "Llama-2"},
        {"work": "chat-data", "license": "Apache-2.0", "resolved": "Apache-2.0"},
        {"work": LLAMA, "license": "llama2", "resolved": "Llama-2"},
    ]
    # the alias `llama` in the derivation resolved to the purl work
    edges = query(lineage_db, "MATCH (:Work {id: 'chat'})-[r]->(t:Work) RETURN type(r) AS kind, t.id AS target, r.sources AS sources ORDER BY target")
    assert edges == [{"kind": "AUX", "target": "chat-data", "sources": [source]},
                     {"kind": "SUB", "target": LLAMA, "sources": [source]}]
    assert query(lineage_db, "MATCH (a:Activity) RETURN a.sources AS sources") == [{"sources": [source]}]
    assert query(lineage_db, "MATCH (:Alias {id: 'llama'})-[:ALIAS_OF]->(w) RETURN w.id AS id") == [{"id": LLAMA}]
    assert declared(lineage_db, "chat") == ["Llama-2"]


def test_reimporting_a_source_changes_nothing(lineage_db: Database, tmp_path: Path) -> None:
    path = load(lineage_db, tmp_path, "family.yaml", FAMILY)
    before = dump(lineage_db)
    import_manifest(lineage_db, path)
    assert dump(lineage_db) == before


def test_a_changed_source_replaces_its_old_claims(lineage_db: Database, tmp_path: Path) -> None:
    path = load(lineage_db, tmp_path, "family.yaml", FAMILY)
    changed = {
        "works": [{"id": LLAMA, "aliases": ["llama"], "type": "model", "license": "llama2"},
                  {"id": "chat-data", "type": "data", "license": "MIT"}],
        "derivations": [{"method": "modify", "inputs": ["llama"], "output": {"id": "chat"}}],
    }
    path.write_text(yaml.safe_dump(changed), encoding="utf-8")
    import_manifest(lineage_db, path)
    edges = query(lineage_db, "MATCH (:Work {id: 'chat'})-[r]->(t:Work) RETURN type(r) AS kind, r.activity AS activity, t.id AS target")
    assert edges == [{"kind": "SUB", "activity": "modify", "target": LLAMA}]  # the AUX training edge is withdrawn
    assert declared(lineage_db, "chat-data") == ["MIT"]
    assert declared(lineage_db, "chat") == []  # the new file assigns no license to chat
    # the url another import gave stays: an absent value never erases a present one
    assert query(lineage_db, "MATCH (w:Work {id: $id}) RETURN w.url AS url", id=LLAMA)[0]["url"].endswith("Llama-2-7b-hf")


def test_a_changed_source_moves_the_depth_of_works_other_sources_built_on_it(lineage_db: Database, tmp_path: Path) -> None:
    """Depth drives level-by-level determination: a work must sit above everything it relies on,
    also when the change comes from a file that does not mention it."""
    depths = "MATCH (w:Work) RETURN w.id AS id, w.depth AS depth ORDER BY id"
    base = load(lineage_db, tmp_path, "base.yaml", {
        "works": [{"id": "seed", "type": "model", "license": "MIT"}],
        "derivations": [{"method": "finetune", "inputs": ["seed"], "output": {"id": "mid"}}]})
    load(lineage_db, tmp_path, "top.yaml", {
        "works": [],
        "derivations": [{"method": "finetune", "inputs": ["mid"], "output": {"id": "top"}},
                        {"method": "modify", "inputs": ["top"], "output": {"id": "tip"}}]})
    assert query(lineage_db, depths) == [{"id": i, "depth": d} for i, d in [("mid", 1), ("seed", 0), ("tip", 3), ("top", 2)]]
    base.write_text(yaml.safe_dump({  # seed is now itself a fine-tune of root
        "works": [{"id": "root", "type": "model", "license": "MIT"}],
        "derivations": [{"method": "finetune", "inputs": ["root"], "output": {"id": "seed", "license": "MIT"}},
                        {"method": "finetune", "inputs": ["seed"], "output": {"id": "mid"}}]}), encoding="utf-8")
    import_manifest(lineage_db, base)
    assert query(lineage_db, depths) == [
        {"id": i, "depth": d} for i, d in [("mid", 2), ("root", 0), ("seed", 1), ("tip", 4), ("top", 3)]]


def test_a_release_goes_when_no_source_asks_for_it_any_more(lineage_db: Database, tmp_path: Path) -> None:
    releases = "MATCH (s:Source)-[:REQUESTS]->(r:Release)-[:OF]->(w) RETURN w.id AS work, r.policy AS policy, s.file AS file ORDER BY policy, file"
    first = load(lineage_db, tmp_path, "family.yaml", {**FAMILY, "releases": [{"work": "chat", "policy": "share"}, {"work": "chat", "policy": "sell"}]})
    second = load(lineage_db, tmp_path, "gate.yaml", {"works": [], "releases": [{"work": "chat", "policy": "sell"}]})
    assert [(r["policy"], r["file"]) for r in query(lineage_db, releases)] == [
        ("sell", str(first.resolve())), ("sell", str(second.resolve())), ("share", str(first.resolve()))]
    first.write_text(yaml.safe_dump(FAMILY), encoding="utf-8")  # the family no longer asks for releases
    import_manifest(lineage_db, first)
    assert [(r["policy"], r["file"]) for r in query(lineage_db, releases)] == [("sell", str(second.resolve()))]
    second.write_text(yaml.safe_dump({"works": []}), encoding="utf-8")
    import_manifest(lineage_db, second)
    assert query(lineage_db, "MATCH (r:Release) RETURN count(r) AS n") == [{"n": 0}]


def test_sources_that_disagree_on_the_method_are_an_error_naming_both(lineage_db: Database, tmp_path: Path) -> None:
    family = load(lineage_db, tmp_path, "family.yaml", FAMILY)
    adapter = load(lineage_db, tmp_path, "adapter.yaml", {
        "works": [],
        "derivations": [{"method": "modify", "inputs": ["pkg:huggingface/meta-llama/Llama-2-7b-hf"], "output": {"id": "chat"}}],
    })
    result = assess(lineage_db, "chat", "share")
    [conflict] = [f for f in result.findings if f.code == "DERIVATION_CONFLICT"]
    assert (conflict.severity, conflict.work) == ("error", "chat") and result.status == "error"
    assert f"{family.resolve()} (kg): finetune" in conflict.detail and f"{adapter.resolve()} (kg): modify" in conflict.detail
    # the adapter file is corrected: the sources agree again
    adapter.write_text(yaml.safe_dump({"works": [], "derivations": [
        {"method": "finetune", "inputs": ["pkg:huggingface/meta-llama/Llama-2-7b-hf", "chat-data"], "output": {"id": "chat"}}]}), encoding="utf-8")
    import_manifest(lineage_db, adapter)
    assert not [f for f in assess(lineage_db, "chat", "share").findings if f.code == "DERIVATION_CONFLICT"]


def test_a_second_overlapping_source_merges_and_withdrawing_it_keeps_the_first(lineage_db: Database, tmp_path: Path) -> None:
    first = load(lineage_db, tmp_path, "family.yaml", FAMILY)
    second = load(lineage_db, tmp_path, "partner.yaml", {
        "works": [{"id": "llama", "type": "model", "license": "Llama-2", "owner": "Meta"},  # the alias, as a partner names it
                  {"id": "chat-data", "type": "data"}],
        "derivations": [{"method": "finetune", "inputs": ["llama", "chat-data"], "output": {"id": "chat", "name": "Llama chat"}}],
    })
    assert query(lineage_db, "MATCH (w:Work) RETURN count(w) AS n")[0]["n"] == 3
    work = query(lineage_db, "MATCH (w:Work {id: $id}) RETURN w.owner AS owner, w.url AS url", id=LLAMA)[0]
    assert work["owner"] == "Meta" and work["url"]  # both sources' facts on one node
    both = sorted([str(first.resolve()), str(second.resolve())])
    sources = query(lineage_db, "MATCH (:Work {id: 'chat'})-[r:MIX|SUB|AUX]->(t) RETURN t.id AS target, r.sources AS sources ORDER BY target")
    assert [r["sources"] for r in sources] == [both, both]
    # "llama2" and "Llama-2" are the same claim; chat-data's second source says nothing: no conflict
    result = assess(lineage_db, "chat", "share")
    assert not [f for f in result.findings if f.code == "LICENSE_DECLARATION_CONFLICT"]
    assert declared(lineage_db, "chat-data") == ["Apache-2.0"] and declared(lineage_db, "chat") == ["Llama-2"]

    second.write_text(yaml.safe_dump({"works": []}), encoding="utf-8")
    import_manifest(lineage_db, second)
    sources = query(lineage_db, "MATCH (:Work {id: 'chat'})-[r:MIX|SUB|AUX]->(t) RETURN r.sources AS sources")
    assert [r["sources"] for r in sources] == [[str(first.resolve())]] * 2


def test_conflicting_claims_use_the_most_restrictive_name_both_sources_and_a_pin_overrides(
    lineage_db: Database, tmp_path: Path
) -> None:
    own = load(lineage_db, tmp_path, "own.yaml", {"works": [{"id": "corpus", "type": "data", "license": "CC-BY-4.0"}]})
    partner = load(lineage_db, tmp_path, "partner.yaml", {"works": [{"id": "corpus", "type": "data", "license": "CC-BY-NC-4.0"}]})
    # CC-BY-NC-4.0 is the stricter claim (non-commercial): the engine uses it until someone decides
    assert declared(lineage_db, "corpus") == ["CC-BY-NC-4.0"]
    result = assess(lineage_db, "corpus", "sell")
    conflict = [f for f in result.findings if f.code == "LICENSE_DECLARATION_CONFLICT"]
    assert len(conflict) == 1 and conflict[0].severity == "warning"
    detail = conflict[0].detail or ""
    assert f"{own.resolve()} (kg): CC-BY-4.0" in detail and f"{partner.resolve()} (kg): CC-BY-NC-4.0" in detail
    assert "kg uses CC-BY-NC-4.0 (the most restrictive claim)" in detail
    assert any(f.code == "NON_COMMERCIAL" for f in result.errors())

    pin(lineage_db, "corpus", "CC-BY-4.0")
    assert declared(lineage_db, "corpus") == ["CC-BY-4.0"]
    result = assess(lineage_db, "corpus", "sell")
    assert not result.errors()
    assert "kg uses CC-BY-4.0 (pinned)" in next(f.detail for f in result.findings if f.code == "LICENSE_DECLARATION_CONFLICT")
    import_manifest(lineage_db, partner)  # a re-import keeps the pin
    assert declared(lineage_db, "corpus") == ["CC-BY-4.0"]

    pin(lineage_db, "corpus", None)
    assert declared(lineage_db, "corpus") == ["CC-BY-NC-4.0"]
    with pytest.raises(InputError, match="not a license kg knows"):
        pin(lineage_db, "corpus", "no-such-license-1.0")


def test_an_unresolvable_claim_outranks_a_permissive_one(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, "a.yaml", {"works": [{"id": "m", "type": "model", "license": "MIT"}]})
    load(lineage_db, tmp_path, "b.yaml", {"works": [{"id": "m", "type": "model", "license": "LicenseRef-acme-internal"}]})
    result = assess(lineage_db, "m", "share")
    assert {f.code for f in result.errors()} == {"UNKNOWN_LICENSE"}


def test_a_placeholder_has_no_license_claim_until_its_own_source_arrives(lineage_db: Database, tmp_path: Path) -> None:
    card = Document(str(tmp_path / "tuned.md"), "hf-card", Manifest.model_validate({
        "works": [{"id": LLAMA, "type": "model"}],
        "derivations": [{"method": "finetune", "inputs": [LLAMA], "output": {"id": "pkg:huggingface/acme/tuned", "license": "llama2"}}],
    }), placeholders=frozenset({LLAMA}))
    import_document(lineage_db, card)
    result = assess(lineage_db, "pkg:huggingface/acme/tuned", "share")
    assert ("NO_LICENSE", LLAMA) in {(f.code, f.work) for f in result.errors()}  # never a silent permissive default
    assert query(lineage_db, "MATCH (:Source)-[c:CLAIMS]->(:Work {id: $id}) RETURN count(c) AS n", id=LLAMA)[0]["n"] == 0

    load(lineage_db, tmp_path, "family.yaml", FAMILY)  # Llama's own description, under its purl
    import_document(lineage_db, card)  # the placeholder does not overwrite what the real source said
    assert declared(lineage_db, LLAMA) == ["Llama-2"]
    result = assess(lineage_db, "pkg:huggingface/acme/tuned", "share")
    assert "NO_LICENSE" not in {f.code for f in result.findings}


@pytest.mark.parametrize(
    ("second", "reason"),
    [
        ({"works": [{"id": "other", "aliases": ["llama"], "type": "model"}]}, "alias 'llama' already names work"),
        ({"works": [{"id": "x", "aliases": ["chat-data"], "type": "model"}]}, "'chat-data' is the id of a work"),
    ],
)
def test_an_alias_that_names_another_work_is_refused(lineage_db: Database, tmp_path: Path, second: dict[str, Any], reason: str) -> None:
    load(lineage_db, tmp_path, "family.yaml", FAMILY)
    before = dump(lineage_db)
    with pytest.raises(InputError, match=reason):
        load(lineage_db, tmp_path, "second.yaml", second)
    assert dump(lineage_db) == before
