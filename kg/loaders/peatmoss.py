"""The PeaTMOSS database (Jiang et al., MSR 2024: pre-trained models and the GitHub projects that
reuse them) to kg, streamed from its SQLite file with the standard library.

Tables read, with the columns of the published schema (`PeaTMOSS.sql`, PurdueDualityLab/PeaTMOSS-Demos):
`model` (id, context_id = the Hub repository id, model_hub_id, repo_url), `model_hub` (id, name),
`license` (id, name) through `model_to_license`, `dataset` (id, name) through `model_to_dataset`,
`reuse_repository` (id, owner, name, url) through `model_to_reuse_repository`, and `reuse_file`
(path, model_id, reuse_repository_id). Nothing else is needed and nothing is written to the file.

What becomes of it (README, "Importing PeaTMOSS"):
- a model is a work (`pkg:huggingface/ORG/NAME`; a PyTorch Hub entry point
  `pkg:generic/pytorch-hub/OWNER/REPO/MODEL`) whose license rows are its raw Hub license strings,
  read as the card loader reads a card's `license` list: several rows all apply (AND), no row or
  only empty names is no license (NO_LICENSE: never permissive);
- the datasets a model names are its training data (method `train`: AUX `train`), placeholders
  with no license until their own card is imported, as a card's datasets are;
- a GitHub repository linked to models is a software work (`pkg:github/OWNER/NAME`, released to
  the public: `share`, raw form) made by method `combine` of its own code (a software work
  `github-code:OWNER/NAME`) and the models it loads (MIX `combine`). Why combine: `reuse_file`
  lists the files of the repository in which static analysis found a model hub's loading call
  (`from_pretrained`, `pipeline`, `torch.hub.load`, …). The project's code loads the published
  model and runs it beside its own code: a larger program built with the model, which neither
  changes the model nor trains on it (nothing in the files says so), and is no copy of it. That is
  the knowledge base's `combine` (each license's term says whether the result is a work based on
  the model: independent for MIT or Apache-2.0, a derivative for GPL or Llama 2). ModelGo's `use`
  would make the project a *duplicate* of the model under every license, and `copy` the same,
  which is what an SBOM's single `dependsOn` becomes. The paths are the derivation's `tool`;
- PeaTMOSS stores no GitHub licenses: `--repo-licenses FILE` gives them as the authors' license
  scan wrote them, `{"owner/name": ["mit", "bsd-new"] | null}`; several keys all apply; ScanCode
  keys resolve through the ScanCode index kg's resolver already uses. The license is declared by
  the repository's code and by the repository (so a copyleft model whose license cannot become
  the repository's is RELICENSE_BLOCKED). With `null` (the scan found no license) or no entry, both
  declare none: the code is then all rights reserved (NO_LICENSE, as GitHub treats it) and the
  repository's license is determined from what it combines; the tag `license-scan:none` /
  `license-scan:absent` says which.

Streaming: models are read in id ranges of `model_chunk`, repositories in id ranges of
`repo_chunk`; each range is one Document (one source, `FILE#model ids A-B`), imported in its own
transaction before the next is read, so memory holds one range at a time whatever the file's size.
Re-importing the same file with the same chunk sizes replaces each range's claims. Anything odd in
a row (an id that is no Hub repository, a link to a model the file does not hold) is left out and
counted in a notice on that range's source; only a file that is not a PeaTMOSS database, or a
broken --repo-licenses file, is refused, before anything is written.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from packageurl import PackageURL
from pydantic import ValidationError

from kg.db import Database
from kg.errors import InputError
from kg.lineage.document import Document
from kg.lineage.identity import hub_purl
from kg.lineage.importer import ImportSummary, import_document
from kg.lineage.manifest import ID_PATTERN, Manifest
from kg.loaders.hf import REPO_ID
from kg.loaders.sbom import all_of
from kg.reading import validation_error
from kg.vocabulary import SourceFormat

#: the columns kg reads from each table (a subset of the published schema)
COLUMNS: dict[str, tuple[str, ...]] = {
    "model": ("id", "context_id", "model_hub_id", "repo_url"),
    "model_hub": ("id", "name"),
    "license": ("id", "name"),
    "model_to_license": ("model_id", "license_id"),
    "dataset": ("id", "name"),
    "model_to_dataset": ("model_id", "dataset_id"),
    "reuse_repository": ("id", "owner", "name", "url"),
    "model_to_reuse_repository": ("model_id", "reuse_repository_id"),
    "reuse_file": ("path", "model_id", "reuse_repository_id"),
}
SQLITE_MAGIC = b"SQLite format 3\x00"
MODEL_CHUNK = 10_000
REPO_CHUNK = 10_000
#: model and dataset ids remembered (a bound: the file may hold any number)
IDS_MEMO = 1 << 17
#: reuse files named in a derivation's `tool`, at most
TOOL_FILES = 5
VALID_ID = re.compile(ID_PATTERN)
GITHUB_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")
#: the id of a repository's own code (the repository itself is its `pkg:github/` purl)
CODE_PREFIX = "github-code:"

MODELS = """SELECT m.id, m.context_id, m.repo_url, h.name FROM model m LEFT JOIN model_hub h ON h.id = m.model_hub_id
            WHERE m.id >= ? AND m.id < ? ORDER BY m.id"""
LICENSES = """SELECT ml.model_id, l.name FROM model_to_license ml JOIN license l ON l.id = ml.license_id
              WHERE ml.model_id >= ? AND ml.model_id < ? ORDER BY ml.model_id, l.id"""
DATASETS = """SELECT md.model_id, d.name FROM model_to_dataset md JOIN dataset d ON d.id = md.dataset_id
              WHERE md.model_id >= ? AND md.model_id < ? ORDER BY md.model_id, d.id"""
REPOSITORIES = "SELECT id, owner, name FROM reuse_repository WHERE id >= ? AND id < ? ORDER BY id"
LINKS = """SELECT mr.reuse_repository_id, m.id, m.context_id, h.name FROM model_to_reuse_repository mr
           LEFT JOIN model m ON m.id = mr.model_id LEFT JOIN model_hub h ON h.id = m.model_hub_id
           WHERE mr.reuse_repository_id >= ? AND mr.reuse_repository_id < ? ORDER BY mr.reuse_repository_id, mr.model_id"""
FILES = """SELECT reuse_repository_id, model_id, path FROM reuse_file
           WHERE reuse_repository_id >= ? AND reuse_repository_id < ? ORDER BY reuse_repository_id, path"""

RepoLicenses = dict[str, list[str] | None]


@dataclass
class PeatmossSummary:
    """What an import wrote, for the command's last line and the benchmark."""

    file: str
    models: int = 0
    repositories: int = 0
    links: int = 0
    documents: list[ImportSummary] = field(default_factory=list)


