"""The strawberry schema: queries, mutations, and the limits every operation is checked against."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
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


def build_schema(api: ApiSettings | None = None) -> Schema:
    api = api or ApiSettings()
    return Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=api.max_depth),
            lambda: MaxTokensLimiter(max_token_count=api.max_tokens),
            lambda: MaxAliasesLimiter(max_alias_count=api.max_aliases),
            lambda: CostLimit(max_cost=api.max_cost, max_page=api.max_page),
        ],
    )
