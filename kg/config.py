"""Settings read from the environment, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError

#: seconds any one transaction may run before Neo4j stops it (KG_QUERY_TIMEOUT): long enough for a
#: whole-graph assessment at 10^6 works, short enough that nothing runs away for good
DEFAULT_QUERY_TIMEOUT = 900.0


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
    query_timeout: float = DEFAULT_QUERY_TIMEOUT

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        home = env.get("KG_HOME") or str(Path.home() / ".local" / "share" / "kg")
        return cls(
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD") or None,
            neo4j_database=env.get("NEO4J_DATABASE") or None,
            home=Path(home).expanduser(),
            heap=env.get("KG_NEO4J_HEAP", "2g"),
            pagecache=env.get("KG_NEO4J_PAGECACHE", "1g"),
            port=tcp_port(env, "KG_NEO4J_PORT"),
            query_timeout=seconds(env, "KG_QUERY_TIMEOUT", DEFAULT_QUERY_TIMEOUT),
        )


def tcp_port(env: os._Environ[str] | dict[str, str], name: str) -> int | None:
    """A TCP port from the environment (unset: None); anything else is a one-line error."""
    text = env.get(name)
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise KgError(f"{name} must be a TCP port (1-65535), not {text!r}")
    return int(text)


def seconds(env: os._Environ[str] | dict[str, str], name: str, default: float) -> float:
    """A positive number of seconds from the environment; anything else is a one-line error."""
    text = env.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise KgError(f"{name} must be a number of seconds, not {text!r}") from None
    if not 0 < value < float("inf"):
        raise KgError(f"{name} must be more than 0 seconds, not {text!r}")
    return value
