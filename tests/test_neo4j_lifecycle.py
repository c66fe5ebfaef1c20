"""The embedded Neo4j's lifecycle through the real `kg` command: start, a second start, a crash, stop.

Each JVM start costs several seconds, so the lifecycle is one test with two starts; the error cases
fail before any JVM starts (or, for a dying launcher, within a second).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest

from kg import embedded
from kg.config import Settings
from kg.db import connect


def _embedded_env(home: Path, **extra: str) -> dict[str, str]:
    """A `kg` environment that uses the embedded Neo4j under `home` (no NEO4J_*), with small memory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KG_"))}
    env.update({"KG_HOME": str(home), "KG_NEO4J_HEAP": "512m", "KG_NEO4J_PAGECACHE": "64m", **extra})
    return env


def _settings(home: Path) -> Settings:
    return replace(
        Settings.from_env(), neo4j_uri=None, neo4j_password=None, neo4j_database=None,
        home=home, heap="512m", pagecache="64m", port=None,
    )


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: ")
    return lines[0]


def test_start_twice_crash_recovery_and_stop(fresh_kg_home: Path, run_kg) -> None:
    home, env, settings = fresh_kg_home, _embedded_env(fresh_kg_home), _settings(fresh_kg_home)
    try:
        assert "not running" in run_kg("neo4j", "status", env=env).stdout

        # Two kg processes start it at the same moment: the lock lets one JVM start, the other waits.
        both = [subprocess.Popen([*run_kg.command, "neo4j", "start"], env=env, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        outputs = [process.communicate(timeout=300) for process in both]
        assert [process.returncode for process in both] == [0, 0], outputs
        first = embedded.status(settings)
        assert first.running and first.answering and first.pid
        said = " ".join(out for out, _ in outputs)
        assert said.count("started Neo4j") == 1 and said.count("already running") == 1, said
        assert said.count(f"pid {first.pid}") == 2

        # A second start leaves the running server alone.
        again = run_kg("neo4j", "start", env=env)
        assert again.returncode == 0 and "already running" in again.stdout
        assert f"pid {first.pid}" in again.stdout
        status = run_kg("neo4j", "status", env=env)
        assert f"running at {first.uri} (pid {first.pid})" in status.stdout

        # The server outlived the kg commands; kg.db uses it (ensure_running) and commits a node.
        with connect(settings) as db:
            db.write_tx(lambda tx: tx.run_text("CREATE (:Probe {id: 'before-the-crash'})"))

        # kill -9: the pid file goes stale; status says so; the next use starts it again.
        os.kill(first.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while embedded.status(settings).running and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "stale pid file" in run_kg("neo4j", "status", env=env).stdout

        with connect(settings) as db:  # on demand: kg.db starts the embedded Neo4j and recovers it
            rows = db.read_tx(lambda tx: tx.run_text("MATCH (p:Probe) RETURN p.id AS id"))
        assert rows == [{"id": "before-the-crash"}]
        second = embedded.status(settings)
        assert second.running and second.pid != first.pid
        assert second.port == first.port  # the port of the last run is reused when it is free

        stopped = run_kg("neo4j", "stop", env=env)
        assert stopped.returncode == 0 and f"stopped Neo4j (pid {second.pid}" in stopped.stdout
        assert not embedded.status(settings).running
        assert not (home / "neo4j.pid").exists()
        assert "not running" in run_kg("neo4j", "stop", env=env).stdout
        log = (home / "logs" / "neo4j.log").read_text()
        assert log.rstrip().endswith("STOPPED")  # the shutdown hook closed the database cleanly
    finally:
        embedded.stop(settings)


def test_missing_java_is_one_line(tmp_path: Path, run_kg) -> None:
    no_java = tmp_path / "bin"
    no_java.mkdir()
    env = _embedded_env(tmp_path / "home", PATH=str(no_java))
    env.pop("JAVA_HOME", None)

    line = _one_line_error(run_kg("neo4j", "start", env=env))

    assert "java not found on PATH" in line and "Java 17" in line and "NEO4J_URI" in line


def test_occupied_port_is_one_line(tmp_path: Path, run_kg) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        env = _embedded_env(tmp_path / "home", KG_NEO4J_PORT=str(port))

        line = _one_line_error(run_kg("neo4j", "start", env=env))

    assert f"port {port} on 127.0.0.1 is already in use" in line and "KG_NEO4J_PORT" in line
    assert not (tmp_path / "home" / "neo4j.pid").exists()


def test_launcher_that_dies_is_one_line(fresh_kg_home: Path, run_kg) -> None:
    env = _embedded_env(fresh_kg_home, KG_NEO4J_HEAP="1k")  # the JVM refuses so small a heap

    line = _one_line_error(run_kg("neo4j", "start", env=env, timeout=600))

    assert "exited while starting" in line and "heap" in line
    assert not (fresh_kg_home / "neo4j.pid").exists()


@pytest.mark.parametrize("size", ["lots", "2 g"])
def test_memory_sizes_are_checked(tmp_path: Path, run_kg, size: str) -> None:
    line = _one_line_error(run_kg("neo4j", "start", env=_embedded_env(tmp_path, KG_NEO4J_PAGECACHE=size)))
    assert "KG_NEO4J_PAGECACHE" in line
