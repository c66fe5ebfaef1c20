"""One real Neo4j for the whole test session, and an empty database for every test.

Which Neo4j:
  1. `NEO4J_URI` (with NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE) if it is set;
  2. else testcontainers' `neo4j:5.26-community` when a Docker engine answers;
  3. else kg's embedded Neo4j in a temporary KG_HOME (heap 1g, page cache 256m unless
     KG_NEO4J_HEAP / KG_NEO4J_PAGECACHE say otherwise), stopped when the session ends.
Neo4j tests are never skipped: if Neo4j cannot start, every test that needs it fails and says why.

Fixtures for other test files:
  db        a `kg.db.Database` on that Neo4j; schema applied once; emptied before each test
  settings  a `kg.config.Settings` pointing at that Neo4j (via neo4j_uri), database emptied too
  kg_env    environment variables for running the `kg` command against that Neo4j
  run_kg    runs the real `kg` command in a subprocess: run_kg("neo4j", "status", env=...)
  graphql   makes clients of kg's GraphQL API on that Neo4j (lineage emptied, KB kept):
            graphql(ApiSettings(token=...)).query(text, token=..., **variables)
  fresh_kg_home  an empty KG_HOME with the launcher build copied in (Maven and javac run at most
            once per session, in `launcher_cache`)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kg import embedded
from kg.config import Settings
from kg.db import Database, open_database
from kg.errors import KgError

TEST_IMAGE = "neo4j:5.26-community"
TEST_PASSWORD = "kg-test-password"


def _docker_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _copy_launcher_build(source: Path, home: Path) -> None:
    """Copy the finished launcher builds of KG_HOME `source` into KG_HOME `home`.

    Builds are keyed by a hash of the launcher's pom and source, so a stale copy is never used:
    `kg.embedded` rebuilds when the key differs or a jar in ~/.m2 is missing.
    """
    builds = source / "launcher"
    if not builds.is_dir():
        return
    for build in builds.iterdir():
        if (build / "complete").is_file() and not (home / "launcher" / build.name).exists():
            shutil.copytree(build, home / "launcher" / build.name)


@pytest.fixture(scope="session")
def launcher_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A KG_HOME holding the current launcher build, made at most once per session.

    It starts from the user's KG_HOME build (what `kg neo4j prepare` made; .ci/run runs it), so a
    prepared machine runs no Maven and no javac here. Test KG_HOMEs copy it instead of building.
    When it cannot be built (no java, no mvn), it stays empty and each test meets that error itself.
    """
    cache = tmp_path_factory.mktemp("launcher-cache")
    _copy_launcher_build(Settings.from_env().home, cache)
    with contextlib.suppress(KgError):
        embedded.prepare(replace(Settings.from_env(), home=cache))
    return cache


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Settings]:
    """Settings whose `neo4j_uri` reaches the session's one Neo4j."""
    base = Settings.from_env()
    if base.neo4j_uri:
        yield base
        return

    if _docker_answers():
        try:
            from testcontainers.community.neo4j import Neo4jContainer
        except ImportError:  # testcontainers < 4.14
            from testcontainers.neo4j import Neo4jContainer

        container = Neo4jContainer(TEST_IMAGE, password=TEST_PASSWORD)
        try:
            container.start()
        except Exception as error:
            pytest.fail(f"cannot start the {TEST_IMAGE} container for the tests: {error}", pytrace=False)
        try:
            yield replace(
                base,
                neo4j_uri=container.get_connection_url(),
                neo4j_user="neo4j",
                neo4j_password=TEST_PASSWORD,
                neo4j_database=None,
            )
        finally:
            container.stop()
        return

    home = tmp_path_factory.mktemp("kg-home")
    _copy_launcher_build(request.getfixturevalue("launcher_cache"), home)
    local = replace(
        base,
        neo4j_uri=None,
        neo4j_password=None,
        neo4j_database=None,
        home=home,
        heap=os.environ.get("KG_NEO4J_HEAP", "1g"),
        pagecache=os.environ.get("KG_NEO4J_PAGECACHE", "256m"),
        port=None,
    )
    try:
        started = embedded.start(local)
    except KgError as error:
        pytest.fail(f"cannot start the embedded Neo4j for the tests: {error}", pytrace=False)
    try:
        user, password = embedded.credentials(local)  # authentication is on: the password KG_HOME keeps
        yield replace(local, neo4j_uri=started.uri, neo4j_user=user, neo4j_password=password)
    finally:
        embedded.stop(local)


