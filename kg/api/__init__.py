"""kg's GraphQL API for dashboards: strawberry on starlette (`kg serve`)."""
