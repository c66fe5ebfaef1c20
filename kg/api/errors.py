"""GraphQL errors with a stable `extensions.code` and no internals.

Dashboards branch on the code, never on the message. kg's own errors keep their one-line message
(it names what to fix); anything unexpected becomes INTERNAL_SERVER_ERROR with a generic message
(strawberry logs the original on the server). The view codes every error of every result
(`kg.api.app.View.process_result`), so no error, however it arose, leaves without a code."""

from __future__ import annotations

from graphql import GraphQLError

from kg.db import QueryTimeout
from kg.errors import InputError, KgError, Neo4jUnavailable, NotFound

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
BAD_USER_INPUT = "BAD_USER_INPUT"
QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
NEO4J_UNAVAILABLE = "NEO4J_UNAVAILABLE"
TIMEOUT = "TIMEOUT"
BAD_REQUEST = "BAD_REQUEST"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"

#: the code of a request refused before GraphQL runs, by HTTP status
HTTP_CODES = {400: BAD_REQUEST, 404: NOT_FOUND, 405: "METHOD_NOT_ALLOWED", 413: "REQUEST_TOO_LARGE",
              415: "UNSUPPORTED_MEDIA_TYPE"}

#: the start of the messages strawberry's limit extensions and graphql-core's parser report
LIMIT_MESSAGES = (
    ("exceeds maximum operation depth", QUERY_TOO_DEEP),
    ("aliases found. Allowed", TOO_MANY_ALIASES),
    ("Document contains more than", QUERY_TOO_COMPLEX),
)


class ApiError(Exception):
    """An error the API raises itself, with its code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def bad_input(message: str) -> ApiError:
    return ApiError(BAD_USER_INPUT, message)


def classify(error: GraphQLError) -> tuple[str, str]:
    """The code and the message a client sees for one error."""
    original = error.original_error
    if original is None and (error.extensions or {}).get("code"):  # raised by kg with its code (limits)
        return str(error.extensions["code"]), error.message  # type: ignore[index]
    if original is None:  # a syntax, validation or limit error: about the client's document
        for text, code in LIMIT_MESSAGES:
            if text in error.message:
                return code, error.message
        return GRAPHQL_VALIDATION_FAILED, error.message
    if isinstance(original, ApiError):
        return original.code, str(original)
    if isinstance(original, InputError):
        return BAD_USER_INPUT, str(original)
    if isinstance(original, NotFound):
        return NOT_FOUND, str(original)
    if isinstance(original, Neo4jUnavailable):
        return NEO4J_UNAVAILABLE, "Neo4j is not reachable; try again later"
    if isinstance(original, QueryTimeout):
        return TIMEOUT, "the request ran past its time budget (KG_API_TIMEOUT): ask for less"
    if isinstance(original, UnicodeError):  # a lone surrogate cannot be sent to Neo4j
        return BAD_USER_INPUT, "text must be valid Unicode (no lone surrogates)"
    if isinstance(original, RecursionError):
        return QUERY_TOO_COMPLEX, "the request is nested too deeply"
    if isinstance(original, GraphQLError):  # strawberry's own argument checks
        return BAD_USER_INPUT, original.message
    if isinstance(original, KgError):
        return INTERNAL_SERVER_ERROR, "the database refused or failed the request"
    return INTERNAL_SERVER_ERROR, "internal error"


def coded(error: GraphQLError) -> GraphQLError:
    """`error` with its code and a message without internals."""
    code, message = classify(error)
    return GraphQLError(message, nodes=error.nodes, source=error.source, positions=error.positions,
                        path=error.path, extensions={"code": code})


def refused(code: str, message: str) -> dict[str, object]:
    """The body of a request refused before GraphQL runs: the shape GraphQL errors have."""
    return {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