@pytest.fixture(scope="session")
def _session_db(neo4j_server: Settings) -> Iterator[Database]:
    try:
        database = open_database(neo4j_server)
        database.apply_schema()
    except KgError as error:
        pytest.fail(f"cannot use the test Neo4j at {neo4j_server.neo4j_uri}: {error}", pytrace=False)
    yield database
    database.close()


@pytest.fixture
def db(_session_db: Database) -> Database:
    """The session's database, emptied (schema kept) before the test."""
    _session_db.write_tx(lambda tx: tx.run_text("MATCH (n) DETACH DELETE n"))
    return _session_db


@pytest.fixture
def settings(neo4j_server: Settings, db: Database) -> Settings:
    """Settings for code and CLI runs under test: the session's Neo4j, emptied before the test."""
    return neo4j_server


@pytest.fixture
def kg_env(settings: Settings) -> dict[str, str]:
    """The environment of a `kg` subprocess that uses the session's (emptied) Neo4j."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_"))}
    assert settings.neo4j_uri
    env.update(NEO4J_URI=settings.neo4j_uri, NEO4J_USER=settings.neo4j_user, KG_HOME=str(settings.home))
    if settings.neo4j_password:
        env["NEO4J_PASSWORD"] = settings.neo4j_password
    if settings.neo4j_database:
        env["NEO4J_DATABASE"] = settings.neo4j_database
    return env


def _kg_command() -> list[str]:
    script = Path(sys.executable).parent / "kg"
    if script.is_file():
        return [str(script)]
    found = shutil.which("kg")
    if found:
        return [found]
    return [sys.executable, "-c", "from kg.cli import main; main()"]


@pytest.fixture(scope="session")
def run_kg() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `kg` command: run_kg(*args, env=None, timeout=300) -> CompletedProcess.

    `run_kg.command` is the command itself (a list), for tests that start `kg` with Popen.
    """
    command = _kg_command()

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    run.command = command  # type: ignore[attr-defined]  # for tests that need Popen
    return run


@pytest.fixture
def fresh_kg_home(tmp_path: Path, launcher_cache: Path) -> Path:
    """An empty KG_HOME for embedded-Neo4j tests, with the launcher build copied in when there is one."""
    home = tmp_path / "kg-home"
    home.mkdir()
    _copy_launcher_build(launcher_cache, home)
    return home


@pytest.fixture
def lineage_db(_session_db: Database) -> Database:
    """The session's database with the license KB loaded and no lineage: works, activities,
    releases and assessments are removed before the test; the KB is loaded once and kept."""
    from kg.prepare import prepare

    _session_db.write_tx(
        lambda tx: tx.run_text("MATCH (n) WHERE n:Work OR n:Activity OR n:Release OR n:Assessment OR n:PendingAssessment OR n:RetiredAssessment OR n:Finding OR n:Issue OR n:Source OR n:Alias DETACH DELETE n")
    )
    prepare(_session_db)
    return _session_db


class GraphQLClient:
    """kg's API in-process (Starlette's TestClient, lifespan run): `query` posts one operation."""

    def __init__(self, client: Any, app: Any) -> None:
        self.http = client
        self.app = app

    def query(self, document: str, /, token: str | None = None, **variables: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.http.post("/graphql", json={"query": document, "variables": variables}, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def graphql(neo4j_server: Settings, lineage_db: Database) -> Iterator[Callable[..., GraphQLClient]]:
    """Make API clients on the session's Neo4j (lineage emptied, KB kept): graphql(ApiSettings(...))."""
    from starlette.testclient import TestClient

    from kg.api.app import create_app
    from kg.api.settings import ApiSettings

    with contextlib.ExitStack() as stack:

        def make(api: ApiSettings | None = None, settings: Settings | None = None) -> GraphQLClient:
            app = create_app(settings or neo4j_server, api or ApiSettings())
            return GraphQLClient(stack.enter_context(TestClient(app)), app)

        yield make
