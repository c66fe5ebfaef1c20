"""Check license files one by one: `python -m kg.licenses.check licenses/MIT.yaml …`.

Each file is validated against the schema alone, so a KB author can check their own files while
others are still being written; `load_catalog()` checks the whole KB, cross-references included.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.errors import InputError
from kg.licenses.catalog import parse_license


def check_files(paths: list[Path]) -> list[str]:
    """One message per broken file; an empty list means every file is valid."""
    problems = []
    for path in paths:
        try:
            parse_license(path)
        except InputError as error:
            problems.append(str(error))
    return problems


if __name__ == "__main__":
    messages = check_files([Path(arg) for arg in sys.argv[1:]])
    print("\n".join(messages) or "ok")
    sys.exit(1 if messages else 0)
