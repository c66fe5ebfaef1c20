"""Read a CycloneDX BOM as real tools write it: every schema violation is repaired and reported.

The official schema of the BOM's specVersion (bundled in `cyclonedx-python-lib`) finds what is
wrong; each failure gets the repair in REPAIRS that fits it and a notice naming file, JSON path
and what kg did. Only what leaves the lineage unknowable is refused (a component that cannot be
named, a failure no repair fits). The table of what is accepted, repaired or refused is
docs/importing.md.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from jsonschema.exceptions import ValidationError

from kg.errors import InputError
from kg.reading import brief

#: versions kg reads; other (newer, older, missing) specVersions are read with the nearest
VERSIONS = {"1.4": SchemaVersion.V1_4, "1.5": SchemaVersion.V1_5, "1.6": SchemaVersion.V1_6, "1.7": SchemaVersion.V1_7}
NEWEST = "1.7"
#: component types a BOM may misspell, by a word in them (else a component is read as a library)
TYPE_WORDS = (("model", "machine-learning-model"), ("data", "data"))
#: rounds of validate-and-repair (a repair can uncover a failure the schema reported as a whole)
ROUNDS = 10

Path = list[str | int]


def strict_errors(data: Any, version: str) -> list[ValidationError]:
    """Every failure of `data` against the official schema of `version`, most specific first."""
    errors = JsonStrictValidator(VERSIONS[version]).validate_str(json.dumps(data), all_errors=True) or []
    return [_specific(e.data) for e in errors]


def spec_version(file: str, data: dict[str, Any], notices: list[str]) -> str:
    """The version whose schema reads the BOM: its own, else the nearest kg knows (said in a notice)."""
    given = data.get("specVersion")
    if given in VERSIONS:
        return str(given)
    match = re.match(r"^1\.(\d+)", given) if isinstance(given, str) else None
    minors = sorted(int(v.split(".")[1]) for v in VERSIONS)
    nearest = f"1.{min(max(int(match.group(1)), minors[0]), minors[-1])}" if match else NEWEST
    notices.append(f"{file}: $.specVersion: kg reads CycloneDX {', '.join(VERSIONS)}, not {brief(given)}: read as {nearest}")
    return nearest


def repaired(file: str, data: dict[str, Any], version: str) -> tuple[dict[str, Any], list[str]]:
    """A copy of the BOM that passes the schema of `version`, and a notice for each repair."""
    bom = copy.deepcopy(data)
    notices: list[str] = []
    accepted: set[tuple[str, str]] = set()
    for _ in range(ROUNDS):
        errors = [e for e in strict_errors(bom, version) if _key(e) not in accepted]
        if not errors:
            return bom, notices
        # deepest and last first, so removing an item never shifts the place of one still to repair
        for error in sorted(errors, key=lambda e: [str(p).zfill(9) for p in e.absolute_path], reverse=True):
            notice = _repair(bom, error, version, accepted)
            if notice is None:
                raise InputError(file, *_refusal(error, version))
            notices.append(f"{file}: {error.json_path}: {notice}")
    raise InputError(file, *_refusal(strict_errors(bom, version)[0], version))


def _specific(error: ValidationError) -> ValidationError:
    """Of a oneOf/anyOf failure, the alternative that got deepest (what the writer meant)."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def _key(error: ValidationError) -> tuple[str, str]:
    """Which failure it is: a failure accepted once is accepted in every later round."""
    return error.json_path, str(error.validator)


def _refusal(error: ValidationError, version: str) -> tuple[str, str]:
    return error.json_path, f"fails the CycloneDX {version} schema and kg cannot read around it: {_reason(error, 300)}"


