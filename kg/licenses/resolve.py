"""Resolve a declared license (a Hub id, an SPDX expression, a common spelling) to KB licenses.

    >>> resolve("MIT OR Apache-2.0").alternatives          # a choice: either applies
    [['MIT'], ['Apache-2.0']]
    >>> resolve("CC-BY-4.0 AND ODbL-1.0").alternatives     # both apply at once
    [['CC-BY-4.0', 'ODbL-1.0']]

How a name is matched, in order:

1. the whole string as one name (matched as a key is in 3 and 4), so "apache 2.0" or "llama3.1"
   resolve even though they are not SPDX expressions;
2. the Hub's generic family ids (`bsd`, `gpl`, `lgpl`, `cc`, `unknown`) become an `ambiguous`
   problem, and `other` is resolved through `license_name` when one is given;
3. otherwise the string is parsed as an SPDX-style expression with `license-expression`, and each
   license key in it is matched against the KB's ids and `aliases` in any case; a key the KB does
   not know is looked up in the ScanCode LicenseDB index bundled with `license-expression`: when
   that entry's SPDX key, ScanCode key or other SPDX keys name a KB license, the key resolves to it
   (e.g. `GPL-2.0+` is ScanCode `gpl-2.0-plus`, SPDX `GPL-2.0-or-later`); otherwise it is an
   `unknown` problem that carries the ScanCode category ("Permissive", "Proprietary Free", ...)
   when ScanCode knows it;
4. a name that matched nothing exactly (neither in the KB nor in ScanCode) is compared once more in
   a normalised form (`normalise`: case folded, `+` kept as "plus", every space and punctuation
   mark dropped) against the KB's names and the ScanCode index's keys, so `apache2.0` is ScanCode
   `apache-2.0` and `BigScience OpenRAIL-M` is ScanCode `bigscience-open-rail-m`. A normalised
   form that two different licenses share (in the KB or in ScanCode) matches neither: a spelling
   never resolves by guesswork.

Nothing here raises for a name it does not know: every failure is a `Problem` in the result.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import license_expression
from license_expression import ExpressionError, LicenseSymbol, LicenseWithExceptionSymbol, Licensing

from kg.licenses.catalog import Catalog, default_catalog

#: Hub ids that name a family of licenses, not one license: never resolvable to a single KB entry.
FAMILY_IDS: frozenset[str] = frozenset({"bsd", "gpl", "lgpl", "cc", "unknown"})
#: The Hub's "the license is in a LICENSE file; its name is in `license_name`" id.
OTHER_ID = "other"
#: Declared licenses a resolver remembers before it starts over.
MEMO_SIZE = 10_000
#: An expression whose OR-choices multiply past this many alternatives is reported, not expanded.
MAX_ALTERNATIVES = 64

ProblemKind = Literal["missing", "invalid", "ambiguous", "unknown"]


@dataclass(frozen=True)
class Problem:
    """Why (part of) a declared license did not resolve to the KB.

    kind: `missing` (nothing declared), `invalid` (not a parsable expression), `ambiguous` (a
    family id such as `bsd`, or `other` without a `license_name`), `unknown` (a license the KB
    does not hold; `category` and `scancode_key` say what ScanCode knows of it, if anything).
    """

    kind: ProblemKind
    name: str
    message: str
    category: str | None = None
    scancode_key: str | None = None

    def as_text(self) -> str:
        return f"{self.kind}: {self.message}"


@dataclass(frozen=True)
class Resolution:
    """A declared license resolved against the KB.

    `alternatives` is the expression in disjunctive normal form over KB ids: each inner list is one
    option whose licenses all apply together (AND); the options are alternatives (OR). An option
    that contains a name the KB could not resolve is left out and the name is reported in
    `problems`, so `ok` is true only when everything declared resolved. `exceptions` lists each
    `WITH` clause as "<KB id> WITH <exception>".
    """

    declared: str
    expression: str | None
    alternatives: list[list[str]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    license_name: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.alternatives)

    @property
    def licenses(self) -> list[str]:
        """Every KB id named by some alternative, in first-seen order."""
        return _unique(lid for option in self.alternatives for lid in option)

    @property
    def is_choice(self) -> bool:
        return len(self.alternatives) > 1

    def as_properties(self) -> dict[str, Any]:
        """Flat values a Neo4j node can hold (no nested lists): one string per alternative."""
        return {
            "declared": self.declared,
            "license_name": self.license_name,
            "expression": self.expression,
            "resolved": self.ok,
            "licenses": self.licenses,
            "alternatives": [" AND ".join(option) for option in self.alternatives],
            "exceptions": list(self.exceptions),
            "problems": [p.as_text() for p in self.problems],
            "problem_kinds": _unique(p.kind for p in self.problems),
            "unknown_categories": _unique(p.category for p in self.problems if p.category),
        }


@dataclass(frozen=True)
class ScanCodeEntry:
    key: str
    spdx_key: str | None
    other_spdx_keys: tuple[str, ...]
    category: str | None
    is_exception: bool

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.spdx_key, self.key, *self.other_spdx_keys) if n)


def _generic(name: str) -> str | None:
    """The Hub family id or `other` that `name` spells, in any case or punctuation; else None."""
    loose = normalise(name)
    return loose if loose in FAMILY_IDS or loose == OTHER_ID else None


_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def normalise(name: str) -> str:
    """A license name with case, spaces and punctuation ignored (`Apache 2.0`, `apache2.0` and
    `APACHE-2.0` all become `apache20`); `+` stays meaningful, since `GPL-2.0+` is not `GPL-2.0`."""
    return _NOT_ALNUM.sub("", name.casefold().replace("+", "plus"))


def _unambiguous(pairs: Any) -> dict[str, Any]:
    """(normalised name, value) pairs as a map, leaving out every name two different values share."""
    found: dict[str, Any] = {}
    shared: set[str] = set()
    for key, value in pairs:
        if key in found and found[key] != value:
            shared.add(key)
        found.setdefault(key, value)
    return {key: value for key, value in found.items() if key not in shared and key}


@cache
def normalised_scancode_index() -> dict[str, ScanCodeEntry]:
    """The ScanCode index keyed by `normalise`d key and SPDX keys, without ambiguous forms."""
    return _unambiguous((normalise(name), entry) for name, entry in scancode_index().items())


@cache
def scancode_index() -> dict[str, ScanCodeEntry]:
    """The ScanCode LicenseDB index shipped with license-expression, keyed by casefolded name."""
    path = Path(license_expression.__file__).parent / "data" / "scancode-licensedb-index.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # an install without the data file: resolution still works
        return {}
    index: dict[str, ScanCodeEntry] = {}
    for item in raw:
        entry = ScanCodeEntry(
            key=item["license_key"],
            spdx_key=item.get("spdx_license_key") or None,
            other_spdx_keys=tuple(item.get("other_spdx_license_keys") or ()),
            category=item.get("category") or None,
            is_exception=bool(item.get("is_exception")),
        )
        # the ScanCode key and the primary SPDX key win over another entry's "other" SPDX keys
        for name in (entry.key, entry.spdx_key):
            if name:
                index.setdefault(name.casefold(), entry)
    for entry in {id(e): e for e in index.values()}.values():
        for name in entry.other_spdx_keys:
            index.setdefault(name.casefold(), entry)
    return index


class Resolver:
    """Resolves declared licenses against one catalog (build once, call many times)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.names: dict[str, str] = {}
        for lic in catalog.licenses.values():
            for name in (lic.id, *lic.aliases):
                self.names.setdefault(name.strip().casefold(), lic.id)
        self.normalised_names: dict[str, str] = _unambiguous(
            (normalise(name), lic.id) for lic in catalog.licenses.values() for name in (lic.id, *lic.aliases)
        )
        self._licensing = Licensing()
        self._resolved: dict[tuple[str, str | None], Resolution] = {}

    # -- one name -------------------------------------------------------------------------------

    def lookup(self, name: str) -> str | None:
        """The KB id a single license name stands for (id, alias or ScanCode key, matched exactly,
        then in `normalise`d form), or None."""
        if _generic(name):
            return None
        key = name.strip().casefold()
        if key in self.names:
            return self.names[key]
        entry = scancode_index().get(key)
        if entry is not None:  # ScanCode knows this exact name: a looser spelling must not override it
            return self._through_scancode(entry)
        loose = normalise(name)
        return self.normalised_names.get(loose) or self._through_scancode(normalised_scancode_index().get(loose))

    def _through_scancode(self, entry: ScanCodeEntry | None) -> str | None:
        """The KB license a ScanCode entry's SPDX key, ScanCode key or other SPDX keys name."""
        for candidate in entry.names if entry is not None else ():
            found = self.names.get(candidate.casefold())
            if found:
                return found
        return None

    def _symbol(self, name: str) -> tuple[str | None, Problem | None]:
        generic = _generic(name)
        if generic in FAMILY_IDS:
            what = "no license was declared" if generic == "unknown" else f"{name!r} names a family of licenses, not one license"
            return None, Problem("ambiguous", name, f"{what}: the exact license cannot be told")
        if generic == OTHER_ID:
            return None, Problem(
                "ambiguous", name, "'other' without a license_name: the license is only in the repository's own LICENSE file"
            )
        found = self.lookup(name)
        if found:
            return found, None
        entry = scancode_index().get(name.strip().casefold()) or normalised_scancode_index().get(normalise(name))
        if entry is not None:
            what = f"ScanCode {entry.key!r}" + (f" ({entry.category})" if entry.category else "")
            return None, Problem(
                "unknown", name, f"{name!r} is not in the knowledge base; it is {what}",
                category=entry.category, scancode_key=entry.key,
            )
        return None, Problem("unknown", name, f"{name!r} is neither in the knowledge base nor a license ScanCode knows")

    # -- a declared license ---------------------------------------------------------------------

    def resolve(self, declared: str | None, license_name: str | None = None) -> Resolution:
        """Memoised: an import of a million works declares a few hundred distinct licenses. The memo
        is bounded, since a long-running `kg serve` may be sent any text."""
        key = (declared or "", license_name)
        found = self._resolved.get(key)
        if found is None:
            if len(self._resolved) >= MEMO_SIZE:
                self._resolved.clear()
            found = self._resolved[key] = self._resolve(declared, license_name)
        return found

    def _resolve(self, declared: str | None, license_name: str | None) -> Resolution:
        text = (declared or "").strip()
        name = (license_name or "").strip() or None
        if not text:
            return Resolution(declared="", expression=None, license_name=name,
                              problems=[Problem("missing", "", "no license is declared")])
        # the Hub's `other`: the license's own name is in `license_name`
        inner = self._resolve_text(name if text.casefold() == OTHER_ID and name else text)
        return Resolution(declared=text, expression=inner.expression, alternatives=inner.alternatives,
                          exceptions=inner.exceptions, problems=inner.problems, license_name=name)

    def _resolve_text(self, text: str) -> Resolution:
        whole = self.lookup(text)
        if whole:
            return Resolution(declared=text, expression=whole, alternatives=[[whole]])
        try:
            parsed = self._licensing.parse(text)
        except ExpressionError as error:
            return Resolution(declared=text, expression=None,
                              problems=[Problem("invalid", text, f"{text!r} is not a license expression: {error}")])
        except Exception as error:  # noqa: BLE001 - the parser's own bugs must not crash an import
            return Resolution(declared=text, expression=None,
                              problems=[Problem("invalid", text, f"{text!r} could not be parsed: {error}")])
        if parsed is None:
            return Resolution(declared=text, expression=None, problems=[Problem("missing", text, "no license is declared")])
        problems: list[Problem] = []
        exceptions: list[str] = []
        resolved: dict[str, str | None] = {}

        def symbol(sym: Any) -> str:
            """Resolve one leaf; return its normalised text."""
            if isinstance(sym, LicenseWithExceptionSymbol):
                base = symbol(sym.license_symbol)
                exception = _exception_name(sym.exception_symbol.key)
                if resolved.get(sym.license_symbol.key):
                    exceptions.append(f"{base} WITH {exception}")
                return f"{base} WITH {exception}"
            key = sym.key
            if key not in resolved:
                found, problem = self._symbol(key)
                resolved[key] = found
                if problem and all(p.name != problem.name for p in problems):
                    problems.append(problem)
            return resolved[key] or key

        expression = _render(parsed, symbol, self._licensing)
        try:
            options = _alternatives(parsed, resolved, self._licensing)
        except _TooComplex:
            return Resolution(declared=text, expression=expression, exceptions=_unique(exceptions),
                              problems=[*problems, Problem("invalid", text, f"more than {MAX_ALTERNATIVES} alternatives")])
        return Resolution(declared=text, expression=expression, alternatives=options,
                          exceptions=_unique(exceptions), problems=problems)


