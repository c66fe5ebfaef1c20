"""Who may write: mutations need `Authorization: Bearer <KG_API_TOKEN>`; queries need nothing.

With no token configured, mutations are disabled (FORBIDDEN) so an API exposed by mistake stays
read-only. Tokens are compared in constant time."""

from __future__ import annotations

import hmac
from typing import Any

import strawberry
from strawberry.permission import BasePermission

from kg.api.errors import FORBIDDEN, UNAUTHENTICATED, ApiError


class CanWrite(BasePermission):
    message = "mutations need a bearer token"

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        expected = info.context.api.token
        if not expected:
            raise ApiError(FORBIDDEN, "mutations are disabled on this server (no KG_API_TOKEN is configured)")
        scheme, _, given = info.context.request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise ApiError(UNAUTHENTICATED, "mutations need the header `Authorization: Bearer <token>`")
        if not hmac.compare_digest(given.strip().encode(), expected.encode()):
            raise ApiError(UNAUTHENTICATED, "the bearer token is not valid")
        return True
