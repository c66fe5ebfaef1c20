"""The full text of a KB license, from ScanCode's LicenseDB (the `scancode-toolkit-mini` package).

ScanCode ships one `KEY.LICENSE` file per license: YAML front matter (key, spdx_license_key, ...)
and the text. A KB license names its text as `scancode:KEY`, or as `shared:`/`url:` when the KB's
authors read it elsewhere; then the ScanCode entry whose SPDX key (or `LicenseRef-scancode-KEY`
alias) is the license's is used. A license ScanCode does not hold has no text here: kg says so and
never ships a guess. The package is located, not imported (importing it loads its matcher).
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.licenses.schema import License

ATTRIBUTION = (
    "License texts from the ScanCode LicenseDB, Copyright (c) nexB Inc. and others, "
    "CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/legalcode); https://github.com/aboutcode-org/scancode-toolkit"
)


@dataclass(frozen=True)
class LicenseText:
    license: str
    text: str
    source: str  # e.g. scancode:apache-2.0


@cache
def scancode_licenses() -> Path | None:
    """ScanCode's folder of `KEY.LICENSE` files, or None when the package is not installed."""
    spec = importlib.util.find_spec("licensedcode")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "data" / "licenses"
    return folder if folder.is_dir() else None


def _split(path: Path) -> tuple[str, str]:
    """(front matter, text) of a ScanCode `.LICENSE` file."""
    content = path.read_text(encoding="utf-8")
    if content.startswith("---"):
        _, head, text = content.split("---", 2)
        return head, text.strip("\n") + "\n"
    return "", content


@cache
def _by_spdx_key(folder: Path) -> dict[str, str]:
    """SPDX id (and LicenseRef alias) -> ScanCode key, for every ScanCode license."""
    keys: dict[str, str] = {}
    for path in sorted(folder.glob("*.LICENSE")):
        with path.open(encoding="utf-8") as file:
            head = file.read(4096).split("\n---", 1)[0]
        main = re.search(r"^spdx_license_key:\s*(\S+)\s*$", head, re.M)
        if main:
            keys.setdefault(main.group(1), path.stem)
        others = re.search(r"^other_spdx_license_keys:\s*\n((?:\s+-\s*\S+\s*\n)+)", head, re.M)
        if others:
            for other in re.findall(r"-\s*(\S+)", others.group(1)):
                keys.setdefault(other, path.stem)
    return keys


def scancode_key(lic: License, folder: Path) -> str | None:
    """The ScanCode key of a KB license, or None when ScanCode does not hold it."""
    kind, _, value = lic.text.partition(":")
    named = [value] if kind == "scancode" else []
    named += [a.removeprefix("LicenseRef-scancode-") for a in lic.aliases if a.startswith("LicenseRef-scancode-")]
    found = next((key for key in named if (folder / f"{key}.LICENSE").is_file()), None)
    if found:
        return found
    by_spdx = _by_spdx_key(folder)  # read once, on the first license named only by its SPDX id
    return next((by_spdx[key] for key in (lic.id, *lic.aliases) if key in by_spdx), None)


def license_text(lic: License) -> LicenseText | None:
    """The full text of `lic`, or None when kg has no copy of it (then ship it from `lic.url`)."""
    folder = scancode_licenses()
    if folder is None:
        return None
    key = scancode_key(lic, folder)
    if key is None:
        return None
    _, text = _split(folder / f"{key}.LICENSE")
    return LicenseText(lic.id, text, f"scancode:{key}") if text.strip() else None
