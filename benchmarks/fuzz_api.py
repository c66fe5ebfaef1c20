"""Fuzz kg's GraphQL API on loopback: N random requests, then counts; exit 1 on any 500 or internal error.

    kg serve --port 8000 &                      # KG_API_TOKEN=t to fuzz mutations behind the token too
    python -m benchmarks.fuzz_api --requests 20000 --url http://127.0.0.1:8000 --token t

Requests mix well-formed operations with random variables (huge numbers, lone surrogates, deep
nesting, forged cursors, long text), broken documents (`{}`, `{ ...Undefined }`, cut or garbled
text), bodies that are not a JSON object (`"str"`, `1`, `null`, bytes that are not UTF-8, deep
arrays) and GET requests with the same variables. Every answer must be JSON without HTTP 500, and
every error must carry a code other than INTERNAL_SERVER_ERROR. The same generator drives the
property-based test (tests/test_api_fuzz.py), with hypothesis choosing the random numbers.

Only a loopback URL is accepted: the script is meant for a server of one's own.
"""

from __future__ import annotations

import argparse
import base64
import ipaddress
import json
import random
import socket
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from kg.api.pagination import encode_cursor

OPERATIONS = [
    "query($n: Int, $s: String) { works(first: $n, after: $s) { totalCount pageInfo { hasNextPage endCursor } "
    "edges { cursor node { id name type form depth licenses { id } latestAssessment { status stale } } } } }",
    "query($s: String, $v: Status) { works(filter: {search: $s, status: $v}) { totalCount edges { node { id } } } }",
    "query($id: ID!) { work(id: $id) { id tags declaredLicenses { alternative license { id } } "
    "assessments { status findings { code path work { id } } } } }",
    "query($s: String!, $d: Int!, $dir: Direction!) { lineage(workId: $s, depth: $d, direction: $dir) "
    "{ root { id } nodes { distance work { id } } edges { source target kind } } }",
    "query($s: String!, $p: Policy!, $f: Form) { assessment(workId: $s, policy: $p, form: $f) { status stale "
    "findings(severity: ERROR) { code licenseIds paths morePaths } } }",
    "query($n: Int, $s: String, $f: AssessmentFilter) { assessments(first: $n, after: $s, filter: $f) "
    "{ totalCount edges { cursor node { workId status } } } }",
    "query($l: String, $w: String, $n: Int) { impact(licenseId: $l, workId: $w, first: $n) { totalWorks "
    "works { distance path work { id } releases { policy assessment { status } } } } }",
    "query($f: LicenseFilter) { licenses(filter: $f) { id name categories terms { activity result } } }",
    "query($s: String!) { license(id: $s) { id grants { name cite } restrictions { name kind } } }",
    "{ stats { works releases assessments findings kbVersion byType { key count } byFindingCode { code count } } }",
    "mutation($s: String!) { removeWork(id: $s) { id assessments } }",
    "mutation($w: WorkInput!) { upsertWork(work: $w) { id licenseExpression } }",
    "mutation($name: String!, $text: String!) { importManifest(name: $name, manifest: $text) { works } }",
    "mutation($s: String!, $p: Policy!) { assess(workId: $s, policy: $p) { status } }",
]
BROKEN = ["{}", "{ ...Undefined }", "{ works(", "query { works { edges { node { nosuchfield } } } }", "",
          "fragment F on Query { ...F } { ...F }", "subscription { stats { works } }", "{ __schema { types { name } } }",
          '{ works(first: -1) { totalCount } }', "{ works(first: 2147483648) { totalCount } }", "# only a comment",
          '{ lineage(workId: "x", depth: 51) { root { id } } }', "{ a: stats { works } a: stats { releases } }"]
ENUMS = {"Policy": ["PERSONAL", "SHARE", "SELL"], "Form": ["RAW", "BINARY", "SAAS"], "Status": ["OK", "WARNING", "ERROR"],
         "Direction": ["UPSTREAM", "DOWNSTREAM"]}
WORK_IDS = ["moe-2a", "bert", "averaged-4a", "baize", "nope", "MIT", "GPL-3.0-only"]


@dataclass
class FuzzRequest:
    method: str
    body: bytes | None = None
    params: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def deep(r: random.Random, levels: int) -> Any:
    value: Any = r.choice(["x", 1, None])
    for _ in range(levels):
        value = [value] if r.random() < 0.5 else {"a": value}
    return value


