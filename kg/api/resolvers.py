"""The queries: works, licenses, lineage, assessments, impact and stats."""

from __future__ import annotations

import asyncio

import strawberry

from kg.api.errors import bad_input
from kg.api.pagination import decode_cursor, encode_cursor, is_texts, page_size
from kg.api.types import (
    Assessment,
    AssessmentConnection,
    AssessmentEdge,
    Count,
    Direction,
    FindingCount,
    Impact,
    ImpactedWork,
    License,
    Lineage,
    LineageEdge,
    LineageNode,
    PageInfo,
    Release,
    Stats,
    Work,
    WorkConnection,
    WorkEdge,
    is_stale,
    load_licenses,
    load_work,
    loaders,
)
from kg.errors import NotFound
from kg.vocabulary import Form, Policy, Relation, Severity, Status, WorkType

#: the largest lineage depth a client may ask for (the bound written in cypher/api_lineage_*.cypher)
MAX_LINEAGE_DEPTH = 50


@strawberry.input(description="Works filter; every field given must match.")
class WorkFilter:
    type: WorkType | None = None
    license: str | None = strawberry.field(default=None, description="A KB license id it declares or was determined to carry.")
    owner: str | None = None
    tag: str | None = None
    status: Status | None = strawberry.field(default=None, description="Status of any of its stored assessments.")
    search: str | None = strawberry.field(default=None, description="Part of its id or name, any case.")


@strawberry.input(description="Licenses filter; every field given must match.")
class LicenseFilter:
    kind: str | None = strawberry.field(default=None, description="software, data or model")
    category: str | None = None
    grants: str | None = strawberry.field(default=None, description="A right it grants, e.g. commercial_use.")
    reserves: str | None = None
    restriction: str | None = None
    search: str | None = None


@strawberry.input(description="Assessments filter; every field given must match.")
class AssessmentFilter:
    work_id: str | None = None
    policy: Policy | None = None
    status: Status | None = None
    code: str | None = strawberry.field(default=None, description="A finding code it reports, e.g. NON_COMMERCIAL.")
    stale: bool | None = strawberry.field(default=None, description="Keep only stale (true) or current (false) ones; applied to the page.")


def _page_info(cursors: list[str], after: str | None, more: bool) -> PageInfo:
    return PageInfo(has_next_page=more, has_previous_page=after is not None,
                    start_cursor=cursors[0] if cursors else None, end_cursor=cursors[-1] if cursors else None)


def _value(enum: object | None) -> str | None:
    return getattr(enum, "value", None)


async def works(info: strawberry.Info, filter: WorkFilter | None = None, first: int | None = None,
                after: str | None = None) -> WorkConnection:
    limit = page_size(first, info.context.api.max_page)
    f = filter or WorkFilter()
    row = (await info.context.db.read(
        "api_works", after=decode_cursor("work", after), limit=limit + 1, type=_value(f.type), license=f.license,
        owner=f.owner, tag=f.tag, status=_value(f.status), search=f.search,
    ))[0]
    ids = row["page"][:limit]
    rows = await loaders(info).work.load_many(ids)
    edges = [WorkEdge(cursor=encode_cursor("work", r["id"]), node=Work(row=r)) for r in rows if r is not None]
    return WorkConnection(edges=edges, page_info=_page_info([e.cursor for e in edges], after, len(row["page"]) > limit),
                          total_count=row["total"])


async def work(info: strawberry.Info, id: strawberry.ID) -> Work | None:
    return await load_work(info, str(id))


async def license(info: strawberry.Info, id: str) -> License | None:
    found = await load_licenses(info, [id])
    return found[0] if found else None


async def licenses(info: strawberry.Info, filter: LicenseFilter | None = None) -> list[License]:
    f = filter or LicenseFilter()
    rows = await info.context.db.read("api_licenses", kind=f.kind, category=f.category, grants=f.grants,
                                      reserves=f.reserves, restriction=f.restriction, search=f.search)
    return await load_licenses(info, [r["id"] for r in rows])


async def lineage(info: strawberry.Info, work_id: str, direction: Direction = Direction.UPSTREAM, depth: int = 3,
                  relations: list[Relation] | None = None) -> Lineage:
    if not 0 <= depth <= MAX_LINEAGE_DEPTH:
        raise bad_input(f"`depth` must be 0 to {MAX_LINEAGE_DEPTH}, not {depth}")
    kinds = sorted({r.value for r in relations or list(Relation)})
    row = (await info.context.db.read(f"api_lineage_{direction.value}", id=work_id, depth=depth, relations=kinds))[0]
    if not row["nodes"]:
        raise NotFound(f"no work {work_id!r} in the graph")
    nodes = sorted(row["nodes"], key=lambda n: (n["distance"], n["id"]))
    works_ = await loaders(info).work.load_many([n["id"] for n in nodes])
    return Lineage(
        root=Work(row=works_[0]), direction=direction,
        nodes=[LineageNode(distance=n["distance"], work=Work(row=w)) for n, w in zip(nodes, works_, strict=True) if w is not None],
        edges=[LineageEdge(source=e["source"], target=e["target"], kind=Relation(e["kind"]), activity=e["activity"])
               for e in sorted(row["edges"], key=lambda e: (e["source"], e["kind"], e["target"]))],
    )


