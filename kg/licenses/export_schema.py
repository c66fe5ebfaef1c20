"""Write the JSON Schema of a license file, `licenses/schema.json`, from the pydantic model.

    python -m kg.licenses.export_schema           # rewrite licenses/schema.json
    python -m kg.licenses.export_schema --check   # exit 1 if the file is stale

Editors and other tools validate license YAML against it; tests fail when it is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kg.licenses.schema import License
from kg.resources import resource_dir


def license_json_schema() -> dict[str, Any]:
    schema = License.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kg license knowledge-base entry",
        "description": "One license of kg's knowledge base (licenses/<ID>.yaml). Generated from "
        "kg.licenses.schema.License by `python -m kg.licenses.export_schema`; do not edit by hand.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }


def render() -> str:
    return json.dumps(license_json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def schema_path() -> Path:
    return resource_dir("licenses") / "schema.json"


def main(argv: list[str]) -> int:
    path = schema_path()
    text = render()
    if "--check" in argv:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != text:
            print(f"{path} is stale: run `python -m kg.licenses.export_schema`", file=sys.stderr)
            return 1
        print(f"{path} is up to date")
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
