"""The browser pages `kg serve` ships: the review page at `/` and GraphiQL at `/graphql`, offline.

Both are static files in kg/api/web/ that load only the libraries vendored under
kg/api/web/vendor/ (web/vendor.sh copies them from npm; VERSIONS says which), so a reviewer's
browser needs no internet. The review page reads only the GraphQL API, like any dashboard."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

WEB = Path(__file__).parent / "web"


@cache
def graphiql_html() -> str:
    """GraphiQL's page, loading GraphiQL and React from /static instead of strawberry's CDN links."""
    return (WEB / "graphiql.html").read_text(encoding="utf-8")


async def review_page(request: Request) -> FileResponse:
    """The review page: releases, verdicts, lineage, findings and impact, drawn from /graphql."""
    return FileResponse(WEB / "index.html", media_type="text/html")


def routes() -> list[BaseRoute]:
    """`/` (the review page) and `/static/…` (its script, styles and the vendored libraries)."""
    return [Route("/", review_page), Mount("/static", StaticFiles(directory=WEB), name="static")]
