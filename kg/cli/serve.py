"""`kg serve`: the GraphQL API for dashboards (kg.api), run by uvicorn."""

from dataclasses import replace
from typing import Annotated

import typer

from kg.cli.app import app, out


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the review page at /, the GraphQL API at /graphql (GraphiQL in a browser), /healthz, /readyz.

    Mutations need KG_API_TOKEN (none set: read-only). Uses the same Neo4j as every kg command."""
    import uvicorn

    from kg.api.app import create_app
    from kg.api.settings import ApiSettings
    from kg.cli.progress import database
    from kg.config import Settings
    from kg.db import driver_target

    settings = Settings.from_env()
    api = ApiSettings.from_env()  # a bad limit is refused before anything starts
    with database(settings):  # starts the embedded Neo4j if needed; schema and KB made current
        pass
    uri, auth = driver_target(settings)
    if auth:  # the embedded Neo4j's credentials, read from KG_HOME
        settings = replace(settings, neo4j_user=auth[0], neo4j_password=auth[1])
    mode = "mutations need the bearer token" if api.token else "read-only (no KG_API_TOKEN)"
    out().print(f"kg API on http://{host}:{port}/graphql · review page http://{host}:{port}/ · Neo4j {uri} · {mode}", highlight=False, soft_wrap=True)
    uvicorn.run(create_app(replace(settings, neo4j_uri=uri), api), host=host, port=port, log_level="info")
