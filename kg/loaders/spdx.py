"""SPDX 3 JSON-LD (AI and Dataset profiles; 3.0.0, 3.0.1, and 3.1's AI relationships) to kg:
packages become works, relationships derivations.

Parsing and validation use `spdx-python-model`, the bindings generated from the SPDX 3.0.1 SHACL
model: every element is decoded against its class, references are linked, and each property's
cardinality from the SHACL shapes is checked. Documents are read leniently: an unknown property or
a value of the wrong kind is left out, an element of an unknown type is skipped, a 3.0.0 or 3.1
context is read with the 3.0.1 model, elements outside `@graph` and duplicate spdxIds are read, and
each such deviation is a notice naming file, element and what kg did. 3.1's `finetunedOn`,
`pretrainedOn` and `evaluatedOn`, which the 3.0.1 bindings do not know, are read from the JSON.
What is accepted, reported or refused: docs/importing.md; relationships: loaders/sbom_relations.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spdx_python_model.bindings import _CONTEXT_TABLE
from spdx_python_model.bindings.v3_0_1 import model as spdx

from kg.errors import InputError
from kg.lineage.document import Document
from kg.lineage.identity import canonical_id
from kg.loaders.sbom import RELATION_PROPERTY, Built, Element, Link, all_of, build_manifest, license_name, license_ref, oriented, rules, work_id_of
from kg.reading import brief, read_json_lenient
from kg.vocabulary import SourceFormat

CONTEXT = next(iter(_CONTEXT_TABLE))
SPDX_VERSION = re.compile(r"spdx\.org/rdf/(3\.\d+(?:\.\d+)?)/")
LISTED = "https://spdx.org/licenses/"
TERMS = "https://spdx.org/rdf/3.0.1/terms/"
OTHER_TERMS = re.compile(r"^https://spdx\.org/rdf/3\.[0-9.]+/terms/")
NO_ASSERTION = {TERMS + "ExpandedLicensing/NoAssertionLicense", TERMS + "Core/NoAssertionElement"}
NO_LICENSE = {TERMS + "ExpandedLicensing/NoneLicense", TERMS + "Core/NoneElement"}
RELATIONSHIP_TYPES = {iri: name for name, iri in spdx.RelationshipType.NAMED_INDIVIDUALS.items()}
PURPOSE_TYPES = {"model": "model", "data": "data"}
#: properties every element needs to be an element at all: never left out to read the rest
IDENTITY = ("type", "@type", "spdxId", "@id")


@dataclass
class Decoded:
    """The linked elements, the ids they refer to that the file does not define, the ids of
    elements kg could not read, relationships of types newer than the bindings, and notices."""

    objects: spdx.SHACLObjectSet
    dangling: set[str]
    unreadable: dict[str, str] = field(default_factory=dict)  # spdxId -> its type as written
    newer: list[dict[str, Any]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def read_spdx(path: Path) -> list[Document]:
    """One Document for the file; what it bent is in the notices; only what leaves the lineage
    unknowable is an InputError, and then nothing is returned."""
    data, notices = read_json_lenient(path)
    file = str(path)
    decoded = _decode(file, data)
    built = _Reader(file, decoded).build()
    return [Document(file, SourceFormat.SPDX3, built.manifest, placeholders=built.placeholders, notices=(*notices, *decoded.notices, *built.notices))]


def _decode(file: str, data: Any) -> Decoded:
    """Every element decoded (or read around, with a notice); relationship types newer than the
    bindings kept as JSON; a relationship type kg cannot read is refused."""
    notices: list[str] = []
    items = _items(file, data, notices)
    newer_types = set(rules("spdx")) - set(spdx.RelationshipType.NAMED_INDIVIDUALS)
    objects = spdx.SHACLObjectSet()
    state = spdx.DecodeState(objects)
    decoded = Decoded(objects, set(), notices=notices)
    seen: dict[str, str] = {}
    for index, item in enumerate(items):
        ident = item.get("spdxId") or item.get("@id") if isinstance(item, dict) else None
        where = f"@graph[{index}]" + (f" ({ident})" if ident else "")
        if not isinstance(item, dict):
            notices.append(f"{file}: {where}: {brief(item)} is not an element: skipped")
            continue
        item = _current_terms(item)
        if isinstance(ident, str) and not ident.startswith("_:"):
            if ident in seen:
                notices.append(f"{file}: {where}: spdxId {ident} is already used at {seen[ident]}: kg read the first")
                continue
            seen[ident] = where
        kind = item.get("type")
        relationship_type = str(item.get("relationshipType", "")).rsplit("/", 1)[-1]
        if kind == "Relationship" and relationship_type in newer_types:
            decoded.newer.append(item | {"relationshipType": relationship_type, "_where": where})
            continue
        if kind == "Relationship" and relationship_type not in spdx.RelationshipType.NAMED_INDIVIDUALS:
            raise InputError(file, where, f"invalid SPDX 3.0.1 element: {brief(item.get('relationshipType'))} is not a valid value "
                             "of relationshipType (nor one of 3.1's kg reads): kg cannot tell what lineage it states")
        if not isinstance(kind, str) or (":" not in kind and kind not in spdx.SHACLObject.CLASSES):
            notices.append(f"{file}: {where}: {brief(kind)} is no SPDX 3.0.1 element type: element skipped")
            if isinstance(ident, str):
                decoded.unreadable[ident] = str(kind)
            continue
        obj = _decode_item(file, item, where, state, notices)
        if obj is None:
            if isinstance(ident, str):
                decoded.unreadable[ident] = kind
            continue
        objects.objects.add(obj)
    missing = objects.link()
    _check_cardinality(file, objects, notices)
    decoded.dangling = {m for m in missing if not m.startswith(LISTED) and not m.startswith(TERMS)}
    return decoded


def _items(file: str, data: Any, notices: list[str]) -> list[Any]:
    """The elements of the document: its `@graph`, else wherever a non-conformant writer put them."""
    if isinstance(data, list):
        notices.append(f"{file}: (top level): a list of elements, not a JSON-LD document with @context and @graph: read as its @graph")
        return data
    if not isinstance(data, dict):
        raise InputError(file, "(top level)", "not an SPDX 3 JSON-LD document: no elements")
    context = data.get("@context")
    contexts = context if isinstance(context, list) else [context]
    versions = [m.group(1) for c in contexts if isinstance(c, str) and (m := SPDX_VERSION.search(c))]
    if CONTEXT not in contexts:
        found = f"the SPDX {versions[0]} context" if versions else f"@context {brief(context)}"
        notices.append(f"{file}: @context: {found}, not {CONTEXT}: read with the SPDX 3.0.1 model")
    graph = data.get("@graph")
    if isinstance(graph, list):
        items = graph
    else:
        rest = {k: v for k, v in data.items() if k != "@context"}
        if "type" in rest:
            items = [rest]
        else:
            items = [x for v in rest.values() if isinstance(v, list) for x in v if isinstance(x, dict) and "type" in x]
        if items:
            notices.append(f"{file}: @graph: the elements are not in a @graph list (not conformant JSON-LD): kg read the {len(items)} it found")
    if not any(isinstance(x, dict) for x in items):
        raise InputError(file, "@graph", "an SPDX 3 JSON-LD document holds its elements in a @graph list: this one has no elements")
    return items


def _current_terms(item: dict[str, Any]) -> dict[str, Any]:
    """Full IRIs of 3.0.0 or 3.1 terms as 3.0.1's (the compact names, which most files use, agree)."""
    def term(value: Any) -> Any:
        if isinstance(value, str) and OTHER_TERMS.match(value):
            return OTHER_TERMS.sub(TERMS, value)
        if isinstance(value, list):
            return [term(v) for v in value]
        return value
    return {key: term(value) for key, value in item.items()}


