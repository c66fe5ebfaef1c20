"""GraphQL errors with a stable `extensions.code` and no internals.

Dashboards branch on the code, never on the message. kg's own errors keep their one-line message
(it names what to fix); anything unexpected becomes INTERNAL_SERVER_ERROR with a generic message
(strawberry logs the original on the server)."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

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
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"

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
    if isinstance(original, GraphQLError):  # strawberry's own argument checks
        return BAD_USER_INPUT, original.message
    if isinstance(original, KgError):
        return INTERNAL_SERVER_ERROR, "the database refused or failed the request"
    return INTERNAL_SERVER_ERROR, "internal error"


def coded(error: GraphQLError) -> GraphQLError:
    code, message = classify(error)
    return GraphQLError(message, nodes=error.nodes, source=error.source, positions=error.positions,
                        path=error.path, extensions={"code": code})


class ErrorCodes(SchemaExtension):
    """Give every error of a result its code and a message without internals."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [coded(error) for error in result.errors]
