"""A spinner on standard error for waits that may last seconds: shown only on a terminal, and only
once the wait has lasted a moment (a quick step shows nothing)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.config import Settings
    from kg.db import Database

DELAY = 1.0  # seconds before the spinner appears


@contextmanager
def progress(what: str) -> Iterator[None]:
    """Show `what` with a spinner and the elapsed time while the block runs."""
    from kg.cli.app import err

    console = err()
    if not console.is_terminal:
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), TimeElapsedColumn(), console=console, transient=True)
    bar.add_task(what, total=None)
    timer = threading.Timer(DELAY, bar.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
        bar.stop()


@contextmanager
def database(settings: "Settings | None" = None, ready: bool = True) -> Iterator["Database"]:
    """An open database, with a spinner while the embedded Neo4j starts and, when `ready`, while
    the schema and license knowledge base are made current (the first run loads the KB)."""
    from kg.db import open_database

    with progress("connecting to Neo4j (starting the embedded one if needed)"):
        db = open_database(settings)
    try:
        if ready:
            from kg.prepare import prepare

            with progress("loading the license knowledge base"):
                prepare(db)
        yield db
    finally:
        db.close()
