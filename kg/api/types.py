"""The GraphQL types dashboards read. Objects hold the row Neo4j returned; fields that reach other
nodes (a work's licenses, its latest assessment, a finding's work) go through the request's
DataLoaders, so a list of any length costs one query per field kind."""

from __future__ import annotations

from enum import Enum
from typing import Any, cast

import strawberry

from kg.analysis.codes import CODES
from kg.api.loaders import Loaders
from kg.db import Row
from kg.vocabulary import Form, Method, Policy, Relation, Severity, Status, WorkType


def loaders(info: strawberry.Info) -> Loaders:
    return cast(Loaders, info.context.loaders)


# kg.vocabulary's words are the GraphQL enums (registered on the same classes; the values are the
# member names: SOFTWARE, RAW, ...)
strawberry.enum(WorkType, description="What a work is.")
strawberry.enum(Form, description="How a work is released: source/weights, compiled, or as a service.")
strawberry.enum(Policy, description="What the organisation intends to do with a work.")
strawberry.enum(Status, description="The verdict of an assessment: its worst finding.")
strawberry.enum(Severity)
strawberry.enum(Relation, description="A reliance edge: mix-work (embedded), sub-work (changed into), aux-work (used to build).")
strawberry.enum(Method, description="How a derivation reuses its inputs (docs/graph-model.md).")


@strawberry.enum(description="UPSTREAM: what a work relies on; DOWNSTREAM: what relies on it.")
class Direction(Enum):
    UPSTREAM = "upstream"
    DOWNSTREAM = "downstream"


@strawberry.type(description="A clause of a license about one right or duty, with where it says so.")
class Clause:
    name: str
    cite: str | None
    note: str | None


@strawberry.type(description="A use or runtime restriction a license imposes.")
class Restriction:
    name: str
    kind: str
    cite: str | None
    note: str | None


@strawberry.type(description="What a license says about one activity in one form.")
class Term:
    activity: str
    form: str
    result: str = strawberry.field(description="duplicate, derivative, independent or undefined")
    relicense: str | None
    restrictions: list[str]
    cite: str | None
    note: str | None


@strawberry.type(description="A license of the knowledge base.")
class License:
    row: strawberry.Private[Row]

    @strawberry.field
    def id(self) -> str:
        return cast(str, self.row["id"])

    def _get(self, key: str, default: Any = None) -> Any:
        value = self.row["license"].get(key)
        return default if value is None else value

    @strawberry.field
    def name(self) -> str:
        return cast(str, self._get("name", self.row["id"]))

    @strawberry.field
    def version(self) -> str | None:
        return cast(str | None, self._get("version"))

    @strawberry.field
    def url(self) -> str | None:
        return cast(str | None, self._get("url"))

    @strawberry.field(description="Whether the id is an SPDX identifier.")
    def spdx(self) -> bool:
        return bool(self._get("spdx", False))

    @strawberry.field(description="Kinds of work it was written for: software, data, model.")
    def kinds(self) -> list[str]:
        return list(self._get("kinds", []))

    @strawberry.field(description="e.g. public, permissive, copyleft, non_commercial.")
    def categories(self) -> list[str]:
        return list(self._get("categories", []))

    @strawberry.field
    def copyleft(self) -> bool:
        return bool(self._get("copyleft", False))

    @strawberry.field
    def non_commercial(self) -> bool:
        return bool(self._get("non_commercial", False))

    @strawberry.field(description="Lower is less restrictive; the engine prefers the lowest.")
    def restrictiveness(self) -> int | None:
        return cast(int | None, self._get("restrictiveness"))

    @strawberry.field(description="Rights it grants.")
    def grants(self) -> list[Clause]:
        return [Clause(**c) for c in sorted(self.row["grants"], key=lambda c: c["name"])]

    @strawberry.field(description="Rights it keeps back.")
    def reserves(self) -> list[Clause]:
        return [Clause(**c) for c in sorted(self.row["reserves"], key=lambda c: c["name"])]

    @strawberry.field(description="What a licensee must do (include the license, state changes, …).")
    def duties(self) -> list[Clause]:
        return [Clause(**c) for c in sorted(self.row["duties"], key=lambda c: c["name"])]

    @strawberry.field
    def restrictions(self) -> list[Restriction]:
        return [Restriction(**r) for r in sorted(self.row["restrictions"], key=lambda r: (r["kind"], r["name"]))]

    @strawberry.field
    def terms(self) -> list[Term]:
        terms = sorted(self.row["terms"], key=lambda t: (t["activity"], t["form"]))
        return [
            Term(activity=t["activity"], form=t["form"], result=t["result"], relicense=t.get("relicense"),
                 restrictions=list(t.get("restrictions") or []), cite=t.get("cite"), note=t.get("note"))
            for t in terms
        ]


