"""What the tests read back from the knowledge base in the graph (the loader itself is
kg.licenses.graph; these reads serve only to check it)."""

from __future__ import annotations

from typing import Any

from kg.db import Database


def license_from_graph(db: Database, license_id: str) -> dict[str, Any] | None:
    """What the graph holds about one license (properties, rights, duties, restrictions, terms,
    compatibility edges), or None when the graph has no such license."""
    rows = db.read("kb_license", id=license_id)
    return rows[0] if rows else None


def dump_kb(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every KB node and relationship in a stable order, for comparing two loads."""
    row = db.read("kb_dump")[0]

    def key(item: dict[str, Any]) -> str:
        return repr(sorted(item.items(), key=lambda kv: kv[0]))

    return {"nodes": sorted(row["nodes"], key=key), "relationships": sorted(row["relationships"], key=key)}
