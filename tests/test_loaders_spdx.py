"""SPDX 3.0 JSON-LD: the Llama 2 family, a messy file, and every kind of broken input.

The mapping under test is loaders/sbom_relations.yaml (reasons in docs/graph-model.md).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg.db import Database
from kg.errors import InputError
from kg.lineage.importer import import_document
from kg.loaders.formats import detect
from kg.loaders.spdx import read_spdx

FIXTURES = Path(__file__).parent / "fixtures" / "spdx"
FAMILY, MESSY, DANGLING = FIXTURES / "llama2-family.spdx.json", FIXTURES / "messy-custom-license.spdx.json", FIXTURES / "dangling-ref.spdx.json"
NS = "https://spdx.acme.example/llama2-family/"
HF = "pkg:huggingface/"
BASE, CHAT, SQL = HF + "meta-llama/Llama-2-7b-hf", HF + "meta-llama/Llama-2-7b-chat-hf", HF + "acme/llama-2-7b-sql"
LORA, GGUF, MERGE = HF + "acme/llama-2-7b-chat-lora", HF + "TheBloke/Llama-2-7B-Chat-GGUF", HF + "acme/llama-2-7b-merge"
OASST, SQL_DATA = HF + "datasets/OpenAssistant/oasst1", HF + "datasets/acme/sql-instruct"
LLAMA = "Llama 2 Community License Agreement"  # a CustomLicense's name: the KB knows it (Llama-2's alias)


def query(db: Database, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return db.read_tx(lambda tx: tx.run_text(cypher, params))


def edges(db: Database) -> set[tuple[str, str, str, str]]:
    rows = query(db, "MATCH (o:Work)-[r:MIX|SUB|AUX]->(t:Work) RETURN o.id AS o, type(r) AS kind, r.activity AS activity, t.id AS t")
    return {(r["o"], r["kind"], r["activity"], r["t"]) for r in rows}


def test_the_family_reads_to_works_derivations_licenses_and_aliases() -> None:
    assert detect(FAMILY) == "spdx"
    [document] = read_spdx(FAMILY)
    assert document.format == "spdx3" and document.file == str(FAMILY) and not document.placeholders
    works = {w.id: (w.type, w.license) for w in document.manifest.works}
    assert works == {BASE: ("model", LLAMA), OASST: ("data", "Apache-2.0"), SQL_DATA: ("data", "CC-BY-NC-4.0")}
    base = next(w for w in document.manifest.works if w.id == BASE)
    assert base.aliases == [NS + "package/meta-llama--llama-2-7b-hf"] and base.owner == "Meta" and base.name == "meta-llama/Llama-2-7b-hf"
    derived = {d.output.id: (d.method, d.inputs, d.aux, d.output.type, d.output.license) for d in document.manifest.derivations}
    assert derived == {
        CHAT: ("finetune", [BASE], [OASST], "model", LLAMA),  # descendantOf + trainedOn, relation finetune
        SQL: ("finetune", [BASE], [SQL_DATA], "model", LLAMA),  # testedOn sql-instruct adds nothing
        LORA: ("modify", [CHAT], [], "model", LLAMA),  # annotation: adapter -> modify
        GGUF: ("modify", [CHAT], [], "model", LLAMA),  # annotation: quantized -> modify
        MERGE: ("amalgamate", [CHAT, SQL], [], "model", "Apache-2.0"),  # merge -> amalgamate of both bases
    }
    # testedOn: evaluation copies nothing into the model: not imported, and the user is told
    assert len(document.notices) == 1 and "testedOn" in document.notices[0] and "not imported" in document.notices[0]


def test_the_family_imports_as_the_table_says(lineage_db: Database) -> None:
    [document] = read_spdx(FAMILY)
    import_document(lineage_db, document)
    assert edges(lineage_db) == {
        (CHAT, "SUB", "finetune", BASE), (CHAT, "AUX", "train", OASST),
        (SQL, "SUB", "finetune", BASE), (SQL, "AUX", "train", SQL_DATA),
        (LORA, "SUB", "modify", CHAT), (GGUF, "SUB", "modify", CHAT),
        (MERGE, "SUB", "amalgamate", CHAT), (MERGE, "SUB", "amalgamate", SQL),
    }
    declared = {r["w"]: r["l"] for r in query(lineage_db, "MATCH (w:Work)-[:DECLARES]->(l) RETURN w.id AS w, l.id AS l")}
    assert declared == {BASE: "Llama-2", CHAT: "Llama-2", SQL: "Llama-2", LORA: "Llama-2", GGUF: "Llama-2",
                        MERGE: "Apache-2.0", OASST: "Apache-2.0", SQL_DATA: "CC-BY-NC-4.0"}
    # the SPDX ids stay reachable as aliases of the purl-named works
    alias = query(lineage_db, "MATCH (:Alias {id: $a})-[:ALIAS_OF]->(w) RETURN w.id AS id", a=NS + "package/acme--llama-2-7b-merge")
    assert alias == [{"id": MERGE}]
    before = sorted(map(str, query(lineage_db, "MATCH (a)-[r]->(b:Work) RETURN a.id, type(r), properties(r), b.id")))
    import_document(lineage_db, read_spdx(FAMILY)[0])  # idempotent
    assert sorted(map(str, query(lineage_db, "MATCH (a)-[r]->(b:Work) RETURN a.id, type(r), properties(r), b.id"))) == before


def test_a_messy_file_is_read_with_notices(lineage_db: Database) -> None:
    [document] = read_spdx(MESSY)
    # two trailing commas (invalid JSON, as some generators write it): accepted, each reported with its place
    commas = [n for n in document.notices if "trailing comma" in n]
    assert len(commas) == 2 and all(n.startswith(f"{MESSY}: line ") for n in commas)
    # no base_model_relation: one base model -> finetune, as the Hub infers, and said so
    assert any("inferred finetune from 1 base model" in n for n in document.notices)
    [derivation] = document.manifest.derivations
    # a custom license given only as text has no name kg could know: an unknown license, never permissive
    assert derivation.output.license == "LicenseRef-lab-terms"
    # the base model is named by purl only: a placeholder, created with no license claim
    assert document.placeholders == {BASE}
    import_document(lineage_db, document)
    tuned = query(lineage_db, "MATCH (w:Work {id: $id}) RETURN w.unknown_licenses AS u, COUNT { (w)-[:DECLARES]->() } AS d",
                  id=HF + "lab/tuned")
    assert tuned[0]["d"] == 0 and tuned[0]["u"][0].startswith("LicenseRef-lab-terms")
    assert query(lineage_db, "MATCH (w:Work {id: $id}) RETURN COUNT { (:Source)-[:CLAIMS]->(w) } AS c", id=BASE) == [{"c": 0}]


def _graph_index(data: dict[str, Any], kind: str, match: Callable[[dict[str, Any]], bool] = lambda x: True) -> int:
    return next(i for i, x in enumerate(data["@graph"]) if x["type"] == kind and match(x))


def _rel(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda x: x.get("relationshipType") == kind


#: what SPDX 3.0.1 does not allow but leaves the lineage knowable: read, a notice naming place and what kg did
LENIENT: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "unknown property": (lambda d: d["@graph"][_graph_index(d, "ai_AIPackage")].update(licence="MIT"),
                         "@graph[8] (" + NS + "package/meta-llama--llama-2-7b-hf): licence", "Unknown property 'licence': kg left the property out"),
    "unknown element type": (lambda d: d["@graph"][_graph_index(d, "ai_AIPackage")].update(type="ai_Model"),
                             "@graph[8] (" + NS + "package/meta-llama--llama-2-7b-hf)", "'ai_Model' is no SPDX 3.0.1 element type: element skipped"),
    "bad datetime": (lambda d: d["@graph"][0].update(created="yesterday"), "@graph[0] (_:creationinfo): created",
                     "'yesterday' is not a correctly formatted datetime: kg left the property out"),
    "required property missing (SHACL)": (lambda d: d["@graph"][_graph_index(d, "Relationship", _rel("trainedOn"))].pop("to"),
                                          "Relationship " + NS + "relationship/10", "to is required (at least 1): read without it"),
    "license relationship to a package": (lambda d: d["@graph"][_graph_index(d, "Relationship", _rel("hasDeclaredLicense"))].update(to=[NS + "package/acme--sql-instruct"]),
                                          "Relationship " + NS + "relationship/1", "is not a license: read as an unknown license, never a permissive one"),
    "another SPDX version": (lambda d: d.update({"@context": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld"}), "@context",
                             "the SPDX 3.0.0 context, not https://spdx.org/rdf/3.0.1/spdx-context.jsonld: read with the SPDX 3.0.1 model"),
}


@pytest.mark.parametrize("case", LENIENT)
def test_what_the_model_refuses_but_not_the_lineage_is_read_with_a_notice(tmp_path: Path, case: str) -> None:
    mutate, where, notice = LENIENT[case]
    bent = copy.deepcopy(json.loads(FAMILY.read_text()))
    mutate(bent)
    path = tmp_path / "bent.spdx.json"
    path.write_text(json.dumps(bent))
    [document] = read_spdx(path)
    assert any(n.startswith(f"{path}: {where}: ") and n.endswith(notice) for n in document.notices), document.notices
    assert len(document.manifest.derivations) == 5


def test_an_element_kg_cannot_read_is_a_work_with_no_license_never_a_permissive_one(tmp_path: Path) -> None:
    bent = json.loads(FAMILY.read_text())
    LENIENT["unknown element type"][0](bent)
    path = tmp_path / "bent.spdx.json"
    path.write_text(json.dumps(bent))
    [document] = read_spdx(path)
    base = NS + "package/meta-llama--llama-2-7b-hf"
    [stand_in] = [w for w in document.manifest.works if w.id == base]
    assert (stand_in.id, stand_in.type, stand_in.license) == (base, "model", None)
    chat = next(d for d in document.manifest.derivations if d.output.id == CHAT)
    assert chat.inputs == [base]  # the lineage is kept: chat still derives from it


#: what leaves the lineage unknowable: refused, naming file, place and reason
BROKEN: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "relationship type SPDX 3 does not have": (lambda d: d["@graph"][_graph_index(d, "Relationship", _rel("descendantOf"))].update(relationshipType="variantOf"),
                                              "@graph[", "'variantOf' is not a valid value"),
    "relationship to an agent": (lambda d: d["@graph"][_graph_index(d, "Relationship", _rel("descendantOf"))].update(to=[NS + "agent/acme"]),
                                 "Relationship ", "is a Organization, not a package"),
    "unknown base_model_relation": (lambda d: d["@graph"][_graph_index(d, "Annotation")].update(statement="huggingface:base_model_relation=distilled"),
                                    "ai_AIPackage " + NS, "'distilled' is none of finetune, adapter, merge, quantized"),
    "no elements": (lambda d: d.pop("@graph"), "@graph", "holds its elements in a @graph list: this one has no elements"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_documents_name_file_place_and_reason(tmp_path: Path, case: str) -> None:
    data = json.loads(FAMILY.read_text())
    mutate, where, reason = BROKEN[case]
    broken = copy.deepcopy(data)
    mutate(broken)
    path = tmp_path / "broken.spdx.json"
    path.write_text(json.dumps(broken))
    with pytest.raises(InputError) as error:
        read_spdx(path)
    assert error.value.file == str(path) and error.value.path.startswith(where) and reason in error.value.reason


def test_a_dangling_reference_and_malformed_json(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        read_spdx(DANGLING)
    assert error.value.path == "Relationship https://spdx.example/rel/1"
    assert "'https://spdx.example/data/missing' names no element of this file" in error.value.reason
    path = tmp_path / "cut.spdx.json"
    path.write_text(FAMILY.read_text()[:500])
    with pytest.raises(InputError) as error:
        read_spdx(path)
    assert error.value.path.startswith("line ") and "malformed JSON" in error.value.reason


def test_a_cycle_is_refused_and_nothing_is_written(lineage_db: Database, tmp_path: Path) -> None:
    data = json.loads(FAMILY.read_text())
    # the base model now also descends from the merge: base <- chat <- merge <- base
    data["@graph"].append({"type": "Relationship", "spdxId": NS + "relationship/cycle", "creationInfo": "_:creationinfo",
                           "relationshipType": "descendantOf", "from": NS + "package/meta-llama--llama-2-7b-hf",
                           "to": [NS + "package/acme--llama-2-7b-merge"]})
    path = tmp_path / "cycle.spdx.json"
    path.write_text(json.dumps(data))
    [document] = read_spdx(path)
    with pytest.raises(InputError) as error:
        import_document(lineage_db, document)
    assert error.value.file == str(path) and "cycle" in error.value.reason
    assert query(lineage_db, "MATCH (n) WHERE n:Work OR n:Source RETURN count(n) AS n") == [{"n": 0}]


FILES_300, AI_31, OUTSIDE = FIXTURES / "ai-3.0.0-files.spdx.json", FIXTURES / "ai-3.1-relationships.spdx.json", FIXTURES / "elements-outside-graph.spdx.json"
BOM = "https://spdx.lab.example/ai-bom-07"


def test_a_300_document_with_fragment_ids_and_file_level_lineage_is_read(lineage_db: Database) -> None:
    assert detect(FILES_300) == "spdx"
    [document] = read_spdx(FILES_300)
    file = str(FILES_300)
    notices = document.notices
    assert f"{file}: @context: the SPDX 3.0.0 context, not https://spdx.org/rdf/3.0.1/spdx-context.jsonld: read with the SPDX 3.0.1 model" in notices
    assert any(n.startswith(f"{file}: @graph[4] ({BOM}#AIPackage1): spdxId {BOM}#AIPackage1 is already used at @graph[3]") for n in notices)
    assert f"{file}: ai_AIPackage {BOM}#AIPackage1: suppliedBy 'Lab Research Group' names no Agent: read as the supplier's name" in notices
    assert any(f"lineage stated for file {BOM}#File-model-bin: read as the lineage of the package that contains it, {BOM}#AIPackage1" in n
               for n in notices)
    assert any(f"software_File {BOM}#File-eval-txt is not a package: kg takes it as a data work of its own" in n for n in notices)
    [model] = document.manifest.derivations
    # IRI ids with a fragment: a work id with the fragment as a path segment, the spdxId an alias
    assert (model.output.id, model.output.aliases) == (BOM + "/AIPackage1", [BOM + "#AIPackage1"])
    # the first of the duplicates; the bare-string supplier as owner; the license-list URL ids read as their expressions
    assert (model.output.name, model.output.owner, model.output.license) == ("sentiment-tiny", "Lab Research Group", "Apache-2.0")
    # model.bin trainedOn train.txt is the model package trained on the dataset package that contains train.txt;
    # eval.txt, in no package, is a data work of its own with no license kg could know
    assert (model.method, model.inputs) == ("train", [BOM + "/DatasetPackage1", BOM + "/File-eval-txt"])
    works = {w.id: (w.type, w.license) for w in document.manifest.works}
    assert works == {BOM + "/DatasetPackage1": ("data", "CC-BY-SA-4.0"), BOM + "/File-eval-txt": ("data", None)}
    import_document(lineage_db, document)
    alias = query(lineage_db, "MATCH (:Alias {id: $a})-[:ALIAS_OF]->(w) RETURN w.id AS id", a=BOM + "#AIPackage1")
    assert alias == [{"id": BOM + "/AIPackage1"}]


def test_31_finetuned_and_pretrained_on_are_bases_or_training_and_evaluated_on_is_skipped() -> None:
    [document] = read_spdx(AI_31)
    derived = {d.output.id: (d.method, d.inputs, d.aux) for d in document.manifest.derivations}
    assert derived == {
        HF + "lab/base-3b": ("train", [HF + "datasets/lab/web-crawl"], []),  # pretrainedOn data: training material
        # finetunedOn a model: its base (finetune, as the Hub infers for one base); finetunedOn data: aux training
        HF + "lab/chat-3b": ("finetune", [HF + "lab/base-3b"], [HF + "datasets/lab/dialogues"]),
    }
    file = str(AI_31)
    assert any(n.startswith(f"{file}: Relationship https://spdx.lab.example/rel/3: evaluatedOn https://spdx.lab.example/pkg/bench not imported")
               for n in document.notices)
    assert f"{file}: @context: the SPDX 3.1 context, not https://spdx.org/rdf/3.0.1/spdx-context.jsonld: read with the SPDX 3.0.1 model" in document.notices


def test_elements_outside_graph_are_read_and_no_elements_is_refused(tmp_path: Path) -> None:
    [document] = read_spdx(OUTSIDE)
    assert f"{OUTSIDE}: @graph: the elements are not in a @graph list (not conformant JSON-LD): kg read the 5 it found" in document.notices
    [tagger] = document.manifest.derivations
    assert (tagger.output.id, tagger.method, tagger.inputs) == ("pkg:pypi/ner-tagger", "copy", ["pkg:pypi/spacy"])
    listed = tmp_path / "list.spdx.json"
    listed.write_text(json.dumps(json.loads(OUTSIDE.read_text())["elements"]))
    [document] = read_spdx(listed)
    assert len(document.manifest.derivations) == 1 and "a list of elements, not a JSON-LD document" in document.notices[0]
    empty = tmp_path / "empty.spdx.json"
    empty.write_text(json.dumps({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}))
    with pytest.raises(InputError, match="this one has no elements"):
        read_spdx(empty)
