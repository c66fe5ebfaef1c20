"""CycloneDX 1.4-1.7 JSON (ML-BOM) to kg: components become works, pedigree and model cards derivations.

The file is first checked against the official CycloneDX JSON schema of its spec version (bundled
in `cyclonedx-python-lib`); what fails it is repaired and reported in a notice (kg.loaders.cdx_repair),
and only what leaves the lineage unknowable is refused. Then the library reads what it models
(components, licenses, pedigree, properties, dependencies), and the model card's datasets and 1.7's
citations, which it does not model, are read from the JSON. The mapping of fields to derivations is
`loaders/sbom_relations.yaml`; what is accepted, repaired or refused is docs/importing.md.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement

from kg.errors import InputError
from kg.lineage.document import Document
from kg.lineage.identity import canonical_id
from kg.loaders.cdx_repair import repaired, spec_version, strict_errors
from kg.loaders.sbom import (
    AMBIGUOUS_LICENSE_LIST,
    RELATION_PROPERTY,
    Built,
    Element,
    Link,
    all_of,
    build_manifest,
    license_name,
    oriented,
    rules,
    work_id_of,
)
from kg.reading import brief, read_json_lenient
from kg.vocabulary import SourceFormat

TYPES = {ComponentType.MACHINE_LEARNING_MODEL: "model", ComponentType.DATA: "data"}
KG = "kg:"


def read_cyclonedx(path: Path) -> list[Document]:
    """One Document for the file; what it bent is in the notices; only what leaves the lineage
    unknowable is an InputError, and then nothing is returned."""
    data, notices = read_json_lenient(path)
    file = str(path)
    if not isinstance(data, dict) or data.get("bomFormat") != "CycloneDX":
        raise InputError(file, "$.bomFormat", "not a CycloneDX BOM (bomFormat must be \"CycloneDX\")")
    version = spec_version(file, data, notices)
    data, repairs = repaired(file, data, version)
    if not data.get("components") and not data.get("metadata", {}).get("component"):
        raise InputError(file, "$.components", "the BOM describes no component: there is no lineage to import")
    try:
        with warnings.catch_warnings():  # the library warns of what the repairs already reported
            warnings.simplefilter("ignore")
            bom = Bom.from_json(data)  # type: ignore[attr-defined]  # added by py-serializable
    except (ValueError, TypeError, KeyError) as error:  # the schema passed: the library refused a value
        raise InputError(file, "", f"not a CycloneDX BOM the library can read: {brief(str(error))}") from None
    built = _Reader(file, bom, data).build()
    return [Document(file, SourceFormat.CYCLONEDX, built.manifest, placeholders=built.placeholders,
                     notices=(*notices, *repairs, *built.notices))]


def validate(file: str, data: Any, version: str = "1.6") -> None:
    """Refuse a BOM (kg's own export) that the official CycloneDX schema of `version` refuses."""
    errors = strict_errors(data, version)
    if errors:
        raise InputError(file, errors[0].json_path, f"fails the CycloneDX {version} schema: {brief(errors[0].message)}")


class _Reader:
    """Elements and links of one validated BOM."""

    def __init__(self, file: str, bom: Bom, data: dict[str, Any]) -> None:
        self.file, self.bom, self.data = file, bom, data
        self.rules = rules("cyclonedx")
        self.refs: dict[str, str] = {}  # bom-ref -> work id
        self.elements: dict[str, Element] = {}
        self.links: list[Link] = []
        self.notices: list[str] = []
        self.renamed: set[str] = set()

    def build(self) -> Built:
        top = [c for c in (self.bom.metadata.component, *self.bom.components) if c is not None]
        for component in top:  # every top-level work first: a pedigree stub never redefines one
            self._define(component)
        seen: set[int] = set()
        for component in top:
            self._relations(component, seen)
        for raw in self._raw_components():
            self._model_card(raw)
        self._citations()
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
        """The work id of a component (its canonical purl, else its bom-ref, else name@version),
        registered by bom-ref."""
        ref = component.bom_ref.value
        if component.purl is not None:
            work_id = canonical_id(str(component.purl))
        elif ref:
            work_id = self.refs.get(ref) or self._safe(ref, f"component {ref}")
        else:
            work_id = self._unreferenced(component.name, component.version)
        if ref:
            self.refs[ref] = work_id
        return work_id

    def _unreferenced(self, name: str, version: str | None) -> str:
        """A component with neither purl nor bom-ref (a hosted model): named name@version."""
        named = f"{name}@{version}" if version else name
        work_id = work_id_of(named)
        if named not in self.renamed:
            self.renamed.add(named)
            self.notices.append(f"{self.file}: component {name!r}: neither purl nor bom-ref: kg names it {work_id!r} (name@version)")
        return work_id

    def _safe(self, reference: str, where: str) -> str:
        work_id = work_id_of(reference)
        if work_id != reference and reference not in self.renamed:
            self.renamed.add(reference)
            self.notices.append(f"{self.file}: {where}: {reference!r} is not a kg work id: named {work_id!r} (kept as an alias)")
        return work_id

    def _define(self, component: Component) -> str:
        """The component's work, defined by the first component that names it."""
        work_id = self._identify(component)
        where = f"component {component.bom_ref.value or work_id}"
        if work_id in self.elements:
            return work_id
        props = [(p.name, p.value) for p in component.properties]
        license_, ambiguous = self._license(component, where)
        element = Element(
            id=work_id, type=TYPES.get(component.type, "software"), where=where,
            aliases=[component.bom_ref.value] if component.bom_ref.value else [],
            name=component.name, version=component.version,
            url=next((str(r.url) for r in component.external_references), None),
            owner=(component.supplier.name if component.supplier else None) or component.publisher or component.group,
            license=license_, tags=[AMBIGUOUS_LICENSE_LIST] if ambiguous else [],
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
        if raw.get("purl") or raw.get("bom-ref"):
            work_id = self.refs.get(raw.get("bom-ref", "")) or canonical_id(raw.get("purl", ""))
        else:
            work_id = self._unreferenced(raw.get("name", ""), raw.get("version"))
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

    def _license(self, component: Component, where: str) -> tuple[str | None, bool]:
        """Declared licenses (or, when none is marked declared, the concluded ones), all applying,
        and whether that is ambiguous: a list does not say AND or OR, so every entry is kept (the
        conservative reading) and a list of several is reported and flagged."""
        declared: list[str] = []
        concluded: list[str] = []
        for entry in component.licenses:
            target = concluded if entry.acknowledgement == LicenseAcknowledgement.CONCLUDED else declared
            if isinstance(entry, DisjunctiveLicense):
                target.append(entry.id or license_name(entry.name or ""))
            else:
                target.append(entry.value)
        chosen = declared or concluded
        ambiguous = len(set(chosen)) > 1
        if ambiguous:
            self.notices.append(f"{self.file}: {where}: licenses lists {len(set(chosen))} entries and CycloneDX does not say "
                                f"whether all apply or one may be chosen: kg takes all to apply ({all_of(chosen)}), "
                                "the conservative reading, and marks the license ambiguous")
        return all_of(chosen), ambiguous

    def _citations(self) -> None:
        """CycloneDX 1.7 citations say who supplied a field; kg's claims stay the file's, so each
        is reported."""
        for index, citation in enumerate(self.data.get("citations", [])):
            fields = [*citation.get("pointers", []), *citation.get("expressions", [])]
            by = citation.get("attributedTo") or citation.get("process") or "an unnamed source"
            self.notices.append(f"{self.file}: $.citations[{index}]: {', '.join(map(str, fields)) or 'a field'} supplied by "
                                f"{brief(by)}: kg records the file as the source of every claim it makes")
