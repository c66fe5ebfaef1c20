"""`kg licenses load | list | show | check | resolve`: the license knowledge base."""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kg.cli.app import app, err, out
from kg.cli.choices import TextFormat
from kg.errors import NotFound

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kg.licenses.catalog import Catalog
    from kg.licenses.schema import Cited, License

licenses_app = typer.Typer(
    name="licenses",
    help="The license knowledge base: load it into Neo4j, list, show, check and resolve licenses.",
    no_args_is_help=True,
)
app.add_typer(licenses_app, name="licenses")

DASH = "\u2014"
KbDir = Annotated[
    Path | None,
    typer.Option("--kb", help="Folder of license YAML files (default: the KB shipped with kg).", show_default=False),
]


def _catalog(kb: Path | None) -> "Catalog":
    from kg.licenses.catalog import default_catalog, load_catalog

    return load_catalog(kb) if kb else default_catalog()


@licenses_app.command()
def load(kb: KbDir = None) -> None:
    """Load the KB into Neo4j (idempotent: a changed KB is updated in place, the same KB changes nothing)."""
    from kg.cli.progress import database, progress
    from kg.licenses.graph import load_kb

    catalog = _catalog(kb)
    with database(ready=False) as db, progress(f"loading KB {catalog.version} into Neo4j"):
        db.apply_schema()
        report = load_kb(db, catalog)
    detail = ", ".join(
        f"{name.removeprefix('kb_')}: " + " ".join(f"{k} {v}" for k, v in counts.items() if v)
        for name, counts in report.changes.items()
        if any(counts.values())
    )
    if report.changed:
        out().print(
            f"[green]loaded[/] KB {report.version}: {report.licenses} licenses, {report.terms} terms "
            f"({report.changed} changes: {detail})",
            highlight=False,
        )
    else:
        out().print(
            f"[green]up to date[/] KB {report.version}: {report.licenses} licenses, {report.terms} terms (nothing changed)",
            highlight=False,
        )


@licenses_app.command("list")
def list_(
    kb: KbDir = None,
    kind: Annotated[str | None, typer.Option(help="Only licenses written for this kind of work (software, data, model).")] = None,
    category: Annotated[str | None, typer.Option(help="Only licenses with this category (e.g. non_commercial).")] = None,
    format: Annotated[TextFormat, typer.Option("--format", help="table: one license a line, ids whole; json; markdown.")] = TextFormat.table,
) -> None:
    """List the KB's licenses: id, name, kinds, categories (one license a line, for grep)."""
    catalog = _catalog(kb)
    shown = [
        lic for lic in sorted(catalog.licenses.values(), key=lambda x: x.id.casefold())
        if (not kind or kind in lic.kinds) and (not category or category in lic.categories)
    ]
    rows: list[dict[str, Any]] = [{"id": lic.id, "name": lic.name, "kinds": list(lic.kinds), "categories": list(lic.categories)} for lic in shown]
    if format is TextFormat.json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if format is TextFormat.markdown:
        from kg.analysis.report import md_code, md_escape, md_table

        cells = [[md_code(r["id"]), md_escape(r["name"]), md_escape(", ".join(r["kinds"])), md_escape(", ".join(r["categories"]))] for r in rows]
        sys.stdout.write(md_table(["id", "name", "kinds", "categories"], cells) + "\n")
        return
    from rich.text import Text

    from kg.analysis.report import wrap

    console = out()
    width = console.width if console.is_terminal else 10**6  # piped: one license a line, for grep
    title = f"{len(shown)} of {len(catalog.licenses)}" if kind or category else f"{len(catalog.licenses)}"
    out().print(Text(f"{title} licenses (KB {catalog.version})", style="bold"), soft_wrap=True)
    column = max((len(r["id"]) for r in rows), default=2) + 2
    for r in rows:
        rest = f"{r['name']} \u00b7 {', '.join(r['kinds'])} \u00b7 {', '.join(r['categories'])}"
        if column + 20 > width:  # too narrow for two columns: the id alone on its line
            lines = [r["id"], *wrap("    " + rest, width, 4)]
        else:
            lines = wrap(r["id"].ljust(column) + rest, width, column)
        for number, line in enumerate(lines):
            text = Text(line)
            if number == 0:
                text.stylize("bold", 0, len(r["id"]))
            out().print(text, soft_wrap=True, highlight=False)


@licenses_app.command()
def show(
    license_id: Annotated[str, typer.Argument(metavar="ID", help="A KB id or alias, any case (e.g. Apache-2.0, llama2).")],
    kb: KbDir = None,
    format: Annotated[TextFormat, typer.Option("--format", help="table: for reading; json: the KB entry; markdown.")] = TextFormat.table,
) -> None:
    """Show one license: grants, reservations, duties, restrictions and terms, each with its clause."""
    from kg.licenses.resolve import resolver

    catalog = _catalog(kb)
    found = resolver(catalog).lookup(license_id)
    if found is None:
        raise NotFound(f"no license {license_id!r} in the knowledge base (try `kg licenses list`)")
    lic = catalog.get(found)
    if format is TextFormat.json:
        sys.stdout.write(lic.model_dump_json(indent=2) + "\n")
        return
    _print_license(lic, format is TextFormat.markdown)


