"""`kg cypher`: an analyst's query against the graph, read-only."""

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.cli.app import app, out
from kg.cli.choices import TextFormat
from kg.errors import KgError


@app.command("cypher")
def cypher(
    query: Annotated[str, typer.Argument(metavar="QUERY", help="A Cypher query, or a path to a .cypher file.")],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", metavar="NAME=VALUE", help="A query parameter (JSON values allowed); repeat for more.")] = None,
    format: Annotated[TextFormat, typer.Option("--format", help="table; json; markdown: a Markdown table.")] = TextFormat.table,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds the query may run before Neo4j stops it.")] = 60.0,
) -> None:
    """Run an analyst's query that only reads the graph.

    Decided from Neo4j's plan of the query: writes, LOAD CSV, administration commands and
    procedures other than a few schema readers are refused. Ctrl-C stops the query."""
    from kg.cli.progress import database, progress
    from kg.readonly import run_read_only

    text = Path(query).read_text(encoding="utf-8") if query.endswith(".cypher") and Path(query).is_file() else query
    params = dict(_param(p) for p in param or [])
    with database(ready=False) as db, progress("running the query"):
        rows = run_read_only(db, text, params, timeout)
    _print(rows, format)


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _print(rows: list[dict[str, Any]], format: TextFormat) -> None:
    if format is TextFormat.json:
        sys.stdout.write(json.dumps(rows, indent=2, default=str) + "\n")
        return
    columns = list(rows[0].keys()) if rows else []
    if format is TextFormat.markdown:
        from kg.analysis.report import md_escape, md_table

        if columns:
            sys.stdout.write(md_table([md_escape(c) for c in columns], [[md_escape(_cell(v)) for v in row.values()] for row in rows]) + "\n")
        else:
            sys.stdout.write("(no rows)\n")
        return
    from rich.table import Table
    from rich.text import Text

    table = Table()
    for column in columns or ["(no rows)"]:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(_cell(v)) for v in row.values()))
    out().print(table)


def _param(text: str) -> tuple[str, Any]:
    name, sep, value = text.partition("=")
    if not sep:
        raise KgError(f"--param takes name=value, not {text!r}")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value
