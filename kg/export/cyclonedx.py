"""A lineage as a CycloneDX 1.6 or 1.7 ML-BOM that carries kg's verdict.

Standard fields for any CycloneDX tool: components (`machine-learning-model`, `data`, `library`)
with purl and declared licenses, `pedigree.ancestors` for the works a derived one changed (SUB),
`modelCard.modelParameters.datasets` for the data a model was trained on, and `dependencies` for
everything a work relies on. kg's own view rides in `properties` with the `kg:` prefix: the
derivation method (and aux inputs, student, type, form) so that `kg import` of the BOM rebuilds the
same graph, and the declared and determined licenses and the latest assessment with its findings.
The fields used are the same in 1.6 and 1.7, so the spec version is only the label; the document is
checked against the official schema of that version before it is returned.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any

from cyclonedx.spdx import is_expression, is_supported_id

from kg.errors import KgError
from kg.export import ExportedWork
from kg.loaders.cyclonedx import validate

COMPONENT_TYPES = {"model": "machine-learning-model", "data": "data", "software": "library", "mix": "data"}
SPEC_VERSIONS = ("1.6", "1.7")


def to_cyclonedx(works: list[ExportedWork], spec_version: str = "1.6") -> dict[str, Any]:
    """The BOM as JSON data, valid against the CycloneDX schema of `spec_version` (1.6 or 1.7)."""
    if spec_version not in SPEC_VERSIONS:
        raise KgError(f"kg exports CycloneDX {' or '.join(SPEC_VERSIONS)}, not {spec_version!r}")
    by_id = {w.id: w for w in works}
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": spec_version,
        "serialNumber": uuid.uuid4().urn,
        "version": 1,
        "metadata": {
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "tools": {"components": [{"type": "application", "name": "kg", "version": version("kg")}]},
        },
        "components": [_component(w, by_id) for w in works],
        "dependencies": [{"ref": w.id, "dependsOn": sorted({u["work"] for u in w.row["used"]})} for w in works],
    }
    validate("(kg export)", bom, spec_version)
    return bom


def _component(work: ExportedWork, by_id: dict[str, ExportedWork]) -> dict[str, Any]:
    row = work.row
    component: dict[str, Any] = {"type": COMPONENT_TYPES[row["type"]], "bom-ref": work.id, "name": row["name"] or work.id}
    for key in ("version",):
        if row[key]:
            component[key] = row[key]
    if row["owner"]:
        component["supplier"] = {"name": row["owner"]}
    if row["license"]:
        component["licenses"] = [_license(row["license"])]
    if work.id.startswith("pkg:"):
        component["purl"] = work.id
    if row["url"]:
        component["externalReferences"] = [{"type": "website", "url": row["url"]}]
    changed = [e["work"] for e in row["edges"] if e["kind"] == "SUB" and e["work"].startswith("pkg:")]
    if changed:
        component["pedigree"] = {"ancestors": [
            {"type": COMPONENT_TYPES[by_id[t].row["type"]], "name": by_id[t].row["name"] or t, "purl": t} for t in changed
        ]}
    trained_on = [e["work"] for e in row["edges"] if e["activity"] == "train" and by_id[e["work"]].row["type"] == "data"]
    if row["type"] == "model" and trained_on:
        component["modelCard"] = {"modelParameters": {"datasets": [{"ref": t} for t in trained_on]}}
    component["properties"] = _properties(work)
    return component


def _license(expression: str) -> dict[str, Any]:
    if is_supported_id(expression):
        return {"license": {"id": expression, "acknowledgement": "declared"}}
    if " " in expression and is_expression(expression):
        return {"expression": expression, "acknowledgement": "declared"}
    return {"license": {"name": expression, "acknowledgement": "declared"}}


def _properties(work: ExportedWork) -> list[dict[str, str]]:
    row = work.row
    props = [("kg:type", row["type"]), ("kg:form", row["form"])]
    if row["license"]:
        props.append(("kg:declared-license", row["license"]))
    for form in sorted({d["form"] for d in row["determined"]}):
        licenses = [d["license"] for d in row["determined"] if d["form"] == form]
        props.append((f"kg:determined-license:{form}", " AND ".join(licenses)))
    if work.derived:
        props.append(("kg:method", row["method"]))
        props += [("kg:aux", t) for t in work.used("aux")]
        props += [("kg:student", t) for t in work.used("student")]
    assessment = row["assessment"]
    if assessment:
        props += [("kg:assessment:" + key, str(assessment[key])) for key in ("policy", "form", "status", "kb_version", "at")]
        props += [("kg:finding", _finding(f)) for f in assessment["findings"]]
    return [{"name": name, "value": value} for name, value in props]


def _finding(finding: dict[str, Any]) -> str:
    licenses = f" [{', '.join(finding['licenses'])}]" if finding["licenses"] else ""
    clause = ""
    if finding.get("clause_license"):  # where the license says so, for a reviewer to check
        clause = f" (clause: {finding['clause_license']} {finding.get('clause_section') or 'not cited'})"
    return f"{finding['severity']} {finding['code']} on {finding['work']}{licenses}: {finding['message']}{clause}"
