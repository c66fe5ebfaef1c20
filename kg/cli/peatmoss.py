"""`kg import PeaTMOSS.db [--repo-licenses FILE]`: the streamed import, with progress on a terminal."""

from __future__ import annotations

import time
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.cli.app import err, out
from kg.db import connect
from kg.errors import InputError
from kg.lineage.importer import ImportSummary
from kg.loaders.formats import detect
from kg.loaders.peatmoss import Part, import_database, open_peatmoss, read_repo_licenses, totals
from kg.prepare import prepare
from kg.vocabulary import ImportFormat


def import_if_database(paths: list[Path], fmt: str | None, repo_licenses: Path | None) -> bool:
    """Import `paths` when they are a PeaTMOSS database and say so; False for any other input.
    The database and the license map are checked before anything is written."""
    if fmt != ImportFormat.PEATMOSS and not (fmt is None and len(paths) == 1 and paths[0].is_file() and detect(paths[0]) == ImportFormat.PEATMOSS):
        if repo_licenses is not None:
            raise InputError("--repo-licenses", "", "is for a PeaTMOSS database (kg import --format peatmoss PeaTMOSS.db)")
        return False
    if len(paths) != 1:
        raise InputError(str(paths[0]), "", "a PeaTMOSS database is imported on its own: give exactly one file")
    path = paths[0]
    licenses = read_repo_licenses(repo_licenses) if repo_licenses is not None else None
    with open_peatmoss(path) as connection:
        models, links = totals(connection)
    with connect() as db:
        prepare(db)
        started = time.perf_counter()
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err(), transient=True) as progress:
            model_task = progress.add_task("models", total=models)
            link_task = progress.add_task("model→repository links", total=links)

            def advance(part: Part, _: ImportSummary) -> None:
                progress.advance(model_task, part.models)
                progress.advance(link_task, part.links)
                for notice in part.document.notices:
                    err().print(f"[yellow]notice:[/] {notice}", highlight=False, soft_wrap=True)

            summary = import_database(db, path, licenses, advance)
        elapsed = time.perf_counter() - started
    out().print(f"{path} (peatmoss): {summary.models} models, {summary.repositories} repositories, {summary.links} "
                  f"model→repository links in {len(summary.documents)} sources, {elapsed:.1f} s "
                  f"({summary.links / elapsed if elapsed else 0:,.0f} links/s)", highlight=False, soft_wrap=True)
    if licenses is None:
        err().print("[yellow]notice:[/] no --repo-licenses: every repository declares no license (PeaTMOSS stores none)",
                          highlight=False, soft_wrap=True)
    return True
