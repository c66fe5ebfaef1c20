"""The API's schema as GraphQL SDL, for dashboard authors and their tools.

    python -m kg.api.sdl           # rewrite graphql/schema.graphql
    python -m kg.api.sdl --check   # exit 1 if the file differs from the code

A test fails when it is stale, so the file is always the schema the server serves."""

from __future__ import annotations

import sys
from pathlib import Path

from kg.api.schema import build_schema
from kg.resources import resource_dir


def path() -> Path:
    return resource_dir("graphql") / "schema.graphql"


def render() -> str:
    header = "# kg's GraphQL API (`kg serve`). Generated from kg/api by `python -m kg.api.sdl`; do not edit by hand.\n\n"
    return header + build_schema().as_str() + "\n"


def main(argv: list[str]) -> int:
    text, target = render(), path()
    current = target.read_text(encoding="utf-8") if target.is_file() else ""
    if "--check" in argv:
        if current != text:
            print(f"{target} is stale: run `python -m kg.api.sdl`", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
