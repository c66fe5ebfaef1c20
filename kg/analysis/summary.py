"""A whole import at a glance (`kg report`): works by license category, findings by code and the
worst releases, read from the graph and the stored assessments (cypher/report_*.cypher)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from kg.db import Database


@dataclass(frozen=True)
class Summary:
    works: int
    sources: int
    releases: int
    unassessed: int  # releases with no stored assessment (run `kg report --assess`)
    by_status: dict[str, int]  # stored assessments by status
    categories: list[dict[str, Any]]  # {type, category, works}
    findings: list[dict[str, Any]]  # {code, severity, findings, releases, works}
    worst: list[dict[str, Any]]  # {work, policy, form, status, errors, warnings, determined, causes}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarise(db: Database, top: int) -> Summary:
    """Read the summary; nothing is assessed here (`assess_all` first for fresh verdicts)."""
    totals = db.read("report_totals")[0]
    return Summary(
        works=totals["works"], sources=totals["sources"], releases=totals["releases"], unassessed=totals["unassessed"],
        by_status={row["status"]: row["count"] for row in totals["by_status"]},
        categories=db.read("report_license_categories"),
        findings=db.read("report_findings"),
        worst=db.read("report_worst_releases", limit=top),
    )
