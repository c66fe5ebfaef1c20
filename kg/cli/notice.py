"""`kg notice`: write the compliance pack a release must ship (NOTICE, license texts, restrictions)."""

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app, err, out
from kg.vocabulary import Form, Policy


@app.command("notice")
def notice(
    work: Annotated[str, typer.Argument(metavar="WORK", help="The work to release (id or alias).")],
    folder: Annotated[Path, typer.Option("--out", metavar="DIR", help="A new or empty folder to write the pack into.")],
    policy: Annotated[Policy, typer.Option(help="What you intend to do with the work.")] = Policy.SHARE,
    form: Annotated[Form | None, typer.Option(help="Release form (default: the work's own).", show_default=False)] = None,
) -> None:
    """Write WORK's compliance pack: NOTICE, LICENSES/, USE-RESTRICTIONS.md, CHANGES.md, MODEL-CARD-LICENSE.md.

    Built from the duties the assessment finds. Exits 1 (and says so in the pack) when the release
    has errors: the pack is then a draft."""
    from kg.analysis.engine import assess
    from kg.analysis.notice import build_pack, write_pack
    from kg.cli.progress import database, progress
    from kg.licenses.catalog import default_catalog
    from kg.licenses.texts import license_text

    with database() as db:
        with progress(f"assessing {work}"):
            result = assess(db, work, policy.value, form.value if form else None)
        upstream = sorted({row["id"] for row in db.read("lineage_tree", id=result.work)})
        works = {row["id"]: row for row in db.read("notice_works", ids=upstream)}
    with progress("collecting license texts"):
        pack = build_pack(result, works, default_catalog(), license_text)
    write_pack(pack, folder)
    out().print(f"{folder}: {len(pack.files)} files for {result.work} ({result.policy}, {result.form} form)",
                highlight=False, soft_wrap=True, markup=False)
    for lic in pack.missing_texts:
        err().print(f"warning: kg holds no text of {lic}: add it to {folder}/LICENSES/ (NOTICE says where to find it)",
                    highlight=False, soft_wrap=True, markup=False)
    if result.status == "error":
        err().print(f"warning: {result.work} has errors (kg assess {result.work}): the pack is a draft",
                    highlight=False, soft_wrap=True, markup=False)
        raise typer.Exit(1)
