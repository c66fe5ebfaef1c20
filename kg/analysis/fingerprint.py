"""What an assessment saw of the lineage: a fingerprint of the assessed work's upstream closure.

An assessment stores it beside the KB version (`Assessment.lineage`); when a work, a declared
license or a reliance edge under the assessed work changes, the current fingerprint differs and
the stored assessment is stale. It reads `works/edges:hash` so a person can see what changed in size.
"""

from __future__ import annotations

import hashlib
from typing import Any


def fingerprints(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Fingerprint per work id, from the rows of `cypher/lineage_fingerprint.cypher`."""
    result: dict[str, str] = {}
    for row in rows:
        works = sorted(node["work"] for node in row["closure"])
        edges = sorted(f"{node['work'].split('|', 1)[0]}|{edge}" for node in row["closure"] for edge in node["edges"])
        digest = hashlib.sha256("\n".join([*works, "", *edges]).encode("utf-8")).hexdigest()[:16]
        result[row["id"]] = f"{len(works)}/{len(edges)}:{digest}"
    return result
