"""Parse YAML and JSON written by strangers without letting them choose how much memory kg spends.

A 1 KB card can hold a billion-laughs YAML (aliases of aliases, 10^9 nodes once expanded) or
brackets nested 10,000 deep (a RecursionError in any parser or walker). Every reader parses
through here: YAML aliases may add at most MAX_ALIAS_NODES nodes in all, nesting is at most
MAX_DEPTH levels in either language, and `brief` bounds what a message shows of a value. Refusals
are one `InputError` naming the file and place.
"""

from __future__ import annotations

import json
import reprlib
from typing import Any

import yaml

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

    def __init__(self, mark: yaml.Mark | None, reason: str) -> None:
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
        super().fetch_flow_collection_start(TokenClass)  # type: ignore[misc]

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
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
            children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
            self._sizes[id(node)] = 1 + sum(self._sizes.get(id(child), 1) for child in children)
        return node


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
