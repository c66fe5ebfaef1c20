"""kg's own lineage manifest: works, the derivations that made new works, and releases to assess.

The manifest is the lossless format every importer maps onto. Its JSON Schema is exported to
`examples/manifest.schema.json`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kg.errors import InputError
from kg.reading import read_json, read_yaml, validation_error
from kg.vocabulary import Form, Method, Policy, WorkType

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/@+\-]*$"


class Strict(BaseModel):
    # enum fields hold their plain string (what Neo4j, JSON and YAML take), defaults included
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, validate_default=True)


class Described(Strict):
    """What identifies and describes any work."""

    id: str = Field(pattern=ID_PATTERN)
    aliases: list[str] = Field(default_factory=list, description="Other ids that name this work (a manifest's own id when `id` is a purl).")
    name: str | None = None
    url: str | None = None
    version: str | None = None
    owner: str | None = None
    tags: list[str] = Field(default_factory=list)


class Work(Described):
    """A software, data or model artefact with the license its owner declared (if any)."""

    type: WorkType
    form: Form = Form.RAW
    license: str | None = Field(default=None, description="Declared license: a KB id, alias or SPDX expression.")
    license_name: str | None = Field(default=None, description="For license 'other': the license's name.")


class Output(Described):
    """The new work a derivation produces; type and form default by method (see kg.lineage.methods)."""

    type: WorkType | None = None
    form: Form | None = None
    license: str | None = Field(default=None, description="A license the author assigns to the new work.")
    license_name: str | None = Field(default=None, description="For license 'other': the license's name.")


class Derivation(Strict):
    """One reuse: `method` applied to `inputs` (and `aux` works used but not released) makes `output`."""

    method: Method
    inputs: list[str] = Field(min_length=1)
    aux: list[str] = Field(default_factory=list, description="Works used to build the output, not released with it.")
    student: str | None = Field(default=None, description="distill only: the model the student starts from.")
    output: Output
    tool: str | None = Field(default=None, description="What performed the derivation (script, pipeline, person).")
    at: str | None = Field(default=None, description="When it was performed (ISO 8601).")

    @model_validator(mode="after")
    def _student_only_for_distill(self) -> Derivation:
        if self.student is not None and self.method != Method.DISTILL:
            raise ValueError("`student` is only for method distill")
        return self


class Release(Strict):
    """A work the organisation intends to release, and how."""

    work: str
    policy: Policy
    form: Form | None = Field(default=None, description="Release form; defaults to the work's own form.")


class Manifest(Strict):
    works: list[Work] = Field(default_factory=list)
    derivations: list[Derivation] = Field(default_factory=list)
    releases: list[Release] = Field(default_factory=list)


def read_manifest(path: Path) -> Manifest:
    """Parse a YAML or JSON manifest file; errors name the file, the field path and the reason."""
    data = read_json(path) if path.suffix.lower() == ".json" else read_yaml(path)
    return parse_manifest(data, str(path))


def parse_manifest(data: Any, file: str) -> Manifest:
    """Parsed YAML or JSON from `file` (a path, or an API source) as a Manifest, checked in full."""
    if not isinstance(data, dict):
        raise InputError(file, "(top level)", "a manifest is a mapping with works, derivations and releases")
    try:
        return Manifest.model_validate(data)
    except ValidationError as error:
        raise validation_error(file, error) from None
