"""JSON Schemas of kg's input files, generated from their pydantic models.

    python -m kg.schemas           # rewrite licenses/schema.json and examples/manifest.schema.json
    python -m kg.schemas --check   # exit 1 if either file is stale

Editors and other tools validate license YAML and lineage manifests against them; tests fail when
they are stale.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kg.licenses.schema import License
from kg.lineage.manifest import Manifest
from kg.resources import resource_dir


@dataclass(frozen=True)
class ExportedSchema:
    model: type[BaseModel]
    folder: str
    file: str
    title: str
    description: str

    @property
    def path(self) -> Path:
        return resource_dir(self.folder) / self.file

    def render(self) -> str:
        schema = self.model.model_json_schema()
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": self.title,
            "description": f"{self.description} Generated from {self.model.__module__}.{self.model.__name__} "
            "by `python -m kg.schemas`; do not edit by hand.",
            **{key: value for key, value in schema.items() if key not in ("title", "description")},
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def load(self) -> dict[str, Any]:
        schema: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        return schema


LICENSE = ExportedSchema(License, "licenses", "schema.json", "kg license knowledge-base entry",
                         "One license of kg's knowledge base (licenses/<ID>.yaml).")
MANIFEST = ExportedSchema(Manifest, "examples", "manifest.schema.json", "kg lineage manifest",
                          "Works, derivations and releases, as `kg import` reads them.")
SCHEMAS = (LICENSE, MANIFEST)


def main(argv: list[str]) -> int:
    stale = 0
    for schema in SCHEMAS:
        text = schema.render()
        current = schema.path.read_text(encoding="utf-8") if schema.path.is_file() else ""
        if "--check" in argv:
            if current != text:
                print(f"{schema.path} is stale: run `python -m kg.schemas`", file=sys.stderr)
                stale = 1
            continue
        schema.path.write_text(text, encoding="utf-8")
        print(f"wrote {schema.path}")
    return stale


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
