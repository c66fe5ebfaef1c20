"""`kg report`: what a whole import says at a glance — works by license category, findings by code,
the worst releases — from the graph and the stored assessments; `--assess` assesses every release first."""

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.app import app, err, out

if TYPE_CHECKING:
    from kg.analysis.summary import Summary

TOP = 10  # releases listed by default


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("report")
def report(
    assess: Annotated[bool, typer.Option("--assess", help="Assess every recorded release first (can take minutes on a large import).")] = False,
    top: Annotated[int, typer.Option("--top", min=1, help="How many of the worst releases to list.")] = TOP,
    format: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = ReportFormat.table,
) -> None:
    """Summarise the whole graph: license categories, findings by code, the worst releases."""
    from kg.analysis.summary import summarise
    from kg.cli.progress import database

    with database() as db:
        if assess:
            from kg.analysis.engine import assess_all

            with err().status("assessing every release"):
                assessed = len(assess_all(db))
            err().print(f"assessed {assessed} releases", highlight=False)
        summary = summarise(db, top)
    if format is ReportFormat.json:
        out().print_json(json.dumps(summary.as_dict()))
    else:
        print_summary(summary)


def print_summary(summary: "Summary") -> None:
    from rich.table import Table

    statuses = ", ".join(f"{count} {status}" for status, count in summary.by_status.items()) or "none stored"
    out().print(f"[bold]{summary.works}[/] works from {summary.sources} sources · {summary.releases} releases · "
                f"assessments: {statuses}", highlight=False)
    if summary.unassessed:
        out().print(f"[yellow]{summary.unassessed} releases have no assessment yet: kg report --assess[/]", highlight=False)

    categories = Table(title="Works by declared license category", title_justify="left")
    types = sorted({row["type"] for row in summary.categories})
    names = list(dict.fromkeys(row["category"] for row in sorted(summary.categories, key=lambda r: -r["works"])))
    counts = {(row["type"], row["category"]): row["works"] for row in summary.categories}
    categories.add_column("category")
    for name in types:
        categories.add_column(name, justify="right")
    for name in names:
        categories.add_row(name, *(str(counts.get((t, name), "")) for t in types))
    out().print(categories)

    findings = Table(title="Findings by code (stored assessments)", title_justify="left")
    for column, justify in (("severity", "left"), ("code", "left"), ("findings", "right"), ("releases", "right"), ("works", "right")):
        findings.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in summary.findings:
        findings.add_row(row["severity"], row["code"], str(row["findings"]), str(row["releases"]), str(row["works"]))
    out().print(findings)

    out().print(f"[bold]The {len(summary.worst)} releases with the most errors[/]", highlight=False)
    for rank, row in enumerate(summary.worst, 1):
        out().print(f"{rank}. {row['work']} ({row['policy']}, {row['form']}): {row['status']}, {row['errors']} errors, "
                      f"{row['warnings']} warnings; determined license: {', '.join(row['determined']) or 'none'}",
                      highlight=False, markup=False)
        for cause in row["causes"]:
            shown = ", ".join(cause["works"][:3]) + (f" and {len(cause['works']) - 3} more" if len(cause["works"]) > 3 else "")
            out().print(f"     {cause['code']}: {shown}", highlight=False, markup=False)
