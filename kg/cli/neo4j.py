"""`kg neo4j start | stop | status | prepare`: manage the embedded Neo4j under KG_HOME."""

from typing import TYPE_CHECKING

import typer

from kg.cli.app import app, out
from kg.cli.progress import progress

if TYPE_CHECKING:
    from kg.config import Settings


def _say(text: str, style: str | None = None) -> None:
    out().print(text, style=style, highlight=False, soft_wrap=True)


neo4j_app = typer.Typer(
    name="neo4j",
    help="Manage the embedded Neo4j (the default when NEO4J_URI is not set). Files live under KG_HOME.",
    no_args_is_help=True,
)
app.add_typer(neo4j_app, name="neo4j")


def _note_external(settings: "Settings") -> None:
    if settings.neo4j_uri:
        _say(
            f"[yellow]note:[/] NEO4J_URI is set, so kg uses {settings.neo4j_uri}; "
            "these commands manage only the embedded Neo4j.",
        )


@neo4j_app.command()
def start() -> None:
    """Start the embedded Neo4j and wait until Bolt answers (does nothing if it is running)."""
    from kg import embedded
    from kg.config import Settings

    settings = Settings.from_env()
    _note_external(settings)
    with progress("starting Neo4j"):
        result = embedded.start(settings)
    if result.stale_pid is not None:
        _say(f"[yellow]recovered:[/] pid {result.stale_pid} in the pid file was gone (crash or kill -9)")
    if result.started:
        _say(
            f"[green]started[/] Neo4j {embedded.neo4j_version()} at [bold]{result.uri}[/] "
            f"(pid {result.pid}, {result.seconds:.1f} s; heap {settings.heap}, page cache {settings.pagecache})",
        )
    else:
        _say(f"[green]already running[/] at [bold]{result.uri}[/] (pid {result.pid})")
    _say(f"data {result.data}  log {result.log}", "dim")


@neo4j_app.command()
def stop() -> None:
    """Stop the embedded Neo4j cleanly (SIGTERM)."""
    from kg import embedded
    from kg.config import Settings

    settings = Settings.from_env()
    _note_external(settings)
    with progress("stopping Neo4j"):
        before = embedded.stop(settings)
    if before.running:
        _say(f"[green]stopped[/] Neo4j (pid {before.pid}, {before.seconds:.1f} s)")
    elif before.stale_pid is not None:
        _say(f"not running; removed a stale pid file (pid {before.stale_pid} was gone)")
    else:
        _say("not running")


@neo4j_app.command()
def status() -> None:
    """Show whether the embedded Neo4j is running and where."""
    from kg import embedded
    from kg.config import Settings

    settings = Settings.from_env()
    _note_external(settings)
    now = embedded.status(settings)
    if now.running:
        bolt = "[green]Bolt answers[/]" if now.answering else "[yellow]Bolt not answering yet[/]"
        _say(f"[green]running[/] at [bold]{now.uri}[/] (pid {now.pid}); {bolt}")
    elif now.stale_pid is not None:
        _say(
            f"[yellow]not running[/]: stale pid file (pid {now.stale_pid} is gone); `kg neo4j start` recovers",
        )
    else:
        _say("[yellow]not running[/]")
    _say(f"KG_HOME {now.home}  log {now.log}", "dim")


@neo4j_app.command()
def prepare() -> None:
    """Fetch the Neo4j jars with Maven and compile the launcher, without starting it (for CI and images)."""
    from kg import embedded
    from kg.config import Settings

    settings = Settings.from_env()
    with progress("fetching the Neo4j jars with Maven and compiling the launcher"):
        build = embedded.prepare(settings)
    verb = f"built in {build.seconds:.1f} s" if build.built else "already built"
    _say(
        f"[green]ready:[/] Neo4j {build.neo4j_version} launcher, {build.jars} jars, {verb} ({build.dir})",
    )
