"""Cypher lives in `cypher/*.cypher`, one question per file; this module loads it by name."""

from __future__ import annotations

import re
from functools import cache

from kg.errors import NotFound
from kg.resources import resource_dir

_NAME = re.compile(r"^[a-z0-9_]+$")


@cache
def query(name: str) -> str:
    """The text of `cypher/<name>.cypher`, comments included (Cypher accepts `//` lines)."""
    if not _NAME.match(name):
        raise NotFound(f"not a query name: {name!r}")
    path = resource_dir("cypher") / f"{name}.cypher"
    if not path.is_file():
        raise NotFound(f"no query named {name!r} in {path.parent}")
    return path.read_text(encoding="utf-8")


@cache
def statements(name: str) -> tuple[str, ...]:
    """A file of several statements (such as the schema) split at the `;` that ends a line."""
    body = "\n".join(line for line in query(name).splitlines() if not line.lstrip().startswith("//"))
    return tuple(s.strip() for s in re.split(r";\s*$", body, flags=re.MULTILINE) if s.strip())
