"""`kg licenses load | list | show | check | resolve`: the license knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kg.cli.app import app, console, err_console
from kg.errors import NotFound
from kg.licenses.catalog import Catalog, default_catalog, load_catalog
from kg.licenses.check import check_files
from kg.licenses.resolve import resolver
from kg.licenses.schema import License

licenses_app = typer.Typer(
    name="licenses",
    help="The license knowledge base: load it into Neo4j, list, show, check and resolve licenses.",
    no_args_is_help=True,
)
app.add_typer(licenses_app, name="licenses")

KbDir = Annotated[
    Path | None,
    typer.Option("--kb", help="Folder of license YAML files (default: the KB shipped with kg).", show_default=False),
]


def _catalog(kb: Path | None) -> Catalog:
    return load_catalog(kb) if kb else default_catalog()


@licenses_app.command()
def load(kb: KbDir = None) -> None:
    """Load the KB into Neo4j (idempotent: a changed KB is updated in place, the same KB changes nothing)."""
    from kg.db import connect
    from kg.licenses.graph import load_kb

    catalog = _catalog(kb)
    with connect() as db:
        db.apply_schema()
        report = load_kb(db, catalog)
    detail = ", ".join(
        f"{name.removeprefix('kb_')}: " + " ".join(f"{k} {v}" for k, v in counts.items() if v)
        for name, counts in report.changes.items()
        if any(counts.values())
    )
    if report.changed:
        console.print(
            f"[green]loaded[/] KB {report.version}: {report.licenses} licenses, {report.terms} terms "
            f"({report.changed} changes: {detail})",
            highlight=False,
        )
    else:
        console.print(
            f"[green]up to date[/] KB {report.version}: {report.licenses} licenses, {report.terms} terms (nothing changed)",
            highlight=False,
        )


@licenses_app.command("list")
def list_(
    kb: KbDir = None,
    kind: Annotated[str | None, typer.Option(help="Only licenses written for this kind of work (software, data, model).")] = None,
    category: Annotated[str | None, typer.Option(help="Only licenses with this category (e.g. non_commercial).")] = None,
) -> None:
    """List the KB's licenses: id, name, kinds, categories."""
    catalog = _catalog(kb)
    table = Table("id", "name", "kinds", "categories", title=f"{len(catalog.licenses)} licenses (KB {catalog.version})")
    shown = 0
    for lic in sorted(catalog.licenses.values(), key=lambda x: x.id.casefold()):
        if kind and kind not in lic.kinds:
            continue
        if category and category not in lic.categories:
            continue
        table.add_row(lic.id, lic.name, ", ".join(lic.kinds), ", ".join(lic.categories))
        shown += 1
    if kind or category:
        table.title = f"{shown} of {len(catalog.licenses)} licenses (KB {catalog.version})"
    console.print(table)


@licenses_app.command()
def show(
    license_id: Annotated[str, typer.Argument(metavar="ID", help="A KB id or alias, any case (e.g. Apache-2.0, llama2).")],
    kb: KbDir = None,
) -> None:
    """Show one license: grants, reservations, duties, restrictions and terms, each with its clause."""
    catalog = _catalog(kb)
    found = resolver(catalog).lookup(license_id)
    if found is None:
        raise NotFound(f"no license {license_id!r} in the knowledge base (try `kg licenses list`)")
    lic = catalog.get(found)
    _print_license(lic)


@licenses_app.command()
def check(
    files: Annotated[list[Path] | None, typer.Argument(help="License YAML files; none: check the whole KB.")] = None,
    kb: KbDir = None,
) -> None:
    """Check license files against the schema (or the whole KB, cross-references included)."""
    if files:
        problems = check_files(list(files))
        for problem in problems:
            err_console.print(f"[red]error:[/] {problem}", highlight=False, soft_wrap=True)
        if problems:
            raise typer.Exit(1)
        console.print(f"[green]ok[/] {len(files)} file(s)", highlight=False)
        return
    catalog = _catalog(kb)  # raises InputError (file: field: reason) on the first broken file
    console.print(f"[green]ok[/] KB {catalog.version}: {len(catalog.licenses)} licenses", highlight=False)


@licenses_app.command("resolve")
def resolve_(
    declared: Annotated[str, typer.Argument(help="A declared license: id, alias or SPDX expression.")],
    license_name: Annotated[str | None, typer.Option("--license-name", help="The Hub's license_name, for `other`.")] = None,
    kb: KbDir = None,
) -> None:
    """Resolve a declared license (e.g. 'MIT OR Apache-2.0', 'llama2') to KB licenses."""
    result = resolver(_catalog(kb)).resolve(declared, license_name)
    console.print(f"expression: {result.expression}", highlight=False)
    for index, option in enumerate(result.alternatives, 1):
        console.print(f"option {index}: {' AND '.join(option)}", highlight=False)
    for exception in result.exceptions:
        console.print(f"exception: {exception}", highlight=False)
    for problem in result.problems:
        console.print(f"[yellow]{problem.kind}:[/] {problem.message}", highlight=False)
    if not result.ok:
        raise typer.Exit(1)


def _print_license(lic: License) -> None:
    console.print(f"[bold]{lic.id}[/] — {lic.name}" + (f" (version {lic.version})" if lic.version else ""), highlight=False)
    facts = [
        ("url", lic.url),
        ("text", lic.text),
        ("spdx id", "yes" if lic.spdx else "no"),
        ("aliases", ", ".join(lic.aliases) or "—"),
        ("kinds", ", ".join(lic.kinds)),
        ("categories", ", ".join(lic.categories)),
        ("revocable", f"{lic.revocable} [{lic.revocable_cite.cite}] {lic.revocable_cite.note}"),
    ]
    for label, value in facts:
        console.print(f"  [dim]{label}:[/] {value}", highlight=False, soft_wrap=True)

    def cited(title: str, items: dict[str, Any]) -> None:
        if not items:
            return
        table = Table(title, "cite", "note")
        for name, c in items.items():
            table.add_row(name, c.cite, c.note)
        console.print(table)

    cited("grants", dict(lic.grants))
    cited("reserves", dict(lic.reserves))
    cited("coverage", dict(lic.coverage))
    cited("duties", dict(lic.duties))
    restrictions = [("use", r) for r in lic.use_restrictions] + [("runtime", r) for r in lic.runtime_restrictions]
    if restrictions:
        table = Table("restriction", "kind", "cite", "note")
        for kind, r in restrictions:
            table.add_row(r.id, kind, r.cite, r.note)
        console.print(table)
    if lic.relicensing is not None:
        r = lic.relicensing
        console.print(
            f"  [dim]relicensing:[/] compatible: {', '.join(r.compatible) or '—'}; "
            f"incompatible: {', '.join(r.incompatible) or '—'} [{r.cite}] {r.note}",
            highlight=False, soft_wrap=True,
        )
    terms = Table("activities", "forms", "result", "relicense", "restrictions", "cite", "note", title="terms")
    for term in lic.terms:
        terms.add_row(
            ", ".join(term.activities), ", ".join(term.forms), term.result, term.relicense or "—",
            ", ".join(term.restrictions) or "—", term.cite, term.note,
        )
    console.print(terms)