def resolve(declared: str | None, license_name: str | None = None, catalog: Catalog | None = None) -> Resolution:
    """Resolve `declared` (and, for the Hub's `other`, `license_name`) against the KB."""
    return resolver(catalog or default_catalog()).resolve(declared, license_name)


_RESOLVERS: dict[int, Resolver] = {}


def resolver(catalog: Catalog) -> Resolver:
    """A cached resolver for this catalog object."""
    found = _RESOLVERS.get(id(catalog))
    if found is None or found.catalog is not catalog:
        found = _RESOLVERS[id(catalog)] = Resolver(catalog)
    return found


# -- expression helpers -----------------------------------------------------------------------------


class _TooComplex(Exception):
    pass


def _exception_name(key: str) -> str:
    entry = scancode_index().get(key.casefold())
    if entry is not None and entry.is_exception and entry.spdx_key:
        return entry.spdx_key
    return key


def _render(node: Any, symbol: Callable[[Any], str], licensing: Licensing, parent: str | None = None) -> str:
    if isinstance(node, (LicenseSymbol, LicenseWithExceptionSymbol)):
        return symbol(node)
    operator = "AND" if isinstance(node, licensing.AND) else "OR"
    text = f" {operator} ".join(_render(arg, symbol, licensing, operator) for arg in node.args)
    return f"({text})" if parent is not None and parent != operator else text


