"""`kg import`, `kg lineage` and `kg demo`: bringing lineage in and looking at it."""

from pathlib import Path
from typing import Annotated, Any

import typer

from kg.analysis.report import md_escape, plural
from kg.cli.app import app, err, out
from kg.cli.choices import TextFormat
from kg.vocabulary import ImportFormat


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH...", help="kg manifests, Hugging Face cards or folders of them (a Hub cache), SPDX 3.0 JSON-LD, CycloneDX JSON.")],
    format: Annotated[ImportFormat | None, typer.Option("--format", help="The format of every PATH (default: detected per path).")] = None,
    repo_id: Annotated[str | None, typer.Option("--id", metavar="ORG/NAME", help="The Hub repository of a single card file.")] = None,
    repo_licenses: Annotated[Path | None, typer.Option(
        "--repo-licenses", metavar="FILE", help='PeaTMOSS only: GitHub licenses, {"owner/name": ["mit", ...] | null}.')] = None,
) -> None:
    """Import lineage: every file is read and checked first, then each is written in its own transaction."""
    from kg.cli.peatmoss import import_if_database
    from kg.cli.progress import database, progress
    from kg.lineage.importer import import_document
    from kg.loaders.formats import read as read_documents

    if import_if_database(paths, format.value if format else None, repo_licenses):
        return
    with progress(f"reading {plural(len(paths), 'path')}"):
        documents = read_documents(paths, format.value if format else None, repo_id)
    with database() as db:
        for number, document in enumerate(documents, 1):
            with progress(f"importing {document.file} ({number} of {len(documents)})"):
                summary = import_document(db, document)
            out().print(f"{summary.file} ({summary.format}): {plural(summary.works, 'work')}, "
                        f"{plural(summary.derivations, 'derivation')}, {plural(summary.edges, 'edge')}, "
                        f"{plural(summary.releases, 'release')}", highlight=False, soft_wrap=True, markup=False)
            for notice in document.notices:
                err().print(f"[yellow]notice:[/] {escape(notice)}", highlight=False, soft_wrap=True)


@app.command("lineage")
def lineage(
    work: Annotated[str, typer.Argument(metavar="WORK", help="A work id or alias.")],
    format: Annotated[TextFormat, typer.Option("--format", help="table: a tree; json: the rows; markdown: a nested list.")] = TextFormat.table,
) -> None:
    """Print what a work relies on, as a tree, with each work's license."""
    from kg.cli.progress import database
    from kg.errors import NotFound

    with database(ready=False) as db:
        rows = {row["id"]: row for row in db.read("lineage_tree", id=work)}
        unsettled = sorted(id_ for id_, row in rows.items() if not row["licenses"] and not row["declared"])
        reasons = {row["id"]: row["codes"] for row in db.read("cli_unsettled_works", ids=unsettled, codes=sorted(UNSETTLED))}
    if work not in rows:
        raise NotFound(f"no work {work!r} in the graph")
    for id_, codes in reasons.items():
        rows[id_]["unsettled"] = codes
    if format is TextFormat.json:
        import json

        print(json.dumps(list(rows.values()), indent=2, default=str))
        return

    steps = _walk(rows, work)
    if format is TextFormat.markdown:
        print("\n".join(f"{'  ' * depth}- {_label(row, edge, markup=False)}" for depth, row, edge in steps))
        return
    from rich.tree import Tree

    trunk = Tree(_label(rows[work], None, markup=True))
    branches = [trunk]
    for depth, row, edge in steps[1:]:
        del branches[depth:]
        branches.append(branches[depth - 1].add(_label(row, edge, markup=True)))
    out().print(trunk)


def _walk(rows: dict[str, dict[str, Any]], work: str) -> list[tuple[int, dict[str, Any], dict[str, Any] | None]]:
    """The tree in reading order as (depth, work row, edge to it); a work seen higher up the same branch is not expanded again."""
    steps: list[tuple[int, dict[str, Any], dict[str, Any] | None]] = [(0, rows[work], None)]

    def walk(work_id: str, seen: frozenset[str], depth: int) -> None:
        for edge in sorted(rows[work_id]["edges"], key=lambda e: (e["kind"], e["target"])):
            steps.append((depth, rows[edge["target"]], edge))
            if edge["target"] not in seen:
                walk(edge["target"], seen | {edge["target"]}, depth + 1)

    walk(work, frozenset({work}), 1)
    return steps


#: findings that leave a work without a license: shown in the tree instead of one
UNSETTLED = frozenset({"NO_LICENSE", "UNKNOWN_LICENSE", "AMBIGUOUS_LICENSE", "MULTIPLE_COPYLEFT", "LICENSE_CONFLICT",
                       "GNU_FREEDOM_CONFLICT", "CC_FREEDOM_CONFLICT", "RELICENSE_BLOCKED"})


def _license_label(row: dict[str, Any]) -> str:
    """The work's licenses; else why it has none (a conflict kg assess found), else that it was not assessed."""
    if row["licenses"] or row["declared"]:
        return ", ".join(row["licenses"]) or row["declared"]
    if row.get("unsettled"):
        return f"no license: {', '.join(row['unsettled'])} (see kg assess)"
    return "undetermined (run kg assess)"


def _label(row: dict[str, Any], edge: dict[str, Any] | None, markup: bool) -> str:
    licenses = _license_label(row)
    if not markup:
        via = f"{edge['kind']} {edge['activity']} → " if edge else ""
        return f"{via}**{md_escape(row['id'])}** ({row['type']}, {row['form']}) · {md_escape(licenses)}"
    via = f"[cyan]{escape(edge['kind'])}[/] {escape(edge['activity'])} → " if edge else ""
    return f"{via}[bold]{escape(row['id'])}[/] ({row['type']}, {row['form']}) · {escape(licenses)}"


@app.command("demo")
def demo() -> None:
    """Load the license KB and the ModelGo case studies, then print each release's assessment."""
    from kg.analysis.engine import assess
    from kg.analysis.report import print_verdict
    from kg.cli.progress import database, progress
    from kg.lineage.importer import import_manifest
    from kg.resources import resource_dir

    examples = sorted(resource_dir("examples").glob("case*.yaml"))
    with database() as db:
        with progress(f"importing {plural(len(examples), 'case-study manifest')}"):
            for file in examples:
                import_manifest(db, file)
        releases = db.read("release_list")
        for row in releases:
            with progress(f"assessing {row['work']}"):
                result = assess(db, row["work"], row["policy"], row["form"])
            out().rule(f"{row['work']} · {row['policy']}")
            print_verdict(out(), result, notices=False)
    out().print(f"{plural(len(releases), 'release')} from {plural(len(examples), 'case-study manifest')} assessed "
                "(notices hidden; see kg assess).", highlight=False)


def escape(text: str) -> str:
    """Text shown as is by rich (a license id like `[x]` is not markup)."""
    from rich.markup import escape as rich_escape

    return rich_escape(str(text))