def _repair(bom: dict[str, Any], error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str | None:
    """Apply the repair that fits `error`; what kg did, or None when no repair fits."""
    path: Path = list(error.absolute_path)
    for fits, repair in REPAIRS:
        if fits(path, error):
            return repair(bom, path, error, version, accepted)
    return None


def _at(bom: Any, path: Path) -> Any:
    for part in path:
        bom = bom[part]
    return bom


def _extra_fields(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    instance = _at(bom, path)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    allowed = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    extra = sorted(k for k in instance if k not in allowed and not any(p.search(k) for p in patterns))
    for key in extra:
        del instance[key]
    return f"{', '.join(map(brief, extra))} {'is' if len(extra) == 1 else 'are'} no CycloneDX {version} field: ignored"


def _license_id_and_name(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    license_ = _at(bom, path)
    name = license_.pop("name")
    return f"license has both id and name: used the id {brief(license_['id'])} (name {brief(name)} ignored)"


def _license_id_unknown(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    license_ = _at(bom, path[:-1])
    license_["name"] = license_.pop("id")
    return f"license id {brief(license_['name'])} is no SPDX license id: read as a license name"


def _object_for_string(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    parent, key = _at(bom, path[:-1]), path[-1]
    name = error.instance.get("name") if isinstance(error.instance, dict) else None
    if isinstance(name, str):
        parent[key] = name
        return f"{key} is an object, the schema wants a string: used its name {brief(name)}"
    del parent[key]
    return f"{key} is an object with no name, the schema wants a string: ignored"


def _string_for_object(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    parent, key = _at(bom, path[:-1]), path[-1]
    parent[key] = {"name": error.instance}
    return f"{key} is a bare string, the schema wants an organization: read as one named {brief(error.instance)}"


def _reference_type(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    _at(bom, path)["type"] = "other"
    return "external reference without type: read as type \"other\""


def _component_type(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    given = error.instance
    if given in ("machine-learning-model", "data"):  # newer than the BOM's version: the library reads it
        accepted.add(_key(error))
        return f"component type {given!r} is not in CycloneDX {version} (it is from 1.5): read as such"
    word = next((t for w, t in TYPE_WORDS if isinstance(given, str) and w in given.lower()), "library")
    _at(bom, path[:-1])["type"] = word
    return f"component type {brief(given)} is none CycloneDX {version} has: read as {word!r}"


def _component_name(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    component = _at(bom, path)
    component["name"] = component.get("bom-ref") or component.get("purl") or "unnamed"
    return f"component without name: named {brief(component['name'])}"


def _expression_entry(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    accepted.add(_key(error))
    return f"an expression among several license entries is CycloneDX 1.7, not {version}: read as 1.7 does (all entries apply)"


def _unreadable_license(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    index = path.index("licenses") + 1
    _at(bom, path[:index])[path[index]] = {"license": {"name": "unreadable license"}}
    return f"a license entry kg cannot read ({_reason(error)}): read as an unknown license, never a permissive one"


def _drop(bom: Any, path: Path, error: ValidationError, version: str, accepted: set[tuple[str, str]]) -> str:
    parent, key = _at(bom, path[:-1]), path[-1]
    del parent[key]
    return f"fails the CycloneDX {version} schema ({_reason(error)}): kg left this value out"


def _reason(error: ValidationError, limit: int = 200) -> str:
    """What failed, in at most `limit` characters (an enum's values are counted, not listed)."""
    if error.validator == "enum" and isinstance(error.validator_value, list):
        return f"{brief(error.instance)} is not one of the {len(error.validator_value)} values it allows"
    return error.message if len(error.message) <= limit else error.message[:limit] + "…"


def _in_component(path: Path) -> bool:
    return len(path) >= 1 and (path[-2:-1] == ["components"] or path[-1:] == ["component"]
                               or path[-2:-1] in (["ancestors"], ["descendants"], ["variants"]))


def _required(name: str) -> Callable[[ValidationError], bool]:
    return lambda e: e.validator == "required" and f"'{name}' is a required property" in e.message


Repair = Callable[[Any, Path, ValidationError, str, set[tuple[str, str]]], str]
#: (does it fit the failure at this path, the repair): the first that fits is applied
REPAIRS: list[tuple[Callable[[Path, ValidationError], bool], Repair]] = [
    (lambda p, e: e.validator == "additionalProperties", _extra_fields),
    (lambda p, e: p[-1:] == ["license"] and e.validator == "oneOf" and isinstance(e.instance, dict)
     and {"id", "name"} <= e.instance.keys(), _license_id_and_name),
    (lambda p, e: p[-2:] == ["license", "id"] and e.validator == "enum", _license_id_unknown),
    (lambda p, e: e.validator == "type" and isinstance(e.instance, dict) and e.validator_value == "string" and bool(p), _object_for_string),
    (lambda p, e: e.validator == "type" and isinstance(e.instance, str) and e.validator_value == "object"
     and p[-1:] in (["supplier"], ["manufacturer"], ["manufacture"]), _string_for_object),
    (lambda p, e: p[-2:-1] == ["externalReferences"] and _required("type")(e), _reference_type),
    (lambda p, e: _in_component(p[:-1]) and p[-1:] == ["type"] and e.validator == "enum", _component_type),
    (lambda p, e: _in_component(p) and _required("name")(e), _component_name),
    (lambda p, e: p[-2:-1] == ["licenses"] and isinstance(e.instance, dict) and isinstance(e.instance.get("expression"), str)
     and _required("license")(e), _expression_entry),
    (lambda p, e: "licenses" in p[:-1], _unreadable_license),
    (lambda p, e: bool(p) and not _in_component(p), _drop),
]
