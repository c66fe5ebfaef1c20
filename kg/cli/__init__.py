"""Entry point of the `kg` command: every failure a user can act on is one line and an exit code.

Exit codes: 0 ok (warnings allowed), 1 errors found (`kg assess`), 2 usage or input error,
3 Neo4j unavailable, 130 interrupted. Usage mistakes (an unknown command or option, a bad value, a
missing argument) come from click, or from the click copy vendored in typer >= 0.16, whose
exception classes are not click's: both are caught here."""

import importlib
import importlib.util
import signal
import sys

from kg.cli.app import app, err
from kg.errors import KgError

# Each module adds its commands to `app` when imported (and imports nothing heavy at the top), in
# the order `kg --help` lists them: kept out of import sorting.
# isort: off
from kg.cli import lineage as _lineage  # noqa: F401
from kg.cli import assess as _assess  # noqa: F401
from kg.cli import cypher as _cypher  # noqa: F401
from kg.cli import notice as _notice  # noqa: F401
from kg.cli import licenses as _licenses  # noqa: F401
from kg.cli import neo4j as _neo4j  # noqa: F401
from kg.cli import serve as _serve  # noqa: F401
from kg.cli import claims as _claims  # noqa: F401
from kg.cli import export as _export  # noqa: F401
from kg.cli import report as _report  # noqa: F401
# isort: on

__all__ = ["app", "main"]

USAGE = 2
INTERRUPTED = 130


#: where typer's exception classes live: its vendored click (typer >= 0.16), else click itself
_MODULES = (("typer._click.exceptions", "typer.exceptions") if importlib.util.find_spec("typer._click")
            else ("click.exceptions",))


def _classes(name: str) -> tuple[type[BaseException], ...]:
    """The exception classes called `name` that the running typer raises."""
    found = []
    for module in _MODULES:
        cls = getattr(importlib.import_module(module), name, None)
        if isinstance(cls, type) and cls not in found:
            found.append(cls)
    return tuple(found)


def fail(message: str, code: int) -> None:
    """Print `kg: message` as one line on standard error and exit with `code`."""
    from rich.text import Text

    line = Text("kg:", style="bold red") + Text(" " + " ".join(str(message).split()))
    err().print(line, highlight=False, soft_wrap=True)
    sys.exit(code)


def _usage(error: BaseException) -> None:
    """One line for a usage mistake: the reason and where to find help."""
    ctx = getattr(error, "ctx", None)
    text = error.format_message() if hasattr(error, "format_message") else str(error)
    text = text.replace("Value error, ", "")  # pydantic's prefix in typer's coercion messages
    hint = f" (see `{ctx.command_path if ctx is not None else 'kg'} --help`)"
    fail(f"{text}{hint}", USAGE)


def main() -> None:
    """Run `kg` with the process arguments."""
    # Ctrl-C stops kg even when it was started with SIGINT ignored (a background job of a script)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    exits = _classes("Exit")
    aborts = _classes("Abort")
    help_only = _classes("NoArgsIsHelpError")
    usage = _classes("ClickException") + _classes("TyperException")
    try:
        # Without standalone mode click returns the code of a `typer.Exit` instead of exiting.
        code = app(standalone_mode=False)
    except exits as stop:
        sys.exit(stop.exit_code)  # type: ignore[attr-defined]
    except help_only as shown:
        shown.show()  # type: ignore[attr-defined]  # `kg` or `kg licenses` alone: the help screen
        sys.exit(USAGE)
    except usage as error:
        _usage(error)
    except aborts + (KeyboardInterrupt,):
        fail("interrupted", INTERRUPTED)
    except KgError as error:
        fail(str(error), error.exit_code)
    if code == INTERRUPTED:  # typer turns Ctrl-C into a silent exit code 130
        fail("interrupted", INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)
