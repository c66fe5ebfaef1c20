"""`kg export`: a lineage read back out of the graph, as a kg manifest or a CycloneDX ML-BOM.

`lineage()` reads the works once (`cypher/export_lineage.cypher`); each writer only formats them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.db import Database
from kg.errors import NotFound

#: USED roles (kg.lineage.methods.Edge.role) that were derivation inputs
INPUT_ROLES = ("input", "teacher")


@dataclass(frozen=True)
class ExportedWork:
    """One work of the exported lineage: a row of `export_lineage`."""

    row: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.row["id"])

    @property
    def derived(self) -> bool:
        return self.row["method"] is not None

    def used(self, *roles: str) -> list[str]:
        return [u["work"] for u in self.row["used"] if u["role"] in roles]


def lineage(db: Database, ids: list[str], everything: bool = False) -> list[ExportedWork]:
    """The upstream lineage of `ids` (or the whole graph), inputs before what they made."""
    rows = db.read("export_lineage", ids=ids, all=everything)
    missing = sorted(set(ids) - {r["id"] for r in rows})
    if missing:
        raise NotFound(f"no work {', '.join(map(repr, missing))} in the graph")
    return [ExportedWork(r) for r in rows]
