"""The `kg` command: the Typer application that every command module adds itself to.

Kept light on purpose: `kg --help` imports this module and the command modules only, so
anything heavy (the Neo4j driver, rich, the loaders) is imported inside the commands that use it.
Help screens use click's plain layout (no `<bool>` types, no boxes, no rich import)."""

from functools import cache
from typing import TYPE_CHECKING, Annotated

import typer

from kg import __version__

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="kg",
    help="kg: may we share or sell this ML work, and what must we do to comply?\n\n"
    "Exit codes: 0 ok or warnings only, 1 errors found, 2 usage or input error, 3 Neo4j unavailable.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print kg's version and exit.")] = False,
) -> None:
    """Options of `kg` itself (before the command)."""


@cache
def out() -> "Console":
    """The console for results (standard output); rich is imported on first use only."""
    from rich.console import Console

    return Console()


@cache
def err() -> "Console":
    """The console for errors, notices and progress (standard error)."""
    from rich.console import Console

    return Console(stderr=True)
