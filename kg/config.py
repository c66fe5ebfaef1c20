"""Settings read from the environment, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """How kg reaches Neo4j. No `neo4j_uri` means: use the embedded Neo4j under `home`."""

    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str | None
    neo4j_database: str | None
    home: Path
    heap: str
    pagecache: str
    port: int | None

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        home = env.get("KG_HOME") or str(Path.home() / ".local" / "share" / "kg")
        port = env.get("KG_NEO4J_PORT")
        return cls(
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD") or None,
            neo4j_database=env.get("NEO4J_DATABASE") or None,
            home=Path(home).expanduser(),
            heap=env.get("KG_NEO4J_HEAP", "2g"),
            pagecache=env.get("KG_NEO4J_PAGECACHE", "1g"),
            port=int(port) if port else None,
        )
