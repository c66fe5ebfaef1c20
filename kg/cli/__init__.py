"""Entry point of the `kg` command: runs the app and turns KgError into one line and an exit code."""

from __future__ import annotations

import sys

import click

from kg.cli.app import app, err_console
from kg.errors import KgError

# Each module adds its commands to `app` when imported.
from kg.cli import lineage as _lineage  # noqa: E402,F401
from kg.cli import licenses as _licenses  # noqa: E402,F401
from kg.cli import neo4j as _neo4j  # noqa: E402,F401
from kg.cli import serve as _serve  # noqa: E402,F401
from kg.cli import claims as _claims  # noqa: E402,F401
from kg.cli import export as _export  # noqa: E402,F401
from kg.cli import report as _report  # noqa: E402,F401

__all__ = ["app", "main"]


def main() -> None:
    try:
        # Without standalone mode click returns the code of a `typer.Exit` instead of exiting.
        code = app(standalone_mode=False)
    except click.exceptions.Exit as stop:
        sys.exit(stop.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        err_console.print("kg: interrupted")
        sys.exit(130)
    except KgError as error:
        err_console.print(f"[bold red]kg:[/] {error}", markup=True, highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