async def assessment(info: strawberry.Info, work_id: str, policy: Policy, form: Form | None = None) -> Assessment | None:
    """The stored assessment, as it is: a query never writes, so a missing one is null and a stale
    one says `stale`; the `assess` mutation (with the token) makes or refreshes it."""
    target = await load_work(info, work_id)
    if target is None:
        raise NotFound(f"no work {work_id!r} in the graph (import its manifest first)")
    row = await loaders(info).assessment.load((work_id, policy.value, (form.value if form else target.row["form"])))
    return Assessment(row=row) if row else None


async def assessments(info: strawberry.Info, filter: AssessmentFilter | None = None, first: int | None = None,
                      after: str | None = None) -> AssessmentConnection:
    limit = page_size(first, info.context.api.max_page)
    f = filter or AssessmentFilter()
    start = decode_cursor("assessment", after, is_texts(3))
    row = (await info.context.db.read(
        "api_assessments", after=dict(zip(("work", "policy", "form"), start, strict=True)) if start else None, limit=limit + 1,
        work=f.work_id, policy=_value(f.policy), status=_value(f.status), code=f.code,
    ))[0]
    keys = [(k["work"], k["policy"], k["form"]) for k in row["page"][:limit]]
    rows = [r for r in await loaders(info).assessment.load_many(keys) if r is not None]
    if f.stale is not None:  # together, so the loaders batch them
        flags = await asyncio.gather(*(is_stale(info, r) for r in rows))
        rows = [r for r, stale in zip(rows, flags, strict=True) if stale == f.stale]
    edges = [AssessmentEdge(cursor=encode_cursor("assessment", [r["work"], r["policy"], r["form"]]), node=Assessment(row=r))
             for r in rows]
    cursors = [encode_cursor("assessment", list(k)) for k in keys]  # of the page before the stale filter
    return AssessmentConnection(edges=edges, total_count=row["total"], page_info=_page_info(cursors, after, len(row["page"]) > limit))


async def impact(info: strawberry.Info, license_id: str | None = None, work_id: str | None = None,
                 first: int | None = None) -> Impact:
    if (license_id is None) == (work_id is None):
        raise bad_input("give exactly one of `licenseId` and `workId`")
    limit = page_size(first, info.context.api.max_page)
    if license_id is not None and not await load_licenses(info, [license_id]):
        raise NotFound(f"no license {license_id!r} in the knowledge base")
    if work_id is not None and await load_work(info, work_id) is None:
        raise NotFound(f"no work {work_id!r} in the graph")
    row = (await info.context.db.read("api_impact", license=license_id, work=work_id, limit=limit))[0]
    works_ = await loaders(info).work.load_many([w["work"] for w in row["works"]])
    return Impact(total_works=row["total"], works=[
        ImpactedWork(distance=w["distance"], path=w["path"], work=Work(row=r), releases=[
            Release(work_id=x["work"], policy=Policy(x["policy"]), form=Form(x["form"])) for x in w["releases"]
        ])
        for w, r in zip(row["works"], works_, strict=True) if r is not None
    ])


async def stats(info: strawberry.Info) -> Stats:
    row = (await info.context.db.read("api_stats"))[0]

    def counts(key: str) -> list[Count]:
        return [Count(key=str(c["key"]), count=c["count"]) for c in row[key]]

    return Stats(
        works=row["works"], releases=row["releases"], assessments=row["assessments"], findings=row["findings"],
        kb_version=row["kb_version"], by_type=counts("by_type"), by_license=counts("by_license"),
        by_declared_license=counts("by_declared_license"), by_status=counts("by_status"),
        by_finding_code=[FindingCount(code=c["key"], severity=Severity(c["severity"]), count=c["count"])
                         for c in row["by_finding_code"]],
    )


@strawberry.type
class Query:
    works: WorkConnection = strawberry.field(resolver=works, description="A page of works in id order, filtered.")
    work: Work | None = strawberry.field(resolver=work, description="One work by id (null when there is none).")
    license: License | None = strawberry.field(resolver=license, description="One KB license by id.")
    licenses: list[License] = strawberry.field(resolver=licenses, description="KB licenses, filtered.")
    lineage: Lineage = strawberry.field(resolver=lineage, description="A work's lineage up or down, to draw.")
    assessment: Assessment | None = strawberry.field(
        resolver=assessment,
        description="The stored assessment of a work for a policy and form (its own form by default); null when there is "
        "none. Queries never write: check `stale`, and run the `assess` mutation to make or refresh one.",
    )
    assessments: AssessmentConnection = strawberry.field(resolver=assessments, description="Stored assessments, filtered.")
    impact: Impact = strawberry.field(
        resolver=impact, description="Every work and release downstream of a license or a work, with the path.",
    )
    stats: Stats = strawberry.field(resolver=stats, description="Counts for dashboard tiles.")