def _decode_item(file: str, item: dict[str, Any], where: str, state: Any, notices: list[str]) -> Any:
    """The element; a property that fails is left out (a notice), and an element that still fails
    is skipped (a notice; None). Trials decode into a state of their own: a failed decode leaves
    the state it used unusable for that element."""
    reason = _fails(item)
    if reason is None:
        return spdx.SHACLExtensibleObject.decode(spdx.JSONLDDecoder(item), state)
    for key in [k for k in item if k not in IDENTITY]:
        without = {k: v for k, v in item.items() if k != key}
        if _fails(without) is None:
            notices.append(f"{file}: {where}: {key}: {reason}: kg left the property out")
            return spdx.SHACLExtensibleObject.decode(spdx.JSONLDDecoder(without), state)
    notices.append(f"{file}: {where}: invalid SPDX 3.0.1 element ({reason}): element skipped")
    return None


def _fails(item: dict[str, Any]) -> str | None:
    """Why `item` does not decode, or None when it does."""
    try:
        spdx.SHACLExtensibleObject.decode(spdx.JSONLDDecoder(item), spdx.DecodeState(spdx.SHACLObjectSet()))
    except (KeyError, TypeError, ValueError) as error:
        return _reason(error)
    return None


def _reason(error: Exception) -> str:
    text = str(error.args[0] if error.args else type(error).__name__).split(". Choose one of")[0]
    return text if len(text) <= 200 else text[:199] + "…"


