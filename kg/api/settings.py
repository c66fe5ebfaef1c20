"""The API's own settings, read from the environment (Neo4j settings stay in `kg.config`)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from kg.config import seconds
from kg.errors import KgError


@dataclass(frozen=True)
class ApiSettings:
    """Who may write, who may call from a browser, how big a request may be and how long it may take.

    No `token` means mutations are disabled: a read-only dashboard needs no secret. `timeout` is a
    query's time budget in seconds (TIMEOUT past it); `max_cost` bounds the fields an operation may
    resolve (kg.api.cost). Mutations are bounded by KG_QUERY_TIMEOUT, like the CLI."""

    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_depth: int = 10
    max_tokens: int = 2000
    max_aliases: int = 15
    max_body_bytes: int = 1_000_000
    max_page: int = 100
    max_cost: int = 100_000
    timeout: float = 15.0

    @classmethod
    def from_env(cls) -> ApiSettings:
        env = os.environ
        origins = tuple(o.strip() for o in env.get("KG_API_CORS_ORIGINS", "").split(",") if o.strip())
        return cls(
            token=env.get("KG_API_TOKEN") or None,
            cors_origins=origins,
            max_depth=_int(env, "KG_API_MAX_DEPTH", cls.max_depth),
            max_tokens=_int(env, "KG_API_MAX_TOKENS", cls.max_tokens),
            max_aliases=_int(env, "KG_API_MAX_ALIASES", cls.max_aliases),
            max_body_bytes=_int(env, "KG_API_MAX_BODY_BYTES", cls.max_body_bytes),
            max_page=_int(env, "KG_API_MAX_PAGE", cls.max_page),
            max_cost=_int(env, "KG_API_MAX_COST", cls.max_cost),
            timeout=seconds(env, "KG_API_TIMEOUT", cls.timeout),
        )


def _int(env: os._Environ[str], name: str, default: int) -> int:
    text = env.get(name)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise KgError(f"{name} must be a whole number, not {text!r}") from None
    if value < 1:
        raise KgError(f"{name} must be at least 1, not {value}")
    return value
