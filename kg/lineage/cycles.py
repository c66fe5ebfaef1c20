"""Finding a lineage cycle and saying which it is, in order and in a line of bounded length.

A cycle is refused at import; the error must name the works on it in the order they rely on one
another (so the user can see which derivation to fix), yet a cycle through 10^5 works must not
become a 2 MB message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: works named at the start and at the end of a long cycle; the middle is counted, not listed
HEAD, TAIL = 5, 2
#: characters of one work id shown (ids have no length limit)
ID_CHARS = 120


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle of the directed graph `edges` (work -> what it relies on) as [a, b, ..., a], or None.

    Iterative depth-first search (a cycle may be longer than Python's recursion limit)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for root in edges:
        if root in state:
            continue
        path: list[str] = [root]
        state[root] = 1
        stack = [iter(edges.get(root, ()))]
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(following) == 1:
                return path[path.index(following):] + [following]
            elif following not in state:
                state[following] = 1
                path.append(following)
                stack.append(iter(edges.get(following, ())))
    return None


def describe(cycle: list[str]) -> str:
    """`through 3 works (each relies on the next): a -> b -> c -> a`, long cycles shortened in the
    middle (the caller says what kind of cycle it is)."""
    works = len(cycle) - 1
    names = [short(w) for w in cycle]
    if len(names) <= HEAD + TAIL + 1:
        shown = " -> ".join(names)
    else:
        left = len(names) - HEAD - TAIL
        shown = " -> ".join(names[:HEAD]) + f" -> … {left} more … -> " + " -> ".join(names[-TAIL:])
    return f"through {works} work{'s' if works != 1 else ''} (each relies on the next): {shown}"


def short(work: str) -> str:
    """A work id as an error names it (ids have no length limit)."""
    return work if len(work) <= ID_CHARS else work[: ID_CHARS - 1] + "…"