def _check_cardinality(file: str, objects: spdx.SHACLObjectSet, notices: list[str]) -> None:
    """Required and at-most-N properties of every element, as the SHACL shapes say: a notice each
    (a relationship without from or to is then not read)."""
    for obj in objects.foreach():
        for prop in obj._OBJ_PY_PROPS.values():
            value = getattr(obj, prop.pyname)
            where = f"{obj.get_compact_type() or obj.get_type()} {obj._id or '(blank node)'}"
            if prop.min_count and (prop.prop.elide(value) or not prop.prop.check_min_count(value, prop.min_count)):
                notices.append(f"{file}: {where}: {prop.compact or prop.pyname} is required (at least {prop.min_count}): read without it")
            if prop.max_count is not None and not prop.prop.elide(value) and not prop.prop.check_max_count(value, prop.max_count):
                notices.append(f"{file}: {where}: {prop.compact or prop.pyname} takes at most {prop.max_count} value(s): read as given")


class _Reader:
    """Elements and links of one decoded document."""

    def __init__(self, file: str, decoded: Decoded) -> None:
        self.file, self.decoded, self.objects = file, decoded, decoded.objects
        self.rules = rules("spdx")
        self.elements: dict[str, Element] = {}  # spdxId -> work
        self.containers: dict[str, str] = {}  # spdxId of a file -> spdxId of the package that contains it
        self.notices: list[str] = []

    def build(self) -> Built:
        for pkg in self._works():
            self.elements[pkg._id] = self._element(pkg)
        relationships = [(self._relationship(rel), rel._id) for rel in self.objects.foreach_type(spdx.Relationship)]
        for raw in self.decoded.newer:
            targets = raw.get("to") or []
            targets = [t for t in (targets if isinstance(targets, list) else [targets]) if isinstance(t, str)]
            source = raw.get("from") if isinstance(raw.get("from"), str) else None
            relationships.append(((raw["relationshipType"], source, targets), raw.get("spdxId") or raw["_where"]))
        relationships.sort(key=lambda r: r[1] or "")
        self._containers(relationships)
        links: list[Link] = []
        declared: dict[str, list[str]] = {}
        concluded: dict[str, list[str]] = {}
        for (kind, source_value, targets), rel_id in relationships:
            where = f"Relationship {rel_id}"
            if source_value is None or not targets:
                continue  # reported by the cardinality check
            if kind in ("hasDeclaredLicense", "hasConcludedLicense"):
                owner = self._ref(source_value, where)
                if owner in self.elements:
                    claims = declared if kind == "hasDeclaredLicense" else concluded
                    claims.setdefault(owner, []).extend(e for e in (self._license(t, where) for t in targets) if e)
                continue
            rule = self.rules.get(kind)
            if rule is None:
                continue
            source = self._ref(source_value, where)
            if kind == "contains" and all(self._ref(t, where) in self.containers for t in targets):
                continue  # a package's own files: lineage of the files is the package's
            for to in targets:
                target = self._ref(to, where)
                if rule.role == "skip":
                    self.notices.append(f"{self.file}: {where}: {kind} {target} not imported: {rule.why}")
                    continue
                output, relied_on = oriented(rule, source, target)
                output_id, relied_id = self._work_id(output, where), self._work_id(relied_on, where)
                if output_id == relied_id:
                    continue  # within one package (a file of it and the package)
                role = rule.model_role if rule.model_role and self._is_model(relied_on) else rule.role
                links.append(Link(output_id, relied_id, role, where))
        for ref, element in self.elements.items():
            element.license = all_of(declared.get(ref, [])) or all_of(concluded.get(ref, []))
            if declared.get(ref) and concluded.get(ref) and all_of(declared[ref]) != all_of(concluded[ref]):
                self.notices.append(f"{self.file}: {element.where}: declared license {element.license!r} used; "
                                    f"the concluded {all_of(concluded[ref])!r} differs")
        for note in self.objects.foreach_type(spdx.Annotation):
            statement = note.statement or ""
            key, sep, value = statement.partition("=")
            subject = self._ref(note.subject, f"Annotation {note._id}")
            if sep and key.strip() == RELATION_PROPERTY and subject in self.elements:
                self.elements[subject].relation = value.strip()
        renamed = [ref for ref, e in self.elements.items() if e.id != canonical_id(ref) and not ref.startswith("pkg:") and e.id == work_id_of(ref)]
        if renamed:
            self.notices.append(f"{self.file}: {len(renamed)} spdxId(s) such as {renamed[0]!r} are IRIs a kg work id cannot hold as "
                                f"written: named {work_id_of(renamed[0])!r} and so on, the spdxId kept as an alias")
        built = build_manifest(self.file, list(self.elements.values()), links)
        built.notices[:0] = self.notices
        return built

    def _relationship(self, rel: Any) -> tuple[str, Any, list[Any]]:
        return RELATIONSHIP_TYPES.get(rel.relationshipType, rel.relationshipType), rel.from_, list(rel.to)

    def _works(self) -> list[Any]:
        packages = sorted(self.objects.foreach_type(spdx.software_Package), key=lambda p: p._id or "")
        return [p for p in packages if p._id]

    def _containers(self, relationships: list[tuple[tuple[str, Any, list[Any]], str]]) -> None:
        """Which package contains each file (`package contains file`): file-level lineage is the package's."""
        for (kind, source, targets), _ in relationships:
            if kind != "contains" or source is None:
                continue
            package = source if isinstance(source, str) else source._id
            if package not in self.elements:
                continue
            for target in targets:
                if isinstance(target, spdx.software_File):
                    self.containers.setdefault(target._id, package)

    def _element(self, pkg: Any) -> Element:
        purl = getattr(pkg, "software_packageUrl", None)
        work_id = canonical_id(purl) if purl else work_id_of(pkg._id)
        if isinstance(pkg, spdx.ai_AIPackage):
            kind = "model"
        elif isinstance(pkg, spdx.dataset_DatasetPackage):
            kind = "data"
        else:
            purpose = (pkg.software_primaryPurpose or "").rsplit("/", 1)[-1]
            kind = PURPOSE_TYPES.get(purpose, "software")
        where = f"{pkg.get_compact_type()} {pkg._id}"
        return Element(
            id=work_id, type=kind, where=where, aliases=[pkg._id],
            name=pkg.name, version=getattr(pkg, "software_packageVersion", None),
            url=getattr(pkg, "software_downloadLocation", None) or getattr(pkg, "software_homePage", None),
            owner=self._supplier(pkg.suppliedBy, where),
        )

    def _supplier(self, supplier: Any, where: str) -> str | None:
        if isinstance(supplier, str):  # a bare string where an Agent is meant: its name, as the writer meant
            if supplier in self.decoded.dangling:
                self.notices.append(f"{self.file}: {where}: suppliedBy {supplier!r} names no Agent: read as the supplier's name")
                return supplier
            return None
        return getattr(supplier, "name", None)

    def _ref(self, value: Any, where: str) -> str:
        ref = value if isinstance(value, str) else value._id
        if ref in self.decoded.dangling and not ref.startswith("pkg:") and ref not in self.decoded.unreadable:
            raise InputError(self.file, where, f"{ref!r} names no element of this file (and is not a purl kg could resolve)")
        return ref

    def _is_model(self, ref: str) -> bool:
        element = self.elements.get(self.containers.get(ref, ref))
        return element is not None and element.type == "model"

    def _work_id(self, ref: str, where: str) -> str:
        if ref in self.containers:
            package = self.containers[ref]
            self.notices.append(f"{self.file}: {where}: lineage stated for file {ref}: read as the lineage of the package "
                                f"that contains it, {package}")
            return self.elements[package].id
        if ref in self.elements:
            return self.elements[ref].id
        obj = self.objects.find_by_id(ref)
        if isinstance(obj, spdx.software_File) or ref in self.decoded.unreadable:
            self.elements[ref] = self._stand_in(ref, obj, where)
            return self.elements[ref].id
        if obj is not None:
            raise InputError(self.file, where, f"{ref} is a {obj.get_compact_type()}, not a package kg can take as a work")
        return canonical_id(ref)

    def _stand_in(self, ref: str, obj: Any, where: str) -> Element:
        """A work for lineage stated on a file no package contains, or on an element kg could not
        read: named by its spdxId, with no license kg could know (never a permissive one)."""
        written = self.decoded.unreadable.get(ref) or obj.get_compact_type()
        purpose = (getattr(obj, "software_primaryPurpose", None) or "").rsplit("/", 1)[-1]
        kind = PURPOSE_TYPES.get(purpose) or next((t for w, t in (("model", "model"), ("data", "data")) if w in written.lower()), "software")
        self.notices.append(f"{self.file}: {where}: {written} {ref} is not a package: kg takes it as a {kind} work of its own")
        return Element(id=work_id_of(ref), type=kind, where=f"{written} {ref}", aliases=[ref], name=getattr(obj, "name", None))

    def _license(self, value: Any, where: str) -> str | None:
        """The SPDX expression a license element stands for; None for NOASSERTION / NONE."""
        if isinstance(value, str):
            if value in NO_ASSERTION or value in NO_LICENSE:
                return None
            if value.startswith(LISTED):
                return value.removeprefix(LISTED)
            self.notices.append(f"{self.file}: {where}: {value!r} is not a license element of this file nor an SPDX listed "
                                "license: read as an unknown license, never a permissive one")
            return license_ref(value.rsplit("/", 1)[-1])
        if isinstance(value, spdx.simplelicensing_LicenseExpression):
            return str(value.simplelicensing_licenseExpression)
        if isinstance(value, spdx.expandedlicensing_ListedLicense):
            return str(value._id).removeprefix(LISTED)
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
        self.notices.append(f"{self.file}: {where}: {value.get_compact_type()} {value._id} is not a license: read as an "
                            "unknown license, never a permissive one")
        return license_ref(value._id.rsplit("/", 1)[-1])
