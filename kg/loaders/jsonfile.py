"""Read a JSON SBOM the way real tools write them: a trailing comma is accepted and reported.

JSON forbids a comma before `]` or `}`, but generators that build JSON by hand emit them and public
SBOMs carry them. Refusing such a file would refuse what organisations have, so the comma is
dropped, the file is parsed, and the reader reports a notice naming each place. Any other
malformation is an `InputError` with the line and column.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.loaders.bounded import load_json

# A string literal (skipped as a whole, so commas inside strings are never touched) or a comma
# followed only by whitespace before a closing bracket.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|,(?=\s*[\]}])', re.DOTALL)


def read_json(path: Path) -> tuple[Any, list[str]]:
    """The parsed document and the notices about what was tolerated."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), "", f"cannot read: {error}") from None
    try:
        return load_json(text, str(path)), []
    except json.JSONDecodeError as first:
        commas: list[int] = []

        def drop(match: re.Match[str]) -> str:
            if match.group(0) == ",":
                commas.append(match.start())
                return ""
            return match.group(0)

        repaired = _TOKEN.sub(drop, text)
        if not commas:
            raise _malformed(path, first) from None
        try:
            data = load_json(repaired, str(path))
        except json.JSONDecodeError:
            raise _malformed(path, first) from None
    notices = [f"{path}: {_line_col(text, offset)}: trailing comma accepted (not valid JSON; fix the tool that wrote it)" for offset in commas]
    return data, notices


def _malformed(path: Path, error: json.JSONDecodeError) -> InputError:
    return InputError(str(path), f"line {error.lineno}, column {error.colno}", f"malformed JSON: {error.msg}")


def _line_col(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"
