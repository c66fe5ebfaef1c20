"""Verdicts a reviewer can trust (issue #13) and analysis whose cost follows the lineage's size
(issue #14), each on a real Neo4j: the determined license, each finding's code, work, licenses,
clause and cause."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from benchmarks.shapes import lattice, wide
from kg.analysis import engine
from kg.analysis.codes import CODES
from kg.analysis.engine import Assessment, Finding, assess
from kg.db import Database
from kg.lineage.importer import import_manifest


def load(db: Database, tmp_path: Path, manifest: dict[str, Any]) -> None:
    path = tmp_path / "lineage.yaml"
    path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    import_manifest(db, path)


def found(result: Assessment, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def test_duties_of_bundled_works_travel_with_the_bundle(lineage_db: Database, tmp_path: Path) -> None:
    # CC BY 4.0 §3(a)(1) binds every copy shared, bundled or not: a collection is independent of
    # its parts for its own license, but each part keeps its duties.
    load(lineage_db, tmp_path, {
        "works": [{"id": "a", "type": "data", "license": "CC-BY-4.0"}, {"id": "b", "type": "data", "license": "CC-BY-4.0"},
                  {"id": "m1", "type": "model", "license": "Apache-2.0"}, {"id": "m2", "type": "model", "license": "MIT"}],
        "derivations": [{"method": "combine", "inputs": ["a", "b"], "output": {"id": "collection"}},
                        {"method": "combine", "inputs": ["m1", "m2"], "output": {"id": "bundle"}}],
    })
    result = assess(lineage_db, "collection", "share")
    assert {(f.work, tuple(f.licenses)) for f in found(result, "INCLUDE_NOTICE")} == {("a", ("CC-BY-4.0",)), ("b", ("CC-BY-4.0",))}
    [notice] = [f for f in found(result, "INCLUDE_NOTICE") if f.work == "a"]
    assert notice.clause == {"license": "CC-BY-4.0", "section": "3(a)(1)(A)", "text": notice.clause["text"]} and notice.clause["text"]
    assert notice.paths == [["collection", "a"]]
    assert not found(result, "STATE_CHANGES")  # nothing was changed
    bundle = assess(lineage_db, "bundle", "share")
    assert {(f.code, f.work) for f in bundle.findings if f.code.startswith("INCLUDE_")} >= {
        ("INCLUDE_LICENSE", "m1"), ("INCLUDE_NOTICE", "m1"), ("INCLUDE_NOTICE", "m2")}


def test_how_a_work_was_made_does_not_change_with_how_it_is_released(lineage_db: Database, tmp_path: Path) -> None:
    # AGPL-3.0 + MIT combined as source is a work based on the Program (§5(c)); serving it changes
    # what the release must do (§13), not what the work is.
    load(lineage_db, tmp_path, {
        "works": [{"id": "agpl", "type": "software", "license": "AGPL-3.0-only"}, {"id": "mit", "type": "software", "license": "MIT"}],
        "derivations": [{"method": "combine", "inputs": ["agpl", "mit"], "output": {"id": "app"}}],
    })
    served = assess(lineage_db, "app", "share", "saas")
    shipped = assess(lineage_db, "app", "share", "raw")
    assert served.determined == shipped.determined == ["AGPL-3.0-only"]
    assert [f.work for f in found(served, "DISCLOSE_SOURCE")] == ["agpl"]  # a modified version served
    assert not found(shipped, "DISCLOSE_SOURCE")  # the source is what is shipped


def test_a_derivative_of_an_unknown_license_is_undetermined_never_unlicense(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, {
        "works": [{"id": "eula-model", "type": "model", "license": "LicenseRef-Vendor-EULA"},
                  {"id": "p1", "type": "model", "license": "LicenseRef-Unknown-1"},
                  {"id": "p2", "type": "model", "license": "MIT"}],
        "derivations": [{"method": "modify", "inputs": ["eula-model"], "output": {"id": "edited"}},
                        {"method": "modify", "inputs": ["edited"], "output": {"id": "edited-again"}},
                        {"method": "amalgamate", "inputs": ["p1", "p2"], "output": {"id": "merged"}}],
    })
    for work, root in (("edited", "eula-model"), ("edited-again", "eula-model"), ("merged", "p1")):
        result = assess(lineage_db, work, "share")
        assert result.determined == [] and result.status == "error"
        [unsettled] = found(result, "UNSETTLED_INPUT")
        assert (unsettled.work, unsettled.inputs) == (work, [root])  # on the work asked about, naming the root
        assert [f.work for f in found(result, "UNKNOWN_LICENSE")] == [root]
    stored = lineage_db.read_tx(lambda tx: tx.run_text(
        "MATCH (w:Work) WHERE w.id IN ['edited', 'edited-again', 'merged'] "
        "OPTIONAL MATCH (w)-[:DETERMINED]->(l) RETURN collect(l.id) AS ids"))
    assert stored == [{"ids": []}]


def test_duties_travel_through_generated_data_whatever_its_own_label(lineage_db: Database, tmp_path: Path) -> None:
    # Llama 3.1 §1.b.i binds a model trained on its outputs, though the data was labelled Apache-2.0.
    load(lineage_db, tmp_path, {
        "works": [{"id": "llama", "type": "model", "license": "Llama-3.1"},
                  {"id": "mistral", "type": "model", "license": "Apache-2.0"}],
        "derivations": [{"method": "generate", "inputs": ["llama"], "output": {"id": "chats", "license": "Apache-2.0"}},
                        {"method": "finetune", "inputs": ["mistral", "chats"], "output": {"id": "tuned"}}],
    })
    result = assess(lineage_db, "tuned", "share")
    assert "Llama-3.1" in result.determined
    assert ("INCLUDE_LICENSE", "llama") in {(f.code, f.work) for f in result.findings}


def test_a_conflict_names_the_inputs_bringing_each_license_once(lineage_db: Database, tmp_path: Path) -> None:
    # GPL-3.0 code and an OpenRAIL model amalgamated; the conflicted work is then bundled twice more:
    # one conflict, on the work where it arises, naming both inputs with a path to each.
    load(lineage_db, tmp_path, {
        "works": [{"id": "gpl", "type": "model", "license": "GPL-3.0-only"},
                  {"id": "rail", "type": "model", "license": "BigScience-BLOOM-RAIL-1.0"},
                  {"id": "extra", "type": "model", "license": "MIT"}],
        "derivations": [{"method": "amalgamate", "inputs": ["gpl", "rail"], "output": {"id": "merged"}},
                        {"method": "combine", "inputs": ["merged", "extra"], "output": {"id": "kit"}},
                        {"method": "combine", "inputs": ["kit", "extra"], "output": {"id": "suite"}}],
    })
    result = assess(lineage_db, "suite", "share")
    [conflict] = found(result, "GNU_FREEDOM_CONFLICT")
    assert (conflict.work, conflict.licenses, conflict.inputs) == ("merged", ["BigScience-BLOOM-RAIL-1.0", "GPL-3.0-only"], ["gpl", "rail"])
    assert "GPL-3.0-only from gpl" in conflict.message and "from rail" in conflict.message
    assert sorted(conflict.paths) == [["suite", "kit", "merged", "gpl"], ["suite", "kit", "merged", "rail"]]
    assert conflict.clause and set(conflict.clause["license"].split("; ")) == {"GPL-3.0-only", "BigScience-BLOOM-RAIL-1.0"}
    assert len((conflict.clause["section"] or "").split(" | ")) == 2  # each license's section, in the same order
    assert result.determined == []


def test_state_changes_and_name_prefix_only_where_the_term_brings_them(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, {
        "works": [{"id": "llama", "type": "model", "license": "Llama-3.1"}],
        "derivations": [{"method": "copy", "inputs": ["llama"], "output": {"id": "hosted", "form": "saas"}},
                        {"method": "finetune", "inputs": ["llama"], "output": {"id": "tuned"}}],
    })
    hosted = assess(lineage_db, "hosted", "share")
    assert not found(hosted, "NAME_PREFIX") and not found(hosted, "STATE_CHANGES")
    tuned = assess(lineage_db, "tuned", "share")
    assert [f.work for f in found(tuned, "NAME_PREFIX")] == ["llama"]


def test_a_derivative_that_declares_nothing_is_told_to_declare_what_travels(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, {
        "works": [{"id": "llama", "type": "model", "license": "Llama-3.1"}],
        "derivations": [{"method": "finetune", "inputs": ["llama"], "output": {"id": "tuned"}}],
    })
    [finding] = found(assess(lineage_db, "tuned", "share"), "LICENSE_NOT_DECLARED")
    assert (finding.work, finding.licenses, finding.inputs) == ("tuned", ["Llama-3.1"], ["llama"])


def test_an_unknown_license_on_a_derivative_is_checked_against_its_upstream(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, {
        "works": [{"id": "llama", "type": "model", "license": "Llama-3.1"}],
        "derivations": [{"method": "finetune", "inputs": ["llama"], "output": {"id": "tuned", "license": "LicenseRef-Mine"}}],
    })
    [blocked] = found(assess(lineage_db, "tuned", "share"), "RELICENSE_BLOCKED")
    assert (blocked.work, blocked.licenses, blocked.inputs, blocked.detail) == ("tuned", ["Llama-3.1"], ["llama"], "LicenseRef-Mine")


def test_every_case_study_finding_shows_a_clause_or_why_none(lineage_db: Database) -> None:
    from kg.resources import resource_dir

    for manifest, work, policy in (("case1b-corpus-combination.yaml", "corpus-1b", "sell"),
                                   ("case4b-distillation-averaging.yaml", "averaged-4b", "sell"),
                                   ("case3-generation-pipeline.yaml", "video-3", "sell")):
        import_manifest(lineage_db, resource_dir("examples") / manifest)
        for f in assess(lineage_db, work, policy).findings:
            if CODES[f.code].uncited is None:
                assert f.clause and f.clause["license"] and f.clause["section"], (manifest, f)
            assert f.paths and f.paths[0][0] == work, (manifest, f)


def test_a_deep_combine_lattice_is_assessed_in_time_that_follows_its_size(lineage_db: Database, tmp_path: Path) -> None:
    # 3 x 2^24 routes from the top to each corpus: path-enumerating code could never finish; a
    # generous bound (the work is ~75 works and ~150 edges) guards against that shape returning.
    import time

    load(lineage_db, tmp_path, lattice(24))
    started = time.monotonic()
    result = assess(lineage_db, "top", "sell")
    assert time.monotonic() - started < 120
    [nc] = found(result, "NON_COMMERCIAL")
    assert nc.work == "w0-2" and nc.more_paths and len(nc.paths) == 10  # the CC-BY-NC-4.0 corpus
    again = time.monotonic()
    assert assess(lineage_db, "top", "sell").findings == result.findings  # unchanged: only validated
    assert time.monotonic() - again < 60


def test_a_wide_combine_is_assessed_once_per_source(lineage_db: Database, tmp_path: Path) -> None:
    sources = 3_000
    load(lineage_db, tmp_path, wide(sources))
    result = assess(lineage_db, "top", "share")
    assert len(found(result, "INCLUDE_NOTICE")) == sources  # every source's own attribution, once
    assert result.determined == ["Unlicense"]  # a collection: its parts keep their licenses


def test_a_change_below_is_seen_and_an_unchanged_lineage_is_only_validated(lineage_db: Database, tmp_path: Path) -> None:
    manifest: dict[str, Any] = {
        "works": [{"id": "base", "type": "model", "license": "MIT"}, {"id": "other", "type": "model", "license": "MIT"}],
        "derivations": [{"method": "finetune", "inputs": ["base"], "output": {"id": "tuned"}},
                        {"method": "finetune", "inputs": ["tuned"], "output": {"id": "tuned-again"}},
                        {"method": "finetune", "inputs": ["other"], "output": {"id": "unrelated"}}],
    }
    load(lineage_db, tmp_path, manifest)
    assert assess(lineage_db, "tuned-again", "share").determined == ["MIT"]
    assess(lineage_db, "unrelated", "share")

    def stamps() -> dict[str, str]:
        rows = lineage_db.read_tx(lambda tx: tx.run_text("MATCH (w:Work) RETURN w.id AS id, w.stamp AS stamp"))
        return {r["id"]: r["stamp"] for r in rows}

    before = stamps()
    assert all(before.values())
    assess(lineage_db, "tuned-again", "share")
    assert stamps() == before  # nothing changed: nothing settled again
    manifest["works"][0]["license"] = "GPL-3.0-only"
    load(lineage_db, tmp_path, manifest)
    assert assess(lineage_db, "tuned-again", "share").determined == ["GPL-3.0-only"]
    after = stamps()
    assert {w for w in before if before[w] != after[w]} == {"base", "tuned", "tuned-again"}


def test_a_model_trained_on_gemma_outputs_is_a_gemma_model_derivative(lineage_db: Database, tmp_path: Path) -> None:
    # Gemma Terms §1 (Model Derivatives): a model trained on synthetic data Gemma generated is a
    # Model Derivative, though Gemma claims no rights in the outputs themselves.
    load(lineage_db, tmp_path, {
        "works": [{"id": "gemma", "type": "model", "license": "Gemma"}, {"id": "olmo", "type": "model", "license": "Apache-2.0"}],
        "derivations": [{"method": "generate", "inputs": ["gemma"], "output": {"id": "synthetic"}},
                        {"method": "finetune", "inputs": ["olmo", "synthetic"], "output": {"id": "student"}}],
    })
    assert assess(lineage_db, "synthetic", "share").determined == ["Unlicense"]  # the outputs are free
    student = assess(lineage_db, "student", "share")
    assert student.determined == ["Gemma"]
    assert ("USE_RESTRICTIONS", "gemma") in {(f.code, f.work) for f in student.findings}


def test_improving_another_llm_is_reported_once_and_llama_derivatives_are_exempt(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, {
        "works": [{"id": "llama", "type": "model", "license": "Llama-2"}, {"id": "mistral", "type": "model", "license": "Apache-2.0"}],
        "derivations": [
            {"method": "generate", "inputs": ["llama"], "output": {"id": "synthetic"}},
            {"method": "finetune", "inputs": ["mistral", "synthetic"], "output": {"id": "mistral-tuned"}},
            {"method": "finetune", "inputs": ["mistral-tuned"], "output": {"id": "mistral-tuned-again"}},
            # a Llama 2 fine-tune that declares nothing (its license is determined, not declared) ...
            {"method": "finetune", "inputs": ["llama"], "output": {"id": "llama-chat"}},
            # ... taught by Llama 2 itself: a Llama 2 derivative improving a Llama 2 derivative
            {"method": "distill", "inputs": ["llama"], "student": "llama-chat", "output": {"id": "llama-student"}},
        ],
    })
    again = assess(lineage_db, "mistral-tuned-again", "share")
    assert [(f.work, f.inputs) for f in found(again, "LLAMA_EXCLUSIVITY")] == [("mistral-tuned", ["llama"])]
    assert not found(assess(lineage_db, "llama-student", "share"), "LLAMA_EXCLUSIVITY")


def test_findings_written_in_batches_replace_the_earlier_assessment_whole(
    lineage_db: Database, tmp_path: Path, monkeypatch: Any,
) -> None:
    monkeypatch.setattr(engine, "FINDING_BATCH", 7)  # many batches, as a corpus of 100,000 sources needs
    load(lineage_db, tmp_path, wide(40))
    first = assess(lineage_db, "top", "sell")
    lineage_db.write_tx(lambda tx: tx.run_text("MATCH (a:Assessment) REMOVE a.digest"))  # as if it had changed
    again = assess(lineage_db, "top", "sell")
    stored = lineage_db.read_tx(lambda tx: tx.run_text(
        "MATCH (a:Assessment {work: 'top', policy: 'sell'})-[:FOUND]->(f:Finding) "
        "WITH a, count(f) AS findings RETURN findings, a.errors + a.warnings <= findings AS counted"))
    left = lineage_db.read_tx(lambda tx: tx.run_text(
        "MATCH (n) WHERE n:PendingAssessment OR n:RetiredAssessment OR (n:Finding AND NOT EXISTS { (:Assessment)-[:FOUND]->(n) }) "
        "RETURN count(n) AS left"))
    assert len(first.findings) == len(again.findings) > 7 * 10
    assert stored == [{"findings": len(again.findings), "counted": True}]
    assert left == [{"left": 0}]  # the replaced assessment and its findings are gone, nothing half-written stays


def test_an_assessment_that_comes_out_the_same_is_not_written_again(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, wide(30))
    findings = "MATCH (:Assessment {work: 'top'})-[:FOUND]->(f:Finding) RETURN elementId(f) AS id ORDER BY id"
    first = assess(lineage_db, "top", "sell")
    before = lineage_db.read_tx(lambda tx: tx.run_text(findings))
    again = assess(lineage_db, "top", "sell")
    assert lineage_db.read_tx(lambda tx: tx.run_text(findings)) == before  # the same nodes: nothing rewritten
    assert [f.__dict__ for f in again.findings] == [f.__dict__ for f in first.findings]
    assert again.determined == first.determined


def test_a_level_larger_than_a_determination_batch_is_settled_the_same(
    lineage_db: Database, tmp_path: Path, monkeypatch: Any,
) -> None:
    load(lineage_db, tmp_path, wide(12))
    whole = assess(lineage_db, "top", "sell")
    lineage_db.write_tx(lambda tx: tx.run_text("MATCH (w:Work) REMOVE w.stamp"))  # settle everything again
    monkeypatch.setattr(engine, "LEVEL_BATCH", 5)  # the 12 sources of level 0 in three transactions
    cut = assess(lineage_db, "top", "sell")
    assert [f.__dict__ for f in cut.findings] == [f.__dict__ for f in whole.findings]
    assert cut.determined == whole.determined
