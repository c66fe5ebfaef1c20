"""Relay-style pages over a stable order: opaque cursors and the checks on `first`."""

from __future__ import annotations

import base64
import json
from typing import Any

from kg.api.errors import bad_input

DEFAULT_PAGE = 20


def encode_cursor(kind: str, key: Any) -> str:
    """An opaque cursor: clients pass it back, never build it."""
    return base64.urlsafe_b64encode(json.dumps([kind, key], separators=(",", ":")).encode()).decode()


def decode_cursor(kind: str, cursor: str | None) -> Any:
    """The key a cursor of `kind` holds (None for no cursor); a forged or foreign cursor is bad input."""
    if cursor is None:
        return None
    try:
        found, key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError):
        raise bad_input(f"`after` is not a cursor this API returned: {cursor!r}") from None
    if found != kind:
        raise bad_input(f"`after` is a cursor of {found}, not of {kind}")
    return key


def page_size(first: int | None, maximum: int) -> int:
    """`first`, checked: 0 to `maximum` (default DEFAULT_PAGE or the maximum if smaller)."""
    if first is None:
        return min(DEFAULT_PAGE, maximum)
    if first < 0:
        raise bad_input(f"`first` must be 0 or more, not {first}")
    if first > maximum:
        raise bad_input(f"`first` may be at most {maximum} (KG_API_MAX_PAGE), not {first}: page with `after`")
    return first