def text(r: random.Random) -> str:
    kind = r.randrange(8)
    if kind == 0:
        return "".join(chr(r.choice([r.randrange(32, 127), r.randrange(0xD800, 0xE000), r.randrange(0x80, 0x10FFFF)]))
                       for _ in range(r.randrange(1, 12)))
    if kind == 1:
        return "x" * r.choice([0, 1, 1000, 100_000])
    if kind == 2:
        return r.choice(WORK_IDS)
    if kind == 3:
        return cursor(r)
    if kind == 4:
        return r.choice(["' OR 1=1 //", "}) MATCH (n) DETACH DELETE n //", "$x", "\\u0000", "\x00", "%s%n"])
    if kind == 5:
        return r.choice(["works:\n  - {id: a, type: model}\n", "a: &a [*a]", "[" * 2000, "- just a list", "{"])
    return "".join(chr(r.randrange(32, 127)) for _ in range(r.randrange(0, 20)))


def cursor(r: random.Random) -> str:
    kind = r.randrange(4)
    if kind == 0:
        return encode_cursor(r.choice(["work", "assessment", "x"]), value(r, 0))
    if kind == 1:
        return base64.urlsafe_b64encode(bytes(r.randrange(256) for _ in range(r.randrange(0, 40)))).decode()
    if kind == 2:
        return encode_cursor("work", 10 ** r.randrange(0, 400))
    levels = r.randrange(1, 3000)  # written out: Python's JSON encoder stops near 1,000 levels
    text = '["' + r.choice(["work", "assessment"]) + '",' + "[" * levels + "1" + "]" * levels + "]"
    return base64.urlsafe_b64encode(text.encode()).decode()


def value(r: random.Random, budget: int = 2) -> Any:
    """A random JSON value: numbers from tiny to huge, text of every kind, nesting, enums."""
    kind = r.randrange(10)
    if kind == 0:
        return r.choice([0, 1, -1, 20, 100, 101, 2**31, -(2**31) - 1, 10**30, 10 ** r.randrange(0, 60)])
    if kind == 1:
        return r.choice([0.5, 1e308, -1e-308, 3.0])
    if kind == 2:
        return r.choice([True, False, None])
    if kind == 3 and budget > 0:
        return [value(r, budget - 1) for _ in range(r.randrange(0, 4))]
    if kind == 4 and budget > 0:
        keys = ["id", "type", "license", "search", "workId", "policy", "status", "code", "stale", "kind", "x"]
        return {r.choice(keys): value(r, budget - 1) for _ in range(r.randrange(0, 4))}
    if kind == 5:
        return r.choice([v for vs in ENUMS.values() for v in vs])
    if kind == 6 and budget > 0:
        return deep(r, r.choice([5, 40, 200, 1000]))
    return text(r)


def variables(r: random.Random) -> dict[str, Any]:
    if r.random() < 0.5:  # well-typed half the time, so that resolvers run
        return {"n": r.choice([0, 1, 5, 100]), "s": r.choice(WORK_IDS), "id": r.choice(WORK_IDS), "d": r.randrange(0, 51),
                "dir": r.choice(ENUMS["Direction"]), "p": r.choice(ENUMS["Policy"]), "l": r.choice([None, "MIT"]),
                "name": text(r), "text": text(r), "w": {"id": r.choice(WORK_IDS), "type": "DATA", "license": text(r)}}
    names = ["n", "s", "id", "d", "dir", "p", "f", "l", "w", "v", "name", "text"]
    return {name: value(r) for name in r.sample(names, r.randrange(0, len(names)))}


def garble(r: random.Random, document: str) -> str:
    chars = list(document)
    for _ in range(r.randrange(1, 4)):
        at = r.randrange(len(chars) + 1)
        if r.random() < 0.5 and at < len(chars):
            del chars[at]
        else:
            chars.insert(at, r.choice("{}()[]:$!@.,\"'\\ \ud800é…"))
    return "".join(chars)


def dumps(data: Any) -> bytes:
    """JSON as a client would send it (lone surrogates escaped); Python's recursion limit may refuse
    the deepest values, which are then sent as raw text."""
    try:
        return json.dumps(data).encode()
    except (RecursionError, ValueError):
        return b'{"query": "{ stats { works } }", "variables": ' + b'{"a":' * 5000 + b"1" + b"}" * 5001


