"""SPDX 3.0 JSON-LD (AI and Dataset profiles) to kg: packages become works, relationships derivations.

Parsing and validation use `spdx-python-model`, the bindings generated from the SPDX 3.0.1 SHACL
model: every element is decoded against its class (unknown types, unknown properties, values of the
wrong kind or outside an enumeration are refused), references are linked, and each property's
cardinality from the SHACL shapes is checked. Elements are decoded one at a time so an error can
name its place in `@graph`. The mapping of relationships is `loaders/sbom_relations.yaml`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spdx_python_model.bindings import _CONTEXT_TABLE
from spdx_python_model.bindings.v3_0_1 import model as spdx

from kg.errors import InputError
from kg.loaders import Document
from kg.loaders.identity import canonical_id
from kg.loaders.jsonfile import read_json
from kg.loaders.sbom import RELATION_PROPERTY, Built, Element, Link, all_of, build_manifest, license_name, license_ref, oriented, rules

CONTEXT = next(iter(_CONTEXT_TABLE))
LISTED = "https://spdx.org/licenses/"
TERMS = "https://spdx.org/rdf/3.0.1/terms/"
NO_ASSERTION = {TERMS + "ExpandedLicensing/NoAssertionLicense", TERMS + "Core/NoAssertionElement"}
NO_LICENSE = {TERMS + "ExpandedLicensing/NoneLicense", TERMS + "Core/NoneElement"}
RELATIONSHIP_TYPES = {iri: name for name, iri in spdx.RelationshipType.NAMED_INDIVIDUALS.items()}
PURPOSE_TYPES = {"model": "model", "data": "data"}


def read_spdx(path: Path) -> list[Document]:
    """One Document for the file; every problem is an InputError and nothing is returned."""
    data, notices = read_json(path)
    file = str(path)
    objects, dangling = _decode(file, data)
    built = _Reader(file, objects, dangling).build()
    return [Document(file, "spdx3", built.manifest, placeholders=built.placeholders, notices=(*notices, *built.notices))]


def _decode(file: str, data: Any) -> tuple[spdx.SHACLObjectSet, set[str]]:
    """The linked elements, and the ids they refer to that the file does not define."""
    if not isinstance(data, dict) or data.get("@context") != CONTEXT:
        found = data.get("@context") if isinstance(data, dict) else type(data).__name__
        raise InputError(file, "@context", f"expected the SPDX 3.0.1 context {CONTEXT!r}, found {found!r}")
    graph = data.get("@graph")
    if not isinstance(graph, list):
        raise InputError(file, "@graph", "an SPDX 3 JSON-LD document holds its elements in a @graph list")
    objects = spdx.SHACLObjectSet()
    state = spdx.DecodeState(objects)
    for index, item in enumerate(graph):
        where = f"@graph[{index}]" + (f" ({item.get('spdxId') or item.get('@id')})" if isinstance(item, dict) and (item.get("spdxId") or item.get("@id")) else "")
        kind = item.get("type") if isinstance(item, dict) else None
        if isinstance(kind, str) and ":" not in kind and kind not in spdx.SHACLObject.CLASSES:
            raise InputError(file, where, f"invalid SPDX 3.0.1 element: unknown type {kind!r}")
        try:
            objects.objects.add(spdx.SHACLExtensibleObject.decode(spdx.JSONLDDecoder(item), state))
        except (KeyError, TypeError, ValueError) as error:
            reason = str(error.args[0] if error.args else type(error).__name__).split(". Choose one of")[0]
            raise InputError(file, where, f"invalid SPDX 3.0.1 element: {reason}") from None
    missing = objects.link()
    _check_cardinality(file, objects)
    return objects, {m for m in missing if not m.startswith(LISTED) and not m.startswith(TERMS)}


def _check_cardinality(file: str, objects: spdx.SHACLObjectSet) -> None:
    """Required and at-most-N properties of every element, as the SHACL shapes say."""
    for obj in objects.foreach():
        for prop in obj._OBJ_PY_PROPS.values():
            value = getattr(obj, prop.pyname)
            where = f"{obj.get_compact_type() or obj.get_type()} {obj._id or '(blank node)'}"
            if prop.min_count and (prop.prop.elide(value) or not prop.prop.check_min_count(value, prop.min_count)):
                raise InputError(file, where, f"{prop.compact or prop.pyname} is required (at least {prop.min_count})")
            if prop.max_count is not None and not prop.prop.elide(value) and not prop.prop.check_max_count(value, prop.max_count):
                raise InputError(file, where, f"{prop.compact or prop.pyname} takes at most {prop.max_count} value(s)")


class _Reader:
    """Elements and links of one decoded document."""

    def __init__(self, file: str, objects: spdx.SHACLObjectSet, dangling: set[str]) -> None:
        self.file, self.objects, self.dangling = file, objects, dangling
        self.rules = rules("spdx")
        self.ids: dict[str, str] = {}
        self.notices: list[str] = []

    def build(self) -> Built:
        elements = {pkg._id: self._element(pkg) for pkg in self._works()}
        self.ids = {ref: e.id for ref, e in elements.items()}
        links: list[Link] = []
        declared: dict[str, list[str]] = {}
        concluded: dict[str, list[str]] = {}
        for rel in sorted(self.objects.foreach_type(spdx.Relationship), key=lambda r: r._id or ""):
            kind = RELATIONSHIP_TYPES.get(rel.relationshipType, rel.relationshipType)
            where = f"Relationship {rel._id}"
            if kind in ("hasDeclaredLicense", "hasConcludedLicense"):
                owner = self._ref(rel.from_, where)
                if owner in elements:
                    target = declared if kind == "hasDeclaredLicense" else concluded
                    target.setdefault(owner, []).extend(e for e in (self._license(t, where) for t in rel.to) if e)
                continue
            rule = self.rules.get(kind)
            if rule is None:
                continue
            source = self._ref(rel.from_, where)
            for to in rel.to:
                target = self._ref(to, where)
                if rule.role == "skip":
                    self.notices.append(f"{self.file}: {where}: {kind} {target} not imported: {rule.why}")
                    continue
                output, relied_on = oriented(rule, source, target)
                links.append(Link(self._work_id(output, where), self._work_id(relied_on, where), rule.role, where))
        for ref, element in elements.items():
            element.license = all_of(declared.get(ref, [])) or all_of(concluded.get(ref, []))
            if declared.get(ref) and concluded.get(ref) and all_of(declared[ref]) != all_of(concluded[ref]):
                self.notices.append(f"{self.file}: {element.where}: declared license {element.license!r} used; "
                                    f"the concluded {all_of(concluded[ref])!r} differs")
        for note in self.objects.foreach_type(spdx.Annotation):
            statement = note.statement or ""
            key, sep, value = statement.partition("=")
            subject = self._ref(note.subject, f"Annotation {note._id}")
            if sep and key.strip() == RELATION_PROPERTY and subject in elements:
                elements[subject].relation = value.strip()
        built = build_manifest(self.file, list(elements.values()), links)
        built.notices[:0] = self.notices
        return built

    def _works(self) -> list[Any]:
        packages = sorted(self.objects.foreach_type(spdx.software_Package), key=lambda p: p._id or "")
        return [p for p in packages if p._id]

    def _element(self, pkg: Any) -> Element:
        purl = pkg.software_packageUrl
        work_id = canonical_id(purl) if purl else pkg._id
        if isinstance(pkg, spdx.ai_AIPackage):
            kind = "model"
        elif isinstance(pkg, spdx.dataset_DatasetPackage):
            kind = "data"
        else:
            purpose = (pkg.software_primaryPurpose or "").rsplit("/", 1)[-1]
            kind = PURPOSE_TYPES.get(purpose, "software")
        supplier = pkg.suppliedBy
        return Element(
            id=work_id, type=kind, where=f"{pkg.get_compact_type()} {pkg._id}", aliases=[pkg._id],
            name=pkg.name, version=pkg.software_packageVersion,
            url=pkg.software_downloadLocation or pkg.software_homePage,
            owner=getattr(supplier, "name", None),
        )

    def _ref(self, value: Any, where: str) -> str:
        ref = value if isinstance(value, str) else value._id
        if ref in self.dangling and not ref.startswith("pkg:"):
            raise InputError(self.file, where, f"{ref!r} names no element of this file (and is not a purl kg could resolve)")
        return ref

    def _work_id(self, ref: str, where: str) -> str:
        if ref in self.ids:
            return self.ids[ref]
        obj = self.objects.find_by_id(ref)
        if obj is not None:
            raise InputError(self.file, where, f"{ref} is a {obj.get_compact_type()}, not a package kg can take as a work")
        return canonical_id(ref)

    def _license(self, value: Any, where: str) -> str | None:
        """The SPDX expression a license element stands for; None for NOASSERTION / NONE."""
        if isinstance(value, str):
            if value in NO_ASSERTION or value in NO_LICENSE:
                return None
            if value.startswith(LISTED):
                return value.removeprefix(LISTED)
            raise InputError(self.file, where, f"{value!r} is not a license element of this file nor an SPDX listed license")
        if isinstance(value, spdx.simplelicensing_LicenseExpression):
            return value.simplelicensing_licenseExpression
        if isinstance(value, spdx.expandedlicensing_ListedLicense):
            return value._id.removeprefix(LISTED)
        if isinstance(value, spdx.expandedlicensing_CustomLicense):
            return license_name(value.name) if value.name else license_ref(value._id.rsplit("/", 1)[-1])
        if isinstance(value, (spdx.expandedlicensing_ConjunctiveLicenseSet, spdx.expandedlicensing_DisjunctiveLicenseSet)):
            glue = " AND " if isinstance(value, spdx.expandedlicensing_ConjunctiveLicenseSet) else " OR "
            members = [self._license(m, where) for m in value.expandedlicensing_member]
            return "(" + glue.join(m or "NOASSERTION" for m in members) + ")"
        if isinstance(value, spdx.expandedlicensing_OrLaterOperator):
            return f"{self._license(value.expandedlicensing_subjectLicense, where)}+"
        if isinstance(value, spdx.expandedlicensing_WithAdditionOperator):
            addition = value.expandedlicensing_subjectAddition
            name = addition if isinstance(addition, str) else (addition.name or addition._id)
            return f"{self._license(value.expandedlicensing_subjectExtendableLicense, where)} WITH {name.rsplit('/', 1)[-1]}"
        raise InputError(self.file, where, f"{value.get_compact_type()} {value._id} is not a license")
