"""The API as a service: health and readiness, the exported SDL, auth, limits, error codes, CORS."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from conftest import GraphQLClient

from kg.api.sdl import path as sdl_path
from kg.api.sdl import render
from kg.api.settings import ApiSettings
from kg.config import Settings
from kg.errors import KgError

Make = Callable[..., GraphQLClient]
UPSERT = "mutation($w: WorkInput!) { upsertWork(work: $w) { id type form licenseExpression } }"
WORK = {"id": "tiny-data", "type": "DATA", "license": "MIT"}


def codes(result: dict) -> list[str]:
    return [e["extensions"]["code"] for e in result.get("errors", [])]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_and_readyz(graphql: Make) -> None:
    client = graphql().http
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}


def test_readyz_reports_an_unreachable_neo4j(graphql: Make, neo4j_server: Settings) -> None:
    port = closed_port()
    client = graphql(settings=replace(neo4j_server, neo4j_uri=f"bolt://127.0.0.1:{port}"))
    assert client.http.get("/healthz").status_code == 200  # the process is up all the same
    ready = client.http.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable"}  # no internals: the Bolt URI and the reason go to the log
    result = client.query("{ stats { works } }")
    assert codes(result) == ["NEO4J_UNAVAILABLE"]
    assert result["errors"][0]["message"] == "Neo4j is not reachable; try again later"  # no driver internals


def test_schema_file_is_current() -> None:
    assert sdl_path().read_text(encoding="utf-8") == render(), "graphql/schema.graphql is stale: run `python -m kg.api.sdl`"
    check = subprocess.run([sys.executable, "-m", "kg.api.sdl", "--check"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr


def test_schema_check_fails_on_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.api.sdl as sdl

    stale = tmp_path / "schema.graphql"
    stale.write_text("type Query { old: Int }\n", encoding="utf-8")
    monkeypatch.setattr(sdl, "path", lambda: stale)
    assert sdl.main(["--check"]) == 1
    assert sdl.main([]) == 0 and stale.read_text(encoding="utf-8") == render()


def test_mutations_disabled_without_a_configured_token(graphql: Make) -> None:
    client = graphql(ApiSettings(token=None))
    result = client.query(UPSERT, token="anything", w=WORK)
    assert codes(result) == ["FORBIDDEN"] and result["data"] is None
    assert client.query('{ work(id: "tiny-data") { id } }')["data"] == {"work": None}  # nothing written
    assert client.query("{ stats { works } }")["data"] == {"stats": {"works": 0}}  # queries need no token


def test_mutations_need_the_right_token(graphql: Make) -> None:
    client = graphql(ApiSettings(token="s3cret"))
    assert codes(client.query(UPSERT, w=WORK)) == ["UNAUTHENTICATED"]
    assert codes(client.query(UPSERT, token="wrong", w=WORK)) == ["UNAUTHENTICATED"]
    response = client.http.post("/graphql", json={"query": UPSERT, "variables": {"w": WORK}}, headers={"Authorization": "Basic s3cret"})
    assert codes(response.json()) == ["UNAUTHENTICATED"]
    assert client.query('{ work(id: "tiny-data") { id } }')["data"] == {"work": None}
    ok = client.query(UPSERT, token="s3cret", w=WORK)
    assert ok == {"data": {"upsertWork": {"id": "tiny-data", "type": "DATA", "form": "RAW", "licenseExpression": "MIT"}}}


def test_too_deep_query_is_refused(graphql: Make) -> None:
    client = graphql(ApiSettings(max_depth=3))
    deep = "{ works { edges { node { latestAssessment { findings { code } } } } } }"
    result = client.query(deep)
    assert codes(result) == ["QUERY_TOO_DEEP"] and result.get("data") is None
    assert "errors" not in client.query("{ works { edges { node { id } } } }")


def test_too_many_aliases_and_tokens_are_refused(graphql: Make) -> None:
    client = graphql(ApiSettings(max_aliases=3, max_tokens=60))
    aliased = "{ " + " ".join(f"s{i}: stats {{ works }}" for i in range(4)) + " }"
    assert codes(client.query(aliased)) == ["TOO_MANY_ALIASES"]
    long = "{ stats { " + " ".join(["works releases"] * 30) + " } }"
    assert codes(client.query(long)) == ["QUERY_TOO_COMPLEX"]
    assert "errors" not in client.query("{ a: stats { works } b: stats { releases } }")


def test_oversize_request_is_refused_with_413(graphql: Make) -> None:
    client = graphql(ApiSettings(max_body_bytes=2_000))
    big = "{ stats { works } }" + " " * 3_000
    response = client.http.post("/graphql", json={"query": big})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it arrives
        yield b'{"query": "{ stats { works } }", "pad": "'
        yield b"x" * 3_000
        yield b'"}'

    response = client.http.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert client.http.post("/graphql", json={"query": "{ stats { works } }"}).status_code == 200


def test_errors_carry_codes_and_no_internals(graphql: Make) -> None:
    client = graphql()
    assert codes(client.query('{ lineage(workId: "nope") { nodes { distance } } }')) == ["NOT_FOUND"]
    assert codes(client.query('{ works(after: "not-a-cursor") { totalCount } }')) == ["BAD_USER_INPUT"]
    assert codes(client.query("{ works { nosuchfield } }")) == ["GRAPHQL_VALIDATION_FAILED"]
    assert codes(client.query("{ works(")) == ["GRAPHQL_VALIDATION_FAILED"]
    for error in client.query('{ works(after: "x") { totalCount } lineage(workId: "nope") { depth: nodes { distance } } }')["errors"]:
        assert "Traceback" not in error["message"] and "neo4j" not in error["message"].lower()


def test_cors_only_for_configured_origins(graphql: Make) -> None:
    preflight = {"Origin": "https://dash.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"}
    open_client = graphql(ApiSettings(cors_origins=("https://dash.example",)))
    allowed = open_client.http.options("/graphql", headers=preflight)
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == "https://dash.example"
    other = open_client.http.options("/graphql", headers={**preflight, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    closed = graphql(ApiSettings()).http.post("/graphql", json={"query": "{ stats { works } }"}, headers={"Origin": "https://dash.example"})
    assert "access-control-allow-origin" not in closed.headers


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_API_TOKEN", "t")
    monkeypatch.setenv("KG_API_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("KG_API_MAX_PAGE", "50")
    api = ApiSettings.from_env()
    assert api.token == "t" and api.cors_origins == ("https://a.example", "https://b.example") and api.max_page == 50
    monkeypatch.setenv("KG_API_MAX_DEPTH", "deep")
    with pytest.raises(KgError, match="KG_API_MAX_DEPTH must be a whole number"):
        ApiSettings.from_env()


def test_kg_serve_runs_the_api(run_kg: Callable[..., subprocess.CompletedProcess[str]], kg_env: dict[str, str]) -> None:
    port = closed_port()
    env = {**kg_env, "KG_API_TOKEN": "t"}
    server = subprocess.Popen([*run_kg.command, "serve", "--port", str(port)], env=env,  # type: ignore[attr-defined]
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "kg serve did not come up"
            time.sleep(0.5)
        answer = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": "{ stats { works kbVersion } }"}, timeout=30)
        assert answer.json()["data"]["stats"]["works"] == 0 and answer.json()["data"]["stats"]["kbVersion"]  # KB loaded at start
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "kg API on http://127.0.0.1:" in output and "mutations need the bearer token" in output
