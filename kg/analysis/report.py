"""Render an assessment for a reader (a headline, then one block per finding), as JSON or as Markdown.

The reader's layout is wrapped here, at word boundaries only, to the console's width: a word, an
id or a purl is never broken (one longer than the line stays whole and the terminal folds it).
Markdown is built as plain text, whatever the terminal: one table row per line, cells escaped.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

from kg.analysis.codes import CODES
from kg.analysis.engine import Assessment, Finding
from kg.vocabulary import Policy, Severity, Status

STYLE: dict[str, str] = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTICE: "dim", Status.OK: "bold green"}
MAY: dict[str, str] = {Policy.PERSONAL: "use", Policy.SHARE: "share", Policy.SELL: "sell"}
LABEL_WIDTH = 11  # "  license  " and friends: the values start in one column


def plural(count: int, noun: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def counts(a: Assessment) -> str:
    """`2 errors, 1 warning, 5 notices` (kinds that occur only; `no findings` when none do)."""
    found = [plural(sum(f.severity == s for f in a.findings), s) for s in Severity
             if any(f.severity == s for f in a.findings)]
    return ", ".join(found) or "no findings"


def verdict(a: Assessment) -> str:
    """The headline: may the work be released under the policy, and how many findings say why."""
    may = MAY[a.policy]
    if a.status == Status.ERROR:
        return f"{a.work}: may NOT {may} as is ({counts(a)})"
    if not a.findings:
        return f"{a.work}: may {may} (no findings)"
    return f"{a.work}: may {may}, with the duties below ({counts(a)})"


def clause_text(clause: dict[str, str | None] | None, code: str | None = None) -> str | None:
    """`GPL-3.0-only § 7: "text"`, or `GPL-3.0-only (no clause cited)`; for a finding that rests on
    no clause, why (the code's `uncited`); None when there is neither."""
    if not clause:
        return CODES[code].uncited if code in CODES else None
    where = f"{clause.get('license') or '?'}"
    if clause.get("section"):
        where += f" {clause['section']}"
    if clause.get("text"):
        return f"{where}: \u201c{clause['text']}\u201d"
    return where if clause.get("section") else f"{where} (no clause cited)"


def path_lines(f: Finding) -> list[str]:
    """Every kept lineage path to the finding's work, the shortest first."""
    lines = [" > ".join(path) for path in f.paths]
    if f.more_paths:
        lines.append("\u2026 more paths")
    return lines


def to_json(assessments: list[Assessment]) -> str:
    return json.dumps([asdict(a) for a in assessments], indent=2)


# --- the reader's layout ---------------------------------------------------------------------------

def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Lines of at most `width` columns broken at spaces only; the first line is not indented."""
    return textwrap.wrap(
        text, width=max(width, indent + 20), subsequent_indent=" " * indent,
        break_long_words=False, break_on_hyphens=False,
    ) or [""]


def finding_lines(f: Finding, width: int) -> list[tuple[str, str | None]]:
    """One finding's block as (line, style) pairs: the code line, labelled facts, then the message."""
    lines: list[tuple[str, str | None]] = [(f"{f.severity.upper()} {f.code}", STYLE[f.severity])]
    facts = [("work", [f.work]), ("license", [", ".join(f.licenses) or "\u2014"])]
    clause = clause_text(f.clause, f.code)
    if clause:
        facts.append(("clause", [clause]))
    if f.paths:
        facts.append(("path", path_lines(f)))
    for label, values in facts:
        for number, value in enumerate(values):
            head = f"  {label:<{LABEL_WIDTH - 2}}" if number == 0 else " " * LABEL_WIDTH
            for line in wrap(head + value, width, LABEL_WIDTH):
                lines.append((line, None))
    lines.extend((line, None) for line in wrap("  " + f.message, width, 2))
    return lines


def verdict_lines(a: Assessment, width: int, notices: bool = True) -> list[tuple[str, str | None]]:
    """The whole verdict as (line, style) pairs, wrapped to `width`."""
    lines: list[tuple[str, str | None]] = [(line, STYLE[a.status]) for line in wrap(verdict(a), width, 2)]
    facts = (f"{a.policy} \u00b7 {a.form} form \u00b7 determined license: {', '.join(a.determined) or 'none'}"
             f" \u00b7 KB {a.kb_version}")
    lines.extend((line, "dim") for line in wrap(facts, width, 2))
    hidden = 0
    for f in a.findings:
        if f.severity == "notice" and not notices:
            hidden += 1
            continue
        lines.append(("", None))
        lines.extend(finding_lines(f, width))
    if hidden:
        lines.extend([("", None), (f"({plural(hidden, 'notice')} not shown)", "dim")])
    return lines


def print_verdict(console: Console, a: Assessment, notices: bool = True) -> None:
    """Print the verdict at the console's width; colours only when the console is a terminal."""
    from rich.text import Text

    for line, style in verdict_lines(a, console.width, notices):
        console.print(Text(line, style=style or ""), soft_wrap=True, highlight=False)


# --- Markdown ----------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<|])")


def md_escape(text: str) -> str:
    """Text that renders as itself in a Markdown table cell (one line; pipes and markup escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def md_code(text: str) -> str:
    """An id as inline code (kept greppable); a pipe inside is escaped for tables."""
    text = " ".join(str(text).split())
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


def md_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub table: cells already escaped, one row per line however long."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def to_markdown(a: Assessment) -> str:
    """One assessment as a Markdown section: headline, facts and a table of findings."""
    rows = [
        [
            f.severity, md_code(f.code), md_code(f.work), ", ".join(md_code(x) for x in f.licenses) or "\u2014",
            md_escape(clause_text(f.clause, f.code) or "\u2014"), md_escape(f.message),
            "<br>".join(md_escape(line) for line in path_lines(f)) or "\u2014",
        ]
        for f in a.findings
    ]
    lines = [
        f"## {md_escape(a.work)} \u2014 {a.policy}, {a.form} form: **{a.status}**", "",
        md_escape(verdict(a)), "",
        f"Determined license: {', '.join(md_code(x) for x in a.determined) or 'none'} \u00b7 knowledge base {md_escape(str(a.kb_version))}", "",
    ]
    if rows:
        lines.append(md_table(["severity", "code", "work", "license", "clause", "message", "path"], rows))
    return "\n".join(lines) + "\n"
