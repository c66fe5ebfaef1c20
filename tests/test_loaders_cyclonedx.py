"""CycloneDX 1.6 ML-BOM: the Llama 2 family, a messy BOM, and broken ones (schema, refs, cycles).

The mapping under test is loaders/sbom_relations.yaml (reasons in docs/graph-model.md).
"""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kg.db import Database
from kg.errors import InputError
from kg.lineage.importer import import_document
from kg.loaders.cdx_repair import spec_version
from kg.loaders.cyclonedx import read_cyclonedx
from kg.loaders.formats import detect

FIXTURES = Path(__file__).parent / "fixtures" / "cyclonedx"
FAMILY, MESSY, BAD_ID = FIXTURES / "llama2-family.cdx.json", FIXTURES / "messy-named-license.cdx.json", FIXTURES / "bad-license-id.cdx.json"
LENIENT_APP, ML_17, APP_14 = FIXTURES / "lenient-app-1.6.cdx.json", FIXTURES / "ml-bom-1.7.cdx.json", FIXTURES / "app-1.4.cdx.json"
HF = "pkg:huggingface/"
BASE, CHAT, SQL = HF + "meta-llama/Llama-2-7b-hf", HF + "meta-llama/Llama-2-7b-chat-hf", HF + "acme/llama-2-7b-sql"
LORA, GGUF, MERGE = HF + "acme/llama-2-7b-chat-lora", HF + "TheBloke/Llama-2-7B-Chat-GGUF", HF + "acme/llama-2-7b-merge"
OASST, SQL_DATA = HF + "datasets/OpenAssistant/oasst1", HF + "datasets/acme/sql-instruct"
LLAMA = "Llama 2 Community License Agreement"  # license.name: the KB knows it (Llama-2's alias)


