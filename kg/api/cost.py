"""The cost limit: how many fields an operation may resolve at most, counted before it runs.

Depth, token and alias limits bound the document, not the work: 15 aliases of
`works(first: 100) { … assessments { findings { work { assessments … } } } }` stay within them and
still made the server resolve millions of fields. Here every field costs the number of times it can
be resolved: the product of the sizes of the lists above it and its own. A page's size is its
`first` argument (a literal or a variable's value, else the default page); a list without one counts
LIST_SIZE, or its estimate in LIST_SIZES. An operation over the limit is refused with
QUERY_TOO_COMPLEX before any resolver runs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from strawberry.extensions import SchemaExtension

from kg.api.errors import QUERY_TOO_COMPLEX
from kg.api.pagination import DEFAULT_PAGE

#: what a list field without `first` is assumed to hold
LIST_SIZE = 10
#: lists known to be longer: every license of the KB, the works and edges of a drawn lineage
LIST_SIZES = {("Query", "licenses"): 150, ("Lineage", "nodes"): 100, ("Lineage", "edges"): 200}


class _Walk:
    """One operation's cost; stops counting once it passes `limit` (the answer is already no)."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any],
                 max_page: int, limit: int) -> None:
        self.schema = schema
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.variables = variables
        self.max_page = max_page
        self.limit = limit
        self.total = 0

    def _page(self, field: FieldNode, definition: GraphQLField) -> int | None:
        """The page size of a paged field (one with a `first` argument), clamped to what the API serves."""
        if "first" not in definition.args:
            return None
        default = min(DEFAULT_PAGE, self.max_page)
        for argument in field.arguments or ():
            if argument.name.value != "first":
                continue
            value: Any = None
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value)
            if value is None:
                return default
            if isinstance(value, int) and not isinstance(value, bool):
                return max(0, min(value, self.max_page))
            return self.max_page  # not a number: refused later, counted at the worst here
        return default

    def _fields(self, selection: SelectionSetNode, seen: frozenset[str]) -> Iterator[FieldNode]:
        """The fields of a selection set, fragments inlined (a fragment inside itself is not followed)."""
        for node in selection.selections:
            if isinstance(node, FieldNode):
                yield node
            elif isinstance(node, InlineFragmentNode):
                yield from self._fields(node.selection_set, seen)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    yield from self._fields(fragment.selection_set, seen | {name})

    def count(self, parent: GraphQLObjectType, selection: SelectionSetNode, times: int, page: int | None,
              seen: frozenset[str] = frozenset()) -> None:
        for field in self._fields(selection, seen):
            if self.total > self.limit:
                return
            definition = parent.fields.get(field.name.value)
            if definition is None:  # __typename and introspection's own fields
                self.total += times
                continue
            own_page = self._page(field, definition)
            size, below = 1, own_page if own_page is not None else page
            if is_list_type(get_nullable_type(definition.type)):
                size = below if below is not None else LIST_SIZES.get((parent.name, field.name.value), LIST_SIZE)
                below = None  # a page's size applies to its first list (edges), not to lists inside it
            cost = times * size
            self.total += cost
            target = get_named_type(definition.type)
            if field.selection_set is not None and isinstance(target, GraphQLObjectType):
                self.count(target, field.selection_set, cost, below, seen)


def operation_cost(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
                   variables: Mapping[str, Any] | None, max_page: int, limit: int) -> int:
    """What the operation may cost (counting stops just past `limit`)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if not chosen:
        return 0
    operation = chosen[0]
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    walk = _Walk(schema, document, variables or {}, max_page, limit)
    walk.count(root, operation.selection_set, 1, None)
    return walk.total


class CostLimit(SchemaExtension):
    """Refuse, before execution, an operation that may resolve more than `max_cost` fields."""

    def __init__(self, *, max_cost: int, max_page: int) -> None:
        self.max_cost = max_cost
        self.max_page = max_page

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.result:
            variables = context.variables if isinstance(context.variables, Mapping) else {}
            cost = operation_cost(context.schema._schema, document, context.operation_name, variables,
                                  self.max_page, self.max_cost)
            if cost > self.max_cost:
                context.result = ExecutionResult(data=None, errors=[GraphQLError(
                    f"the operation may resolve more than {self.max_cost} fields (KG_API_MAX_COST): ask for "
                    "smaller pages (`first`), fewer nested lists or fewer aliases",
                    extensions={"code": QUERY_TOO_COMPLEX},
                )])
        yield
