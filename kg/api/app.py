"""The ASGI app `kg serve` runs: GraphQL at /graphql (GraphiQL in a browser), /healthz, /readyz,
and the review page at / (kg.api.pages; both pages work offline).

One async Neo4j driver per process, opened at startup and closed at shutdown; the sync
connection for writes is opened on the first mutation (see `kg.api.context.Writer`).

No input gets an HTTP 500: a body that is not a JSON object in UTF-8, nested too deeply or holding
text Neo4j cannot take is refused with 400 and a code before GraphQL runs, every error of a result
has a code, and a query past its time budget (KG_API_TIMEOUT) ends with TIMEOUT."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError, OperationType, parse
from graphql.utilities import get_operation_ast
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from kg.api.context import Context, Writer
from kg.api.db import AsyncDatabase
from kg.api.errors import BAD_REQUEST, HTTP_CODES, TIMEOUT, coded, refused
from kg.api.limits import BodyLimit
from kg.api.loaders import Loaders
from kg.api.pages import graphiql_html
from kg.api.pages import routes as page_routes
from kg.api.schema import build_schema
from kg.api.settings import ApiSettings
from kg.config import Settings

#: how deeply a request's JSON may nest (kg's deepest input is a few levels)
MAX_JSON_DEPTH = 32

log = logging.getLogger("kg.api")


def json_problem(value: Any) -> str | None:
    """Why a decoded request cannot be served, or None: too deep, or text that is not valid Unicode."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return f"the request's JSON is nested more than {MAX_JSON_DEPTH} levels deep"
        if isinstance(item, dict):
            stack.extend((k, depth) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "the request holds text that is not valid Unicode (a lone surrogate)"
    return None


def _is_mutation(query: str | None, operation_name: str | None, max_tokens: int) -> bool:
    try:
        operation = get_operation_ast(parse(query or "", max_tokens=max_tokens), operation_name)
    except (GraphQLError, RecursionError):
        return False  # the schema's own parse reports it
    return operation is not None and operation.operation == OperationType.MUTATION


class View(GraphQL):
    """Strawberry's ASGI view with kg's context (fresh DataLoaders for every request), strict request
    parsing, a time budget for queries and a code on every error."""

    def __init__(self, api: ApiSettings) -> None:
        super().__init__(build_schema(api), graphql_ide="graphiql")
        self.api = api

    @property
    def graphql_ide_html(self) -> str:
        """GraphiQL loading the vendored libraries, not strawberry's CDN ones: it works offline."""
        return graphiql_html()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response: Response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as error:  # strawberry's own refusals are plain text: give them a code
            code = HTTP_CODES.get(error.status_code, BAD_REQUEST)
            response = JSONResponse(refused(code, error.reason), status_code=error.status_code)
        await response(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:  # type: ignore[override]
        state = request.app.state
        return Context(request=request, db=state.db, loaders=Loaders(state.db), api=self.api, writer=state.writer)  # type: ignore[arg-type]

    def decode_json(self, data: str | bytes) -> object:
        """JSON in strict UTF-8, not too deep, every text valid Unicode; else 400 BAD_REQUEST."""
        try:
            value = json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, a number too long, nested too deeply
            raise HTTPException(400, "the request is not a JSON document in UTF-8") from None
        problem = json_problem(value)
        if problem:
            raise HTTPException(400, problem)
        return value

    async def parse_http_body(self, request: Any) -> Any:
        try:
            data = await super().parse_http_body(request)
        except AttributeError:  # a body that is JSON but not an object: "text", 1, null
            raise HTTPException(400, "the request body must be a JSON object with a `query`") from None
        if not isinstance(data, list) and not isinstance(data.operation_name, (str, type(None))):
            raise HTTPException(400, "`operationName` must be a string or null")
        return data

    async def execute_single(self, **kwargs: Any) -> ExecutionResult:  # type: ignore[override]
        """A query gets KG_API_TIMEOUT seconds; a mutation is bounded by its transaction's budget
        (cancelling it here would only hide whether the write landed)."""
        data = kwargs["request_data"]
        if _is_mutation(data.query, data.operation_name, self.api.max_tokens):
            return await super().execute_single(**kwargs)
        try:
            async with asyncio.timeout(self.api.timeout):
                return await super().execute_single(**kwargs)
        except TimeoutError:
            return ExecutionResult(data=None, errors=[GraphQLError(
                f"the query ran past its time budget of {self.api.timeout:g} s (KG_API_TIMEOUT): ask for less",
                extensions={"code": TIMEOUT},
            )])

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        if result.errors:
            result.errors = [coded(error) for error in result.errors]
        return await super().process_result(request, result)


async def healthz(request: Request) -> JSONResponse:
    """The process is up (it does not ask Neo4j)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Neo4j answers: 200, else 503. The body names no internals (the reason goes to the log)."""
    reason = await request.app.state.db.check()
    if reason:
        log.warning("not ready: %s", reason)
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ready"})


def create_app(settings: Settings | None = None, api: ApiSettings | None = None) -> Starlette:
    """The app for `settings` (a resolved `neo4j_uri`) and `api` (defaults: the environment)."""
    settings = settings or Settings.from_env()
    api = api or ApiSettings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.db = AsyncDatabase.open(settings, timeout=api.timeout)
        app.state.writer = Writer(settings, app.state.db)
        try:
            yield
        finally:
            await app.state.db.close()
            await run_in_threadpool(app.state.writer.close)

    middleware = [Middleware(BodyLimit, max_bytes=api.max_body_bytes)]
    if api.cors_origins:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=list(api.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        ))
    routes = [Route("/graphql", View(api)), Route("/healthz", healthz), Route("/readyz", readyz), *page_routes()]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
