"""CycloneDX 1.5/1.6 JSON (ML-BOM) to kg: components become works, pedigree and model cards derivations.

The whole file is first validated against the official CycloneDX JSON schema of its spec version,
bundled in `cyclonedx-python-lib` (its strict validator); an error names the JSON path. Then the
library reads what it models (components, licenses, pedigree, properties, dependencies), and the
model card's datasets, which it does not model yet (its issues #912, #913), are read from the
validated JSON. The mapping of fields to derivations is `loaders/sbom_relations.yaml`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from jsonschema.exceptions import ValidationError

from kg.errors import InputError
from kg.loaders import Document
from kg.loaders.identity import canonical_id
from kg.loaders.jsonfile import read_json
from kg.loaders.sbom import RELATION_PROPERTY, Built, Element, Link, all_of, build_manifest, license_name, oriented, rules

VERSIONS = {"1.5": SchemaVersion.V1_5, "1.6": SchemaVersion.V1_6}
TYPES = {ComponentType.MACHINE_LEARNING_MODEL: "model", ComponentType.DATA: "data"}
KG = "kg:"


def read_cyclonedx(path: Path) -> list[Document]:
    """One Document for the file; every problem is an InputError and nothing is returned."""
    data, notices = read_json(path)
    file = str(path)
    validate(file, data)
    try:
        bom = Bom.from_json(data)  # type: ignore[attr-defined]  # added by py-serializable
    except (ValueError, TypeError, KeyError) as error:  # the schema passed: the library refused a value
        raise InputError(file, "", f"not a CycloneDX BOM the library can read: {error}") from None
    built = _Reader(file, bom, data).build()
    return [Document(file, "cyclonedx", built.manifest, placeholders=built.placeholders, notices=(*notices, *built.notices))]


def validate(file: str, data: Any) -> None:
    """Refuse a file the official CycloneDX schema of its specVersion refuses, naming the JSON path."""
    if not isinstance(data, dict) or data.get("bomFormat") != "CycloneDX":
        raise InputError(file, "$.bomFormat", "not a CycloneDX BOM (bomFormat must be \"CycloneDX\")")
    version = data.get("specVersion")
    if version not in VERSIONS:
        raise InputError(file, "$.specVersion", f"kg reads CycloneDX {' and '.join(VERSIONS)} (ML-BOMs), not {version!r}")
    error = JsonStrictValidator(VERSIONS[version]).validate_str(json.dumps(data))
    if error is not None:
        raise InputError(file, *_schema_error(error.data, version))


def _schema_error(error: ValidationError, version: str) -> tuple[str, str]:
    """(JSON path, reason) of the most specific failure (of an anyOf, the alternative that got deepest)."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    if error.validator == "enum":
        reason = f"{error.instance!r} is not one of the {len(error.validator_value)} values it allows"
    else:
        reason = error.message if len(error.message) <= 300 else error.message[:300] + "…"
    return error.json_path, f"fails the CycloneDX {version} schema: {reason}"


