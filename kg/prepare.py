"""Make a database ready for kg: its schema, and the license knowledge base at the current version."""

from __future__ import annotations

from kg.db import Database
from kg.licenses.catalog import default_catalog
from kg.licenses.graph import kb_version, load_kb


def prepare(db: Database) -> None:
    """Apply the schema and (re)load the KB when the graph holds none or another version."""
    db.apply_schema()
    catalog = default_catalog()
    loaded = kb_version(db)
    if not loaded or loaded.get("version") != catalog.version:
        load_kb(db, catalog)