async def load_licenses(info: strawberry.Info, ids: list[str]) -> list[License]:
    rows = await loaders(info).license.load_many(ids)
    return [License(row=row) for row in rows if row is not None]


@strawberry.type(description="A declared license and the SPDX OR alternative it belongs to (AND within one).")
class DeclaredLicense:
    alternative: int
    license_id: str

    @strawberry.field
    async def license(self, info: strawberry.Info) -> License | None:
        row = await loaders(info).license.load(self.license_id)
        return License(row=row) if row else None


@strawberry.type(description="A model, dataset, piece of software or mix in the lineage graph.")
class Work:
    row: strawberry.Private[Row]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.row["id"])

    @strawberry.field
    def name(self) -> str | None:
        return cast(str | None, self.row["name"])

    @strawberry.field
    def type(self) -> WorkType | None:
        return WorkType(self.row["type"]) if self.row["type"] else None

    @strawberry.field
    def form(self) -> Form | None:
        return Form(self.row["form"]) if self.row["form"] else None

    @strawberry.field(description="The license as its sources declare it (an SPDX expression).")
    def license_expression(self) -> str | None:
        return cast(str | None, self.row["license_expression"])

    @strawberry.field(description="Declared license names kg could not resolve to the knowledge base.")
    def unknown_licenses(self) -> list[str]:
        return list(self.row["unknown_licenses"])

    @strawberry.field
    def url(self) -> str | None:
        return cast(str | None, self.row["url"])

    @strawberry.field
    def version(self) -> str | None:
        return cast(str | None, self.row["version"])

    @strawberry.field
    def owner(self) -> str | None:
        return cast(str | None, self.row["owner"])

    @strawberry.field
    def tags(self) -> list[str]:
        return list(self.row["tags"])

    @strawberry.field(description="Longest chain of reliance below the work (0: relies on nothing).")
    def depth(self) -> int:
        return cast(int, self.row["depth"])

    @strawberry.field(description="The knowledge-base licenses it declares.")
    async def declared_licenses(self, info: strawberry.Info) -> list[DeclaredLicense]:
        row = await loaders(info).work_licenses.load(self.row["id"])
        return [DeclaredLicense(alternative=d["alternative"], license_id=d["license"]) for d in (row["declared"] if row else [])]

    @strawberry.field(description="The licenses determined for it in its own form (empty until assessed, or on a conflict).")
    async def licenses(self, info: strawberry.Info) -> list[License]:
        row = await loaders(info).work_licenses.load(self.row["id"])
        return await load_licenses(info, row["determined"] if row else [])

    @strawberry.field(description="Its stored assessments, latest first.")
    async def assessments(self, info: strawberry.Info) -> list[Assessment]:
        return await work_assessments(info, self.row["id"])

    @strawberry.field(description="Its most recent stored assessment, if any.")
    async def latest_assessment(self, info: strawberry.Info) -> Assessment | None:
        found = await work_assessments(info, self.row["id"])
        return found[0] if found else None


