"""Hugging Face cards: the Llama 2 family from a Hub cache, a Stable Diffusion family from ORG/NAME
folders, and messy real-world cards, imported through `kg.loaders.formats` and kg's import path.

Every verdict below is worked out by hand from the KB (licenses/*.yaml) beside its assertion.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.analysis.engine import Assessment, assess
from kg.db import Database
from kg.errors import InputError
from kg.lineage.claims import pin
from kg.lineage.importer import import_document, import_manifest
from kg.loaders.formats import detect, read
from kg.loaders.hf import find_cards

FIXTURES = Path(__file__).parent / "fixtures" / "hf"
CACHE, SD, MESSY = FIXTURES / "cache", FIXTURES / "sd", FIXTURES / "messy"
HF = "pkg:huggingface/"
BASE, CHAT, SQL = HF + "meta-llama/Llama-2-7b-hf", HF + "meta-llama/Llama-2-7b-chat-hf", HF + "acme/llama-2-7b-sql"
LORA, GGUF, MERGE = HF + "acme/llama-2-7b-chat-lora", HF + "TheBloke/Llama-2-7B-Chat-GGUF", HF + "acme/llama-2-7b-merge"
OASST, SQL_DATA = HF + "datasets/OpenAssistant/oasst1", HF + "datasets/acme/sql-instruct"


def load(db: Database, *paths: Path, repo_id: str | None = None) -> list[Any]:
    documents = read(list(paths), None, repo_id)
    for document in documents:
        import_document(db, document)
    return documents


def query(db: Database, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return db.read_tx(lambda tx: tx.run_text(cypher, params))


def declared(db: Database, work: str) -> list[list[str]]:
    rows = query(db, "MATCH (:Work {id: $id})-[d:DECLARES]->(l) RETURN d.alternative AS a, l.id AS id ORDER BY a, id", id=work)
    alternatives: dict[int, list[str]] = {}
    for row in rows:
        alternatives.setdefault(row["a"], []).append(row["id"])
    return list(alternatives.values())


def found(result: Assessment, severity: str | None = None) -> set[tuple[str, str]]:
    return {(f.code, f.work.removeprefix(HF)) for f in result.findings if severity in (None, f.severity)}


def edges(db: Database) -> set[tuple[str, str, str, str]]:
    rows = query(db, "MATCH (o:Work)-[r:MIX|SUB|AUX]->(t:Work) RETURN o.id AS o, type(r) AS kind, r.activity AS activity, t.id AS t")
    return {(r["o"].removeprefix(HF), r["kind"], r["activity"], r["t"].removeprefix(HF)) for r in rows}


def dump(db: Database) -> list[str]:
    rows = query(db, "MATCH (a)-[r]->(b) WHERE a:Work OR a:Activity OR a:Source OR a:Alias "
                     "RETURN labels(a) AS la, properties(a) AS a, type(r) AS r, properties(r) AS pr, coalesce(b.id, b.work) AS b")
    for row in rows:
        row["a"].pop("imported_at", None)
    return sorted(repr(sorted(row.items(), key=str)) for row in rows)


def test_the_llama_family_from_a_hub_cache(lineage_db: Database) -> None:
    documents = load(lineage_db, CACHE)
    assert len(documents) == 8 and {d.format for d in documents} == {"hf-card"}
    works = {r["id"]: r for r in query(lineage_db, "MATCH (w:Work) RETURN w.id AS id, w.type AS type, w.name AS name")}
    assert set(works) == {BASE, CHAT, SQL, LORA, GGUF, MERGE, OASST, SQL_DATA}
    assert works[OASST]["type"] == "data" and works[GGUF]["name"] == "TheBloke/Llama-2-7B-Chat-GGUF"
    assert edges(lineage_db) == {
        ("meta-llama/Llama-2-7b-chat-hf", "SUB", "finetune", "meta-llama/Llama-2-7b-hf"),  # finetune: the base weights
        ("meta-llama/Llama-2-7b-chat-hf", "AUX", "train", "datasets/OpenAssistant/oasst1"),  # `datasets`: trained on
        ("acme/llama-2-7b-sql", "SUB", "finetune", "meta-llama/Llama-2-7b-hf"),
        ("acme/llama-2-7b-sql", "AUX", "train", "datasets/acme/sql-instruct"),
        ("acme/llama-2-7b-chat-lora", "SUB", "modify", "meta-llama/Llama-2-7b-chat-hf"),  # adapter -> modify (sbom_relations.yaml)
        ("TheBloke/Llama-2-7B-Chat-GGUF", "SUB", "modify", "meta-llama/Llama-2-7b-chat-hf"),  # quantized, inferred
        ("acme/llama-2-7b-merge", "SUB", "amalgamate", "meta-llama/Llama-2-7b-chat-hf"),  # merge -> amalgamate of all bases
        ("acme/llama-2-7b-merge", "SUB", "amalgamate", "acme/llama-2-7b-sql"),
    }
    # refs/main names the snapshot to read; the older one (license: mit) is not read
    assert declared(lineage_db, BASE) == [["Llama-2"]] and declared(lineage_db, SQL_DATA) == [["CC-BY-NC-4.0"]]
    assert declared(lineage_db, MERGE) == [["Apache-2.0"]]
    gguf = next(d for d in documents if "GGUF" in d.file)
    assert any("inferred `quantized` (GGUF files beside the card)" in n for n in gguf.notices)
    notices = query(lineage_db, "MATCH (s:Source) WHERE s.file ENDS WITH $f RETURN s.notices AS n", f=gguf.file.split("/cache/")[1])
    assert notices and "inferred `quantized`" in notices[0]["n"][0]


def test_reimporting_the_cache_changes_nothing(lineage_db: Database) -> None:
    load(lineage_db, CACHE)
    before = dump(lineage_db)
    load(lineage_db, CACHE)
    assert dump(lineage_db) == before


def test_selling_the_llama_merge(lineage_db: Database) -> None:
    load(lineage_db, CACHE)
    result = assess(lineage_db, MERGE, "sell")
    # The merge's card declares apache-2.0: a license its author assigns to a derived work.
    assert result.determined == ["Apache-2.0"]
    errors = {(f.code, f.work.removeprefix(HF), tuple(f.licenses), tuple(i.removeprefix(HF) for i in f.inputs)) for f in result.errors()}
    assert errors == {
        # Llama 2 (licenses/Llama-2.yaml, term amalgamate/modify/finetune, §1.a, 1.b.i): merged weights
        # are a derivative that stays under the Agreement (relicense: conditional, Apache-2.0 is no
        # relicensing target), so neither base lets the merge be relabelled Apache-2.0.
        ("RELICENSE_BLOCKED", "acme/llama-2-7b-merge", ("Llama-2", "Apache-2.0"),
         ("acme/llama-2-7b-sql", "meta-llama/Llama-2-7b-chat-hf")),
        # CC-BY-NC-4.0 reserves commercial_use (§1(i), 2(a)(1)); acme/sql-instruct is aux training
        # data of the SQL fine-tune, one of the merge's bases: selling needs commercial rights from
        # every work used to build the product (kg reports it; ModelGo ignores aux inputs).
        ("NON_COMMERCIAL", "datasets/acme/sql-instruct", ("CC-BY-NC-4.0",), ()),
    }
    assert result.status == "error"
    # Llama 2's acceptable use policy and 700M-MAU clause bind the merge through its bases (§1.b.iv, 2)
    assert ("USE_RESTRICTIONS", "meta-llama/Llama-2-7b-chat-hf") in found(result, "warning")


def test_the_lora_and_the_gguf_stay_llama_2_and_may_be_shared(lineage_db: Database) -> None:
    load(lineage_db, CACHE)
    for work in (LORA, GGUF):
        result = assess(lineage_db, work, "share")
        # both declare llama2, and a modify of Llama 2 chat stays Llama 2 (term modify: derivative);
        # Llama 2 grants redistribution (§1.a): sharing is allowed, with its restrictions passed on.
        assert result.determined == ["Llama-2"] and not result.errors(), work


def test_stable_diffusion_family(lineage_db: Database) -> None:
    load(lineage_db, SD)
    style, photo = HF + "acme/sd-nc-sa-style", HF + "acme/sa-photo-model"
    assert edges(lineage_db) == {
        ("acme/sd-nc-sa-style", "SUB", "finetune", "CompVis/stable-diffusion-v1-4"),
        ("acme/sd-nc-sa-style", "AUX", "train", "datasets/acme/nc-sa-art"),
        ("acme/sa-photo-model", "AUX", "train", "datasets/acme/sa-photos"),  # `datasets` and no base: trained from scratch
    }
    sold = assess(lineage_db, style, "sell")
    # The fine-tune declares creativeml-openrail-m, which SD v1-4's license lets derivatives carry
    # (CreativeML Open RAIL-M §4: derivatives may be licensed under other terms that keep the use
    # restrictions). Its training data is CC-BY-NC-SA-4.0, which reserves commercial use
    # (§1(k), 2(a)(1)): selling the style model is an error, reported on the dataset.
    assert sold.determined == ["CreativeML-OpenRAIL-M"]
    assert found(sold, "error") == {("NON_COMMERCIAL", "datasets/acme/nc-sa-art")}
    # Sharing it is not commercial: no error; the RAIL use restrictions (Attachment A) must be passed on.
    shared = assess(lineage_db, style, "share")
    assert not shared.errors() and ("USE_RESTRICTIONS", "CompVis/stable-diffusion-v1-4") in found(shared, "warning")
    # CC-BY-SA-4.0 says nothing of training (term train: undefined): kg warns rather than letting the
    # MIT-declared model pass silently; ShareAlike binds only if the model is Adapted Material.
    photo_shared = assess(lineage_db, photo, "share")
    assert photo_shared.determined == ["MIT"] and not photo_shared.errors()
    assert ("TERM_UNDEFINED", "datasets/acme/sa-photos") in found(photo_shared, "warning")


def test_a_base_model_no_file_describes_is_a_placeholder_until_its_card_arrives(lineage_db: Database) -> None:
    merge_card = CACHE / "models--acme--llama-2-7b-merge"
    load(lineage_db, merge_card)
    result = assess(lineage_db, MERGE, "share")
    # the bases are only named: no license claim, so the engine reports it (never a permissive default)
    assert {("NO_LICENSE", "meta-llama/Llama-2-7b-chat-hf"), ("NO_LICENSE", "acme/llama-2-7b-sql")} <= found(result, "error")
    load(lineage_db, CACHE)
    assert query(lineage_db, "MATCH (w:Work) RETURN count(w) AS n")[0]["n"] == 8
    result = assess(lineage_db, MERGE, "share")
    assert not {code for code, _ in found(result)} & {"NO_LICENSE"}


def test_a_second_source_disagreeing_with_a_card_and_a_pin(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, CACHE)
    review = tmp_path / "acme-review.yaml"
    # acme's compliance review records the merge under the license its bases require, by a short name
    review.write_text(yaml.safe_dump({"works": [{"id": MERGE, "aliases": ["our-merge"], "type": "model", "license": "llama2"}]}), encoding="utf-8")
    import_manifest(lineage_db, review)
    assert query(lineage_db, "MATCH (w:Work) RETURN count(w) AS n")[0]["n"] == 8  # merged, not duplicated
    # Llama-2 (proprietary, behavioural restrictions, revocable terms) outranks Apache-2.0 in restrictiveness
    assert declared(lineage_db, MERGE) == [["Llama-2"]]
    result = assess(lineage_db, MERGE, "sell")
    conflict = next(f for f in result.findings if f.code == "LICENSE_DECLARATION_CONFLICT")
    card = str((CACHE / "models--acme--llama-2-7b-merge/snapshots/6fdf2e60f86ff2481f2241aaee459f85b5b0bbb9/README.md").absolute())
    assert f"{card} (hf-card): apache-2.0" in (conflict.detail or "") and f"{review.absolute()} (kg): llama2" in (conflict.detail or "")
    # Under Llama-2 there is no relicensing left to block: only the NC training data remains an error.
    assert {f.code for f in result.errors()} == {"NON_COMMERCIAL"}
    pin(lineage_db, "our-merge", "Apache-2.0")  # by alias
    assert declared(lineage_db, MERGE) == [["Apache-2.0"]]
    assert "RELICENSE_BLOCKED" in {f.code for f in assess(lineage_db, MERGE, "sell").errors()}


@pytest.mark.parametrize(
    ("card", "expect"),
    [
        # CRLF front matter parses like LF
        ("crlf-card", {"declared": [["Apache-2.0"]], "edges": {("acme/crlf-card", "SUB", "finetune", "CompVis/stable-diffusion-v1-4")}}),
        # a list of licenses: all apply (AND), and the card is told so
        ("list-license", {"declared": [["Apache-2.0", "CC-BY-NC-4.0"]], "notice": "kg takes them all to apply (AND)"}),
        # `other` resolved through license_name
        ("other-named", {"declared": [["Llama-2"]]}),
        # `other` without license_name: ambiguous, reported
        ("other-unnamed", {"declared": [], "error": "AMBIGUOUS_LICENSE", "notice": "`other` with no license_name"}),
        # no license at all and built on nothing: all rights reserved
        ("no-license", {"declared": [], "error": "NO_LICENSE"}),
        # the base model is only in the prose: no derivation, a notice says so
        ("prose-base", {"declared": [["Llama-2"]], "edges": set(), "notice": "text names meta-llama/Llama-2-7b-hf"}),
        # keys the Hub does not read: not read, reported; the card then declares nothing
        ("misspelled", {"declared": [], "error": "NO_LICENSE", "notice": "did you mean `license`?", "edges": set()}),
    ],
)
def test_messy_cards(lineage_db: Database, card: str, expect: dict[str, Any]) -> None:
    documents = load(lineage_db, MESSY / "acme" / card / "README.md")
    work = HF + "acme/" + card
    assert declared(lineage_db, work) == expect["declared"]
    if "edges" in expect:
        assert edges(lineage_db) == expect["edges"]
    if "notice" in expect:
        assert any(expect["notice"] in n for n in documents[0].notices), documents[0].notices
    if "error" in expect:
        assert (expect["error"], "acme/" + card) in found(assess(lineage_db, work, "share"), "error")


def test_front_matter_that_is_not_yaml_is_refused_and_nothing_written(lineage_db: Database) -> None:
    with pytest.raises(InputError) as raised:
        load(lineage_db, MESSY, FIXTURES / "broken")  # the good cards are read first: still nothing is written
    assert str(raised.value).startswith(str(FIXTURES / "broken/acme/bad-yaml/README.md") + ": front matter, line 3: not valid YAML")
    assert query(lineage_db, "MATCH (w:Work) RETURN count(w) AS n")[0]["n"] == 0


def test_where_a_card_gets_its_repository_id(tmp_path: Path) -> None:
    lone = tmp_path / "card.md"
    shutil.copy(MESSY / "acme/no-license/README.md", lone)
    assert [(c.repo_id, c.kind) for c in find_cards(lone, "acme/renamed")] == [("acme/renamed", "model")]
    assert [(c.repo_id, c.kind) for c in find_cards(lone, "datasets/acme/data")] == [("acme/data", "dataset")]
    snapshot = next((CACHE / "models--acme--llama-2-7b-sql/snapshots").iterdir()) / "README.md"
    assert [c.repo_id for c in find_cards(snapshot)] == ["acme/llama-2-7b-sql"]
    assert [(c.repo_id, c.kind) for c in find_cards(SD / "datasets/acme/sa-photos/README.md")] == [("acme/sa-photos", "dataset")]
    # without refs/main, the newest snapshot is read
    repo = tmp_path / "models--meta-llama--Llama-2-7b-hf"
    shutil.copytree(CACHE / repo.name, repo)
    (repo / "refs/main").unlink()
    old = repo / "snapshots/01c7f73d771dfac7d292323805ebc428287df4f9"
    os.utime(old, (4_000_000_000, 4_000_000_000))
    assert find_cards(repo)[0].path == old / "README.md"


def test_detection_and_bad_input(tmp_path: Path) -> None:
    assert detect(CACHE) == "hf" and detect(MESSY / "acme/crlf-card/README.md") == "hf"
    assert detect(Path(__file__).parents[1] / "examples/case2a-mixture-of-experts.yaml") == "kg"
    odd = tmp_path / "notes.txt"
    odd.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match="not a format kg reads"):
        read([odd])
    stray = tmp_path / "x.json"
    stray.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="a JSON file kg does not recognise"):
        read([stray])
    with pytest.raises(InputError, match="--id names the repository of one card file"):
        read([CACHE], None, "acme/x")


def test_cli_imports_cards_prints_notices_and_refuses_broken_ones(
    lineage_db: Database, run_kg: Any, kg_env: dict[str, str], tmp_path: Path
) -> None:
    ok = run_kg("import", str(CACHE), str(SD), env=kg_env)
    assert ok.returncode == 0, ok.stderr
    assert "llama-2-7b-merge/snapshots" in ok.stdout and "(hf-card)" in ok.stdout
    assert "inferred `quantized`" in ok.stderr
    lone = tmp_path / "card.md"
    shutil.copy(SD / "CompVis/stable-diffusion-v1-4/README.md", lone)
    assert run_kg("import", "--format", "hf", "--id", "CompVis/stable-diffusion-v1-4", str(lone), env=kg_env).returncode == 0
    bad = run_kg("import", str(FIXTURES / "broken"), env=kg_env)
    assert bad.returncode == 2 and "not valid YAML" in bad.stderr and "Traceback" not in bad.stderr
    pinned = run_kg("pin", MERGE, "llama2", env=kg_env)
    assert pinned.returncode == 0 and declared(lineage_db, MERGE) == [["Llama-2"]]
    assert run_kg("unpin", MERGE, env=kg_env).returncode == 0 and declared(lineage_db, MERGE) == [["Apache-2.0"]]