def query(db: Database, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return db.read_tx(lambda tx: tx.run_text(cypher, params))


def test_the_family_reads_to_works_derivations_licenses_and_aliases() -> None:
    assert detect(FAMILY) == "cyclonedx"
    [document] = read_cyclonedx(FAMILY)
    assert document.format == "cyclonedx" and not document.placeholders and not document.notices
    works = {w.id: (w.type, w.license, w.aliases) for w in document.manifest.works}
    assert works == {
        BASE: ("model", LLAMA, ["meta-llama--llama-2-7b-hf"]),  # bom-refs are kept as aliases
        OASST: ("data", "Apache-2.0", ["dataset--openassistant--oasst1"]),
        SQL_DATA: ("data", "CC-BY-NC-4.0", ["dataset--acme--sql-instruct"]),
    }
    derived = {d.output.id: (d.method, sorted(d.inputs), d.aux, d.output.license) for d in document.manifest.derivations}
    assert derived == {
        CHAT: ("finetune", [BASE], [OASST], LLAMA),  # pedigree.ancestors + modelCard datasets, property finetune
        SQL: ("finetune", [BASE], [SQL_DATA], LLAMA),
        LORA: ("modify", [CHAT], [], LLAMA),  # property adapter -> modify; its dependency on chat is the same work
        GGUF: ("modify", [CHAT], [], LLAMA),  # property quantized -> modify
        MERGE: ("amalgamate", sorted([CHAT, SQL]), [], "Apache-2.0"),  # metadata.component, merge of both bases
    }


def test_a_messy_bom_is_read_with_notices(lineage_db: Database) -> None:
    [document] = read_cyclonedx(MESSY)
    assert sum("trailing comma accepted" in n for n in document.notices) == 5
    assert any("dataset 'inline-eval-set' described inline is not imported" in n for n in document.notices)
    assert any("inferred finetune from 1 base model" in n for n in document.notices)
    [derivation] = document.manifest.derivations
    # a license known only by a name the KB does not hold: unknown, never permissive
    assert derivation.output.license == "LicenseRef-Lab-Model-Terms-v2"
    # the ancestor is a purl stub and transformers a dependency named by purl: placeholders
    assert document.placeholders == {BASE, "pkg:pypi/transformers"}
    # base (ancestor) decides the method; the trained-on data and the dependency become aux inputs
    assert (derivation.method, derivation.inputs, sorted(derivation.aux)) == ("finetune", [BASE], ["corpus", "pkg:pypi/transformers"])
    import_document(lineage_db, document)
    rows = query(lineage_db, "MATCH (w:Work {id: $id}) RETURN w.unknown_licenses AS u, COUNT { (w)-[:DECLARES]->() } AS d", id=HF + "lab/tuned")
    assert rows[0]["d"] == 0 and rows[0]["u"][0].startswith("LicenseRef-Lab-Model-Terms-v2")


def _component(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda d: next(c for c in d["components"] if c["name"] == name)


SQL_COMPONENT = _component("acme/llama-2-7b-sql")
#: what the schema refuses but leaves the lineage knowable: read, and a notice names place and repair
LENIENT: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "component type the schema does not have": (lambda d: SQL_COMPONENT(d).update(type="model"),
                                                "$.components[2].type", "component type 'model' is none CycloneDX 1.6 has: read as 'machine-learning-model'"),
    "license id that is no SPDX id": (lambda d: SQL_COMPONENT(d).update(licenses=[{"license": {"id": "llama2"}}]),
                                      "$.components[2].licenses[0].license.id", "license id 'llama2' is no SPDX license id: read as a license name"),
    "an unknown top-level field": (lambda d: d.update(modelcard={}), "$", "'modelcard' is no CycloneDX 1.6 field: ignored"),
    "another spec version": (lambda d: d.update(specVersion="1.9"), "$.specVersion", "kg reads CycloneDX 1.4, 1.5, 1.6, 1.7, not '1.9': read as 1.7"),
    "a component kg cannot name by purl or bom-ref": (lambda d: d["components"].append({"type": "machine-learning-model", "name": "gpt 4o"}),
                                                      "component 'gpt 4o'", "neither purl nor bom-ref: kg names it 'gpt-4o' (name@version)"),
}


@pytest.mark.parametrize("case", LENIENT)
def test_what_fails_the_schema_but_not_the_lineage_is_read_with_a_notice(tmp_path: Path, case: str) -> None:
    mutate, where, notice = LENIENT[case]
    bent = copy.deepcopy(json.loads(FAMILY.read_text()))
    mutate(bent)
    path = tmp_path / "bent.cdx.json"
    path.write_text(json.dumps(bent))
    [document] = read_cyclonedx(path)
    assert f"{path}: {where}: {notice}" in document.notices, document.notices
    assert len(document.manifest.derivations) == 5  # the whole family is still read


#: what leaves the lineage unknowable: refused, naming file, JSON path and reason
BROKEN: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "dependency on nothing in the file": (lambda d: d["dependencies"].append({"ref": "acme--llama-2-7b-sql", "dependsOn": ["tokenizer"]}),
                                          "$.dependencies[ref=acme--llama-2-7b-sql]", "'tokenizer' names no element of this file"),
    "dependency of nothing in the file": (lambda d: d["dependencies"].append({"ref": "ghost", "dependsOn": ["acme--llama-2-7b-sql"]}),
                                          "$.dependencies[ref=ghost]", "'ghost' names no element of this file"),
    "model card dataset ref to nothing": (lambda d: SQL_COMPONENT(d)["modelCard"]["modelParameters"]["datasets"].append({"ref": "spider"}),
                                          "component acme--llama-2-7b-sql: modelCard.modelParameters.datasets[1]", "'spider' names no element"),
    "unknown base_model_relation": (lambda d: SQL_COMPONENT(d).update(properties=[{"name": "huggingface:base_model_relation", "value": "distilled"}]),
                                    "component acme--llama-2-7b-sql", "'distilled' is none of finetune, adapter, merge, quantized"),
    "no component at all": (lambda d: [d.pop(k) for k in ("components", "metadata", "dependencies")], "$.components", "describes no component"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_boms_name_file_json_path_and_reason(tmp_path: Path, case: str) -> None:
    mutate, where, reason = BROKEN[case]
    broken = copy.deepcopy(json.loads(FAMILY.read_text()))
    mutate(broken)
    path = tmp_path / "broken.cdx.json"
    path.write_text(json.dumps(broken))
    with pytest.raises(InputError) as error:
        read_cyclonedx(path)
    assert error.value.file == str(path) and error.value.path.startswith(where) and reason in error.value.reason, error.value


def test_a_cycle_is_refused_and_nothing_is_written(lineage_db: Database, tmp_path: Path) -> None:
    data = json.loads(FAMILY.read_text())
    # the base model now depends on the merge that descends from it
    next(d for d in data["dependencies"] if d["ref"] == "meta-llama--llama-2-7b-hf")["dependsOn"] = ["acme--llama-2-7b-merge"]
    path = tmp_path / "cycle.cdx.json"
    path.write_text(json.dumps(data))
    [document] = read_cyclonedx(path)
    with pytest.raises(InputError) as error:
        import_document(lineage_db, document)
    assert error.value.file == str(path) and "cycle" in error.value.reason
    assert query(lineage_db, "MATCH (n) WHERE n:Work OR n:Source RETURN count(n) AS n") == [{"n": 0}]


def test_cli_reads_a_bom_that_fails_the_schema_with_notices_and_refuses_one_without_lineage(
        run_kg: Callable[..., subprocess.CompletedProcess[str]], kg_env: dict[str, str], db: Database, tmp_path: Path) -> None:
    done = run_kg("import", str(BAD_ID), env=kg_env)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    message = " ".join(done.stderr.split())
    assert f"notice: {BAD_ID}: $.components[0].licenses[0].license.id: license id 'Apache 2' is no SPDX license id: read as a license name" in message
    assert query(db, "MATCH (n:Work) RETURN count(n) AS n") == [{"n": 1}]
    empty = tmp_path / "empty.cdx.json"
    empty.write_text(json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}))
    done = run_kg("import", str(empty), env=kg_env)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert " ".join(done.stderr.split()) == f"kg: {empty}: $.components: the BOM describes no component: there is no lineage to import"
    done = run_kg("import", str(FAMILY), str(MESSY), env=kg_env)
    assert done.returncode == 0, done.stderr
    assert "8 works, 5 derivations, 8 edges" in done.stdout and "trailing comma accepted" in done.stderr