async def work_assessments(info: strawberry.Info, work_id: str) -> list[Assessment]:
    row = await loaders(info).work_assessments.load(work_id)
    keys = [(k["work"], k["policy"], k["form"]) for k in (row["keys"] if row else [])]
    return [Assessment(row=r) for r in await loaders(info).assessment.load_many(keys) if r is not None]


async def load_work(info: strawberry.Info, work_id: str) -> Work | None:
    row = await loaders(info).work.load(work_id)
    return Work(row=row) if row else None


@strawberry.type(description="The clause of a license a finding rests on, as the knowledge base cites it.")
class FindingClause:
    license_id: str = strawberry.field(description="The license (several, joined by '; ', for a conflict).")
    section: str | None = strawberry.field(description="The section cited (null: the knowledge base cites none).")
    text: str | None = strawberry.field(description="The knowledge base's one-line paraphrase of it.")


@strawberry.type(description="A problem or duty an assessment found, with the clause it rests on and the lineage paths that explain it.")
class Finding:
    code: str
    severity: Severity
    message: str
    detail: str | None
    license_ids: list[str] = strawberry.field(description="The licenses it is about.")
    input_ids: list[str] = strawberry.field(description="The inputs that brought it in (for determination problems).")
    path: list[str] = strawberry.field(description="Work ids from the assessed work down to the work it concerns (a shortest path).")
    paths: list[list[str]] = strawberry.field(
        description="Every lineage path from the assessed work down to the work it concerns, shortest first, up to ten.")
    more_paths: bool = strawberry.field(description="There are more than ten such paths (query the graph for all).")
    clause: FindingClause | None = strawberry.field(
        description="The license clause it rests on; null for a finding that rests on none (no license, sources disagreeing).")
    uncited: str | None = strawberry.field(description="Why no clause is cited, for a finding that rests on none.")
    work_id: str

    @strawberry.field(description="The work it concerns.")
    async def work(self, info: strawberry.Info) -> Work | None:
        return await load_work(info, self.work_id)

    @strawberry.field
    async def licenses(self, info: strawberry.Info) -> list[License]:
        return await load_licenses(info, self.license_ids)


@strawberry.type(description="A stored assessment of a work for a release policy and form.")
class Assessment:
    row: strawberry.Private[Row]

    @strawberry.field
    def work_id(self) -> str:
        return cast(str, self.row["work"])

    @strawberry.field
    def policy(self) -> Policy:
        return Policy(self.row["policy"])

    @strawberry.field
    def form(self) -> Form:
        return Form(self.row["form"])

    @strawberry.field
    def status(self) -> Status:
        return Status(self.row["status"])

    @strawberry.field(description="Version of the license knowledge base it used.")
    def kb_version(self) -> str | None:
        return cast(str | None, self.row["kb_version"])

    @strawberry.field(description="Fingerprint of the lineage it saw: works/edges:hash of the upstream closure.")
    def lineage(self) -> str | None:
        return cast(str | None, self.row["lineage"])

    @strawberry.field(description="When it was made (ISO 8601).")
    def at(self) -> str | None:
        return cast(str | None, self.row["at"])

    @strawberry.field
    def errors(self) -> int:
        return self.row["errors"] or 0

    @strawberry.field
    def warnings(self) -> int:
        return self.row["warnings"] or 0

    @strawberry.field(description="The KB or the lineage changed since: the result may be wrong; `assess` refreshes it.")
    async def stale(self, info: strawberry.Info) -> bool:
        return await is_stale(info, self.row)

    @strawberry.field
    async def work(self, info: strawberry.Info) -> Work | None:
        return await load_work(info, self.row["work"])

    @strawberry.field(description="The license the work carries in this form (empty: none could be determined).")
    async def determined_licenses(self, info: strawberry.Info) -> list[License]:
        return await load_licenses(info, self.row["determined"])

    @strawberry.field(description="Its findings, worst first; `severity` keeps only those.")
    def findings(self, severity: Severity | None = None) -> list[Finding]:
        return [
            Finding(code=f["code"], severity=Severity(f["severity"]), message=f["message"], detail=f["detail"],
                    license_ids=list(f["licenses"] or []), input_ids=list(f["inputs"] or []), path=list(f["path"] or []),
                    paths=[p.split(" > ") for p in f["paths"] or []], more_paths=bool(f["more_paths"]),
                    clause=FindingClause(license_id=f["clause_license"], section=f["clause_section"], text=f["clause_text"])
                    if f["clause_license"] else None,
                    uncited=CODES[f["code"]].uncited if f["code"] in CODES else None,
                    work_id=f["work"])
            for f in self.row["findings"]
            if severity is None or f["severity"] == severity.value
        ]


