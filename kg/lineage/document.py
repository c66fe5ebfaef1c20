"""What the importer takes: one source file's lineage, whatever reader produced it.

Every reader (`kg.loaders`) returns `Document`s, one per source file, so each imported fact can
name the file and format that claimed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.lineage.manifest import Manifest
from kg.vocabulary import SourceFormat


@dataclass(frozen=True)
class Document:
    """One source file's lineage as a kg manifest, with the file and format it came from."""

    file: str
    format: SourceFormat
    manifest: Manifest
    #: ids of `manifest.works` the file only refers to (a card's base model): created when absent,
    #: with no license claim, and never changed by this file
    placeholders: frozenset[str] = frozenset()
    #: what the reader tolerated or could not use (a misspelled key, a base model named only in
    #: prose), each naming the file and place: printed by `kg import`, kept on the :Source node
    notices: tuple[str, ...] = ()