class _Reader:
    """Elements and links of one validated BOM."""

    def __init__(self, file: str, bom: Bom, data: dict[str, Any]) -> None:
        self.file, self.bom, self.data = file, bom, data
        self.rules = rules("cyclonedx")
        self.refs: dict[str, str] = {}  # bom-ref -> work id
        self.elements: dict[str, Element] = {}
        self.links: list[Link] = []
        self.notices: list[str] = []

    def build(self) -> Built:
        top = [c for c in (self.bom.metadata.component, *self.bom.components) if c is not None]
        for component in top:  # every top-level work first: a pedigree stub never redefines one
            self._define(component)
        seen: set[int] = set()
        for component in top:
            self._relations(component, seen)
        for raw in self._raw_components():
            self._model_card(raw)
        rule = self.rules["dependencies"]
        for dependency in sorted(self.bom.dependencies, key=lambda d: str(d.ref.value)):
            where = f"$.dependencies[ref={dependency.ref.value}]"
            source = self._ref(str(dependency.ref.value))
            for target in dependency.dependencies:
                self._link(rule, source, self._ref(str(target.ref.value)), where)
        built = build_manifest(self.file, list(self.elements.values()), self.links)
        built.notices[:0] = self.notices
        return built

    def _identify(self, component: Component) -> str:
        """The work id of a component (its canonical purl, else its bom-ref), registered by bom-ref."""
        ref = component.bom_ref.value
        if component.purl is not None:
            work_id = canonical_id(str(component.purl))
        elif ref:
            work_id = self.refs.get(ref, ref)
        else:
            raise InputError(self.file, f"component {component.name!r}", "kg needs a purl or a bom-ref to name a component")
        if ref:
            self.refs[ref] = work_id
        return work_id

    def _define(self, component: Component) -> str:
        """The component's work, defined by the first component that names it."""
        work_id = self._identify(component)
        where = f"component {component.bom_ref.value or work_id}"
        if work_id in self.elements:
            return work_id
        props = [(p.name, p.value) for p in component.properties]
        element = Element(
            id=work_id, type=TYPES.get(component.type, "software"), where=where,
            aliases=[component.bom_ref.value] if component.bom_ref.value else [],
            name=component.name, version=component.version,
            url=next((str(r.url) for r in component.external_references), None),
            owner=(component.supplier.name if component.supplier else None) or component.group,
            license=self._license(component),
        )
        for name, value in props:
            if name == RELATION_PROPERTY:
                element.relation = value
            elif name == KG + "method":
                element.method = value
            elif name == KG + "student":
                element.student = self.refs.get(value, canonical_id(value))
            elif name == KG + "aux":
                element.aux.append(self.refs.get(value, canonical_id(value)))
            elif name == KG + "form":
                element.form = value
            elif name == KG + "type":
                element.type = value
        self.elements[work_id] = element
        for child in component.components:
            self._define(child)
        return work_id

    def _relations(self, component: Component, seen: set[int]) -> None:
        """Links from pedigree and nested components (members are defined when first met)."""
        if id(component) in seen:
            return
        seen.add(id(component))
        work_id = self._define(component)
        where = f"component {component.bom_ref.value or work_id}"
        members: list[tuple[str, Component]] = [("components", c) for c in component.components]
        if component.pedigree is not None:
            members += [("pedigree.ancestors", c) for c in component.pedigree.ancestors]
            members += [("pedigree.descendants", c) for c in component.pedigree.descendants]
            members += [("pedigree.variants", c) for c in component.pedigree.variants]
        for field, member in members:
            if self._identify(member) in self.elements or len(member.licenses):
                self._link(self.rules[field], work_id, self._define(member), f"{where}: {field}")
                self._relations(member, seen)
            else:  # a stub that only names a work: a reference (a placeholder when it is a purl)
                self._link(self.rules[field], work_id, self._identify(member), f"{where}: {field}")

    def _raw_components(self) -> Iterator[dict[str, Any]]:
        """The components as JSON (for the parts the library does not model), nested ones too."""
        pending = [self.data.get("metadata", {}).get("component"), *self.data.get("components", [])]
        while pending:
            raw = pending.pop()
            if isinstance(raw, dict):
                yield raw
                pending.extend(raw.get("components", []))

    def _model_card(self, raw: dict[str, Any]) -> None:
        """modelCard.modelParameters.datasets: references to data components, trained on."""
        datasets = raw.get("modelCard", {}).get("modelParameters", {}).get("datasets", [])
        if not datasets:
            return
        work_id = self.refs.get(raw.get("bom-ref", "")) or canonical_id(raw.get("purl", ""))
        where = f"component {raw.get('bom-ref') or work_id}: modelCard.modelParameters.datasets"
        rule = self.rules["modelCard.modelParameters.datasets"]
        for index, dataset in enumerate(datasets):
            if "ref" in dataset:
                self._link(rule, work_id, self._ref(dataset["ref"]), f"{where}[{index}]")
            else:
                self.notices.append(f"{self.file}: {where}[{index}]: dataset {dataset.get('name')!r} described inline is not "
                                    "imported: give it as a data component and refer to it with ref")

    def _link(self, rule: Any, source: str, target: str, where: str) -> None:
        output, relied_on = oriented(rule, source, target)
        self.links.append(Link(output, relied_on, rule.role, where))

    def _ref(self, ref: str) -> str:
        return self.refs.get(ref) or canonical_id(ref)

    def _license(self, component: Component) -> str | None:
        """Declared licenses (or, when none is marked declared, the concluded ones), all applying."""
        declared: list[str] = []
        concluded: list[str] = []
        for entry in component.licenses:
            target = concluded if entry.acknowledgement == LicenseAcknowledgement.CONCLUDED else declared
            if isinstance(entry, DisjunctiveLicense):
                target.append(entry.id or license_name(entry.name or ""))
            else:
                target.append(entry.value)
        return all_of(declared) or all_of(concluded)
