"""`kg pin` / `kg unpin`: settle which license the engine uses for a work when sources disagree."""

from typing import Annotated

import typer

from kg.cli.app import app, out


@app.command("pin")
def pin(
    work: Annotated[str, typer.Argument(help="A work id or alias.")],
    license_: Annotated[str, typer.Argument(metavar="LICENSE", help="A KB id, Hub id or SPDX expression.")],
) -> None:
    """Use LICENSE for WORK whatever its sources claim (kept across re-imports; `kg unpin` undoes it)."""
    from kg.cli.progress import database
    from kg.lineage.claims import pin as pin_license

    with database() as db:
        row = pin_license(db, work, license_)
    out().print(f"{row['work']}: pinned to {license_}", highlight=False)


@app.command("unpin")
def unpin(work: Annotated[str, typer.Argument(help="A work id or alias.")]) -> None:
    """Go back to the most restrictive license the sources claim for WORK."""
    from kg.cli.progress import database
    from kg.lineage.claims import pin as pin_license

    with database() as db:
        row = pin_license(db, work, None)
    out().print(f"{row['work']}: unpinned; kg uses {row['license_expression'] or 'no license (none claimed)'}", highlight=False)
