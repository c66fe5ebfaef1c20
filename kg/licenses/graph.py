"""Write the license knowledge base into Neo4j: `load_kb(db, catalog)`.

The graph this writes is a contract with the analysis engine (keep the names):

    (:License {id, name, version, url, spdx, text, aliases, kinds, categories, revocable,
               copyleft, non_commercial, disclose_source, auto_relicensing, behavioural, public,
               family, coverage, duties, use_restrictions, runtime_restrictions, restrictiveness})
    (:License)-[:GRANTS {cite, note}]->(:Right {name})
    (:License)-[:RESERVES {cite, note}]->(:Right)
    (:License)-[:REQUIRES {cite, note}]->(:Duty {name})
    (:License)-[:IMPOSES {kind: 'use'|'runtime', cite, note}]->(:Restriction {id})
    (:License)-[:HAS_TERM]->(:Term {license, activity, form, result, relicense, restrictions, cite, note})
    (:License)-[:RELICENSABLE_TO {cite, note}]->(:License)
    (:License)-[:INCOMPATIBLE_WITH {cite, note}]->(:License)
    (:ActivityType {name})-[:NEEDS]->(:Right)      (:Policy {name})-[:NEEDS]->(:Right)
    (:KnowledgeBase {id: 'kb', version, loaded_at, licenses})

A property with no value (a license without `version`, a term whose result is `undefined` and so
has no `relicense`, a license outside the GNU and CC families) is absent, as Neo4j has no nulls.
License nodes also carry `no_derivatives`, `revocable_cite`/`revocable_note` and, when the license
has a relicensing section, `relicensing_cite`/`relicensing_note`.

Loading is one transaction of batched (UNWIND) statements that make the graph equal the KB: nodes
and relationships are merged, a property map is written only where it differs from what is stored,
and whatever the KB no longer holds (a license, a term, a grant, a compatibility edge) is removed.
Loading the same KB twice therefore changes nothing, and `KnowledgeBase.loaded_at` moves only when
the KB's content hash (`version`) or size changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kg.db import Database, Transaction
from kg.licenses.catalog import Catalog
from kg.licenses.schema import License

KB_ID = "kb"

_GNU = re.compile(r"^(AGPL|LGPL|GPL)-\d")
_CC = re.compile(r"^CC-")
_MINOR_RIGHTS = frozenset({"patent_use", "trademark_use"})


def family(license_id: str) -> str | None:
    """'gnu' for GPL/LGPL/AGPL ids, 'cc' for CC-* ids, else None (LGPL-LR and CC0 are neither)."""
    if _GNU.match(license_id):
        return "gnu"
    if _CC.match(license_id):
        return "cc"
    return None


def restrictiveness(lic: License) -> int:
    """How much a license holds back, as one integer: the engine picks the least restrictive
    license of a candidate set (OR choices, relicensing targets) by it. Higher is stricter:

        100  copyleft (derivatives must stay under this license or a compatible one)
         60  no derivatives may be shared (category no_derivatives, or `coverage` lacks derivative)
         40  not even copies may be shared (`coverage` lacks duplicate)
         50  non-commercial (category non_commercial, or commercial_use reserved)
         30  behavioural use restrictions
         20  proprietary (a vendor's own terms rather than an open standard license)
         10  the grant is revocable
          5  per reserved right that an activity or release policy needs (use, copy, modify, merge,
             redistribute, commercial_use, and sublicense unless the license is auto-relicensing,
             where every recipient gets the license directly and sublicensing holds nothing back)
          1  per other reserved right (patent_use, trademark_use: no activity or policy needs them)
          3  per use or runtime restriction
          2  per redistribution duty

    So a public-domain dedication that only withholds patent and trademark rights (CC0) scores
    below MIT, whose notice duty is a real condition.

    Ties are broken by the caller (e.g. by id); the score only orders, it is not a legal measure.
    """
    categories = set(lic.categories)
    score = 0
    if "copyleft" in categories:
        score += 100
    if "no_derivatives" in categories or "derivative" not in lic.coverage:
        score += 60
    if "duplicate" not in lic.coverage:
        score += 40
    if "non_commercial" in categories or "commercial_use" in lic.reserves:
        score += 50
    if "behavioural_restrictions" in categories or lic.use_restrictions:
        score += 30
    if "proprietary" in categories:
        score += 20
    if lic.revocable == "yes":
        score += 10
    for right in lic.reserves:
        if right in _MINOR_RIGHTS or (right == "sublicense" and "auto_relicensing" in categories):
            score += 1
        else:
            score += 5
    score += 3 * (len(lic.use_restrictions) + len(lic.runtime_restrictions))
    score += 2 * len(lic.duties)
    return score


def license_properties(lic: License) -> dict[str, Any]:
    """The property map of one `:License` node (no nulls: absent values are left out)."""
    categories = set(lic.categories)
    props: dict[str, Any] = {
        "id": lic.id,
        "name": lic.name,
        "version": lic.version,
        "url": lic.url,
        "spdx": lic.spdx,
        "text": lic.text,
        "aliases": list(lic.aliases),
        "kinds": list(lic.kinds),
        "categories": list(lic.categories),
        "revocable": lic.revocable,
        "revocable_cite": lic.revocable_cite.cite,
        "revocable_note": lic.revocable_cite.note,
        "copyleft": "copyleft" in categories,
        "non_commercial": "non_commercial" in categories or "commercial_use" in lic.reserves,
        "disclose_source": "disclose_source" in categories or "disclose_source" in lic.duties,
        "auto_relicensing": "auto_relicensing" in categories,
        "behavioural": "behavioural_restrictions" in categories or bool(lic.use_restrictions),
        "no_derivatives": "no_derivatives" in categories or "derivative" not in lic.coverage,
        "public": "public" in categories,
        "family": family(lic.id),
        "coverage": sorted(lic.coverage),
        "duties": sorted(lic.duties),
        "use_restrictions": _unique(r.id for r in lic.use_restrictions),
        "runtime_restrictions": _unique(r.id for r in lic.runtime_restrictions),
        "restrictiveness": restrictiveness(lic),
    }
    if lic.relicensing is not None:
        props["relicensing_cite"] = lic.relicensing.cite
        props["relicensing_note"] = lic.relicensing.note
    return _no_nulls(props)


def term_properties(lic: License) -> list[dict[str, Any]]:
    """One property map per (activity, form) of the license's terms, in schema order."""
    rows = []
    for term in lic.terms:
        for activity in term.activities:
            for form in term.forms:
                rows.append(_no_nulls({
                    "license": lic.id,
                    "activity": activity,
                    "form": form,
                    "result": term.result,
                    "relicense": term.relicense,
                    "restrictions": list(term.restrictions),
                    "cite": term.cite,
                    "note": term.note,
                }))
    return rows


def kb_rows(catalog: Catalog) -> dict[str, Any]:
    """Every parameter the load statements take, computed from the catalog."""
    licenses = [catalog.licenses[i] for i in sorted(catalog.licenses)]

    def cited(pairs: Any) -> list[dict[str, Any]]:
        return [{"name": name, "props": {"cite": c.cite, "note": c.note}} for name, c in sorted(pairs)]

    def restrictions(lic: License) -> list[dict[str, Any]]:
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for kind, items in (("use", lic.use_restrictions), ("runtime", lic.runtime_restrictions)):
            for r in items:
                rows.setdefault((r.id, kind), {"id": r.id, "kind": kind, "props": {"kind": kind, "cite": r.cite, "note": r.note}})
        return list(rows.values())

    def targets(lic: License, field_name: str) -> list[dict[str, Any]]:
        if lic.relicensing is None:
            return []
        props = {"cite": lic.relicensing.cite, "note": lic.relicensing.note}
        return [{"id": t, "props": props} for t in _unique(getattr(lic.relicensing, field_name)) if t != lic.id]

    return {
        "ids": [lic.id for lic in licenses],
        "licenses": [{"id": lic.id, "props": license_properties(lic)} for lic in licenses],
        "grants": [{"id": lic.id, "rights": cited(lic.grants.items())} for lic in licenses],
        "reserves": [{"id": lic.id, "rights": cited(lic.reserves.items())} for lic in licenses],
        "duties": [{"id": lic.id, "duties": cited(lic.duties.items())} for lic in licenses],
        "restrictions": [{"id": lic.id, "restrictions": restrictions(lic)} for lic in licenses],
        "terms": [{"id": lic.id, "terms": term_properties(lic)} for lic in licenses],
        "relicensable": [{"id": lic.id, "targets": targets(lic, "compatible")} for lic in licenses],
        "incompatible": [{"id": lic.id, "targets": targets(lic, "incompatible")} for lic in licenses],
        "activities": [{"name": n, "rights": _unique(r)} for n, r in sorted(catalog.rights.activities.items())],
        "policies": [{"name": n, "rights": _unique(r)} for n, r in sorted(catalog.rights.policies.items())],
    }


@dataclass
class LoadReport:
    """What a load changed, per statement: rows written (added or updated) and removed."""

    version: str
    licenses: int
    terms: int
    changes: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(sum(counts.values()) for counts in self.changes.values())


def load_kb(db: Database, catalog: Catalog) -> LoadReport:
    """Make the graph hold exactly `catalog`, in one write transaction."""
    rows = kb_rows(catalog)
    loaded_at = datetime.now(UTC).isoformat(timespec="seconds")

    def work(tx: Transaction) -> LoadReport:
        report = LoadReport(version=catalog.version, licenses=len(rows["ids"]),
                            terms=sum(len(t["terms"]) for t in rows["terms"]))
        steps: list[tuple[str, dict[str, Any]]] = [
            ("kb_delete_stale_licenses", {"ids": rows["ids"]}),
            ("kb_upsert_licenses", {"licenses": rows["licenses"]}),
            ("kb_sync_grants", {"licenses": rows["grants"]}),
            ("kb_sync_reserves", {"licenses": rows["reserves"]}),
            ("kb_sync_duties", {"licenses": rows["duties"]}),
            ("kb_sync_restrictions", {"licenses": rows["restrictions"]}),
            ("kb_sync_terms", {"licenses": rows["terms"]}),
            ("kb_sync_relicensable", {"licenses": rows["relicensable"]}),
            ("kb_sync_incompatible", {"licenses": rows["incompatible"]}),
            ("kb_sync_activity_types", {"activities": rows["activities"]}),
            ("kb_sync_policies", {"policies": rows["policies"]}),
            ("kb_delete_orphans", {}),
            ("kb_set_version", {"id": KB_ID, "version": catalog.version, "loaded_at": loaded_at,
                                "licenses": len(rows["ids"])}),
        ]
        for name, params in steps:
            result = tx.run(name, **params)
            counts = {key: int(value or 0) for key, value in (result[0] if result else {}).items()}
            report.changes[name] = counts
        return report

    return db.write_tx(work)


def kb_version(db: Database) -> dict[str, Any] | None:
    """The KnowledgeBase node: version, loaded_at and number of licenses, or None before a load."""
    rows = db.read("kb_version", id=KB_ID)
    return rows[0] if rows else None


def _no_nulls(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if value is not None}


def _unique(items: Any) -> list[Any]:
    return list(dict.fromkeys(items))