@licenses_app.command()
def check(
    files: Annotated[list[Path] | None, typer.Argument(help="License YAML files; none: check the whole KB.")] = None,
    kb: KbDir = None,
) -> None:
    """Check license files against the schema (or the whole KB, cross-references included)."""
    if files:
        from kg.licenses.check import check_files

        problems = check_files(list(files))
        for problem in problems:
            err().print(f"[red]error:[/] {problem}", highlight=False, soft_wrap=True)
        if problems:
            raise typer.Exit(1)
        out().print(f"[green]ok[/] {len(files)} file(s)", highlight=False)
        return
    catalog = _catalog(kb)  # raises InputError (file: field: reason) on the first broken file
    out().print(f"[green]ok[/] KB {catalog.version}: {len(catalog.licenses)} licenses", highlight=False)


@licenses_app.command("resolve")
def resolve_(
    declared: Annotated[str, typer.Argument(help="A declared license: id, alias or SPDX expression.")],
    license_name: Annotated[str | None, typer.Option("--license-name", help="The Hub's license_name, for `other`.")] = None,
    kb: KbDir = None,
) -> None:
    """Resolve a declared license (an id, alias or SPDX expression such as 'MIT OR Apache-2.0') to KB licenses."""
    from kg.licenses.resolve import resolver

    result = resolver(_catalog(kb)).resolve(declared, license_name)
    out().print(f"expression: {result.expression}", highlight=False)
    for index, option in enumerate(result.alternatives, 1):
        out().print(f"option {index}: {' AND '.join(option)}", highlight=False)
    for exception in result.exceptions:
        out().print(f"exception: {exception}", highlight=False)
    for problem in result.problems:
        out().print(f"[yellow]{problem.kind}:[/] {problem.message}", highlight=False)
    if not result.ok:
        raise typer.Exit(1)


def _sections(lic: "License") -> list[tuple[str, list[tuple[str, str]]]]:
    """The license as titled sections of (label, text) items, each text carrying its clause."""

    def cited(items: "Iterable[tuple[str, Cited]]") -> list[tuple[str, str]]:
        return [(name, f"[{c.cite}] {c.note}") for name, c in items]

    facts = [
        ("url", lic.url), ("text", lic.text), ("spdx id", "yes" if lic.spdx else "no"),
        ("aliases", ", ".join(lic.aliases) or DASH), ("kinds", ", ".join(lic.kinds)),
        ("categories", ", ".join(lic.categories)),
        ("revocable", f"{lic.revocable} [{lic.revocable_cite.cite}] {lic.revocable_cite.note}"),
    ]
    if lic.relicensing is not None:
        r = lic.relicensing
        facts.append(("relicensing", f"compatible: {', '.join(r.compatible) or DASH}; "
                                     f"incompatible: {', '.join(r.incompatible) or DASH} [{r.cite}] {r.note}"))
    restrictions = [(f"{r.id} (use)", f"[{r.cite}] {r.note}") for r in lic.use_restrictions]
    restrictions += [(f"{r.id} (runtime)", f"[{r.cite}] {r.note}") for r in lic.runtime_restrictions]
    terms = [
        (f"{', '.join(t.activities)} \u00b7 {', '.join(t.forms)}",
         f"{t.result}; relicense: {t.relicense or DASH}; restrictions: {', '.join(t.restrictions) or DASH} [{t.cite}] {t.note}")
        for t in lic.terms
    ]
    sections = [("", facts), ("grants", cited(lic.grants.items())), ("reserves", cited(lic.reserves.items())),
                ("coverage", cited(lic.coverage.items())), ("duties", cited(lic.duties.items())),
                ("restrictions", restrictions), ("terms", terms)]
    return [(title, items) for title, items in sections if items]


def _print_license(lic: "License", markdown: bool) -> None:
    """The license for reading (labels, then each text wrapped at word boundaries) or as Markdown."""
    title = f"{lic.id} \u2014 {lic.name}" + (f" (version {lic.version})" if lic.version else "")
    if markdown:
        from kg.analysis.report import md_code, md_escape

        lines = [f"## {md_escape(title)}"]
        for heading, items in _sections(lic):
            lines += ["", f"### {heading}", ""] if heading else [""]
            lines += [f"- {md_code(label)}: {md_escape(text)}" for label, text in items]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    from kg.analysis.report import wrap

    console = out()
    console.print(Text(title, style="bold"), soft_wrap=True)
    for heading, items in _sections(lic):
        if heading:
            console.print(Text("\n" + heading, style="bold"), soft_wrap=True)
        for label, text in items:
            if heading:  # a clause: its name on one line, the note wrapped below
                lines = [*wrap(f"  {label}", console.width, 4), *wrap("      " + text, console.width, 6)]
            else:
                lines = wrap(f"  {label:<12}{text}", console.width, 14)
            for line in lines:
                console.print(Text(line), soft_wrap=True, highlight=False)
