"""Generate the README's table of covered licenses from the knowledge base.

    python -m kg.licenses.readme           # rewrite the table in README.md
    python -m kg.licenses.readme --check   # exit 1 if README.md's table is stale

Only the part of README.md between the two markers below is rewritten; everything else is left
as it is. A README without the markers gets them, with the table, appended at its end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.licenses.catalog import Catalog, load_catalog
from kg.resources import resource_dir

START = "<!-- licenses:start -->"
END = "<!-- licenses:end -->"


def _cell(text: str) -> str:
    for char in "\\|*_`<>[]":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def license_table(catalog: Catalog) -> str:
    """The markdown between the markers: a count line and one row per license, sorted by id."""
    licenses = sorted(catalog.licenses.values(), key=lambda lic: lic.id.casefold())
    lines = [
        f"{len(licenses)} licenses, generated from `licenses/*.yaml` by `python -m kg.licenses.readme`"
        " (do not edit this table by hand).",
        "",
        "| id | name | kinds | categories |",
        "| --- | --- | --- | --- |",
    ]
    for lic in licenses:
        lines.append(
            f"| `{lic.id}` | {_cell(lic.name)} | {', '.join(lic.kinds)} | {', '.join(lic.categories)} |"
        )
    return "\n".join(lines)


def updated_readme(readme: str, catalog: Catalog) -> str:
    """`readme` with the text between the markers replaced by the current table."""
    block = f"{START}\n{license_table(catalog)}\n{END}"
    start, end = readme.find(START), readme.find(END)
    if start == -1 or end == -1 or end < start:
        section = f"## Licenses covered\n\n{block}\n"
        return readme.rstrip("\n") + "\n\n" + section if readme.strip() else section
    return readme[:start] + block + readme[end + len(END):]


def readme_path() -> Path:
    return resource_dir("licenses").parent / "README.md"


def main(argv: list[str]) -> int:
    path = readme_path()
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    wanted = updated_readme(current, load_catalog())
    if "--check" in argv:
        if current != wanted:
            print(f"{path}: the license table is stale: run `python -m kg.licenses.readme`", file=sys.stderr)
            return 1
        print(f"{path}: the license table is up to date")
        return 0
    if current != wanted:
        path.write_text(wanted, encoding="utf-8")
        print(f"updated the license table in {path}")
    else:
        print(f"{path}: the license table is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
