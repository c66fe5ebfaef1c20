"""Terms of the KB checked against the license texts, read from the GRAPH after a load.

Each check names the clause it rests on. The KB is loaded once; every check is a subtest, so one
run reports every term that disagrees with its license.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kb_reads import license_from_graph

from kg.db import Database
from kg.licenses.catalog import default_catalog as load_catalog
from kg.licenses.graph import load_kb


class View:
    """One license as the graph holds it."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.props: dict[str, Any] = row["license"]
        self.row = row

    def term(self, activity: str, form: str) -> dict[str, Any]:
        found = [t for t in self.row["terms"] if (t["activity"], t["form"]) == (activity, form)]
        assert len(found) == 1, f"{self.props['id']}: {len(found)} terms for {activity}/{form}"
        return found[0]

    def grants(self) -> set[str]:
        return {g["right"] for g in self.row["grants"]}

    def reserves(self) -> set[str]:
        return {r["right"] for r in self.row["reserves"]}

    def reserve(self, right: str) -> dict[str, Any]:
        return next(r for r in self.row["reserves"] if r["right"] == right)

    def duties(self) -> set[str]:
        return {d["duty"] for d in self.row["duties"]}

    def restrictions(self, kind: str) -> dict[str, dict[str, Any]]:
        return {r["restriction"]: r for r in self.row["restrictions"] if r["kind"] == kind}

    def relicensable_to(self) -> set[str]:
        return {r["license"] for r in self.row["relicensable_to"]}

    def incompatible_with(self) -> set[str]:
        return {r["license"] for r in self.row["incompatible_with"]}


def derivative(view: View, activity: str, form: str, relicense: str) -> bool:
    term = view.term(activity, form)
    return term["result"] == "derivative" and term["relicense"] == relicense


RAIL = ["CreativeML-OpenRAIL-M", "OpenRAIL", "OpenRAIL++", "BigScience-OpenRAIL-M", "BigScience-BLOOM-RAIL-1.0",
        "BigCode-OpenRAIL-M"]