def random_request(r: random.Random, token: str | None) -> FuzzRequest:
    """One random request: what kind is drawn first, then its parts."""
    headers = {"content-type": "application/json", "accept": "application/json"}
    if token and r.random() < 0.5:
        headers["authorization"] = r.choice([f"Bearer {token}", "Bearer wrong", "Basic x", "Bearer"])
    kind = r.randrange(10)
    document = r.choice(OPERATIONS) if kind < 6 else r.choice(BROKEN)
    if kind in (3, 7):
        document = garble(r, document)
    payload: dict[str, Any] = {"query": document, "variables": variables(r)}
    if r.random() < 0.1:
        payload["operationName"] = r.choice([None, "x", 1, [], ""])
    if kind == 8:  # a body that is not what GraphQL over HTTP expects
        body = r.choice([b'"str"', b"1", b"null", b"[]", b"{}", b"\xff\xfe\xfd", b"[" * 100_000, b'{"query":',
                         bytes(r.randrange(256) for _ in range(r.randrange(1, 64))), dumps([payload]),
                         dumps({"query": 1}), dumps({**payload, "variables": r.choice(["x", 1, [1]])})])
        return FuzzRequest("POST", body=body, headers=headers)
    if kind == 9 or r.random() < 0.2:  # GET: queries only (a mutation over GET is refused)
        params = {"query": document, "variables": dumps(payload["variables"]).decode(errors="replace")}
        if r.random() < 0.3:
            params["variables"] = r.choice(["[" * 5000, '"text"', "{", '{"s": "\\udfff"}', json.dumps(deep(r, 300))])
        return FuzzRequest("GET", params=params, headers=headers)
    return FuzzRequest("POST", body=dumps(payload), headers=headers)


#: the longest query string sent (httpx refuses URLs much longer)
MAX_QUERY_STRING = 60_000


def send(client: httpx.Client, request: FuzzRequest) -> httpx.Response:
    """Send it; GET parameters are percent-encoded here so that lone surrogates go out as the bytes
    they would be (not UTF-8), and a query string is cut to MAX_QUERY_STRING."""
    url = "/graphql"
    if request.params is not None:
        url += "?" + urlencode(request.params, encoding="utf-8", errors="surrogatepass")[:MAX_QUERY_STRING]
    return client.request(request.method, url, content=request.body, headers=request.headers)


def verdict(response: httpx.Response) -> str:
    """`ok`, `error:CODE`, or a problem: `http-500`, `not-json`, `no-code`, `internal`."""
    if response.status_code >= 500:
        return f"http-{response.status_code}"
    try:
        body = response.json()
    except ValueError:
        return "not-json"
    if not isinstance(body, dict):
        return "not-json"
    errors = body.get("errors") or []
    if not errors:
        return "ok"
    found = set()
    for error in errors:
        code = (error.get("extensions") or {}).get("code") if isinstance(error, dict) else None
        if not code:
            return "no-code"
        if code == "INTERNAL_SERVER_ERROR":
            return "internal"
        found.add(code)
    return "error:" + ",".join(sorted(found))


PROBLEMS = ("http-", "not-json", "no-code", "internal")


def is_problem(result: str) -> bool:
    return result.startswith(PROBLEMS)


def _loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return all(ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None))
    except (OSError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="a kg serve on loopback")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--token", default=None, help="the server's KG_API_TOKEN, to reach past the token check")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request")
    args = parser.parse_args(argv)
    if not _loopback(args.url):
        print(f"fuzz_api: {args.url} is not a loopback address; fuzz only a server of your own", file=sys.stderr)
        return 2
    r = random.Random(args.seed)
    counts: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    examples: dict[str, FuzzRequest] = {}
    began = time.monotonic()
    with httpx.Client(base_url=args.url, timeout=args.timeout) as client:
        for done in range(1, args.requests + 1):
            request = random_request(r, args.token)
            try:
                response = send(client, request)
            except httpx.HTTPError as error:
                result = f"transport-{type(error).__name__}"
            else:
                statuses[response.status_code] += 1
                result = verdict(response)
            counts[result] += 1
            if is_problem(result) or result.startswith("transport-"):
                examples.setdefault(result, request)
            if done % 1000 == 0:
                print(f"{done} requests, {time.monotonic() - began:.0f} s", file=sys.stderr)
    seconds = time.monotonic() - began
    problems = sum(n for k, n in counts.items() if is_problem(k) or k.startswith("transport-"))
    print(f"{args.requests} requests in {seconds:.0f} s (seed {args.seed}) against {args.url}")
    print("HTTP status: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    for result, n in counts.most_common():
        print(f"  {n:6d}  {result}")
    print(f"HTTP 500: {sum(n for s, n in statuses.items() if s >= 500)}, INTERNAL_SERVER_ERROR: {counts['internal']}, "
          f"errors without a code: {counts['no-code']}, problems in all: {problems}")
    for result, request in examples.items():
        shown = (request.body or b"")[:200] if request.body is not None else request.params
        print(f"example of {result}: {request.method} {shown!r}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
