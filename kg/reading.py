"""Read the YAML and JSON files kg is given, written by strangers, into Python data.

Every input file — cards, manifests, SBOMs, the license knowledge base, loader tables, GraphQL
upload text — is parsed here, so every one is bounded and every failure is one `InputError`
naming the file, the place and the reason.

A 1 KB card can hold a billion-laughs YAML (aliases of aliases, 10^9 nodes once expanded) or
brackets nested 10,000 deep (a RecursionError in any parser or walker). Every reader parses
through here: YAML aliases may add at most MAX_ALIAS_NODES nodes in all, nesting is at most
MAX_DEPTH levels in either language, and `brief` bounds what a message shows of a value. Refusals
are one `InputError` naming the file and place.
"""

from __future__ import annotations

import json
import re
import reprlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kg.errors import InputError

#: deepest nesting of lists and mappings accepted: real SBOMs, cards and manifests stay far below
MAX_DEPTH = 100
#: nodes that YAML aliases may add in all (what `*anchor` repeats): cards and manifests use a few
MAX_ALIAS_NODES = 100_000

#: longest text `brief` gives
BRIEF_CHARS = 160

_BRIEF = reprlib.Repr()
_BRIEF.maxlevel, _BRIEF.maxstring, _BRIEF.maxother, _BRIEF.maxlist, _BRIEF.maxdict = 3, 80, 80, 5, 5


def brief(value: Any) -> str:
    """A repr of `value` a message can show: a few levels, items and characters, never the whole."""
    text = _BRIEF.repr(value)
    return text if len(text) <= BRIEF_CHARS else text[: BRIEF_CHARS - 1] + "…"


class YAMLRefused(yaml.MarkedYAMLError):
    """YAML kg will not expand: a `yaml.YAMLError` whose `problem` says why, at `problem_mark`."""

    def __init__(self, mark: Any, reason: str) -> None:  # a yaml Mark (PyYAML's stubs type two kinds)
        super().__init__(problem=reason, problem_mark=mark)


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that counts, while composing, the depth and what aliases repeat.

    Each finished node's expanded size is kept, so an alias costs the size of what it repeats
    without walking it (a billion laughs is refused at the first alias over the budget)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._alias_nodes = 0
        self._sizes: dict[int, int] = {}
        self._open: set[str] = set()

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:  # noqa: N803 (PyYAML's name)
        """The scanner looks ahead over every `[` / `{` of a flow collection (quadratic in their
        number): refuse at the first one too deep, before the lookahead runs away."""
        if self.flow_level >= MAX_DEPTH:
            raise YAMLRefused(self.get_mark(), f"nested deeper than {MAX_DEPTH} levels")
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]  # (unannotated in PyYAML's stubs)
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open:
                raise YAMLRefused(event.start_mark, f"alias *{event.anchor} repeats the node it is inside (a recursive structure)")
            node = super().compose_node(parent, index)
            self._alias_nodes += self._sizes.get(id(node), 1)
            if self._alias_nodes > MAX_ALIAS_NODES:
                raise YAMLRefused(event.start_mark, f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes (a billion-laughs document?)")
            return node
        collection = isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent))
        if collection:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise YAMLRefused(event.start_mark, f"nested deeper than {MAX_DEPTH} levels")
        anchor = getattr(event, "anchor", None)
        if anchor:
            self._open.add(anchor)
        node = super().compose_node(parent, index)
        if anchor:
            self._open.discard(anchor)
        if collection:
            self._depth -= 1
            self._sizes[id(node)] = 1 + sum(self._sizes.get(id(child), 1) for child in _children(node))
        return node


def _children(node: yaml.Node | None) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def parse_yaml(text: str) -> Any:
    """The YAML document in `text`, bounded; raises `yaml.YAMLError` (`YAMLRefused` when bounded)."""
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_yaml(text: str, file: str) -> Any:
    """The YAML document in `text` from `file`; a syntax error or a refusal names line and column."""
    try:
        return parse_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        kind = "refused" if isinstance(error, YAMLRefused) else "malformed"
        raise InputError(file, where, f"{kind} YAML: {getattr(error, 'problem', None) or error}") from None


def load_json(text: str, file: str) -> Any:
    """The JSON document in `text`, refused when nested deeper than MAX_DEPTH (json.JSONDecodeError
    passes through for the caller to report or repair)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError(file, "", f"refused JSON: nested deeper than {MAX_DEPTH} levels") from None
    check_depth(data, file)
    return data


def check_depth(data: Any, file: str) -> None:
    """Refuse parsed data nested deeper than MAX_DEPTH (walked without recursion), naming where."""
    pending: list[tuple[Any, int, str]] = [(data, 0, "$")]
    while pending:
        value, depth, path = pending.pop()
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        if depth >= MAX_DEPTH:
            raise InputError(file, path[:200], f"refused: nested deeper than {MAX_DEPTH} levels")
        for key, child in items:
            if isinstance(child, (dict, list)):
                pending.append((child, depth + 1, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"))


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """The text of `path`; a missing or undecodable file is an InputError."""
    try:
        return path.read_text(encoding=encoding)
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), "", f"cannot read: {error}") from None


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, bounded; a syntax error names file, line and reason."""
    return load_yaml(read_text(path), str(path))


def read_json(path: Path) -> Any:
    """Parse one JSON file, bounded and strict; a syntax error names file, line and column."""
    try:
        return load_json(read_text(path, "utf-8-sig"), str(path))
    except json.JSONDecodeError as error:
        raise _malformed(path, error) from None


# A string literal (skipped as a whole, so commas inside strings are never touched) or a comma
# followed only by whitespace before a closing bracket.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|,(?=\s*[\]}])', re.DOTALL)


def read_json_lenient(path: Path) -> tuple[Any, list[str]]:
    """Read a JSON SBOM the way real tools write them: the parsed document, and a notice for each
    trailing comma accepted.

    JSON forbids a comma before `]` or `}`, but generators that build JSON by hand emit them and
    public SBOMs carry them. Refusing such a file would refuse what organisations have, so the comma
    is dropped and reported. Any other malformation is an `InputError` with the line and column."""
    text = read_text(path, "utf-8-sig")
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


def validation_error(file: str, error: ValidationError, where: str | None = None) -> InputError:
    """The first problem pydantic found in what `file` says, as the field path and the reason; a
    reader that built the model from a place in the file (an SBOM element, a card's front matter)
    names that place as `where`, and the field path goes into the reason."""
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or "(top level)"
    reason = "unknown field" if first["type"] == "extra_forbidden" else first["msg"]
    if where is None:
        return InputError(file, location, reason)
    return InputError(file, where, f"{location}: {reason}")
