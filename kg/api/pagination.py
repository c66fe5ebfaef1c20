"""Relay-style pages over a stable order: opaque cursors and the checks on `first`."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from kg.api.errors import bad_input

DEFAULT_PAGE = 20


def encode_cursor(kind: str, key: Any) -> str:
    """An opaque cursor: clients pass it back, never build it."""
    return base64.urlsafe_b64encode(json.dumps([kind, key], separators=(",", ":")).encode()).decode()


def is_text(key: Any) -> bool:
    return isinstance(key, str)


def is_texts(count: int) -> Callable[[Any], bool]:
    return lambda key: isinstance(key, list) and len(key) == count and all(isinstance(k, str) for k in key)


def decode_cursor(kind: str, cursor: str | None, valid: Callable[[Any], bool] = is_text) -> Any:
    """The key a cursor of `kind` holds (None for no cursor); a forged or foreign cursor is bad input.

    The key must have the shape `valid` accepts: whatever else a forged cursor decodes to (huge
    numbers, deep nesting, text Neo4j cannot take) never reaches a query."""
    if cursor is None:
        return None
    try:
        found, key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, TypeError, RecursionError):  # binascii and Unicode errors are ValueErrors
        raise bad_input("`after` is not a cursor this API returned") from None
    if found != kind:
        raise bad_input(f"`after` is not a cursor of {kind}s")
    if not valid(key) or not _encodable(key):
        raise bad_input("`after` is not a cursor this API returned")
    return key


def _encodable(key: str | list[str]) -> bool:
    try:
        json.dumps(key, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def page_size(first: int | None, maximum: int) -> int:
    """`first`, checked: 0 to `maximum` (default DEFAULT_PAGE or the maximum if smaller)."""
    if first is None:
        return min(DEFAULT_PAGE, maximum)
    if first < 0:
        raise bad_input(f"`first` must be 0 or more, not {first}")
    if first > maximum:
        raise bad_input(f"`first` may be at most {maximum} (KG_API_MAX_PAGE), not {first}: page with `after`")
    return first
