"""PeaTMOSS: a small database made from the published schema (tests/fixtures/peatmoss/schema.sql)
with rows written here, read by `kg.loaders.peatmoss` and imported through kg's import path.

The rows are shaped like the real file's: Hugging Face `context_id`s (`ORG/NAME`, and old canonical
names such as `bert-base-uncased`), a PyTorch Hub entry point (`OWNER/REPO/MODEL`), raw Hub
license strings (one, several, an empty one, none), dataset names from model cards, GitHub
repositories linked to the models with the files that load them, and a license map in the shape
of the PeaTMOSS authors' scan (ScanCode keys, null for "no license found").
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from kg.analysis.engine import assess_all
from kg.db import Database
from kg.errors import InputError
from kg.loaders.formats import detect, read
from kg.loaders.peatmoss import import_database, model_purl, open_peatmoss, parts, read_repo_licenses

SCHEMA = Path(__file__).parent / "fixtures" / "peatmoss" / "schema.sql"
HF, GH = "pkg:huggingface/", "pkg:github/"

HUBS = [(1, "HuggingFace", "https://huggingface.co/"), (2, "PyTorch", "https://pytorch.org")]
#: id, context_id, hub, licenses (names), datasets
MODELS: list[tuple[int, str, int, list[str], list[str]]] = [
    (1, "bert-base-uncased", 1, ["apache-2.0"], ["bookcorpus", "wikipedia"]),
    (2, "openai/whisper-tiny", 1, ["mit"], []),
    (3, "meta-llama/Llama-2-7b-hf", 1, ["llama2"], []),
    (4, "acme/nc-summarizer", 1, ["cc-by-nc-4.0", "mit"], ["acme/news-2023"]),
    (5, "someone/unlicensed-model", 1, [], []),
    (6, "someone/empty-license", 1, [""], []),
    (7, "facebook/opt-350m", 1, ["other"], []),
    (8, "acme/gpl-tagger", 1, ["gpl-3.0"], ["My Private Data"]),
    (9, "pytorch/vision/resnet50", 2, ["bsd-3-clause"], []),
    (10, "not a hub id!", 1, ["mit"], []),
]
#: id, owner, name, models used, files that load them
REPOSITORIES: list[tuple[int, str, str, list[int], list[str]]] = [
    (1, "alice", "voice-chat", [2, 3], ["app.py", "asr/transcribe.py"]),
    (2, "bob", "news-digest", [4], ["digest/summarize.py"]),
    (3, "carol", "pos-tools", [8], ["tagger.py"]),
    (4, "dave", "playground", [5], ["notebooks/try.py"]),
    (5, "erin", "vision-demo", [9], ["classify.py"]),
    (6, "frank", "opt-demo", [7], ["demo.py"]),
    (7, "grace", "bert-search", [1, 99], ["search/encode.py"]),
    (8, "henry", "unlinked", [], []),
    (9, "judy", "empty-user", [6], ["run.py"]),
    (10, "kim", "Unscanned", [1], ["embed.py"]),
]
REPO_LICENSES: dict[str, list[str] | None] = {
    "alice/voice-chat": ["mit"],
    "bob/news-digest": ["apache-2.0"],
    "carol/pos-tools": ["mit"],
    "dave/playground": None,
    "erin/vision-demo": ["bsd-new"],
    "frank/opt-demo": ["proprietary-license"],
    "Grace/Bert-Search": ["mit", "bsd-new"],
    "judy/empty-user": ["mit"],
}


def build_database(path: Path, models: list[Any] = MODELS, repositories: list[Any] = REPOSITORIES) -> Path:
    """A PeaTMOSS-schema SQLite file holding `models` and `repositories` (rows as above)."""
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA.read_text(encoding="utf-8"))
    connection.executemany("INSERT INTO model_hub VALUES (?, ?, ?)", HUBS)
    licenses: dict[str, int] = {}
    datasets: dict[str, int] = {}
    for model_id, context_id, hub, names, trained_on in models:
        url = f"https://huggingface.co/{context_id}" if hub == 1 else "github.com/" + "/".join(context_id.split("/")[:2])
        connection.execute("INSERT INTO model (id, context_id, model_hub_id, repo_url, downloads, likes, has_snapshot) "
                           "VALUES (?, ?, ?, ?, 1000, 10, 1)", (model_id, context_id, hub, url))
        for name in names:
            license_id = licenses.setdefault(name, len(licenses) + 1)
            connection.execute("INSERT OR IGNORE INTO license VALUES (?, ?)", (license_id, name))
            connection.execute("INSERT INTO model_to_license VALUES (?, ?)", (model_id, license_id))
        for name in trained_on:
            dataset_id = datasets.setdefault(name, len(datasets) + 1)
            connection.execute("INSERT OR IGNORE INTO dataset VALUES (?, ?)", (dataset_id, name))
            connection.execute("INSERT INTO model_to_dataset VALUES (?, ?)", (model_id, dataset_id))
    for repo_id, owner, name, used, files in repositories:
        connection.execute("INSERT INTO reuse_repository VALUES (?, ?, ?, ?)", (repo_id, owner, name, f"github.com/{owner}/{name}"))
        for model_id in used:
            connection.execute("INSERT INTO model_to_reuse_repository VALUES (?, ?)", (model_id, repo_id))
            for file in files:
                connection.execute("INSERT INTO reuse_file (path, model_id, reuse_repository_id) VALUES (?, ?, ?)",
                                   (f"{owner}_{name}/{file}", model_id, repo_id))
    connection.commit()
    connection.close()
    return path


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return build_database(tmp_path / "PeaTMOSS.db")


def query(db: Database, cypher: str, **params: Any) -> list[dict[str, Any]]:
    return db.read_tx(lambda tx: tx.run_text(cypher, params))


# -- reading (no database) ------------------------------------------------------------------------


def test_model_ids() -> None:
    assert model_purl("bert-base-uncased", "HuggingFace") == HF + "bert-base-uncased"
    assert model_purl("openai/whisper-tiny", "HuggingFace") == HF + "openai/whisper-tiny"
    assert model_purl("pytorch/vision/resnet50", "PyTorch") == "pkg:generic/pytorch-hub/pytorch/vision/resnet50"
    assert model_purl("pytorch/vision", "PyTorch") is None  # no entry point
    assert model_purl("not a hub id!", "HuggingFace") is None
    assert model_purl(None, "HuggingFace") is None


def test_rows_become_documents(database: Path) -> None:
    with open_peatmoss(database) as connection:
        models, repos = list(parts(connection, str(database), REPO_LICENSES))
    assert (models.models, repos.repositories, repos.links) == (9, 9, 10)  # model 10 has no Hub id, 99 is missing
    manifest = models.document.manifest
    works = {w.id: w for w in manifest.works}
    outputs = {d.output.id: d for d in manifest.derivations}
    # several license rows all apply (in the order of the license table); none, or only an empty name: no license
    assert outputs[HF + "acme/nc-summarizer"].output.license == "mit AND cc-by-nc-4.0"
    assert works[HF + "someone/unlicensed-model"].license is None
    assert works[HF + "someone/empty-license"].license is None
    assert works[HF + "facebook/opt-350m"].license == "other"
    assert works["pkg:generic/pytorch-hub/pytorch/vision/resnet50"].license == "bsd-3-clause"
    # a model's datasets are its training data: placeholders, since PeaTMOSS gives no dataset licenses
    bert = outputs[HF + "bert-base-uncased"]
    assert (bert.method, bert.inputs, bert.output.license) == ("train", [HF + "datasets/bookcorpus", HF + "datasets/wikipedia"], "apache-2.0")
    assert {HF + "datasets/bookcorpus", HF + "datasets/wikipedia", HF + "datasets/acme/news-2023"} == set(models.document.placeholders)
    # what is left out is said, once per kind of problem, with examples
    notices = "\n".join(models.document.notices)
    assert "1 dataset names that are no Hub dataset id (left out) (acme/gpl-tagger: 'My Private Data')" in notices
    assert "1 models whose id is no Hub repository (left out) (model 10 'not a hub id!')" in notices
    assert "1 models list several licenses: kg takes them all to apply (AND) (acme/nc-summarizer: mit AND cc-by-nc-4.0)" in notices
    assert "1 models whose only license is an empty string: no license (someone/empty-license)" in notices
    assert HF + "acme/gpl-tagger" in works  # kept, without the dataset

    repo_works = {w.id: w for w in repos.document.manifest.works}
    derivations = {d.output.id: d for d in repos.document.manifest.derivations}
    chat = derivations[GH + "alice/voice-chat"]
    assert (chat.method, chat.output.type, chat.output.form, chat.output.license) == ("combine", "software", "raw", "mit")
    assert chat.inputs == ["github-code:alice/voice-chat", HF + "openai/whisper-tiny", HF + "meta-llama/Llama-2-7b-hf"]
    assert chat.tool == "alice_voice-chat/app.py; alice_voice-chat/asr/transcribe.py"
    code = repo_works["github-code:alice/voice-chat"]
    assert (code.type, code.license, code.tags) == ("software", "mit", ["license-scan:found"])
    # ScanCode keys kept as the scan wrote them (resolved on import); owner/name matched case-insensitively
    assert derivations[GH + "grace/bert-search"].output.license == "mit AND bsd-new"
    assert derivations[GH + "grace/bert-search"].inputs == ["github-code:grace/bert-search", HF + "bert-base-uncased"]
    assert derivations[GH + "dave/playground"].output.license is None
    assert derivations[GH + "dave/playground"].output.tags == ["license-scan:none"]
    assert derivations[GH + "kim/unscanned"].output.tags == ["license-scan:absent"]
    assert GH + "henry/unlinked" not in derivations
    assert {(r.work, r.policy, r.form) for r in repos.document.manifest.releases} == {(w, "share", None) for w in derivations}
    assert set(repos.document.placeholders) == {HF + m for m in ("openai/whisper-tiny", "meta-llama/Llama-2-7b-hf", "acme/nc-summarizer",
        "acme/gpl-tagger", "someone/unlicensed-model", "pytorch/vision/resnet50", "facebook/opt-350m", "bert-base-uncased",
        "someone/empty-license")} - {HF + "pytorch/vision/resnet50"} | {"pkg:generic/pytorch-hub/pytorch/vision/resnet50"}
    notices = "\n".join(repos.document.notices)
    assert "1 links to a model the file does not hold or kg cannot name (left out) (repository 7 → None)" in notices
    assert "1 repositories linked to no model (left out: they reuse nothing kg can see) (1 in this range)" in notices


def test_without_repo_licenses_no_repository_declares_one(database: Path) -> None:
    with open_peatmoss(database) as connection:
        _, repos = list(parts(connection, str(database), {}, licensed=False))
    assert {(d.output.license, tuple(d.output.tags)) for d in repos.document.manifest.derivations} == {(None, ())}


def test_refusals(tmp_path: Path, database: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(InputError, match="not an SQLite database"), open_peatmoss(text):
        pass
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.executescript("CREATE TABLE model (id INTEGER PRIMARY KEY, name VARCHAR);")
    with pytest.raises(InputError, match="other.db: model: no column context_id, model_hub_id, repo_url: not the published PeaTMOSS schema"), \
            open_peatmoss(other):
        pass
    with sqlite3.connect(other) as connection:
        connection.executescript("DROP TABLE model; CREATE TABLE model (id INTEGER, context_id INTEGER, model_hub_id INTEGER, repo_url VARCHAR);")
    with pytest.raises(InputError, match="other.db: model_hub: no such table: not a PeaTMOSS database"), open_peatmoss(other):
        pass
    broken = tmp_path / "licenses.json"
    broken.write_text('{"alice/voice-chat": "mit"}', encoding="utf-8")
    with pytest.raises(InputError, match='alice/voice-chat: expected a list of license keys or null, not "mit"'):
        read_repo_licenses(broken)
    broken.write_text('{"alice/voice-chat": ["mit"],}', encoding="utf-8")
    with pytest.raises(InputError, match="line 1, column 30: malformed JSON"):
        read_repo_licenses(broken)
    assert detect(database) == "peatmoss"
    with pytest.raises(InputError, match="imported on its own"):
        read([database])


# -- importing and assessing (Neo4j) --------------------------------------------------------------


def declared(db: Database) -> dict[str, list[str]]:
    rows = query(db, "MATCH (w:Work) OPTIONAL MATCH (w)-[:DECLARES]->(l) RETURN w.id AS id, collect(l.id) AS licenses")
    return {r["id"]: sorted(r["licenses"]) for r in rows}


def graph(db: Database) -> tuple[dict[str, list[str]], set[tuple[str, str, str, str]], list[dict[str, Any]]]:
    edges = query(db, "MATCH (o:Work)-[r:MIX|SUB|AUX]->(t:Work) RETURN o.id AS o, type(r) AS kind, r.activity AS activity, t.id AS t")
    works = query(db, "MATCH (w:Work) RETURN w.id AS id, w.type AS type, w.unknown_licenses AS unknown, "
                      "w.ambiguous_licenses AS ambiguous, w.tags AS tags ORDER BY id")
    return declared(db), {(e["o"], e["kind"], e["activity"], e["t"]) for e in edges}, works


def test_import_and_assess(lineage_db: Database, database: Path) -> None:
    db = lineage_db
    summary = import_database(db, database, REPO_LICENSES)
    assert (summary.models, summary.repositories, summary.links, len(summary.documents)) == (9, 9, 10, 2)
    licenses, edges, works = graph(db)
    # several Hub license strings all apply; none and an empty one declare nothing
    assert licenses[HF + "acme/nc-summarizer"] == ["CC-BY-NC-4.0", "MIT"]
    assert licenses[HF + "someone/unlicensed-model"] == licenses[HF + "someone/empty-license"] == []
    assert licenses["pkg:generic/pytorch-hub/pytorch/vision/resnet50"] == ["BSD-3-Clause"]
    # ScanCode keys of the GitHub scan resolve through the ScanCode index; an unknown one stays unknown
    assert licenses[GH + "grace/bert-search"] == licenses["github-code:grace/bert-search"] == ["BSD-3-Clause", "MIT"]
    assert licenses[GH + "erin/vision-demo"] == ["BSD-3-Clause"]
    by_id = {w["id"]: w for w in works}
    assert by_id[GH + "frank/opt-demo"]["unknown"] == ["proprietary-license (ScanCode: Commercial)"]
    assert by_id[HF + "facebook/opt-350m"]["ambiguous"] == ["other"]
    assert by_id[GH + "dave/playground"]["tags"] == ["license-scan:none"]
    # datasets: training data; repositories: their own code and the models they load, combined
    assert (HF + "bert-base-uncased", "AUX", "train", HF + "datasets/wikipedia") in edges
    assert {e for e in edges if e[0] == GH + "alice/voice-chat"} == {
        (GH + "alice/voice-chat", "MIX", "combine", "github-code:alice/voice-chat"),
        (GH + "alice/voice-chat", "MIX", "combine", HF + "openai/whisper-tiny"),
        (GH + "alice/voice-chat", "MIX", "combine", HF + "meta-llama/Llama-2-7b-hf")}
    assert len([e for e in edges if e[0].startswith(GH) and not e[3].startswith("github-code:")]) == summary.links
    assert {w["type"] for w in works if w["id"].startswith((GH, "github-code:"))} == {"software"}

    results = {a.work.removeprefix(GH): a for a in assess_all(db)}
    assert len(results) == 9 and {(a.policy, a.form) for a in results.values()} == {("share", "raw")}
    errors = {name: {(f.code, f.work) for f in a.errors()} for name, a in results.items()}
    # never a wrong ok: a model without a license (no row or an empty one) makes its user an error
    assert (("NO_LICENSE", HF + "someone/unlicensed-model")) in errors["dave/playground"]
    assert errors["judy/empty-user"] == {("NO_LICENSE", HF + "someone/empty-license")}
    # `other` with no name, and a proprietary ScanCode key: neither is a license kg may assume
    assert errors["frank/opt-demo"] == {("AMBIGUOUS_LICENSE", HF + "facebook/opt-350m"),
                                        ("UNKNOWN_LICENSE", "github-code:frank/opt-demo"), ("UNKNOWN_LICENSE", GH + "frank/opt-demo")}
    # GPL-3.0 (combine, raw: a work based on the Program) cannot become the MIT of the project that
    # builds on it: PeaTMOSS's "copyleft provisions not honored"; nor can Llama 2's Llama Materials
    assert errors["carol/pos-tools"] == {("RELICENSE_BLOCKED", GH + "carol/pos-tools")}
    assert results["carol/pos-tools"].errors()[0].licenses == ["GPL-3.0-only", "MIT"]
    assert errors["alice/voice-chat"] == {("RELICENSE_BLOCKED", GH + "alice/voice-chat")}
    # MIT and Apache-2.0 leave separable works alone (combine: independent); BSD code over a BSD model passes
    assert results["erin/vision-demo"].status == "warning"
    # a model's datasets have no license until their cards are imported: a repository using it inherits the question
    assert errors["bob/news-digest"] == {("NO_LICENSE", HF + "datasets/acme/news-2023")}
    # a repository the scan found no license in: its code is all rights reserved
    assert ("NO_LICENSE", "github-code:kim/unscanned") in errors["kim/unscanned"]


def test_reimport_and_chunks_give_the_same_graph(lineage_db: Database, database: Path) -> None:
    db = lineage_db
    import_database(db, database, REPO_LICENSES)
    once = graph(db)
    sources = {r["file"] for r in query(db, "MATCH (s:Source) RETURN s.file AS file")}
    import_database(db, database, REPO_LICENSES)  # the same sources: their claims are replaced
    assert graph(db) == once
    assert {r["file"] for r in query(db, "MATCH (s:Source) RETURN s.file AS file")} == sources
    db.write_tx(lambda tx: tx.run_text("MATCH (n) WHERE n:Work OR n:Source OR n:Release OR n:Activity DETACH DELETE n", {}))
    # ranges of 3 models and 2 repositories: links reach models imported by earlier sources
    summary = import_database(db, database, REPO_LICENSES, model_chunk=3, repo_chunk=2)
    assert len(summary.documents) == 4 + 6 and summary.links == 10
    assert graph(db) == once


def test_command_line(tmp_path: Path, database: Path, run_kg: Any, kg_env: dict[str, str], db: Database) -> None:
    scan = tmp_path / "gh_licenses.json"
    scan.write_text(json.dumps(REPO_LICENSES), encoding="utf-8")
    done = run_kg("import", str(database), "--repo-licenses", str(scan), env=kg_env)
    assert done.returncode == 0, done.stderr
    assert "9 models, 9 repositories, 10 model→repository links in 2 sources" in done.stdout
    assert "notice:" in done.stderr and "'not a hub id!'" in done.stderr
    assert len(declared(db)) == 30
    # refusals: one line, exit 2, nothing written
    db.write_tx(lambda tx: tx.run_text("MATCH (n) WHERE n:Work OR n:Source DETACH DELETE n", {}))
    scan.write_text('{"alice/voice-chat": "mit"}', encoding="utf-8")
    refused = run_kg("import", "--format", "peatmoss", str(database), "--repo-licenses", str(scan), env=kg_env)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines() == [f'kg: {scan}: alice/voice-chat: expected a list of license keys or null, not "mit"']
    card = tmp_path / "model.yaml"
    card.write_text("works: []\n", encoding="utf-8")
    mixed = run_kg("import", str(card), "--repo-licenses", str(scan), env=kg_env)
    assert mixed.returncode == 2 and "--repo-licenses: is for a PeaTMOSS database" in mixed.stderr
    assert declared(db) == {}
