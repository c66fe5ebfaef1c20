"""The analysis engine on small real lineages: proliferation, determination, validation, bad input.

Each lineage is a kg manifest written to a temporary file and imported through kg's own path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.analysis.engine import Assessment, assess, assess_all
from kg.db import Database
from kg.errors import InputError
from kg.lineage.importer import import_manifest


def load(db: Database, tmp_path: Path, manifest: dict[str, Any], name: str = "lineage.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    import_manifest(db, path)
    return path


def codes(result: Assessment, severity: str | None = None) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(f.code, f.work, tuple(f.licenses)) for f in result.findings if severity in (None, f.severity)}


def work_count(db: Database) -> int:
    return db.read_tx(lambda tx: tx.run_text("MATCH (w:Work) RETURN count(w) AS n"))[0]["n"]


def test_activity_proliferates_through_nested_mix_works(lineage_db: Database, tmp_path: Path) -> None:
    # Embedding a collection of collections embeds every corpus in it: the LGPL-LR corpus two
    # levels down makes the embeddings a derivative that must stay LGPL-LR (LGPL-LR §2(c)).
    load(lineage_db, tmp_path, {
        "works": [
            {"id": "lr-corpus", "type": "data", "license": "LGPL-LR"},
            {"id": "by-corpus", "type": "data", "license": "CC-BY-4.0"},
            {"id": "mit-corpus", "type": "data", "license": "MIT"},
            {"id": "encoder", "type": "model", "license": "Apache-2.0"},
        ],
        "derivations": [
            {"method": "combine", "inputs": ["lr-corpus", "by-corpus"], "output": {"id": "inner"}},
            {"method": "combine", "inputs": ["inner", "mit-corpus"], "output": {"id": "outer"}},
            {"method": "embed", "inputs": ["outer"], "aux": ["encoder"], "output": {"id": "vectors"}},
        ],
    })
    result = assess(lineage_db, "vectors", "share")
    assert result.determined == ["LGPL-LR"]
    # the embed activity reached the CC-BY corpus too: embedding adapts it, so state changes apply
    assert ("STATE_CHANGES", "by-corpus", ("CC-BY-4.0",)) in codes(result, "notice")


def test_assigned_license_blocked_by_one_input(lineage_db: Database, tmp_path: Path) -> None:
    # A Llama 2 fine-tune may not be relabelled Apache-2.0 (its derivatives stay under the Llama 2
    # agreement); the MIT training data (aux, license silent on training) does not block it.
    load(lineage_db, tmp_path, {
        "works": [
            {"id": "llama", "type": "model", "license": "llama2"},
            {"id": "mit-data", "type": "data", "license": "MIT"},
        ],
        "derivations": [
            {"method": "finetune", "inputs": ["llama", "mit-data"], "output": {"id": "tuned", "license": "Apache-2.0"}},
        ],
    })
    result = assess(lineage_db, "tuned", "share")
    assert result.determined == ["Apache-2.0"]
    blocked = [f for f in result.findings if f.code == "RELICENSE_BLOCKED"]
    assert [(f.work, f.licenses, f.inputs) for f in blocked] == [("tuned", ["Llama-2", "Apache-2.0"], ["llama"])]
    assert result.status == "error"


def test_reserved_right_is_an_error_and_unmentioned_right_a_warning(lineage_db: Database, tmp_path: Path) -> None:
    # CC-BY-ND-3.0 grants no right to make Adaptations (§3): fine-tuning it needs `modify`.
    # Artistic-2.0 neither grants nor withholds sublicensing, which sharing needs.
    load(lineage_db, tmp_path, {
        "works": [
            {"id": "nd-model", "type": "model", "license": "CC-BY-ND-3.0"},
            {"id": "perl-tool", "type": "software", "license": "Artistic-2.0"},
        ],
        "derivations": [
            {"method": "finetune", "inputs": ["nd-model"], "output": {"id": "nd-tuned"}},
        ],
    })
    tuned = assess(lineage_db, "nd-tuned", "personal")
    assert ("RIGHT_RESERVED", "nd-model", ("CC-BY-ND-3.0",)) in codes(tuned, "error")
    tool = assess(lineage_db, "perl-tool", "share")
    not_granted = [(f.work, f.detail) for f in tool.findings if f.code == "RIGHT_NOT_GRANTED"]
    assert ("perl-tool", "sublicense") in not_granted
    assert tool.status == "warning"


@pytest.mark.parametrize(
    ("license_", "method", "form", "expected"),
    [
        ("GPL-3.0-only", "copy", "binary", True),   # GPL §6: conveying object code needs the Corresponding Source
        ("GPL-3.0-only", "copy", "saas", False),    # GPL §0: network interaction is not conveying
        ("AGPL-3.0-only", "modify", "saas", True),  # AGPL §13: network users of a modified version get the source
        # AGPL §13 binds modified versions only: an unmodified program served conveys nothing (issue #13;
        # this case asserted True before, which the license text does not support)
        ("AGPL-3.0-only", "copy", "saas", False),
        ("GPL-3.0-only", "copy", "raw", False),     # shipping the source is the disclosure
        ("MIT", "copy", "binary", False),
    ],
)
def test_disclose_source_depends_on_release_form(
    lineage_db: Database, tmp_path: Path, license_: str, method: str, form: str, expected: bool
) -> None:
    load(lineage_db, tmp_path, {
        "works": [{"id": "library", "type": "software", "license": license_}],
        "derivations": [{"method": method, "inputs": ["library"], "output": {"id": "product", "form": form}}],
    })
    result = assess(lineage_db, "product", "share")
    assert (("DISCLOSE_SOURCE", "library", (license_,)) in codes(result)) is expected
    # never twice, and never with a duty's name as the form
    assert all(f.detail == form for f in result.findings if f.code == "DISCLOSE_SOURCE")
    assert len([f for f in result.findings if f.code == "DISCLOSE_SOURCE"]) == int(expected)


def test_aux_inputs_are_never_released_but_selling_is_commercial_use_of_them(lineage_db: Database, tmp_path: Path) -> None:
    # Training data is aux: the model does not ship it, so NoDerivatives and the redistribution
    # duties do not apply to it; but selling the model commercially uses the NC data.
    load(lineage_db, tmp_path, {
        "works": [
            {"id": "base", "type": "model", "license": "MIT"},
            {"id": "nc-nd-data", "type": "data", "license": "CC-BY-NC-ND-4.0"},
        ],
        "derivations": [{"method": "finetune", "inputs": ["base", "nc-nd-data"], "output": {"id": "tuned"}}],
    })
    shared = assess(lineage_db, "tuned", "share")
    assert shared.determined == ["MIT"]
    assert not [f for f in shared.findings if f.work == "nc-nd-data" and f.severity == "error"]
    assert not [f for f in shared.findings if f.work == "nc-nd-data" and f.code.startswith("INCLUDE_")]
    sold = assess(lineage_db, "tuned", "sell")
    assert codes(sold, "error") == {("NON_COMMERCIAL", "nc-nd-data", ("CC-BY-NC-ND-4.0",))}


def test_a_cause_reached_by_two_paths_is_one_finding_explained_by_both(lineage_db: Database, tmp_path: Path) -> None:
    # The NC corpus is in both halves of a merged collection: selling the collection uses it
    # commercially once (one finding, not one per copy, unlike ModelGo), and both routes explain it.
    load(lineage_db, tmp_path, {
        "works": [
            {"id": "nc", "type": "data", "license": "CC-BY-NC-4.0"},
            {"id": "mit-a", "type": "data", "license": "MIT"},
            {"id": "mit-b", "type": "data", "license": "MIT"},
        ],
        "derivations": [
            {"method": "combine", "inputs": ["nc", "mit-a"], "output": {"id": "half-a"}},
            {"method": "combine", "inputs": ["nc", "mit-b"], "output": {"id": "half-b"}},
            {"method": "combine", "inputs": ["half-a", "half-b"], "output": {"id": "whole"}},
        ],
    })
    sold = assess(lineage_db, "whole", "sell")
    [finding] = [f for f in sold.findings if f.code == "NON_COMMERCIAL"]
    assert (finding.work, finding.licenses) == ("nc", ["CC-BY-NC-4.0"])
    assert sorted(finding.paths) == [["whole", "half-a", "nc"], ["whole", "half-b", "nc"]]
    assert finding.path in finding.paths and not finding.more_paths
    stored = lineage_db.read_tx(lambda tx: tx.run_text(
        "MATCH (:Assessment {work: 'whole', policy: 'sell'})-[:FOUND]->(f:Finding {code: 'NON_COMMERCIAL'}) "
        "RETURN f.paths AS paths, f.more_paths AS more"))
    assert [(sorted(r["paths"]), r["more"]) for r in stored] == [(["whole > half-a > nc", "whole > half-b > nc"], False)]


def test_explanations_keep_the_ten_shortest_paths_and_say_there_are_more(lineage_db: Database, tmp_path: Path) -> None:
    # Four levels of two collections that each merge both collections below: 2^5 = 32 routes from
    # the top down to the NC corpus. Ten are kept, shortest first, and the finding says there are more.
    derivations: list[dict[str, Any]] = [
        {"method": "combine", "inputs": ["nc", "mit"], "output": {"id": "x1"}},
        {"method": "combine", "inputs": ["nc", "mit"], "output": {"id": "y1"}},
    ]
    for level in range(2, 5):
        below = [f"x{level - 1}", f"y{level - 1}"]
        derivations += [{"method": "combine", "inputs": below, "output": {"id": f"{side}{level}"}} for side in "xy"]
    derivations.append({"method": "combine", "inputs": ["x4", "y4"], "output": {"id": "top"}})
    load(lineage_db, tmp_path, {
        "works": [{"id": "nc", "type": "data", "license": "CC-BY-NC-4.0"}, {"id": "mit", "type": "data", "license": "MIT"}],
        "derivations": derivations,
    })
    [finding] = [f for f in assess(lineage_db, "top", "sell").findings if f.code == "NON_COMMERCIAL"]
    assert finding.more_paths and len(finding.paths) == 10
    assert len({tuple(p) for p in finding.paths}) == 10
    assert all(p[0] == "top" and p[-1] == "nc" and len(p) == 6 for p in finding.paths)


def test_llama2_outputs_may_not_improve_another_llm(lineage_db: Database, tmp_path: Path) -> None:
    # Llama 2 §1.b.v: outputs may not improve any other large language model; a Llama 2
    # derivative trained on the same data is fine.
    load(lineage_db, tmp_path, {
        "works": [
            {"id": "llama", "type": "model", "license": "Llama2"},
            {"id": "mistral", "type": "model", "license": "Apache-2.0"},
            {"id": "prompts", "type": "data", "license": "CC0-1.0"},
        ],
        "derivations": [
            {"method": "generate", "inputs": ["llama"], "aux": ["prompts"], "output": {"id": "synthetic"}},
            {"method": "finetune", "inputs": ["mistral", "synthetic"], "output": {"id": "mistral-tuned"}},
            {"method": "finetune", "inputs": ["llama", "synthetic"], "output": {"id": "llama-tuned"}},
        ],
    })
    other = assess(lineage_db, "mistral-tuned", "share")
    assert ("LLAMA_EXCLUSIVITY", "mistral-tuned", ("Llama-2",)) in codes(other, "error")
    own = assess(lineage_db, "llama-tuned", "share")
    assert not [f for f in own.findings if f.code == "LLAMA_EXCLUSIVITY"]


def test_unknown_ambiguous_and_missing_licenses_become_findings(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, {
        "works": [
            {"id": "mystery", "type": "data", "license": "my-own-license-v7"},
            {"id": "family", "type": "software", "license": "bsd"},
            {"id": "bare", "type": "model"},
        ],
        "derivations": [{"method": "combine", "inputs": ["mystery", "family", "bare"], "output": {"id": "bundle"}}],
    })
    result = assess(lineage_db, "bundle", "share")
    found = {(f.code, f.work) for f in result.errors()}
    assert {("UNKNOWN_LICENSE", "mystery"), ("AMBIGUOUS_LICENSE", "family"), ("NO_LICENSE", "bare")} <= found


def test_spdx_or_takes_the_least_restrictive_alternative(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, {"works": [{"id": "dual", "type": "software", "license": "GPL-3.0-only OR MIT"}]})
    result = assess(lineage_db, "dual", "sell")
    assert result.determined == ["MIT"]
    assert [f.licenses for f in result.findings if f.code == "LICENSE_CHOSEN"] == [["MIT"]]


DUAL_DATA = {
    # CC-BY-NC-4.0 is the less restrictive option (no share-alike) but reserves commercial use
    # (CC-BY-NC-4.0 §1(i), §2(a)(1)); CC-BY-SA-4.0 grants it (§2(a)(1)) with share-alike (§3(b)).
    "works": [{"id": "dual-data", "type": "data", "license": "CC-BY-NC-4.0 OR CC-BY-SA-4.0"}],
    "derivations": [
        {"method": "modify", "inputs": ["dual-data"], "output": {"id": "shared-corpus"}},
        {"method": "modify", "inputs": ["dual-data"], "output": {"id": "sold-corpus"}},
    ],
    "releases": [{"work": "shared-corpus", "policy": "share"}, {"work": "sold-corpus", "policy": "sell"}],
}


def chosen(result: Assessment) -> list[list[str]]:
    return [f.licenses for f in result.findings if f.code == "LICENSE_CHOSEN"]


def test_spdx_or_takes_the_option_that_passes_the_release_policy(lineage_db: Database, tmp_path: Path) -> None:
    """Selling needs commercial use, which only CC-BY-SA-4.0 grants: kg takes it, and the sale
    passes the rights check; sharing needs no commercial use, so the less restrictive NC option."""
    load(lineage_db, tmp_path, DUAL_DATA)
    sold = assess(lineage_db, "sold-corpus", "sell")
    assert chosen(sold) == [["CC-BY-SA-4.0"]]
    assert sold.determined == ["CC-BY-SA-4.0"]  # share-alike reaches the modified corpus
    assert not [f for f in sold.findings if f.code == "NON_COMMERCIAL"]
    shared = assess(lineage_db, "shared-corpus", "share")
    assert chosen(shared) == [["CC-BY-NC-4.0"]]
    assert shared.determined == ["CC-BY-NC-4.0"]
    assert shared.errors() == []


def test_whole_graph_assessment_settles_a_choice_per_policy(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, DUAL_DATA)
    results = {r.work: r for r in assess_all(lineage_db)}
    assert (chosen(results["sold-corpus"]), results["sold-corpus"].determined) == ([["CC-BY-SA-4.0"]], ["CC-BY-SA-4.0"])
    assert (chosen(results["shared-corpus"]), results["shared-corpus"].determined) == ([["CC-BY-NC-4.0"]], ["CC-BY-NC-4.0"])
    assert not [f for f in results["sold-corpus"].findings if f.code == "NON_COMMERCIAL"]


def test_whole_graph_assessment_settles_releases_in_another_form_like_a_single_assessment(
    lineage_db: Database, tmp_path: Path
) -> None:
    # Two raw works released as a hosted service, one as a binary: each is determined once, in its
    # own form, and validated in its release form (AGPL §13 reaches a modified version served, GPL §6
    # binaries; an unmodified GPL program served conveys nothing).
    load(lineage_db, tmp_path, {
        "works": [{"id": "agpl-lib", "type": "software", "license": "AGPL-3.0-only"},
                  {"id": "gpl-lib", "type": "software", "license": "GPL-3.0-only"}],
        "derivations": [{"method": "modify", "inputs": ["agpl-lib"], "output": {"id": "service"}},
                        {"method": "copy", "inputs": ["gpl-lib"], "output": {"id": "hosted"}},
                        {"method": "copy", "inputs": ["gpl-lib"], "output": {"id": "shipped"}}],
        "releases": [{"work": "service", "policy": "share", "form": "saas"},
                     {"work": "hosted", "policy": "share", "form": "saas"},
                     {"work": "shipped", "policy": "share", "form": "binary"}],
    })
    whole = {r.work: r for r in assess_all(lineage_db)}
    assert {w: r.form for w, r in whole.items()} == {"service": "saas", "hosted": "saas", "shipped": "binary"}
    disclose = {w for w, r in whole.items() if any(f.code == "DISCLOSE_SOURCE" for f in r.findings)}
    assert disclose == {"service", "shipped"}
    for work, result in whole.items():
        single = assess(lineage_db, work, "share", result.form)
        assert (single.determined, codes(single)) == (result.determined, codes(result))


def test_reassessing_replaces_the_stored_assessment(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, {"works": [{"id": "nc", "type": "data", "license": "CC-BY-NC-4.0"}]})
    first = assess(lineage_db, "nc", "sell")
    second = assess(lineage_db, "nc", "sell")
    stored = lineage_db.read_tx(lambda tx: tx.run_text(
        "MATCH (a:Assessment {work: 'nc', policy: 'sell'})-[:FOUND]->(f:Finding) RETURN count(f) AS n"))[0]["n"]
    assert stored == len(second.findings) == len(first.findings)


def test_a_cycle_is_rejected_and_nothing_written(lineage_db: Database, tmp_path: Path) -> None:
    manifest = {
        "works": [{"id": "seed", "type": "model", "license": "MIT"}],
        "derivations": [
            {"method": "modify", "inputs": ["b"], "output": {"id": "a"}},
            {"method": "modify", "inputs": ["a"], "output": {"id": "b"}},
        ],
    }
    with pytest.raises(InputError, match="lineage cycle"):
        load(lineage_db, tmp_path, manifest)
    assert work_count(lineage_db) == 0


def test_a_cycle_through_the_graph_is_rejected(lineage_db: Database, tmp_path: Path) -> None:
    load(lineage_db, tmp_path, {
        "works": [{"id": "root", "type": "model", "license": "MIT"}],
        "derivations": [{"method": "modify", "inputs": ["root"], "output": {"id": "child"}}],
    }, "first.yaml")
    with pytest.raises(InputError, match="lineage cycle: child already relies on root"):
        load(lineage_db, tmp_path, {
            "derivations": [{"method": "modify", "inputs": ["child"], "output": {"id": "root"}}],
        }, "second.yaml")


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        ("works: [ {id: a, type: model", "line", "malformed YAML"),
        ("works:\n  - {id: a, type: model, licence: MIT}\n", "works.0.licence", "unknown field"),
        ("works:\n  - {id: a, type: robot}\n", "works.0.type", "Input should be"),
        ("derivations:\n  - {method: finetune, inputs: [ghost], output: {id: b}}\n", "derivations[0]", "unknown work 'ghost'"),
        ("works:\n  - {id: d, type: data, license: MIT}\nderivations:\n  - {method: finetune, inputs: [d], output: {id: m}}\n",
         "derivations[0]", "exactly one model"),
    ],
)
def test_a_bad_manifest_names_file_place_and_reason_and_writes_nothing(
    lineage_db: Database, tmp_path: Path, text: str, where: str, reason: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        import_manifest(lineage_db, path)
    message = str(raised.value)
    assert message.startswith(str(path)) and where in message and reason in message
    assert work_count(lineage_db) == 0


def test_cli_assess_is_a_release_gate_and_cypher_is_read_only(
    lineage_db: Database, tmp_path: Path, run_kg: Any, kg_env: dict[str, str]
) -> None:
    path = tmp_path / "nc.yaml"
    path.write_text(yaml.safe_dump({"works": [{"id": "nc", "type": "data", "license": "CC-BY-NC-4.0"}]}), encoding="utf-8")
    assert run_kg("import", str(path), env=kg_env).returncode == 0
    sold = run_kg("assess", "nc", "--policy", "sell", "--format", "json", env=kg_env)
    assert sold.returncode == 1 and '"NON_COMMERCIAL"' in sold.stdout
    shared = run_kg("assess", "nc", "--policy", "share", env=kg_env)
    assert shared.returncode == 0
    write = run_kg("cypher", "CREATE (:Work {id: 'sneaky'})", env=kg_env)
    assert write.returncode != 0 and "Traceback" not in write.stderr
    assert len(write.stderr.strip().splitlines()) == 1
    assert lineage_db.read_tx(lambda tx: tx.run_text("MATCH (w:Work {id: 'sneaky'}) RETURN count(w) AS n"))[0]["n"] == 0
