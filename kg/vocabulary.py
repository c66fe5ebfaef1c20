"""The words every layer uses for the same things, defined once.

Manifests, the license knowledge base, the CLI's options, the GraphQL schema and the analysis all
spell a form, a policy or a method the same way because they take it from here. Each is a
`StrEnum`: a member is its lower-case spelling, so it compares equal to the strings stored in
Neo4j and written to JSON. The order of members is meaningful where a docstring says so.
"""

from __future__ import annotations

from enum import StrEnum


class WorkKind(StrEnum):
    """The kinds of work there are, and that a license is written for."""

    SOFTWARE = "software"
    DATA = "data"
    MODEL = "model"


class WorkType(StrEnum):
    """What a work is: one kind, or `mix`, what combining works of different kinds makes."""

    SOFTWARE = WorkKind.SOFTWARE.value
    DATA = WorkKind.DATA.value
    MODEL = WorkKind.MODEL.value
    MIX = "mix"


class Form(StrEnum):
    """How a work exists or is released, from most to least open: source or weights, a compiled
    build, a hosted service."""

    RAW = "raw"
    BINARY = "binary"
    SAAS = "saas"


class Policy(StrEnum):
    """What the organisation intends to do with a work."""

    PERSONAL = "personal"
    SHARE = "share"
    SELL = "sell"


class Method(StrEnum):
    """How a derivation reuses its inputs; also the activity a reliance edge records and a
    license's terms cover (kg.lineage.methods says which edge each method makes)."""

    COMBINE = "combine"
    AMALGAMATE = "amalgamate"
    TRAIN = "train"
    FINETUNE = "finetune"
    DISTILL = "distill"
    GENERATE = "generate"
    EMBED = "embed"
    USE = "use"
    COPY = "copy"
    MODIFY = "modify"


class Relation(StrEnum):
    """A reliance edge's kind, strongest tie first: mix-work (embedded), sub-work (changed into),
    aux-work (used to build). Spelled in capitals, as the Neo4j relationship types are."""

    MIX = "MIX"
    SUB = "SUB"
    AUX = "AUX"


class Severity(StrEnum):
    """How much a finding matters, most severe first."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


class Status(StrEnum):
    """The verdict of an assessment: its worst finding, or ok."""

    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


class SourceFormat(StrEnum):
    """The kind of file a source is, as the :Source node records it (`kg import --format` names
    two of them shorter: ImportFormat)."""

    KG = "kg"
    HF_CARD = "hf-card"
    SPDX3 = "spdx3"
    CYCLONEDX = "cyclonedx"
    PEATMOSS = "peatmoss"


class ImportFormat(StrEnum):
    """A format `kg import --format` reads: the short names of the source formats (`hf` records
    sources as `hf-card`, `spdx` as `spdx3`; both spellings are kept, as stored sources and scripts
    use them)."""

    KG = "kg"
    HF = "hf"
    SPDX = "spdx"
    CYCLONEDX = "cyclonedx"
    PEATMOSS = "peatmoss"