def test_a_bom_as_generators_write_it_is_read_and_every_repair_named() -> None:
    [document] = read_cyclonedx(LENIENT_APP)
    file = str(LENIENT_APP)
    expected = [
        f"{file}: $.metadata.component.licenses[0].license: license has both id and name: used the id 'Apache-2.0' (name 'Apache License 2.0' ignored)",
        f"{file}: $.metadata.component.publisher: publisher is an object, the schema wants a string: used its name 'Acme Corp'",
        f"{file}: $.metadata.component.externalReferences[0]: external reference without type: read as type \"other\"",
        f"{file}: $.metadata.component.components[0].supplier: supplier is a bare string, the schema wants an organization: read as one named 'OpenAI'",
        f"{file}: component 'gpt-4o': neither purl nor bom-ref: kg names it 'gpt-4o@2024-08-06' (name@version)",
    ]
    assert all(n in document.notices for n in expected), document.notices
    assert any(n.startswith(f"{file}: $.components[1].hashes[0]") and "kg left this value out" in n for n in document.notices)
    works = {w.id: (w.type, w.license, w.owner) for w in document.manifest.works}
    # the hosted model is a work of its own, with no license claim (unknown, never permissive)
    assert works["gpt-4o@2024-08-06"] == ("model", None, "OpenAI")
    [app] = document.manifest.derivations
    assert (app.output.id, app.output.license, app.output.owner, app.output.url) == (
        "pkg:generic/acme/support-bot", "Apache-2.0", "Acme Corp", "https://git.acme.example/support-bot")
    assert (app.method, sorted(app.inputs)) == ("combine", ["gpt-4o@2024-08-06", "pkg:pypi/requests"])
    # the application (pkg:generic) and the Hub model of the same name stay two works: nothing links them
    assert works[HF + "acme/support-bot"] == ("model", "MIT", None)


def test_cyclonedx_17_several_expressions_are_all_kept_and_flagged_ambiguous(lineage_db: Database) -> None:
    [document] = read_cyclonedx(ML_17)
    [coder] = document.manifest.derivations
    assert coder.output.license == "(Apache-2.0 OR MIT) AND CC-BY-4.0"  # every entry applies: the conservative reading
    assert coder.output.tags == ["license-list-ambiguous"]
    assert (coder.method, coder.inputs, sorted(coder.aux)) == ("finetune", [HF + "lab/base-7b"], [HF + "datasets/lab/code-stack", "pkg:pypi/tokenizers"])
    file = str(ML_17)
    assert any(n.startswith(f"{file}: component model-coder: licenses lists 2 entries and CycloneDX does not say") for n in document.notices)
    assert f"{file}: $.citations[0]: /metadata/component/licenses supplied by 'license-scanner': kg records the file as the source of every claim it makes" in document.notices
    assert f"{file}: $.components[1].type: component type 'organization-placeholder-free-library' is none CycloneDX 1.7 has: read as 'library'" in document.notices
    import_document(lineage_db, document)
    rows = query(lineage_db, "MATCH (w:Work) WHERE w.license_list_ambiguous RETURN w.id AS id")
    assert rows == [{"id": HF + "lab/coder-7b"}]  # for assessment to raise the ambiguity as a finding
    from kg.analysis.engine import assess

    [ambiguous] = [f for f in assess(lineage_db, HF + "lab/coder-7b", "share").findings if f.code == "LICENSE_LIST_AMBIGUOUS"]
    assert (ambiguous.work, ambiguous.severity) == (HF + "lab/coder-7b", "warning")


def test_cyclonedx_14_components_and_dependencies_are_read() -> None:
    [document] = read_cyclonedx(APP_14)
    assert not document.notices
    [app] = document.manifest.derivations
    assert (app.output.id, app.method, app.inputs, app.output.license) == ("pkg:pypi/acme-rag", "combine", ["pkg:pypi/faiss-cpu", "pkg:pypi/pypdf"], "MIT")
    assert {w.id: w.license for w in document.manifest.works} == {"pkg:pypi/faiss-cpu": "MIT", "pkg:pypi/pypdf": "BSD-3-Clause"}


@pytest.mark.parametrize(("given", "read_as"), [("1.4", "1.4"), ("1.7", "1.7"), ("1.3", "1.4"), ("1.7.1", "1.7"), ("1.9", "1.7"), (None, "1.7")])
def test_a_spec_version_kg_lacks_is_read_as_the_nearest_with_a_notice(given: str | None, read_as: str) -> None:
    notices: list[str] = []
    assert spec_version("f.json", {"specVersion": given}, notices) == read_as
    assert len(notices) == (0 if given == read_as else 1)
