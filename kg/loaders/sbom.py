"""What the SPDX and CycloneDX readers share: elements and links in, one kg manifest out.

Each reader turns its format into `Element`s (the works the file describes, with canonical ids)
and `Link`s (a relation the file states between two of them, already named by its role in
`loaders/sbom_relations.yaml`). This module groups the links of each derived work into one
derivation, picks its method from the table, and resolves license names, so both formats map the
same way by construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from pydantic import ValidationError

from kg.errors import InputError
from kg.licenses.catalog import default_catalog
from kg.licenses.resolve import resolver
from kg.lineage.identity import canonical_id, hub_repo
from kg.lineage.manifest import Derivation, Manifest, Output, Work
from kg.reading import read_yaml, validation_error
from kg.resources import resource_dir
from kg.vocabulary import Form

Role = Literal["base", "variant", "generator", "training", "part"]
ROLE_STRENGTH: dict[str, int] = {"base": 0, "variant": 1, "generator": 2, "training": 3, "part": 4}
RELATION_PROPERTY = "huggingface:base_model_relation"
#: tag of a work whose source lists several licenses without saying whether all apply or one may
#: be chosen (a CycloneDX `licenses` list): the import sets `license_list_ambiguous` on the work
AMBIGUOUS_LICENSE_LIST = "license-list-ambiguous"
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9._:/@+\-]+")


@dataclass(frozen=True)
class RelationRule:
    role: Role | Literal["skip"]
    reverse: bool
    why: str
    model_role: Role | None = None  # the role instead when the work relied on is a model


@dataclass
class Element:
    """A work as the file describes it; `where` locates it in the file for error messages."""

    id: str
    type: str
    where: str
    aliases: list[str] = field(default_factory=list)
    name: str | None = None
    version: str | None = None
    url: str | None = None
    owner: str | None = None
    license: str | None = None
    relation: str | None = None  # the explicit base_model_relation, if the file carries one
    method: str | None = None  # an explicit kg method (kg's own CycloneDX export)
    student: str | None = None
    aux: list[str] = field(default_factory=list)  # explicit aux works (kg's own export)
    form: str | None = None
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Link:
    """`output` relies on `target` in `role`, as the file says at `where`."""

    output: str
    target: str
    role: Role
    where: str


@cache
def relation_table() -> dict[str, Any]:
    table: dict[str, Any] = read_yaml(resource_dir("loaders") / "sbom_relations.yaml")
    return table


def rules(fmt: Literal["spdx", "cyclonedx"]) -> dict[str, RelationRule]:
    """The relation-to-role rules of one format."""
    return {name: RelationRule(row["role"], bool(row["reverse"]), row["why"], row.get("model_role"))
            for name, row in relation_table()[fmt].items()}


def oriented(rule: RelationRule, source: str, target: str) -> tuple[str, str]:
    """(derived work, work relied on) for a relation stated from `source` to `target`."""
    return (target, source) if rule.reverse else (source, target)


def license_name(name: str) -> str:
    """A license given only by name: kept when the KB knows the name (an id or alias), else an
    unknown `LicenseRef-` so it can never pass as a known, let alone permissive, license."""
    if resolver(default_catalog()).lookup(name):
        return name
    return license_ref(name)


def work_id_of(reference: str) -> str:
    """`reference` (a bom-ref, an SPDX IRI) as a kg work id: an IRI's `#fragment` becomes a path
    segment and any other character an id cannot hold a `-`; the reference stays an alias."""
    work_id = _NOT_IN_ID.sub("-", reference.replace("#", "/")).strip("-/")
    return work_id if work_id[:1].isalnum() else "x-" + work_id


def license_ref(name: str) -> str:
    """An SPDX `LicenseRef-` id for a license kg cannot know (it is reported as unknown)."""
    return "LicenseRef-" + (re.sub(r"[^A-Za-z0-9.\-]+", "-", name).strip("-") or "unnamed")


def all_of(expressions: Iterable[str]) -> str | None:
    """Several licenses stated for one work all apply: their conjunction."""
    parts = list(dict.fromkeys(e for e in expressions if e))
    if len(parts) <= 1:
        return parts[0] if parts else None
    return " AND ".join(f"({p})" if " " in p else p for p in parts)


def placeholder(reference: str, file: str, where: str) -> Element:
    """A work the file names by purl without describing it: created when absent, never changed."""
    if not reference.startswith("pkg:"):
        raise InputError(file, where, f"{reference!r} names no element of this file (and is not a purl kg could resolve)")
    work_id = canonical_id(reference)
    hub = hub_repo(work_id)
    kind = "software" if hub is None else ("data" if hub[1] == "dataset" else "model")
    return Element(id=work_id, type=kind, where=where)


@dataclass(frozen=True)
class Built:
    manifest: Manifest
    placeholders: frozenset[str]  # works the file names by purl only
    notices: list[str]  # what was inferred or left out, for the user


def build_manifest(file: str, elements: list[Element], links: list[Link]) -> Built:
    """The manifest for the file: one derivation per derived work, placeholders for purls it only names."""
    by_id = {e.id: e for e in elements}
    placeholders: list[Element] = []
    grouped: dict[str, dict[str, Link]] = {}
    for link in links:
        if link.output not in by_id:
            raise InputError(file, link.where, f"{link.output!r} names no element of this file: a derived work must be described where it is derived")
        if link.target not in by_id:
            by_id[link.target] = placeholder(link.target, file, link.where)
            placeholders.append(by_id[link.target])
        if link.output == link.target:
            raise InputError(file, link.where, f"{link.output!r} cannot derive from itself")
        targets = grouped.setdefault(link.output, {})
        current = targets.get(link.target)
        if current is None or ROLE_STRENGTH[link.role] < ROLE_STRENGTH[current.role]:
            targets[link.target] = link
    notices: list[str] = []
    works: list[Work] = []
    derivations: list[Derivation] = []
    try:
        for element in [*elements, *placeholders]:
            described: dict[str, Any] = {
                "id": element.id, "aliases": [a for a in element.aliases if a != element.id], "name": element.name,
                "version": element.version, "url": element.url, "owner": element.owner, "type": element.type,
                "license": element.license, "tags": element.tags,
            }
            if element.id not in grouped:
                works.append(Work.model_validate(described | {"form": element.form or Form.RAW}))
                continue
            method, inputs, aux, notice = _method(element, grouped[element.id], file)
            if notice:
                notices.append(notice)
            output = Output.model_validate(described | {"form": element.form})
            derivations.append(Derivation.model_validate(
                {"method": method, "inputs": inputs, "aux": aux, "student": element.student, "output": output}))
    except ValidationError as error:
        raise validation_error(file, error, element.where) from None
    return Built(Manifest(works=works, derivations=derivations), frozenset(p.id for p in placeholders), notices)


def _method(element: Element, targets: dict[str, Link], file: str) -> tuple[str, list[str], list[str], str | None]:
    """(method, inputs, aux, notice) for the derivation of `element`."""
    by_role: dict[str, list[str]] = {}
    for target, link in targets.items():
        by_role.setdefault(link.role, []).append(target)
    explicit_aux = set(element.aux)
    if element.method:  # kg's own export names its method and aux works: every other link is an input
        aux = [t for t in targets if t in explicit_aux]
        inputs = [t for t in targets if t not in explicit_aux and t != element.student]
        return element.method, inputs, aux, None
    notice = None
    if "base" in by_role:
        bases = by_role.pop("base")
        if element.relation:
            table = relation_table()["base_model_relation"]
            if element.relation not in table:
                raise InputError(file, element.where, f"{RELATION_PROPERTY} {element.relation!r} is none of {', '.join(table)}")
            method = table[element.relation]["method"]
        else:
            method = "finetune" if len(bases) == 1 else "amalgamate"
            notice = (f"{file}: {element.where}: no {RELATION_PROPERTY} for {element.id}: "
                      f"inferred {method} from {len(bases)} base model(s), as the Hub does")
        inputs = bases
    elif "variant" in by_role:
        method, inputs = "modify", by_role.pop("variant")
    elif "generator" in by_role:
        method, inputs = "generate", by_role.pop("generator")
    elif "training" in by_role:
        method, inputs = "train", by_role.pop("training")
    else:
        inputs = by_role.pop("part")
        method = "combine" if len(inputs) >= 2 else "copy"
    aux = [t for role in ("variant", "generator", "training", "part") for t in by_role.get(role, [])]
    return method, inputs, aux, notice
