"""The license knowledge base as loaded from `licenses/`: validated, cross-checked, versioned."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from kg.errors import InputError
from kg.licenses.schema import License
from kg.reading import read_yaml, validation_error
from kg.resources import resource_dir


@dataclass(frozen=True)
class ActivityRights:
    """Rights each activity needs from the work it is applied to, and each release policy needs."""

    activities: dict[str, list[str]]
    policies: dict[str, list[str]]


@dataclass(frozen=True)
class Catalog:
    licenses: dict[str, License]
    rights: ActivityRights
    version: str  # content hash of every file of the KB: names the KB an assessment used

    def get(self, license_id: str) -> License:
        return self.licenses[license_id]


def parse_license(path: Path) -> License:
    data = read_yaml(path)
    try:
        license_ = License.model_validate(data)
    except ValidationError as error:
        raise validation_error(str(path), error) from None
    if path.stem != license_.id:
        raise InputError(str(path), "id", f"id {license_.id!r} must match the file name {path.stem!r}")
    return license_


def load_catalog(directory: Path | None = None) -> Catalog:
    """Read and check every license file; raise InputError on the first broken one."""
    directory = directory or resource_dir("licenses")
    files = sorted(p for p in directory.glob("*.yaml") if not p.name.startswith("_"))
    licenses = {lic.id: lic for lic in (parse_license(p) for p in files)}
    _check_references(directory, licenses)
    rights_path = directory / "_activities.yaml"
    raw = read_yaml(rights_path)
    rights = ActivityRights(activities=raw["activities"], policies=raw["policies"])
    digest = hashlib.sha256()
    for path in [rights_path, *files]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return Catalog(licenses=licenses, rights=rights, version=digest.hexdigest()[:16])


@cache
def default_catalog() -> Catalog:
    return load_catalog()


def _check_references(directory: Path, licenses: dict[str, License]) -> None:
    """Relicensing targets must exist; an alias may name only one license."""
    owner: dict[str, str] = {}
    for lic in licenses.values():
        path = directory / f"{lic.id}.yaml"
        if lic.relicensing:
            for field in ("compatible", "incompatible"):
                for index, target in enumerate(getattr(lic.relicensing, field)):
                    if target not in licenses:
                        raise InputError(str(path), f"relicensing.{field}.{index}", f"no license {target!r} in the knowledge base")
        for name in [lic.id, *lic.aliases]:
            key = name.casefold()
            if key in owner and owner[key] != lic.id:
                raise InputError(str(path), "aliases", f"{name!r} already names {owner[key]}")
            owner[key] = lic.id