# (license, what the text says (clause), check on the graph)
CHECKS: list[tuple[str, str, Callable[[View], bool]]] = [
    ("CC-BY-ND-4.0", "copies may be shared, adapted material may not (2(a)(1)(B), 3(a))",
     lambda v: v.props["coverage"] == ["duplicate"] and v.props["no_derivatives"]),
    ("CC-BY-ND-4.0", "a modification is adapted material that may not carry another license (1(a))",
     lambda v: derivative(v, "modify", "raw", "no")),
    ("AGPL-3.0-only", "a modified version offered over a network is reached by section 13",
     lambda v: derivative(v, "modify", "saas", "conditional") and "disclose_source" in v.term("modify", "saas")["restrictions"]),
    ("AGPL-3.0-or-later", "section 13 reaches network use in the or-later variant too",
     lambda v: v.term("finetune", "saas")["result"] == "derivative"),
    ("GPL-3.0-only", "combining source into one program makes a work based on it, conveyed under GPL or a compatible license (0, 5(c))",
     lambda v: derivative(v, "combine", "raw", "conditional")),
    ("GPL-3.0-only", "running a modified version as a service is not conveying (0: 'convey')",
     lambda v: v.term("modify", "saas")["result"] == "independent"),
    ("GPL-3.0-only", "section 13 lets a work combine with AGPLv3 code",
     lambda v: "AGPL-3.0-only" in v.relicensable_to()),
    ("GPL-3.0-only", "copyleft, source must be offered (6), recipients licensed directly by the licensors (10)",
     lambda v: v.props["copyleft"] and v.props["disclose_source"] and v.props["family"] == "gnu"),
    ("CC-BY-NC-4.0", "every right is for NonCommercial purposes only (1(i), 2(a)(1))",
     lambda v: "commercial_use" in v.reserves() and v.props["non_commercial"] and v.reserve("commercial_use")["cite"]),
    ("CC-BY-NC-ND-4.0", "non-commercial and no adapted material may be shared",
     lambda v: v.props["non_commercial"] and v.props["coverage"] == ["duplicate"]),
    ("Llama-2", "outputs may not be used to improve other large language models (1.b.v)",
     lambda v: "no_improve_other_llms" in v.restrictions("use") and "1.b.v" in v.restrictions("use")["no_improve_other_llms"]["cite"]),
    ("Llama-2", "a model distilled from or built on Llama 2 outputs keeps the 1.b.v restriction",
     lambda v: all("pass_use_restrictions" in v.term(a, f)["restrictions"] for a in ("generate", "distill") for f in ("raw", "binary", "saas"))),
    ("Llama-2", "the Acceptable Use Policy binds use (1.b.iv) and the 700M MAU threshold needs a separate licence (2)",
     lambda v: {"acceptable_use_policy", "llama_mau_limit"} <= set(v.restrictions("use")) and v.props["behavioural"]),
    ("Llama-3", "a model trained or fine-tuned on Llama 3 and distributed must start its name with 'Llama 3' (1.b.i)",
     lambda v: "name_prefix" in v.term("finetune", "raw")["restrictions"] and "attribution_display" in v.duties()),
    ("Gemma", "a model trained on Gemma's outputs is a Model Derivative (1.1(e)(iii))",
     lambda v: v.term("distill", "raw")["result"] == "derivative"),
    ("Gemma", "outputs are not Model Derivatives (1.1(e), last sentence)",
     lambda v: v.term("generate", "raw")["result"] == "independent"),
    *[(rail, "derivatives must carry the use restrictions of Attachment A (4(a))",
       lambda v: all("pass_use_restrictions" in v.term(a, "raw")["restrictions"] for a in ("modify", "finetune"))
       and "rail_use_restrictions" in v.restrictions("use") and "pass_use_restrictions" in v.duties())
      for rail in RAIL],
    ("CreativeML-OpenRAIL-M", "the licensor claims no rights in generated output (6)",
     lambda v: v.term("generate", "raw")["result"] == "independent"),
    ("CreativeML-OpenRAIL-M", "a derivative may be relicensed only to licenses that keep the use restrictions (4)",
     lambda v: derivative(v, "modify", "raw", "conditional") and "GPL-3.0-only" in v.incompatible_with()),
    ("CC-BY-SA-4.0", "BY-SA 4.0 adaptations may carry GPLv3 (3(b)(1), CC's compatible-license list)",
     lambda v: "GPL-3.0-only" in v.relicensable_to() and derivative(v, "modify", "raw", "conditional")),
    ("CC-BY-SA-4.0", "adapted material must be shared alike (3(b))",
     lambda v: "share_alike" in v.term("modify", "raw")["restrictions"] and v.props["copyleft"] and v.props["family"] == "cc"),
    ("MIT", "modified copies may carry any terms: the grant includes sublicense (¶2)",
     lambda v: derivative(v, "modify", "raw", "yes") and "sublicense" in v.grants()),
    ("MIT", "the text does not address training on the software",
     lambda v: v.term("train", "raw")["result"] == "undefined" and "relicense" not in v.term("train", "raw")),
    ("Apache-2.0", "works that stay separable are not Derivative Works (1); a patent licence is granted (3)",
     lambda v: v.term("combine", "binary")["result"] == "independent" and "patent_use" in v.grants()),
    ("Apache-2.0", "no trademark rights (6)",
     lambda v: "trademark_use" in v.reserves() and v.reserve("trademark_use")["cite"] == "6"),
    ("LGPL-2.1-only", "a program that only links to the library is a 'work that uses the Library' (5)",
     lambda v: v.term("combine", "raw")["result"] == "independent"),
    ("ODbL-1.0", "a Produced Work is not a Derivative Database; it only needs a notice (4.3)",
     lambda v: v.term("generate", "raw")["result"] == "independent"),
    ("ODbL-1.0", "a Derivative Database must be offered under ODbL (4.4)",
     lambda v: v.term("modify", "raw")["result"] == "derivative" and "share_alike" in v.term("modify", "raw")["restrictions"]),
    ("CC0-1.0", "a public-domain dedication: anything goes, patents and trademarks excepted (2, 4(a))",
     lambda v: {"public", "public_domain"} <= set(v.props["categories"]) and derivative(v, "modify", "raw", "yes")
     and {"patent_use", "trademark_use"} <= v.reserves()),
    ("OPT-175B", "non-commercial research only (1.a, 2.a); Meta may terminate at any time (7.b)",
     lambda v: v.props["non_commercial"] and v.props["revocable"] == "yes" and "commercial_use" in v.reserves()),
    ("OPT-175B", "data produced by the software keeps the purpose restrictions (2.a)",
     lambda v: v.term("generate", "raw")["result"] == "derivative"
     and "pass_use_restrictions" in v.term("generate", "raw")["restrictions"]),
    ("BigScience-BLOOM-RAIL-1.0", "model outputs belong to the user (6)",
     lambda v: v.term("generate", "saas")["result"] == "independent"),
    ("Apple-AMLR", "research purposes only, no commercial product or service; the licence is revocable (License Scope)",
     lambda v: "commercial_use" in v.reserves() and v.props["non_commercial"] and v.props["revocable"] == "yes"),
    ("Apple-AMLR", "a fine-tuned model is a Model Derivative: research-only, shipped with the Agreement, changes disclosed (Distribution)",
     lambda v: derivative(v, "finetune", "raw", "no")
     and {"include_license", "state_changes", "pass_use_restrictions"} <= set(v.term("finetune", "raw")["restrictions"])),
    ("Apple-ASCL", "no patent licence (¶2); modified versions carry no condition (¶2)",
     lambda v: "patent_use" in v.reserves() and derivative(v, "modify", "raw", "yes")
     and v.term("modify", "raw")["restrictions"] == []),
    ("Intel-Research-Use", "solely for research purposes and no right to modify: only the Material itself may be shared (2, 2.1(a))",
     lambda v: {"commercial_use", "modify"} <= v.reserves() and v.props["coverage"] == ["duplicate"]),
    ("OpenMDW-1.0", "no restrictions or obligations on outputs (¶6); the grant covers patents (¶3)",
     lambda v: all(v.term(a, "raw")["result"] == "independent" for a in ("generate", "distill")) and "patent_use" in v.grants()),
    ("OpenMDW-1.1", "distribution keeps the agreement and origin notices (¶4); nothing attaches to a hosted model",
     lambda v: {"include_license", "include_notice"} <= v.duties() and v.term("finetune", "saas")["result"] == "independent"
     and v.props["public"] and not v.props["non_commercial"]),
    ("xAI-Community", "materials, derivatives and outputs may not train other foundational or general-purpose models (2.b)",
     lambda v: "2.b" in v.restrictions("use")["no_train_other_foundation_models"]["cite"]
     and all("pass_use_restrictions" in v.term(a, f)["restrictions"] for a in ("generate", "distill") for f in ("raw", "binary", "saas"))),
    ("xAI-Community", "distribution shows 'Powered by xAI' (3); commercial use only under the AUP (2.a); revocable (2.a)",
     lambda v: "attribution_display" in v.duties() and "commercial_use" in v.grants()
     and "xai_acceptable_use_policy" in v.restrictions("use") and v.props["revocable"] == "yes"),
    # licenses real Hub models use (issue #13)
    ("Qwen-Research", "every right is FOR NON-COMMERCIAL PURPOSES ONLY; commercial use needs a separate licence (2.a, 2.b)",
     lambda v: "commercial_use" in v.reserves() and v.props["non_commercial"] and "2.a" in v.reserve("commercial_use")["cite"]),
    ("Qwen-Research", "a fine-tune stays within the Agreement and shows 'Built with Qwen' (3.d, 4.b)",
     lambda v: derivative(v, "finetune", "raw", "conditional")
     and {"include_license", "attribution_display", "pass_use_restrictions"} <= set(v.term("finetune", "raw")["restrictions"])),
    ("Skywork-Community", "revocable, non-sublicensable, commercial use allowed without applying (II, II.2)",
     lambda v: v.props["revocable"] == "yes" and "commercial_use" in v.grants() and "sublicense" in v.reserves()),
    ("Skywork-Community", "a model trained on Skywork's synthetic data is a Model Derivative (I) that keeps the restrictions (II.5)",
     lambda v: v.term("distill", "raw")["result"] == "derivative"
     and "pass_use_restrictions" in v.term("distill", "raw")["restrictions"] and "no_military_or_illegal_use" in v.restrictions("use")),
    ("Skywork-Community", "every derivative carries the licence and the model's source, its changes stated (II.4, II.5)",
     lambda v: {"include_license", "include_notice", "state_changes"} <= set(v.term("modify", "raw")["restrictions"])),
    ("CogVLM2", "revocable and non-sublicensable; commercial use only for registered users (2)",
     lambda v: v.props["revocable"] == "yes" and {"sublicense", "commercial_use"} <= v.reserves()),
    ("CogVLM2", "a fine-tune keeps the licence notice and, non-sublicensable, stays under the licence (2)",
     lambda v: derivative(v, "finetune", "raw", "conditional") and "include_license" in v.term("finetune", "raw")["restrictions"]),
    ("CogVLM2", "silent on outputs and training; military and illegal uses barred (3)",
     lambda v: v.term("generate", "raw")["result"] == "undefined" and "no_military_or_illegal_use" in v.restrictions("use")),
    ("FAIPL-1.0-SD", "no contributor can revoke (Reliability); modifications stay under it with source (Notices)",
     lambda v: v.props["revocable"] == "no" and v.props["copyleft"] and derivative(v, "modify", "raw", "conditional")
     and {"disclose_source", "share_alike"} <= set(v.term("modify", "raw")["restrictions"])),
    ("FAIPL-1.0-SD", "users of a modified version over a network get its source (Notices); output is not covered (Output)",
     lambda v: "disclose_source" in v.term("finetune", "saas")["restrictions"] and v.term("generate", "raw")["result"] == "independent"),
    ("FAIPL-1.0-SD", "the Prohibited Uses bind any derived model",
     lambda v: "faipl_prohibited_uses" in v.restrictions("use") and "pass_use_restrictions" in v.term("modify", "raw")["restrictions"]),
]


def test_at_least_twenty_checks() -> None:
    assert len(CHECKS) >= 20
    assert {lic for lic, _, _ in CHECKS} <= set(load_catalog().licenses)


def test_terms_against_the_license_texts(db: Database, subtests: Any) -> None:
    catalog = load_catalog()
    load_kb(db, catalog)
    views: dict[str, View] = {}
    for license_id, what, check in CHECKS:
        with subtests.test(msg=f"{license_id}: {what}"):
            if license_id not in views:
                row = license_from_graph(db, license_id)
                assert row is not None, f"{license_id} is not in the graph"
                views[license_id] = View(row)
            assert check(views[license_id]), f"{license_id}: the graph disagrees: {what}"


def test_every_license_has_thirty_cited_terms_in_the_graph(db: Database) -> None:
    catalog = load_catalog()
    load_kb(db, catalog)
    for license_id in sorted(catalog.licenses):
        row = license_from_graph(db, license_id)
        assert row is not None
        pairs = {(t["activity"], t["form"]) for t in row["terms"]}
        assert len(pairs) == len(row["terms"]) == 30, license_id
        assert all(t["cite"] and len(t["note"]) >= 8 for t in row["terms"]), license_id
