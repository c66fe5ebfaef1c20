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
from kg.loaders.cyclonedx import read_cyclonedx
from kg.loaders.formats import detect

FIXTURES = Path(__file__).parent / "fixtures" / "cyclonedx"
FAMILY, MESSY, BAD_ID = FIXTURES / "llama2-family.cdx.json", FIXTURES / "messy-named-license.cdx.json", FIXTURES / "bad-license-id.cdx.json"
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
BROKEN: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "component type the schema does not have": (lambda d: SQL_COMPONENT(d).update(type="model"),
                                                "$.components[", "'model' is not one of the 13 values"),
    "license id that is no SPDX id": (lambda d: SQL_COMPONENT(d).update(licenses=[{"license": {"id": "llama2"}}]),
                                      "$.components[", "'llama2' is not one of the"),
    "an unknown top-level field": (lambda d: d.update(modelcard={}), "$", "Additional properties are not allowed ('modelcard'"),
    "another spec version": (lambda d: d.update(specVersion="1.4"), "$.specVersion", "kg reads CycloneDX 1.5 and 1.6"),
    "dependency on nothing in the file": (lambda d: d["dependencies"].append({"ref": "acme--llama-2-7b-sql", "dependsOn": ["tokenizer"]}),
                                          "$.dependencies[ref=acme--llama-2-7b-sql]", "'tokenizer' names no element of this file"),
    "dependency of nothing in the file": (lambda d: d["dependencies"].append({"ref": "ghost", "dependsOn": ["acme--llama-2-7b-sql"]}),
                                          "$.dependencies[ref=ghost]", "'ghost' names no element of this file"),
    "model card dataset ref to nothing": (lambda d: SQL_COMPONENT(d)["modelCard"]["modelParameters"]["datasets"].append({"ref": "spider"}),
                                          "component acme--llama-2-7b-sql: modelCard.modelParameters.datasets[1]", "'spider' names no element"),
    "unknown base_model_relation": (lambda d: SQL_COMPONENT(d).update(properties=[{"name": "huggingface:base_model_relation", "value": "distilled"}]),
                                    "component acme--llama-2-7b-sql", "'distilled' is none of finetune, adapter, merge, quantized"),
    "a component kg cannot name": (lambda d: [SQL_COMPONENT(d).pop(k) for k in ("purl", "bom-ref")],
                                   "component 'acme/llama-2-7b-sql'", "kg needs a purl or a bom-ref"),
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


def test_cli_refuses_a_bom_that_fails_the_schema_in_one_line(run_kg: Callable[..., subprocess.CompletedProcess[str]],
                                                             kg_env: dict[str, str], db: Database) -> None:
    done = run_kg("import", str(BAD_ID), env=kg_env)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    message = " ".join(done.stderr.split())
    assert f"{BAD_ID}: $.components[0].licenses[0].license.id: fails the CycloneDX 1.6 schema: 'Apache 2' is not one of" in message
    assert query(db, "MATCH (n:Work) RETURN count(n) AS n") == [{"n": 0}]
    done = run_kg("import", str(FAMILY), str(MESSY), env=kg_env)
    assert done.returncode == 0, done.stderr
    assert "8 works, 5 derivations, 8 edges" in done.stdout and "trailing comma accepted" in done.stderr