async def is_stale(info: strawberry.Info, row: Row) -> bool:
    """Stale when the KB version or the lineage fingerprint differs from what the assessment saw."""
    if row["kb_version"] != await loaders(info).kb_version():
        return True
    return bool(row["lineage"] != await loaders(info).lineage.load(row["work"]))


@strawberry.type(description="A release a manifest asks to assess.")
class Release:
    work_id: str
    policy: Policy
    form: Form

    @strawberry.field(description="The stored assessment of this release, if any.")
    async def assessment(self, info: strawberry.Info) -> Assessment | None:
        row = await loaders(info).assessment.load((self.work_id, self.policy.value, self.form.value))
        return Assessment(row=row) if row else None


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool = strawberry.field(description="True when the page starts after a cursor.")
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class WorkEdge:
    cursor: str
    node: Work


@strawberry.type(description="A page of works in id order (Relay connection).")
class WorkConnection:
    edges: list[WorkEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class AssessmentEdge:
    cursor: str
    node: Assessment


@strawberry.type(description="A page of stored assessments in (work, policy, form) order (Relay connection).")
class AssessmentConnection:
    edges: list[AssessmentEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="A work in a drawn lineage and its distance in edges from the root.")
class LineageNode:
    distance: int
    work: Work


@strawberry.type(description="A reliance edge, from the newer work (source) to what it relies on (target).")
class LineageEdge:
    source: str
    target: str
    kind: Relation
    activity: str | None


@strawberry.type(description="A lineage ready to draw: nodes nearest first, and the edges among them.")
class Lineage:
    root: Work
    direction: Direction
    nodes: list[LineageNode]
    edges: list[LineageEdge]


@strawberry.type(description="A work a change reaches, with the path from it down to the changed work.")
class ImpactedWork:
    distance: int
    path: list[str]
    releases: list[Release]
    work: Work


@strawberry.type(description="What a license or work change touches downstream.")
class Impact:
    total_works: int = strawberry.field(description="All works reached; `works` holds the first `first` of them.")
    works: list[ImpactedWork]

    @strawberry.field(description="Every release of the works listed.")
    def releases(self) -> list[Release]:
        return [r for w in self.works for r in w.releases]


@strawberry.type
class Count:
    key: str
    count: int


@strawberry.type
class FindingCount:
    code: str
    severity: Severity
    count: int


@strawberry.type(description="Totals for dashboard tiles.")
class Stats:
    works: int
    releases: int
    assessments: int
    findings: int
    kb_version: str | None
    by_type: list[Count]
    by_license: list[Count] = strawberry.field(description="Works per license determined in their own form.")
    by_declared_license: list[Count]
    by_status: list[Count] = strawberry.field(description="Assessments per status.")
    by_finding_code: list[FindingCount]


@strawberry.type(description="What an import wrote.")
class ImportResult:
    source: str
    works: int
    derivations: int
    edges: int
    releases: int


@strawberry.type(description="What `reassessAll` did: every recorded release assessed again.")
class ReassessResult:
    assessments: int
    errors: int
    warnings: int
    ok: int


@strawberry.type(description="A removed work and how many of its assessments went with it.")
class RemovedWork:
    id: str
    assessments: int
