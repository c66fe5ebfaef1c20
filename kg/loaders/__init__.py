"""Readers that turn the lineage files organisations already have into kg manifests."""
