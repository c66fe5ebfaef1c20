"""One identity for a work whatever file names it: Package URLs (purl).

A Hugging Face model is `pkg:huggingface/ORG/NAME` (the purl spec's type for Hub repositories; a
revision, when a source pins one, stays out of the identity so every revision of a repository is
one work). The spec has no dataset type; kg writes Hub datasets as `pkg:huggingface/datasets/ORG/NAME`,
the path of their Hub URL, which cannot collide with a model because `datasets` is a reserved Hub
name. packageurl-python does the parsing, quoting and normalisation.
"""

from __future__ import annotations

from typing import Literal

from packageurl import PackageURL

HubKind = Literal["model", "dataset"]
DATASETS = "datasets"


def hub_purl(repo_id: str, kind: HubKind = "model") -> str:
    """The canonical id of Hub repository `ORG/NAME` (or a bare `NAME`, as old canonical repos are)."""
    namespace, _, name = repo_id.strip().strip("/").rpartition("/")
    if kind == "dataset":
        namespace = f"{DATASETS}/{namespace}" if namespace else DATASETS
    return PackageURL(type="huggingface", namespace=namespace or None, name=name).to_string()


def canonical_id(reference: str) -> str:
    """A purl in normal form without version, qualifiers or subpath; anything else is returned as is."""
    if not reference.startswith("pkg:"):
        return reference
    purl = PackageURL.from_string(reference)
    return PackageURL(type=purl.type, namespace=purl.namespace, name=purl.name).to_string()


def hub_repo(purl: str) -> tuple[str, HubKind] | None:
    """The Hub repository id and kind a `pkg:huggingface/…` purl names, else None."""
    if not purl.startswith("pkg:huggingface/"):
        return None
    parsed = PackageURL.from_string(purl)
    namespace = parsed.namespace or ""
    if namespace == DATASETS or namespace.startswith(DATASETS + "/"):
        org = namespace.removeprefix(DATASETS).strip("/")
        return (f"{org}/{parsed.name}" if org else parsed.name), "dataset"
    return (f"{namespace}/{parsed.name}" if namespace else parsed.name), "model"
