"""The embedded Neo4j is locked down against other local users: a password, no file reads through
LOAD CSV, no fetches, and a JVM that never sees kg's secrets (issue 18, item 1)."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError

from kg import embedded
from kg.config import Settings
from kg.db import connect


def _settings(home: Path) -> Settings:
    return replace(Settings.from_env(), neo4j_uri=None, neo4j_password=None, neo4j_database=None,
                   home=home, heap="512m", pagecache="64m", port=None)


def test_password_is_made_once_private_and_kept(tmp_path: Path) -> None:
    home = tmp_path / "kg-home"
    settings = _settings(home)
    user, password = embedded.credentials(settings)
    assert user == "neo4j" and len(password) >= 32
    assert embedded.credentials(settings) == (user, password)  # kept, not made again
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "neo4j.password").stat().st_mode) == 0o600
    assert embedded.credentials(_settings(tmp_path / "other"))[1] != password  # random per KG_HOME


def test_loose_permissions_are_tightened(tmp_path: Path) -> None:
    home = tmp_path / "kg-home"
    home.mkdir(mode=0o755)
    (home / "neo4j.password").write_text("chosen-by-the-admin\n", encoding="utf-8")
    (home / "neo4j.password").chmod(0o644)
    assert embedded.credentials(_settings(home)) == ("neo4j", "chosen-by-the-admin")
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "neo4j.password").stat().st_mode) == 0o600


def test_a_shared_folder_named_as_kg_home_is_left_as_it_is(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # sticky and open to all, like /tmp
    embedded.credentials(_settings(shared))
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "neo4j.password").stat().st_mode) == 0o600


def test_jvm_environment_is_an_allow_list() -> None:
    ours = {"PATH": "/usr/bin", "JAVA_HOME": "/opt/java", "LANG": "C.UTF-8", "HOME": "/home/kg",
            "KG_API_TOKEN": "secret", "NEO4J_PASSWORD": "secret", "AWS_SECRET_ACCESS_KEY": "secret", "KG_HOME": "/x"}
    assert embedded.jvm_environment(ours) == {"PATH": "/usr/bin", "JAVA_HOME": "/opt/java", "LANG": "C.UTF-8",
                                              "HOME": "/home/kg"}


def test_a_client_needs_the_password_and_load_csv_reads_nothing(
    fresh_kg_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setenv("KG_API_TOKEN", "api-token-that-must-not-leak")
    monkeypatch.setenv("NEO4J_PASSWORD", "neo4j-password-that-must-not-leak")
    settings = _settings(fresh_kg_home)
    secret = tmp_path / "secret.csv"
    secret.write_text("only,the,owner\n", encoding="utf-8")
    secret.chmod(0o600)
    try:
        started = embedded.start(settings)
        assert started.uri and started.pid
        environ = Path(f"/proc/{started.pid}/environ").read_bytes()
        assert b"KG_API_TOKEN" not in environ and b"must-not-leak" not in environ and b"NEO4J_" not in environ

        _, password = embedded.credentials(settings)
        for auth in (None, ("neo4j", "neo4j"), ("neo4j", "wrong-password"), ("admin", password)):
            with GraphDatabase.driver(started.uri, auth=auth) as driver, pytest.raises(AuthError):
                driver.execute_query("RETURN 1")

        with connect(settings) as db:  # kg itself reads the password from KG_HOME
            assert db.read_tx(lambda tx: tx.run_text("RETURN 1 AS one")) == [{"one": 1}]
            for url in (secret.as_uri(), "file:///proc/self/environ", "file:///../../etc/passwd", "http://127.0.0.1:1/x"):
                with GraphDatabase.driver(started.uri, auth=("neo4j", password)) as driver, \
                        pytest.raises(ClientError, match="ExternalResourceFailed"):
                    driver.execute_query("LOAD CSV FROM $url AS line RETURN line", url=url)
        assert not (fresh_kg_home / "neo4j" / "data" / "dbms" / "auth.ini").exists()  # the hash is not left behind
        for private in (fresh_kg_home / "neo4j", fresh_kg_home / "logs"):
            assert stat.S_IMODE(private.stat().st_mode) == 0o700
    finally:
        embedded.stop(settings)


def test_a_kg_home_made_before_authentication_keeps_its_data(fresh_kg_home: Path) -> None:
    """A KG_HOME from before authentication was on: its database has only Neo4j's default user
    neo4j/neo4j and KG_HOME has no password file. (The launcher stands in for the old one by being
    given the default password.) The first start after the upgrade sets a new password; the data stay."""
    settings = _settings(fresh_kg_home)
    fresh_kg_home.mkdir(exist_ok=True)
    (fresh_kg_home / "neo4j.password").write_text("neo4j\n", encoding="utf-8")
    try:
        with connect(settings) as db:
            db.write_tx(lambda tx: tx.run_text("CREATE (:Probe {id: 'made-before'})"))
        embedded.stop(settings)
        (fresh_kg_home / "neo4j.password").unlink()  # what an older kg left behind: no password file

        started = embedded.start(settings)
        _, password = embedded.credentials(settings)
        assert password != "neo4j"
        with GraphDatabase.driver(started.uri, auth=("neo4j", "neo4j")) as driver, pytest.raises(AuthError):
            driver.execute_query("RETURN 1")
        with connect(settings) as db:
            assert db.read_tx(lambda tx: tx.run_text("MATCH (p:Probe) RETURN p.id AS id")) == [{"id": "made-before"}]
    finally:
        embedded.stop(settings)
