"""`kg export`: write a lineage out of the graph as a kg manifest or a CycloneDX 1.6/1.7 ML-BOM."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app, err
from kg.errors import KgError


class ExportFormat(StrEnum):
    kg = "kg"
    cyclonedx = "cyclonedx"


@app.command("export")
def export(
    works: Annotated[list[str] | None, typer.Argument(metavar="WORK...", help="Works whose upstream lineage to export.")] = None,
    everything: Annotated[bool, typer.Option("--all", help="Export the whole graph.")] = False,
    format: Annotated[ExportFormat, typer.Option(
        "--format", help="kg: the lossless manifest; cyclonedx: an ML-BOM with kg's verdict.")] = ExportFormat.kg,
    out: Annotated[Path | None, typer.Option("--out", help="File to write (default: standard output).")] = None,
    spec_version: Annotated[str, typer.Option("--spec-version", help="CycloneDX version of the BOM: 1.6 or 1.7.")] = "1.6",
) -> None:
    """Export the lineage of WORKs (or --all): re-importing the output rebuilds the same graph."""
    if not works and not everything:
        raise KgError("name the works to export, or give --all")
    import json

    import yaml

    from kg.cli.progress import database
    from kg.export import lineage
    from kg.export.cyclonedx import to_cyclonedx
    from kg.export.manifest import to_manifest

    with database(ready=False) as db:
        exported = lineage(db, works or [], everything)
    if format is ExportFormat.cyclonedx:
        text = json.dumps(to_cyclonedx(exported, spec_version), indent=2) + "\n"
    else:
        data = to_manifest(exported).model_dump(exclude_defaults=True)
        as_json = out is not None and out.suffix.lower() == ".json"
        text = json.dumps(data, indent=2) + "\n" if as_json else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        err().print(f"{out}: {len(exported)} works ({format.value})", highlight=False)
