"""`kg assess`: the verdict on a release, for a reader, a program (JSON), a document (Markdown) or CI (SARIF)."""

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.app import app, out
from kg.errors import KgError
from kg.vocabulary import Form, Policy

if TYPE_CHECKING:
    from kg.analysis.engine import Assessment
    from kg.db import Database


class AssessFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"


@app.command("assess")
def assess_(
    work: Annotated[str | None, typer.Argument(metavar="WORK", help="A work id or alias (or --all).", show_default=False)] = None,
    policy: Annotated[Policy | None, typer.Option(help="What you intend to do with the work (default: share).", show_default=False)] = None,
    form: Annotated[Form | None, typer.Option(help="Release form (default: the work's own).", show_default=False)] = None,
    everything: Annotated[bool, typer.Option("--all", help="Assess every release the imports recorded, each with its own policy and form.")] = False,
    format: Annotated[AssessFormat, typer.Option(
        "--format", help="table: for reading; json; markdown: for a document; sarif: SARIF 2.1.0 for CI.")] = AssessFormat.table,
) -> None:
    """Assess a work for a release policy (or every recorded release). Exits 1 when there are errors: a release gate for CI."""
    if (work is None) == (not everything):
        raise KgError("name one WORK to assess, or give --all (not both)")
    if everything and (policy or form):
        raise KgError("--all assesses each recorded release with its own policy and form: drop --policy and --form")
    from kg.analysis.engine import assess, assess_all
    from kg.cli.progress import database, progress

    with database() as db:
        if everything:
            with progress("assessing every release"):
                results = assess_all(db)
        else:
            assert work is not None
            with progress(f"assessing {work}"):
                results = [assess(db, work, (policy or Policy.SHARE).value, form.value if form else None)]
        sources = _sources(db, results) if format is AssessFormat.sarif else {}
    _print(results, format, sources)
    if any(result.status == "error" for result in results):
        raise typer.Exit(1)


def _sources(db: "Database", results: list["Assessment"]) -> dict[str, list[str]]:
    """The files that claimed each work the findings name (SARIF points at them)."""
    from kg.analysis.sarif import works_of

    rows = db.read("claims_of_works", ids=works_of(results))
    return {row["id"]: sorted({claim["file"] for claim in row["claims"]}) for row in rows}


def _print(results: list["Assessment"], format: AssessFormat, sources: dict[str, list[str]]) -> None:
    from kg.analysis import report

    if format is AssessFormat.json:
        sys.stdout.write(report.to_json(results) + "\n")
    elif format is AssessFormat.sarif:
        import json

        from kg.analysis.sarif import to_sarif

        sys.stdout.write(json.dumps(to_sarif(results, sources), indent=2) + "\n")
    elif format is AssessFormat.markdown:
        sys.stdout.write("\n".join(report.to_markdown(result) for result in results))
    else:
        for number, result in enumerate(results):
            if number:
                out().print()
            report.print_verdict(out(), result)
        if len(results) != 1:
            failed = sum(result.status == "error" for result in results)
            out().print(f"\n{report.plural(len(results), 'release')} assessed, {failed} with errors", highlight=False)
