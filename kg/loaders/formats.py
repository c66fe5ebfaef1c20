"""Which reader a path needs, and reading paths into Documents (`kg import [--format] [--id] PATH…`).

Detection, in order: a directory is Hugging Face cards (a Hub cache, a `models--ORG--NAME` folder,
`ORG/NAME/README.md` folders); a `.md` file is a card; `.yaml`/`.yml` is a kg manifest; a JSON
file is told by its content (CycloneDX: `"bomFormat": "CycloneDX"`; SPDX 3: an SPDX `@context`;
kg: `works`, `derivations` or `releases` at the top level; a bare list of elements with spdxIds is
SPDX). Anything else is refused.

Readers are named by module and function and imported on use, so each format's dependencies load
only when a file of it is read. A PeaTMOSS database (an SQLite file) is not read into Documents up
front: it is several GB, so `kg import` streams it through `kg.loaders.peatmoss.import_database`,
alone. Adding a format touches more than READERS: docs/extending.md lists every place.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import InputError, KgError
from kg.lineage.document import Document
from kg.lineage.manifest import read_manifest
from kg.reading import load_json
from kg.vocabulary import ImportFormat, SourceFormat

#: format name on the command line -> "module:function"; the function takes a path (the `hf` one
#: also `repo_id`, from --id) and returns its Documents, raising InputError for anything wrong
READERS: dict[ImportFormat, str] = {
    ImportFormat.KG: "kg.loaders.formats:read_kg",
    ImportFormat.HF: "kg.loaders.hf:read_cards",
    ImportFormat.SPDX: "kg.loaders.spdx:read_spdx",
    ImportFormat.CYCLONEDX: "kg.loaders.cyclonedx:read_cyclonedx",
}
MANIFEST_KEYS = {"works", "derivations", "releases"}
#: formats imported by streaming, one file on its own, never read into Documents first
STREAMED = (ImportFormat.PEATMOSS,)


def detect(path: Path) -> ImportFormat:
    """The format of `path`, or an InputError saying why it is none kg reads."""
    if path.is_dir():
        return ImportFormat.HF
    if not path.is_file():
        raise InputError(str(path), "", "no such file or directory")
    suffix = path.suffix.lower()
    if suffix == ".md":
        return ImportFormat.HF
    if suffix in (".yaml", ".yml"):
        return ImportFormat.KG
    if suffix in (".json", ".jsonld"):
        return _json_format(path)
    if _is_sqlite(path):
        return ImportFormat.PEATMOSS
    raise InputError(str(path), "", "not a format kg reads: give a kg manifest (.yaml, .json), a Hugging Face card "
                     "(README.md or a folder of cards), an SPDX 3 JSON-LD or a CycloneDX JSON file, or say --format")


def read(paths: list[Path], fmt: str | None = None, repo_id: str | None = None) -> list[Document]:
    """Every path's Documents; all are read (and checked) before anything is written."""
    if repo_id and (len(paths) != 1 or paths[0].is_dir()):
        raise InputError("--id", "", "--id names the repository of one card file; give exactly one file")
    documents: list[Document] = []
    for path in paths:
        name = fmt or detect(path)
        if name in STREAMED:
            raise InputError(str(path), "", f"a {name} database is imported on its own: kg import --format {name} FILE")
        if name not in READERS:
            raise InputError(str(path), "", f"unknown format {name!r} (known: {', '.join(READERS)})")
        if repo_id and name != ImportFormat.HF:
            raise InputError(str(path), "", "--id is for Hugging Face cards only")
        reader = _reader(ImportFormat(name))
        documents.extend(reader(path, repo_id) if repo_id else reader(path))
    return documents


def _is_sqlite(path: Path) -> bool:
    from kg.loaders.peatmoss import is_database

    return is_database(path)


def read_kg(path: Path) -> list[Document]:
    """A kg manifest is one Document whose works are claims of that file."""
    return [Document(str(path), SourceFormat.KG, read_manifest(path))]


def _reader(name: ImportFormat) -> Callable[..., list[Document]]:
    module, _, function = READERS[name].partition(":")
    try:
        reader: Callable[..., list[Document]] = getattr(importlib.import_module(module), function)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise KgError(f"reading format {name!r} needs the Python package {error.name!r}: pip install it") from None
        raise KgError(f"this kg has no reader for format {name!r} yet") from None
    return reader


def _json_format(path: Path) -> ImportFormat:
    try:
        data = load_json(path.read_text(encoding="utf-8-sig"), str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), "", f"cannot read: {error}") from None
    except json.JSONDecodeError:
        return _json_format_by_text(path)
    return _format_of(path, data)


def _json_format_by_text(path: Path) -> ImportFormat:
    """A JSON file that does not parse (the SBOM readers accept some malformations and report
    them): told by its markers, and the reader then names the problem."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")[:4096]
    if '"bomFormat"' in text and "CycloneDX" in text:
        return ImportFormat.CYCLONEDX
    if "spdx.org/rdf/3" in text:
        return ImportFormat.SPDX
    return ImportFormat.KG  # the manifest reader reports the line and column


def _format_of(path: Path, data: Any) -> ImportFormat:
    if isinstance(data, dict):
        if data.get("bomFormat") == "CycloneDX":
            return ImportFormat.CYCLONEDX
        context = data.get("@context")
        contexts = context if isinstance(context, list) else [context]
        if any(isinstance(c, str) and "spdx.org/rdf/3" in c for c in contexts):
            return ImportFormat.SPDX
        if MANIFEST_KEYS & data.keys():
            return ImportFormat.KG
    if isinstance(data, list) and any(isinstance(x, dict) and "spdxId" in x for x in data):
        return ImportFormat.SPDX  # a generator's bare list of SPDX 3 elements: the reader says what it bent
    raise InputError(str(path), "(top level)", "a JSON file kg does not recognise: not a kg manifest (works, derivations, "
                     "releases), an SPDX 3 JSON-LD document (@context) or a CycloneDX BOM (bomFormat)")
