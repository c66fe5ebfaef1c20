"""The API never answers 500 or INTERNAL_SERVER_ERROR to input, every error has a code, a cost
limit and a time budget stop runaway queries, and writes fail fast when Neo4j is away (issue 18)."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from dataclasses import replace

import httpx
import pytest
from conftest import GraphQLClient
from graphql import parse

from kg.api.app import MAX_JSON_DEPTH, json_problem
from kg.api.cost import operation_cost
from kg.api.errors import classify
from kg.api.pagination import encode_cursor
from kg.api.schema import build_schema
from kg.api.settings import ApiSettings
from kg.config import Settings
from kg.db import QueryTimeout

Make = Callable[..., GraphQLClient]
NESTED = "[" * 100_000 + "]" * 100_000
ATTACK = "{ " + " ".join(
    f"a{i}: works(first: 100) {{ edges {{ node {{ id assessments {{ findings {{ code work {{ id assessments {{ "
    f"findings {{ code work {{ id }} }} }} }} }} }} }} }} }}" for i in range(15)) + " }"


def assert_coded(response: httpx.Response) -> dict:
    """Not a 500, JSON, and every error has a code that is not INTERNAL_SERVER_ERROR."""
    assert response.status_code != 500, response.text
    body = response.json()
    for error in body.get("errors") or []:
        assert error["extensions"]["code"] not in ("", None, "INTERNAL_SERVER_ERROR"), body
    return body


def error_codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


def deep(levels: int) -> object:
    value: object = "x"
    for _ in range(levels):
        value = {"a": value}
    return value


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BAD_BODIES = [
    b'"str"', b"1", b"null", b"true", b"[]", b"{}", b"\xff\xfe\xfd", b'{"query": "\xff"}', NESTED.encode(),
    b'{"query": "{ stats { works } }", "variables": ' + json.dumps(deep(500)).encode() + b"}",
    b'{"query": "query($s: String) { works(filter: {search: $s}) { totalCount } }", "variables": {"s": "\\udfff"}}',
    b'{"query": "{ stats { works } }", "variables": {"\\ud800": 1}}',
    b'{"query": "{ stats { works } }", "operationName": 1}',
    b'{"query": 1}', b'{"query": "{ stats { works } }", "variables": "x"}', b'{"query": "{ stats { works } }", "variables": [1]}',
    b'{"query": "{ stats { works } }", "variables": {"n": ' + b"9" * 5000 + b"}}",
    b'{"query": "{ stats { works } }", "extensions": 3}', b'[{"query": "{ stats { works } }"}]',
]


@pytest.mark.parametrize("body", BAD_BODIES, ids=lambda b: repr(b[:40]))
def test_bad_bodies_are_refused_with_a_code(graphql: Make, body: bytes) -> None:
    response = graphql().http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert error_codes(assert_coded(response)) == ["BAD_REQUEST"]


@pytest.mark.parametrize("params", [
    {"query": "{ stats { works } }", "variables": json.dumps(deep(200))},
    {"query": "{ stats { works } }", "variables": "[" * 20_000},
    {"query": "{ stats { works } }", "variables": '"text"'},
    {"query": "{ stats { works } }", "variables": '{"s": "\\udfff"}'},
    {"query": "{ stats { works } }", "variables": "{"},
    {},
])
def test_bad_get_requests_are_refused_with_a_code(graphql: Make, params: dict) -> None:
    response = graphql().http.get("/graphql", params=params, headers={"accept": "application/json"})
    assert response.status_code == 400, response.text
    assert error_codes(assert_coded(response)) == ["BAD_REQUEST"]


@pytest.mark.parametrize(("query", "code"), [
    ("{}", "GRAPHQL_VALIDATION_FAILED"),
    ("{ ...Undefined }", "GRAPHQL_VALIDATION_FAILED"),
    ("fragment F on Query { ...F } { ...F }", "GRAPHQL_VALIDATION_FAILED"),
    ('{ works(after: "' + encode_cursor("work", 10**30) + '") { totalCount } }', "BAD_USER_INPUT"),
    ('{ works(after: "' + encode_cursor("work", deep(50)) + '") { totalCount } }', "BAD_USER_INPUT"),
    ('{ works(after: "' + encode_cursor("work", "\udfff") + '") { totalCount } }', "BAD_USER_INPUT"),
    ('{ assessments(after: "' + encode_cursor("assessment", [1e308, 2, 3]) + '") { totalCount } }', "BAD_USER_INPUT"),
    ('{ assessments(after: "' + encode_cursor("assessment", "x") + '") { totalCount } }', "BAD_USER_INPUT"),
    ('{ works(after: "' + "A" * 10_000 + '") { totalCount } }', "BAD_USER_INPUT"),
    ('{ works(after: "é") { totalCount } }', "BAD_USER_INPUT"),
    ("{ works(first: 99999999999) { totalCount } }", "GRAPHQL_VALIDATION_FAILED"),
])
def test_bad_documents_and_cursors_get_a_code(graphql: Make, query: str, code: str) -> None:
    client = graphql()
    body = assert_coded(client.http.post("/graphql", json={"query": query}))
    assert error_codes(body) == [code]
    assert "Traceback" not in json.dumps(body) and "neo4j" not in json.dumps(body).lower()


def test_lone_surrogate_in_a_variable_never_reaches_neo4j(graphql: Make) -> None:
    client = graphql()
    query = "query($id: ID!) { work(id: $id) { id } }"
    body = b'{"query": "' + query.encode() + b'", "variables": {"id": "a\\udfffb"}}'
    response = client.http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400 and error_codes(response.json()) == ["BAD_REQUEST"]
    assert client.query(query, id="still-fine") == {"data": {"work": None}}  # the connection is intact


def test_cost_limit_refuses_a_runaway_query_before_it_runs(graphql: Make) -> None:
    client = graphql()
    body = client.query(ATTACK)
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"] and body["data"] is None
    assert "KG_API_MAX_COST" in body["errors"][0]["message"]
    fine = client.query("{ works(first: 100) { edges { node { id licenses { id } latestAssessment { findings { code } } } } } }")
    assert "errors" not in fine
    small = graphql(ApiSettings(max_cost=50))
    paged = "query($n: Int) { works(first: $n) { edges { node { id name } } } }"
    assert "errors" not in small.query(paged, n=10)
    assert error_codes(small.query(paged, n=100)) == ["QUERY_TOO_COMPLEX"]  # variables count too


def test_operation_cost_counts_pages_lists_and_fragments() -> None:
    schema = build_schema()._schema

    def cost(text: str, **variables: object) -> int:
        return operation_cost(schema, parse(text), None, variables, max_page=100, limit=10**9)

    assert cost("{ stats { works } }") == 2
    assert cost("{ works(first: 10) { totalCount edges { node { id } } } }") == 1 + 1 + 10 * 3
    assert cost("query($n: Int) { works(first: $n) { edges { node { id } } } }", n=50) == 1 + 50 * 3
    assert cost("{ works(first: 5000) { edges { cursor } } }") == 1 + 100 * 2  # clamped to the largest page
    assert cost("{ works { edges { cursor } } }") == 1 + 20 * 2  # the default page
    assert cost("{ work(id: \"x\") { assessments { findings { code } } } }") == 1 + 10 + 100 + 100
    spread = "fragment F on Work { id tags } { work(id: \"x\") { ...F ... on Work { name } } }"
    assert cost(spread) == 1 + 10 + 1 + 1  # tags is a list of 10
    assert cost(ATTACK) > 10**6


def test_time_budget_gives_timeout(graphql: Make) -> None:
    body = graphql(ApiSettings(timeout=1e-6)).query("{ stats { works } licenses { id } }")
    assert error_codes(body) == ["TIMEOUT"] and body["data"] is None
    assert "KG_API_TIMEOUT" in body["errors"][0]["message"]


def test_neo4j_time_budget_is_a_timeout_code() -> None:
    from graphql import GraphQLError

    error = GraphQLError("x", original_error=QueryTimeout("Neo4j stopped the query"))
    assert classify(error)[0] == "TIMEOUT"
    assert classify(GraphQLError("x", original_error=UnicodeEncodeError("utf-8", "\udfff", 0, 1, "surrogates")))[0] == "BAD_USER_INPUT"


def test_writes_fail_fast_when_neo4j_is_away(graphql: Make, neo4j_server: Settings) -> None:
    client = graphql(ApiSettings(token="t"), settings=replace(neo4j_server, neo4j_uri=f"bolt://127.0.0.1:{closed_port()}"))
    began = time.monotonic()
    for _ in range(3):  # none waits for the others
        body = client.query('mutation { upsertWork(work: {id: "w", type: DATA}) { id } }', token="t")
        assert error_codes(body) == ["NEO4J_UNAVAILABLE"]
    assert time.monotonic() - began < 6
    began = time.monotonic()
    assert error_codes(client.query("{ stats { works } }")) == ["NEO4J_UNAVAILABLE"]
    assert time.monotonic() - began < 6


def test_json_problem() -> None:
    assert json_problem({"query": "{ a }", "variables": {"x": [1, {"y": "z"}]}}) is None
    assert json_problem(deep(MAX_JSON_DEPTH - 1)) is None
    assert "nested" in (json_problem(deep(MAX_JSON_DEPTH + 1)) or "")
    assert "Unicode" in (json_problem({"v": ["ok", "\udc80"]}) or "")
    assert "Unicode" in (json_problem({"\ud800": 1}) or "")
