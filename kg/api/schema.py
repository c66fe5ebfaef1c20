"""The strawberry schema: queries, mutations, and the limits every operation is checked against."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError, ValidationContext, ValidationRule
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from kg.api.cost import CostLimit
from kg.api.errors import INTERNAL_SERVER_ERROR, classify
from kg.api.mutations import Mutation
from kg.api.resolvers import Query
from kg.api.settings import ApiSettings


class Schema(strawberry.Schema):
    """Logs only unexpected errors (with their stack); a client's bad query is not a server problem."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        unexpected = [e for e in errors if classify(e)[0] == INTERNAL_SERVER_ERROR]
        if unexpected:
            super().process_errors(unexpected, execution_context)


class DepthLimit(QueryDepthLimiter):
    """strawberry's depth limit, without its crashes: it fails on an empty selection set (`{}`, which
    graphql-core parses) and on an unknown fragment. The first is refused here; the second is left to
    graphql's own rule, which reports it."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(max_depth=max_depth)
        (rule,) = self.validation_rules

        class Guarded(rule):  # type: ignore[valid-type,misc]
            def __init__(self, context: ValidationContext) -> None:
                try:
                    super().__init__(context)
                except ValueError:  # max() of an empty selection set
                    ValidationRule.__init__(self, context)
                    context.report_error(GraphQLError("a selection set may not be empty: name the fields you want"))
                except KeyError:  # a fragment the document does not define
                    ValidationRule.__init__(self, context)

        self.validation_rules = [Guarded]


def build_schema(api: ApiSettings | None = None) -> Schema:
    api = api or ApiSettings()
    return Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: DepthLimit(max_depth=api.max_depth),
            lambda: MaxTokensLimiter(max_token_count=api.max_tokens),
            lambda: MaxAliasesLimiter(max_alias_count=api.max_aliases),
            lambda: CostLimit(max_cost=api.max_cost, max_page=api.max_page),
        ],
    )
