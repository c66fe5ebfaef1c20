"""`kg import`, `kg assess`, `kg lineage`, `kg demo` and `kg cypher`: the analysis commands."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress
from rich.table import Table
from rich.tree import Tree

from kg.analysis.engine import assess
from kg.analysis.report import print_table, to_json, to_markdown
from kg.cli.app import app, console, err_console
from kg.db import connect
from kg.errors import KgError, NotFound
from kg.lineage.importer import import_document, import_manifest
from kg.loaders.formats import read as read_documents
from kg.prepare import prepare
from kg.resources import resource_dir


class Policy(str, Enum):
    personal = "personal"
    share = "share"
    sell = "sell"


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class SourceFormat(str, Enum):
    kg = "kg"
    hf = "hf"
    spdx = "spdx"
    cyclonedx = "cyclonedx"
    peatmoss = "peatmoss"


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="kg manifests, Hugging Face cards or folders of them (a Hub cache), SPDX 3.0 JSON-LD, CycloneDX JSON.")],
    format: Annotated[SourceFormat | None, typer.Option("--format", help="The format of every PATH (default: detected per path).")] = None,
    repo_id: Annotated[str | None, typer.Option("--id", metavar="ORG/NAME", help="The Hub repository of a single card file.")] = None,
    repo_licenses: Annotated[Path | None, typer.Option("--repo-licenses", metavar="FILE", help='PeaTMOSS only: GitHub licenses, {"owner/name": ["mit", ...] | null}.')] = None,
) -> None:
    """Import lineage: every file is read and checked first, then each is written in its own transaction."""
    from kg.cli.peatmoss import import_if_database

    if import_if_database(paths, format.value if format else None, repo_licenses):
        return
    documents = read_documents(paths, format.value if format else None, repo_id)
    with connect() as db:
        prepare(db)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("importing", total=len(documents))
            for document in documents:
                summary = import_document(db, document)
                progress.advance(task)
                console.print(f"{summary.file} ({summary.format}): {summary.works} works, {summary.derivations} derivations, "
                              f"{summary.edges} edges, {summary.releases} releases", highlight=False, soft_wrap=True)
                for notice in document.notices:
                    err_console.print(f"[yellow]notice:[/] {notice}", highlight=False, soft_wrap=True)


@app.command("assess")
def assess_(
    work: str,
    policy: Annotated[Policy, typer.Option(help="What you intend to do with the work.")] = Policy.share,
    form: Annotated[str | None, typer.Option(help="Release form raw|binary|saas (default: the work's).")] = None,
    format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """Assess a work for a release policy. Exits 1 when there are errors (a release gate for CI)."""
    if form not in (None, "raw", "binary", "saas"):
        raise KgError(f"--form must be raw, binary or saas, not {form!r}")
    with connect() as db:
        prepare(db)
        result = assess(db, work, policy.value, form)
    if format is Format.json:
        console.print_json(to_json([result]))
    elif format is Format.markdown:
        console.print(to_markdown(result), markup=False, highlight=False)
    else:
        print_table(console, result)
    if result.status == "error":
        raise typer.Exit(1)


@app.command("lineage")
def lineage(work: str) -> None:
    """Print what a work relies on, as a tree, with each work's license."""
    with connect() as db:
        rows = {row["id"]: row for row in db.read("lineage_tree", id=work)}
    if work not in rows:
        raise NotFound(f"no work {work!r} in the graph")

    def label(row: dict[str, Any], edge: dict[str, Any] | None) -> str:
        licenses = ", ".join(row["licenses"]) or row["declared"] or "undetermined (run kg assess)"
        via = f"[cyan]{edge['kind']}[/] {edge['activity']} → " if edge else ""
        return f"{via}[bold]{row['id']}[/] ({row['type']}, {row['form']}) · {licenses}"

    def grow(node: Tree, work_id: str, seen: frozenset[str]) -> None:
        for edge in sorted(rows[work_id]["edges"], key=lambda e: (e["kind"], e["target"])):
            child = node.add(label(rows[edge["target"]], edge))
            if edge["target"] not in seen:
                grow(child, edge["target"], seen | {edge["target"]})

    tree = Tree(label(rows[work], None))
    grow(tree, work, frozenset({work}))
    console.print(tree)


@app.command("demo")
def demo() -> None:
    """Load the license KB and the ModelGo case studies, then print each release's assessment."""
    examples = sorted(resource_dir("examples").glob("case*.yaml"))
    with connect() as db:
        prepare(db)
        for file in examples:
            import_manifest(db, file)
        releases = db.read("release_list")
        for row in releases:
            result = assess(db, row["work"], row["policy"], row["form"])
            console.rule(f"{row['work']} · {row['policy']}")
            print_table(console, result, notices=False)
    console.print(f"{len(releases)} releases from {len(examples)} case-study manifests assessed (notices hidden; see kg assess).")


@app.command("cypher")
def cypher(
    query: Annotated[str, typer.Argument(help="A Cypher query, or a path to a .cypher file.")],
    param: Annotated[list[str], typer.Option("--param", "-p", help="name=value (JSON values allowed).")] = [],  # noqa: B006
    format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Run an analyst's query with read access: Neo4j itself refuses any write."""
    text = Path(query).read_text(encoding="utf-8") if query.endswith(".cypher") and Path(query).is_file() else query
    params = dict(_param(p) for p in param)
    with connect() as db:
        rows = db.read_tx(lambda tx: tx.run_text(text, params))
    if format is Format.json:
        console.print_json(json.dumps(rows, default=str))
        return
    table = Table()
    for column in rows[0].keys() if rows else ["(no rows)"]:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(json.dumps(v, default=str) if not isinstance(v, str) else v for v in row.values()))
    console.print(table)


def _param(text: str) -> tuple[str, Any]:
    name, sep, value = text.partition("=")
    if not sep:
        raise KgError(f"--param takes name=value, not {text!r}")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value
