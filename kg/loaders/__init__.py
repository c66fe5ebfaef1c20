"""Readers that turn the lineage files organisations already have into kg manifests.

Each reader returns `kg.lineage.document.Document`s, one per source file; `formats` picks the
reader for a path.
"""
