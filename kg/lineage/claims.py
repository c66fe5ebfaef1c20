"""Which of the license claims sources make about a work the engine uses, and pinning one.

Every imported file that describes a work records what it says about the work's license as a
claim (`(:Source)-[:CLAIMS {license_expression, license_name, resolved}]->(:Work)`). The license
the engine works with (the work's DECLARES edges) is the user's pin if there is one, else the most
restrictive claim: when sources disagree, kg assumes the strictest reading until someone decides
(`kg pin`). A claim kg cannot resolve counts as the most restrictive of all, so an unknown or
ambiguous license is reported rather than silently outvoted by a permissive one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.db import Database, Transaction
from kg.errors import InputError, NotFound
from kg.licenses.catalog import default_catalog
from kg.licenses.graph import restrictiveness
from kg.licenses.resolve import resolve
from kg.lineage.licensing import DeclaredLicense, declare


@dataclass(frozen=True)
class Claim:
    """What one source says about a work's license (expression None: it says nothing)."""

    file: str
    format: str
    license_expression: str | None
    license_name: str | None = None


@dataclass(frozen=True)
class Settled:
    """The claim the engine uses for a work, as the row `import_declares` writes."""

    license_expression: str | None
    license_name: str | None
    declared: DeclaredLicense

    def row(self, work: str) -> dict[str, Any]:
        return {
            "work": work, "license_expression": self.license_expression,
            "unknown_licenses": self.declared.unknown, "ambiguous_licenses": self.declared.ambiguous,
            "license_notes": self.declared.notes,
            "declares": [{"license": lic, "alternative": alternative}
                         for alternative, licenses in enumerate(self.declared.alternatives) for lic in licenses],
        }


def resolved_key(expression: str | None, license_name: str | None) -> str | None:
    """A claim's meaning in normal form: two claims agree when their keys are equal ("llama2" and
    "Llama-2" do); None for a claim that says nothing about the license."""
    if not expression and not license_name:
        return None
    resolution = resolve(expression, license_name)
    if resolution.ok:
        return " OR ".join(sorted(" AND ".join(sorted(option)) for option in resolution.alternatives))
    return "?" + " ".join(part.strip().casefold() for part in (expression or "", license_name or "") if part)


def settle(claims: list[Claim], pin: str | None) -> Settled:
    """The pin if given, else the most restrictive claim (ties: by expression, then file)."""
    if pin:
        return Settled(pin, None, declare(pin, None))
    stated = [c for c in claims if c.license_expression or c.license_name]
    if not stated:
        return Settled(None, None, declare(None, None))
    chosen = max(stated, key=lambda c: (_score(c), c.license_expression or "", c.license_name or "", c.file))
    return Settled(chosen.license_expression, chosen.license_name, declare(chosen.license_expression, chosen.license_name))


def _score(claim: Claim) -> float:
    """What the engine would take from this claim: its least restrictive alternative."""
    resolution = resolve(claim.license_expression, claim.license_name)
    if not resolution.ok:
        return math.inf
    return min(sum(_restrictiveness(lic) for lic in option) for option in resolution.alternatives)


@cache
def _restrictiveness(license_id: str) -> int:
    return restrictiveness(default_catalog().get(license_id))


def pin(db: Database, work: str, expression: str | None) -> dict[str, Any]:
    """Make `expression` the license the engine uses for `work` whatever sources claim (None: unpin)."""
    if expression is not None:
        resolution = resolve(expression, None)
        if not resolution.ok:
            reasons = "; ".join(p.message for p in resolution.problems) or "nothing to resolve"
            raise InputError("kg pin", expression, f"not a license kg knows: {reasons}")
    rows = db.read("claims_of_works", ids=[work])
    if not rows:
        raise NotFound(f"no work {work!r} in the graph (nor an alias of one)")
    row = rows[0] | {"pin": expression}
    settled = resettle([row])

    def write(tx: Transaction) -> None:
        tx.run("claims_pin", id=row["id"], pin=expression)
        tx.run("import_declares", rows=settled)

    db.write_tx(write)
    return settled[0]


def resettle(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`import_declares` rows for works whose claims changed (rows of `claims_of_works`)."""
    return [
        settle([Claim(c["file"], c["format"], c["license_expression"], c["license_name"]) for c in row["claims"]], row["pin"]).row(row["id"])
        for row in rows
    ]
