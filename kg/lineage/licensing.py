"""What a work's declared license means for the graph: KB licenses to link, and what to report."""

from __future__ import annotations

from dataclasses import dataclass

from kg.licenses.resolve import resolve


@dataclass(frozen=True)
class DeclaredLicense:
    alternatives: list[list[str]]  # OR of ANDs over KB ids
    unknown: list[str]  # names kg could not resolve (with what ScanCode knows of them)
    ambiguous: list[str]  # family ids such as `bsd`, or `other` without a license name
    notes: list[str]  # exceptions (WITH …) and other remarks kept with the work


def declare(expression: str | None, license_name: str | None) -> DeclaredLicense:
    """Resolve a declared license; nothing declared gives no licenses and no problems."""
    if not expression and not license_name:
        return DeclaredLicense([], [], [], [])
    resolution = resolve(expression, license_name)
    unknown, ambiguous = [], []
    for problem in resolution.problems:
        if problem.kind == "ambiguous":
            ambiguous.append(problem.name)
        elif problem.kind in ("unknown", "invalid"):
            known_as = f" (ScanCode: {problem.category})" if problem.category else ""
            unknown.append(f"{problem.name}{known_as}")
    return DeclaredLicense(resolution.alternatives, unknown, ambiguous, list(resolution.exceptions))
