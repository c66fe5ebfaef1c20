"""The ASGI app `kg serve` runs: GraphQL at /graphql (GraphiQL in a browser), /healthz, /readyz,
and the review page at / (kg.api.pages; both pages work offline).

One async Neo4j driver per process, opened at startup and closed at shutdown; the sync
connection for writes is opened on the first mutation (see `kg.api.context.Writer`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from kg.api.context import Context, Writer
from kg.api.db import AsyncDatabase
from kg.api.limits import BodyLimit
from kg.api.loaders import Loaders
from kg.api.pages import graphiql_html, routes as page_routes
from kg.api.schema import build_schema
from kg.api.settings import ApiSettings
from kg.config import Settings


class View(GraphQL):
    """Strawberry's ASGI view with kg's context: fresh DataLoaders for every request."""

    def __init__(self, api: ApiSettings) -> None:
        super().__init__(build_schema(api), graphql_ide="graphiql")
        self.api = api

    @property
    def graphql_ide_html(self) -> str:
        """GraphiQL loading the vendored libraries, not strawberry's CDN ones: it works offline."""
        return graphiql_html()

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:  # type: ignore[override]
        state = request.app.state
        return Context(request=request, db=state.db, loaders=Loaders(state.db), api=self.api, writer=state.writer)  # type: ignore[arg-type]


async def healthz(request: Request) -> JSONResponse:
    """The process is up (it does not ask Neo4j)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Neo4j answers: 200, else 503 with the reason."""
    reason = await request.app.state.db.check()
    if reason:
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    return JSONResponse({"status": "ready"})


def create_app(settings: Settings | None = None, api: ApiSettings | None = None) -> Starlette:
    """The app for `settings` (a resolved `neo4j_uri`) and `api` (defaults: the environment)."""
    settings = settings or Settings.from_env()
    api = api or ApiSettings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.db = AsyncDatabase.open(settings)
        app.state.writer = Writer(settings)
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