def _alternatives(node: Any, resolved: dict[str, str | None], licensing: Licensing) -> list[list[str]]:
    """Disjunctive normal form over KB ids; options holding an unresolved name are dropped."""

    def walk(n: Any) -> list[list[str | None]]:
        if isinstance(n, LicenseWithExceptionSymbol):
            return [[resolved.get(n.license_symbol.key)]]
        if isinstance(n, LicenseSymbol):
            return [[resolved.get(n.key)]]
        parts = [walk(arg) for arg in n.args]
        if isinstance(n, licensing.OR):
            options = [option for part in parts for option in part]
        else:
            options = [[lid for option in combo for lid in option] for combo in itertools.product(*parts)]
        if len(options) > MAX_ALTERNATIVES:
            raise _TooComplex
        return options

    options: list[list[str]] = []
    for option in walk(node):
        if any(lid is None for lid in option):
            continue
        cleaned = _unique(lid for lid in option if lid is not None)
        if cleaned not in options:
            options.append(cleaned)
    return options


def _unique(items: Any) -> list[Any]:
    return list(dict.fromkeys(items))


@cache
def hub_license_ids() -> tuple[dict[str, Any], ...]:
    """The Hub's license identifiers (`loaders/hub_license_ids.yaml`): id, name, expected KB id."""
    import yaml

    from kg.resources import resource_dir

    path = resource_dir("loaders") / "hub_license_ids.yaml"
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8"))["hub_license_ids"])