@dataclass(frozen=True)
class Part:
    """One id range of the file as a Document, with how many models and links it holds."""

    document: Document
    models: int = 0
    repositories: int = 0
    links: int = 0


def is_database(path: Path) -> bool:
    """True for an SQLite file (how `kg import` tells a PeaTMOSS database without --format)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


@contextmanager
def open_peatmoss(path: Path) -> Iterator[sqlite3.Connection]:
    """The file, read-only, once it is known to hold every table and column kg reads; closed after.
    A read error later on (a damaged file) is one line too: the ranges before it stay imported."""
    file = str(path)
    if not path.is_file():
        raise InputError(file, "", "no such file")
    if not is_database(path):
        raise InputError(file, "", "not an SQLite database (a PeaTMOSS metadata file is PeaTMOSS.db)")
    connection = sqlite3.connect(f"file:{path.absolute()}?mode=ro", uri=True)
    try:
        _check_schema(connection, file)
        yield connection
    except sqlite3.DatabaseError as error:
        raise InputError(file, "", f"cannot read the database: {error}") from None
    finally:
        connection.close()


def _check_schema(connection: sqlite3.Connection, file: str) -> None:
    for table, columns in COLUMNS.items():
        found = {row[1] for row in connection.execute("SELECT * FROM pragma_table_info(?)", (table,))}
        if not found:
            raise InputError(file, table, "no such table: not a PeaTMOSS database (see PeaTMOSS.sql)")
        missing = [c for c in columns if c not in found]
        if missing:
            raise InputError(file, table, f"no column {', '.join(missing)}: not the published PeaTMOSS schema")


def read_repo_licenses(path: Path) -> RepoLicenses:
    """The `{"owner/name": [ScanCode keys] | null}` map; anything else is refused, naming the key."""
    file = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(file, "", f"cannot read: {error}") from None
    except json.JSONDecodeError as error:
        raise InputError(file, f"line {error.lineno}, column {error.colno}", f"malformed JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise InputError(file, "(top level)", 'expected a map {"owner/name": ["mit", ...] | null}')
    for key, value in data.items():
        if not isinstance(value, (list, type(None))) or (value is not None and not all(isinstance(v, str) for v in value)):
            raise InputError(file, key, f"expected a list of license keys or null, not {json.dumps(value)[:80]}")
    return data


def import_database(db: Database, path: Path, repo_licenses: RepoLicenses | None = None,
                    on_part: Callable[[Part, ImportSummary], None] | None = None, *,
                    model_chunk: int = MODEL_CHUNK, repo_chunk: int = REPO_CHUNK) -> PeatmossSummary:
    """Import the whole file, one id range at a time (see the module's docstring)."""
    summary = PeatmossSummary(str(path))
    with open_peatmoss(path) as connection:
        for part in parts(connection, str(path), repo_licenses or {}, model_chunk, repo_chunk, licensed=repo_licenses is not None):
            result = import_document(db, part.document)
            summary.documents.append(result)
            summary.models += part.models
            summary.repositories += part.repositories
            summary.links += part.links
            if on_part:
                on_part(part, result)
    return summary


def totals(connection: sqlite3.Connection) -> tuple[int, int]:
    """(models, model→repository links) in the file: the progress bar's length."""
    models = connection.execute("SELECT count(*) FROM model").fetchone()[0]
    links = connection.execute("SELECT count(*) FROM model_to_reuse_repository").fetchone()[0]
    return models, links


def parts(connection: sqlite3.Connection, file: str, repo_licenses: RepoLicenses, model_chunk: int = MODEL_CHUNK,
          repo_chunk: int = REPO_CHUNK, licensed: bool = True) -> Iterator[Part]:
    """Every model range, then every repository range, each as one Document."""
    source = os.path.abspath(file)
    licenses = _casefolded(repo_licenses)
    for low, high in _ranges(connection, "model", model_chunk):
        yield _models(connection, file, f"{source}#model ids {low}-{high - 1}", low, high)
    for low, high in _ranges(connection, "reuse_repository", repo_chunk):
        yield _repositories(connection, file, f"{source}#reuse_repository ids {low}-{high - 1}", low, high, licenses, licensed)


def _ranges(connection: sqlite3.Connection, table: str, size: int) -> Iterator[tuple[int, int]]:
    """[low, high) id ranges of `size` ids from the table's smallest id: fixed by the ids, so a
    re-import of the same file lands on the same sources."""
    first, last = connection.execute(f"SELECT min(id), max(id) FROM {table}").fetchone()  # noqa: S608 - a COLUMNS key
    if first is None:
        return
    start = (first // size) * size
    for low in range(start, last + 1, size):
        yield low, low + size


class _Notes:
    """Row problems of one range, counted with a few examples: a 10,000-model range gives a
    handful of notices, not thousands."""

    def __init__(self, file: str, where: str) -> None:
        self.file, self.where = file, where
        self.seen: dict[str, list[str]] = defaultdict(list)

    def add(self, what: str, example: str) -> None:
        self.seen[what].append(example)

    def notices(self) -> tuple[str, ...]:
        def line(what: str, examples: list[str]) -> str:
            shown = ", ".join(examples[:3]) + (", …" if len(examples) > 3 else "")
            return f"{self.file}: {self.where}: {len(examples)} {what} ({shown})"

        return tuple(line(what, examples) for what, examples in self.seen.items())


def _models(connection: sqlite3.Connection, file: str, source: str, low: int, high: int) -> Part:
    notes = _Notes(file, source.rpartition("#")[2])
    licenses: dict[int, list[str]] = defaultdict(list)
    for model, name in connection.execute(LICENSES, (low, high)):
        licenses[model].append(name)
    datasets: dict[int, list[str]] = defaultdict(list)
    for model, name in connection.execute(DATASETS, (low, high)):
        datasets[model].append(name)
    works: list[dict[str, Any]] = []
    derivations: list[dict[str, Any]] = []
    placeholders: dict[str, dict[str, Any]] = {}
    defined: set[str] = set()
    for row_id, context_id, repo_url, hub in connection.execute(MODELS, (low, high)):
        work_id = model_purl(context_id, hub)
        if work_id is None:
            notes.add("models whose id is no Hub repository (left out)", f"model {row_id} {context_id!r}")
            continue
        if work_id in defined:
            notes.add("models listed twice (the first kept)", str(context_id))
            continue
        defined.add(work_id)
        names = licenses.get(row_id, [])
        license_ = all_of(n.strip() for n in names if n and n.strip())
        if license_ is None and names:
            notes.add("models whose only license is an empty string: no license", str(context_id))
        elif len([n for n in names if n and n.strip()]) > 1:
            notes.add("models list several licenses: kg takes them all to apply (AND)", f"{context_id}: {license_}")
        work = {"id": work_id, "name": str(context_id), "url": _url(repo_url),
                "owner": str(context_id).partition("/")[0] if "/" in str(context_id) else None, "license": license_}
        trained_on = []
        for name in datasets.get(row_id, []):
            dataset = dataset_purl(name)
            if dataset is None:
                notes.add("dataset names that are no Hub dataset id (left out)", f"{context_id}: {name!r}")
                continue
            if dataset not in trained_on:
                trained_on.append(dataset)
                placeholders[dataset] = {"id": dataset, "name": name.strip(), "type": "data"}
        if trained_on:
            derivations.append({"method": "train", "inputs": trained_on, "output": work})
        else:
            works.append(work | {"type": "model"})
    manifest = {"works": [*placeholders.values(), *works], "derivations": derivations}
    document = _document(source, manifest, frozenset(placeholders), notes)
    return Part(document, models=len(defined))


def _repositories(connection: sqlite3.Connection, file: str, source: str, low: int, high: int,
                  licenses: dict[str, list[str] | None], licensed: bool) -> Part:
    notes = _Notes(file, source.rpartition("#")[2])
    used: dict[int, list[str]] = defaultdict(list)
    by_model: dict[tuple[int, int], str] = {}
    placeholders: dict[str, dict[str, Any]] = {}
    for repo, model, context_id, hub in connection.execute(LINKS, (low, high)):
        work_id = model_purl(context_id, hub) if model is not None else None
        if work_id is None:
            notes.add("links to a model the file does not hold or kg cannot name (left out)", f"repository {repo} → {context_id!r}")
            continue
        if work_id not in used[repo]:
            used[repo].append(work_id)
        by_model[(repo, model)] = work_id
        placeholders[work_id] = {"id": work_id, "name": str(context_id), "type": "model"}
    files: dict[int, list[str]] = defaultdict(list)
    for repo, model, path in connection.execute(FILES, (low, high)):
        if (repo, model) not in by_model:
            notes.add("reuse files of links left out", f"repository {repo}: {path}")
        elif path:
            files[repo].append(path)
    works: list[dict[str, Any]] = []
    derivations: list[dict[str, Any]] = []
    releases: list[dict[str, str]] = []
    defined: set[str] = set()
    unlinked = 0
    for repo, owner, name in connection.execute(REPOSITORIES, (low, high)):
        if not used.get(repo):
            unlinked += 1
            continue
        if not (isinstance(owner, str) and isinstance(name, str) and GITHUB_NAME.match(owner) and GITHUB_NAME.match(name)):
            notes.add("repositories whose owner/name is no GitHub repository (left out)", f"repository {repo} {owner!r}/{name!r}")
            continue
        work_id = PackageURL(type="github", namespace=owner, name=name).to_string()
        if work_id in defined:
            notes.add("repositories listed twice (the first kept)", f"{owner}/{name}")
            continue
        defined.add(work_id)
        full = f"{owner}/{name}"
        scanned = licenses.get(full.casefold(), ...)
        tag = "license-scan:absent" if scanned is ... else "license-scan:none" if not scanned else "license-scan:found"
        license_ = all_of(k.strip() for k in scanned if k and k.strip()) if isinstance(scanned, list) else None
        described = {"name": full, "type": "software", "form": "raw", "owner": owner, "url": f"https://github.com/{full}",
                     "license": license_, "tags": [tag] if licensed else []}
        code = f"{CODE_PREFIX}{owner}/{name}".casefold()
        works.append(described | {"id": code, "name": f"{full} (own code)"})
        tool = list(dict.fromkeys(files.get(repo, [])))
        derivations.append({
            "method": "combine", "inputs": [code, *used[repo]], "output": described | {"id": work_id},
            "tool": "; ".join(tool[:TOOL_FILES]) + (f"; … {len(tool) - TOOL_FILES} more" if len(tool) > TOOL_FILES else "") or None,
        })
        releases.append({"work": work_id, "policy": "share"})
    if unlinked:
        notes.add("repositories linked to no model (left out: they reuse nothing kg can see)", f"{unlinked} in this range")
    manifest = {"works": [*placeholders.values(), *works], "derivations": derivations, "releases": releases}
    document = _document(source, manifest, frozenset(placeholders), notes)
    return Part(document, repositories=len(derivations), links=sum(len(d["inputs"]) - 1 for d in derivations))


@lru_cache(maxsize=IDS_MEMO)
def model_purl(context_id: Any, hub: str | None) -> str | None:
    """A model's kg id from its `context_id` and hub name, or None when it names no repository.
    Memoised: a popular model is linked from thousands of repositories, and purls are slow to build.

    Hugging Face: `pkg:huggingface/ORG/NAME`. PyTorch Hub entry points (`OWNER/REPO/MODEL`, what
    `torch.hub.load("OWNER/REPO", "MODEL")` loads) have no purl type: `pkg:generic/pytorch-hub/…`."""
    if not isinstance(context_id, str) or not context_id.strip():
        return None
    name = context_id.strip().strip("/")
    kind = (hub or "").casefold().replace(" ", "")
    if "pytorch" in kind:
        owner, _, rest = name.partition("/")
        repo, _, model = rest.partition("/")
        if not (owner and repo and model):
            return None
        purl = PackageURL(type="generic", namespace=f"pytorch-hub/{owner}/{repo}", name=model).to_string()
    elif not kind or "hugging" in kind:
        if not REPO_ID.match(name):
            return None
        purl = hub_purl(name, "model")
    else:
        return None
    return purl if VALID_ID.match(purl) else None


@lru_cache(maxsize=IDS_MEMO)
def dataset_purl(name: Any) -> str | None:
    """A dataset's kg id (`pkg:huggingface/datasets/…`), or None for a name that is no Hub id."""
    if not isinstance(name, str) or not REPO_ID.match(name.strip()):
        return None
    purl = hub_purl(name.strip(), "dataset")
    return purl if VALID_ID.match(purl) else None


def _url(value: Any) -> str | None:
    """PeaTMOSS writes some URLs without a scheme (`github.com/OWNER/REPO`)."""
    if not isinstance(value, str) or not value.strip():
        return None
    url = value.strip()
    return url if url.startswith(("http://", "https://")) else "https://" + url.lstrip("/")


def _casefolded(repo_licenses: RepoLicenses) -> dict[str, list[str] | None]:
    """GitHub names are case-insensitive: the scan's `Owner/Name` matches the database's `owner/name`."""
    return {key.strip().casefold(): value for key, value in repo_licenses.items()}


def _document(source: str, manifest: dict[str, Any], placeholders: frozenset[str], notes: _Notes) -> Document:
    try:
        parsed = Manifest.model_validate(manifest)
    except ValidationError as error:  # the rows are checked above; this names what slipped through
        raise validation_error(source, error) from None
    return Document(source, SourceFormat.PEATMOSS, parsed, placeholders, notes.notices())
