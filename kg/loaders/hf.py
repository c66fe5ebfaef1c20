"""Hugging Face model and dataset cards (README.md front matter) to kg, offline.

Cards are parsed with `huggingface_hub`'s card API (`ModelCard` / `DatasetCard`, `.data`). A card
does not name its own repository, so the id comes from where the file is: a Hub cache
(`models--ORG--NAME/snapshots/REV/README.md`, `datasets--ORG--NAME/…`, a whole
`~/.cache/huggingface/hub`; the snapshot `refs/main` points to, else the newest), an
`ORG/NAME/README.md` folder (`datasets/ORG/NAME/README.md` for a dataset), or `--id` for one file.
Each card is one Document: its own work (a Hub purl) with the license it claims, and the derivation
its `base_model` / `datasets` / `source_datasets` record; works it only names are placeholders.
What kg tolerated or could not use is a notice on the Document. Tables: loaders/hf_relations.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from huggingface_hub import DatasetCard, ModelCard
from huggingface_hub.repocard import REGEX_YAML_BLOCK
from pydantic import ValidationError

from kg.errors import InputError
from kg.lineage.document import Document
from kg.lineage.identity import HubKind, hub_purl
from kg.lineage.manifest import Manifest
from kg.loaders.sbom import relation_table
from kg.reading import YAMLRefused, brief, parse_yaml, read_yaml, validation_error
from kg.resources import resource_dir
from kg.vocabulary import SourceFormat

CARD = "README.md"
CACHE_DIR = re.compile(r"^(models|datasets)--(.+)$")
REPO_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[A-Za-z0-9][\w.\-]*)?$")
HUB_URL = re.compile(r"^https?://huggingface\.co/(datasets/)?")
#: a Hub model named in the card's text: a link to it, or "fine-tuned from/of/on ORG/NAME"
PROSE_BASE = re.compile(
    r"huggingface\.co/(?!datasets/)([A-Za-z0-9][\w.\-]*/[A-Za-z0-9][\w.\-]*)"
    r"|(?:fine-?tuned?|trained|based)\s+(?:version\s+)?(?:from|of|on)\s+(?:the\s+)?\[?`?([A-Za-z0-9][\w.\-]*/[A-Za-z0-9][\w.\-]*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Card:
    """A card file and the repository it describes; `files` are the names beside it (a snapshot)."""

    path: Path
    repo_id: str
    kind: HubKind
    files: frozenset[str] = field(default_factory=frozenset)


@cache
def tables() -> dict[str, Any]:
    table: dict[str, Any] = read_yaml(resource_dir("loaders") / "hf_relations.yaml")
    return table


def read_cards(path: Path, repo_id: str | None = None) -> list[Document]:
    """One Document per card under `path`; any broken card refuses them all."""
    return [read_card(card) for card in find_cards(path, repo_id)]


def find_cards(path: Path, repo_id: str | None = None) -> list[Card]:
    """The cards at `path` and the repository each describes."""
    if path.is_file():
        if repo_id:
            kind: HubKind = "dataset" if repo_id.startswith("datasets/") else "model"
            return [Card(path, _repo_id(repo_id.removeprefix("datasets/"), str(path), "--id"), kind, _siblings(path))]
        found = _cache_card_of(path) or _folder_card(path, None)
        if found is None:
            raise InputError(str(path), "", "a card does not name its repository: put it in ORG/NAME/README.md, "
                             "read it from a Hub cache (models--ORG--NAME/snapshots/REV/README.md), or give --id ORG/NAME")
        return [found]
    if not path.is_dir():
        raise InputError(str(path), "", "no such file or directory")
    if CACHE_DIR.match(path.name):
        return [_cache_card(path)]
    repos = sorted(p for p in path.iterdir() if p.is_dir() and CACHE_DIR.match(p.name))
    if (path / "hub").is_dir():
        repos += sorted(p for p in (path / "hub").iterdir() if p.is_dir() and CACHE_DIR.match(p.name))
    if repos:
        return [_cache_card(repo) for repo in repos]
    cards = [c for c in (_folder_card(p, path) for p in sorted(path.rglob(CARD))) if c is not None]
    if not cards:
        raise InputError(str(path), "", "no Hugging Face cards here: expected a Hub cache (models--ORG--NAME folders) or ORG/NAME/README.md folders")
    return cards


def read_card(card: Card) -> Document:
    """The Document for one card: its work, claimed license and derivation."""
    file = str(card.path)
    try:
        text = card.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(file, "", f"cannot read: {error}") from None
    front = REGEX_YAML_BLOCK.search(text)
    try:
        if front:  # parsed by kg's bounded loader first: the card API's own parse is then bounded too
            parse_yaml(front.group(2))
        parsed = (ModelCard if card.kind == "model" else DatasetCard)(text, ignore_metadata_errors=True)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"front matter, line {mark.line + 2}" if mark is not None else "front matter"  # +1 for the --- line
        verdict = "refused YAML" if isinstance(error, YAMLRefused) else "not valid YAML"
        raise InputError(file, where, f"{verdict}: {getattr(error, 'problem', None) or error}") from None
    except ValueError as error:
        raise InputError(file, "front matter", str(error)) from None
    return _Reader(card, file, parsed.data.to_dict(), parsed.text).document()  # type: ignore[no-untyped-call]  # (huggingface_hub leaves it unannotated)


class _Reader:
    def __init__(self, card: Card, file: str, data: dict[str, Any], text: str) -> None:
        self.card, self.file, self.data, self.text = card, file, data, text
        self.notices: list[str] = []
        self.placeholders: dict[str, str] = {}  # purl -> type

    def notice(self, where: str, text: str) -> None:
        self.notices.append(f"{self.file}: {where}: {text}")

    def document(self) -> Document:
        card = self.card
        work_id = hub_purl(card.repo_id, card.kind)
        self._report_misspellings()
        license_ = self._license()
        described = {
            "id": work_id, "name": card.repo_id, "owner": card.repo_id.partition("/")[0] if "/" in card.repo_id else None,
            "url": "https://huggingface.co/" + ("datasets/" if card.kind == "dataset" else "") + card.repo_id,
            "license": license_, "license_name": self._string("license_name") if license_ == "other" else None,
        }
        if license_ == "other" and not described["license_name"]:
            link = self._string("license_link")
            self.notice("license", f"`other` with no license_name{f' (license_link: {link})' if link else ''}: kg cannot tell which license it is")
        derivation = self._model_derivation(work_id) if card.kind == "model" else self._dataset_derivation()
        works: list[dict[str, Any]] = [{"id": i, "type": t} for i, t in self.placeholders.items()]
        manifest: dict[str, Any] = {"works": works}
        if derivation is None:
            works.append(described | {"type": "model" if card.kind == "model" else "data"})
        else:
            manifest["derivations"] = [derivation | {"output": described}]
        try:
            parsed = Manifest.model_validate(manifest)
        except ValidationError as error:
            raise validation_error(self.file, error, "front matter") from None
        return Document(self.file, SourceFormat.HF_CARD, parsed, frozenset(self.placeholders), tuple(self.notices))

    def _report_misspellings(self) -> None:
        known = set(tables()["fields"][self.card.kind])
        table = tables()["misspelled_keys"]
        for key in self.data:
            if key in known:
                continue
            meant = table.get(key) or next((k for k in known if key.casefold().replace("-", "_") == k), None)
            if meant in known:
                self.notice(key, f"not a card field the Hub reads (did you mean `{meant}`?); kg ignored it, as the Hub does")

    def _license(self) -> str | None:
        value = self.data.get("license")
        if value is None or isinstance(value, str):
            return value or None
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            if len(value) > 1:
                self.notice("license", f"lists {len(value)} licenses ({', '.join(value)}); kg takes them all to apply (AND), the strictest reading")
            return " AND ".join(value)
        raise InputError(self.file, "license", f"expected a license id or a list of them, not {brief(value)}")

    def _string(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None or isinstance(value, str):
            return value or None
        raise InputError(self.file, key, f"expected a string, not {brief(value)}")

    def _references(self, key: str, kind: HubKind) -> list[str]:
        """Purls of the Hub repositories a field names (one id or a list); other entries are reported."""
        value = self.data.get(key)
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise InputError(self.file, key, f"expected a Hub repository id or a list of them, not {brief(value)}")
        purls: list[str] = []
        for item in items:
            repo = HUB_URL.sub("", item.strip()).strip("/")
            if not REPO_ID.match(repo):
                self.notice(key, f"{brief(item)} is not a Hub repository id; left out")
                continue
            purl = hub_purl(repo, kind)
            if purl not in purls:
                purls.append(purl)
                self.placeholders[purl] = "model" if kind == "model" else "data"
        return purls

    def _model_derivation(self, work_id: str) -> dict[str, Any] | None:
        bases = self._references("base_model", "model")
        datasets = self._references("datasets", "dataset")
        if work_id in bases:
            raise InputError(self.file, "base_model", f"the card names its own repository {self.card.repo_id!r} as its base model")
        if not bases:
            self._prose_base()
            return {"method": "train", "inputs": datasets} if datasets else None
        relation = self._string("base_model_relation")
        table = relation_table()["base_model_relation"]
        if relation is None:
            relation, why = self._inferred(bases)
            self.notice("base_model_relation", f"absent: inferred `{relation}` ({why}), as the Hub does")
        elif relation not in table:
            raise InputError(self.file, "base_model_relation", f"{brief(relation)} is none of {', '.join(table)}")
        method = table[relation]["method"]
        if method == "amalgamate" and len(bases) == 1:
            method = "modify"
            self.notice("base_model_relation", "a merge of one base model: kg records it as a change of that model (modify)")
        return {"method": method, "inputs": bases, "aux": datasets}

    def _inferred(self, bases: list[str]) -> tuple[str, str]:
        rules = tables()["infer"]
        if self.card.files & set(rules["adapter_files"]):
            return "adapter", "adapter weights beside the card"
        if any(name.endswith(tuple(rules["quantized_suffixes"])) for name in self.card.files):
            return "quantized", "GGUF files beside the card"
        if len(bases) > 1:
            return rules["several_bases"], f"{len(bases)} base models"
        return rules["one_base"], "one base model"

    def _prose_base(self) -> None:
        named = sorted({m.group(1) or m.group(2) for m in PROSE_BASE.finditer(self.text)} - {self.card.repo_id})
        if named:
            self.notice("base_model", f"absent, but the card's text names {', '.join(named)}: kg records no derivation; "
                        "add base_model to the card if the model is built on it")

    def _dataset_derivation(self) -> dict[str, Any] | None:
        rules = tables()["source_datasets"]
        value = self.data.get("source_datasets")
        if value is None:
            return None
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise InputError(self.file, "source_datasets", f"expected a list of dataset ids, not {brief(value)}")
        named = [i.removeprefix(rules["extended_prefix"]) for i in items if i not in rules["original"]]
        self.data = self.data | {"source_datasets": named}
        sources = self._references("source_datasets", "dataset")
        if not sources:
            return None
        return {"method": "combine" if len(sources) > 1 else "copy", "inputs": sources}


def _repo_id(value: str, file: str, where: str) -> str:
    repo = HUB_URL.sub("", value.strip()).strip("/")
    if not REPO_ID.match(repo):
        raise InputError(file, where, f"{brief(value)} is not a Hub repository id (ORG/NAME)")
    return repo


def _cache_card(repo: Path) -> Card:
    """The card of a `models--ORG--NAME` cache folder: the snapshot refs/main names, else the newest."""
    match = CACHE_DIR.match(repo.name)
    assert match is not None
    kind: HubKind = "model" if match.group(1) == "models" else "dataset"
    repo_id = match.group(2).replace("--", "/")
    snapshots = repo / "snapshots"
    ref = repo / "refs" / "main"
    chosen = snapshots / ref.read_text(encoding="utf-8").strip() if ref.is_file() else None
    if chosen is None or not chosen.is_dir():
        candidates = [s for s in snapshots.iterdir() if s.is_dir()] if snapshots.is_dir() else []
        if not candidates:
            raise InputError(str(repo), "snapshots", "a Hub cache folder with no snapshot")
        chosen = max(candidates, key=lambda s: (s.stat().st_mtime, s.name))
    return Card(chosen / CARD, _repo_id(repo_id, str(repo), "folder name"), kind, _siblings(chosen / CARD))


def _cache_card_of(path: Path) -> Card | None:
    """A card file inside a Hub cache snapshot: models--ORG--NAME/snapshots/REV/README.md."""
    parts = path.absolute().parts
    if len(parts) >= 4 and parts[-3] == "snapshots" and CACHE_DIR.match(parts[-4]):
        card = _cache_card(path.absolute().parent.parent.parent)
        return Card(path, card.repo_id, card.kind, _siblings(path))
    return None


def _folder_card(path: Path, root: Path | None) -> Card | None:
    """A README.md in ORG/NAME/ (a dataset: datasets/ORG/NAME/); under a walked `root`, at least two
    folders deep. None for any other place."""
    if path.name != CARD:
        return None
    parent = path.absolute().parent
    if root is not None and len(parent.relative_to(root.absolute()).parts) < 2:
        return None
    parts = parent.parts
    kind: HubKind = "dataset" if len(parts) >= 3 and parts[-3] == "datasets" else "model"
    repo = "/".join(parts[-2:])
    if not REPO_ID.match(repo):
        return None
    return Card(path, repo, kind, _siblings(path))


def _siblings(card: Path) -> frozenset[str]:
    return frozenset(p.name for p in card.parent.iterdir() if p.name != CARD) if card.parent.is_dir() else frozenset()
