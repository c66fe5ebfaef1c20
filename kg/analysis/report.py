"""Render an assessment as a rich table, JSON or Markdown."""

from __future__ import annotations

import json
from dataclasses import asdict

from rich.console import Console
from rich.table import Table

from kg.analysis.engine import Assessment, Finding

STYLE = {"error": "bold red", "warning": "yellow", "notice": "dim", "ok": "bold green"}


def verdict(a: Assessment) -> str:
    may = {"personal": "use", "share": "share", "sell": "sell"}[a.policy]
    if a.status == "error":
        return f"{a.work}: may NOT {may} as is ({len(a.errors())} errors)"
    return f"{a.work}: may {may}, with the duties below"


def explanation(f: Finding, separator: str) -> str:
    """Every kept lineage path to the finding's work, one per line (the shortest first)."""
    lines = [" > ".join(path) for path in f.paths]
    if f.more_paths:
        lines.append("… more paths")
    return separator.join(lines)


def to_json(assessments: list[Assessment]) -> str:
    return json.dumps([asdict(a) for a in assessments], indent=2)


def to_markdown(a: Assessment) -> str:
    lines = [
        f"## {a.work} — {a.policy}, {a.form} form: **{a.status}**", "",
        f"Determined license: {', '.join(a.determined) or 'none'} · knowledge base {a.kb_version}", "",
        "| severity | code | work | license | detail | path |", "|---|---|---|---|---|---|",
    ]
    for f in a.findings:
        lines.append(f"| {f.severity} | {f.code} | {f.work} | {', '.join(f.licenses)} | {f.message} | {explanation(f, '<br>')} |")
    return "\n".join(lines) + "\n"


def print_table(console: Console, a: Assessment, notices: bool = True) -> None:
    console.print(f"[{STYLE[a.status]}]{verdict(a)}[/]")
    console.print(f"determined license: [bold]{', '.join(a.determined) or 'none'}[/] · KB {a.kb_version}")
    table = Table(show_lines=False, expand=False)
    for column in ("severity", "code", "work", "license", "message", "path"):
        table.add_column(column, overflow="fold")
    for f in a.findings:
        if f.severity == "notice" and not notices:
            continue
        table.add_row(f"[{STYLE[f.severity]}]{f.severity}[/]", f.code, f.work, ", ".join(f.licenses), f.message, explanation(f, "\n"))
    console.print(table)
