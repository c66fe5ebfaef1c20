"""`kg notice`: the compliance pack of the case studies, and how it is written (all at once, never
over existing files); the pack's pure parts (no database) get unit tests of their own."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.analysis.engine import Assessment, Finding
from kg.analysis.notice import Pack, build_pack, write_pack
from kg.db import Database
from kg.errors import KgError
from kg.licenses.catalog import default_catalog
from kg.licenses.texts import license_text

Run = Callable[..., subprocess.CompletedProcess[str]]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _finding(code: str, work: str, license_: str, severity: str = "notice") -> Finding:
    return Finding(code=code, severity=severity, work=work, licenses=[license_], detail=None, inputs=[],
                   message=f"{code} {work}", path=["top", work], paths=[["top", work]])


def test_license_texts_come_from_scancode() -> None:
    catalog = default_catalog()
    apache = license_text(catalog.get("Apache-2.0"))
    assert apache is not None and apache.source == "scancode:apache-2.0"
    assert "Apache License" in apache.text and "Version 2.0, January 2004" in apache.text
    gpl = license_text(catalog.get("GPL-3.0-only"))
    assert gpl is not None and "GNU GENERAL PUBLIC LICENSE" in gpl.text and "Version 3, 29 June 2007" in gpl.text


def test_a_missing_text_is_named_never_guessed() -> None:
    catalog = default_catalog()
    a = Assessment("top", "share", "raw", "ok", "kb", ["MIT"], [
        _finding("INCLUDE_LICENSE", "llama", "Llama-3"), _finding("INCLUDE_LICENSE", "lib", "MIT"),
        _finding("STATE_CHANGES", "lib", "MIT"),
    ])
    works = {"top": {"id": "top", "type": "model"}, "lib": {"id": "lib", "name": "Lib", "owner": "Acme", "license": "MIT"},
             "llama": {"id": "llama", "license": "Llama-3"}}
    pack = build_pack(a, works, catalog, lambda lic: None if lic.id == "Llama-3" else license_text(lic))
    assert pack.missing_texts == ["Llama-3"]
    assert set(pack.files) == {"NOTICE", "LICENSES/MIT.txt", "CHANGES.md", "MODEL-CARD-LICENSE.md"}
    assert "Llama-3: " + catalog.get("Llama-3").url in pack.files["NOTICE"]
    assert "* Lib (lib), by Acme" in pack.files["NOTICE"]
    assert "TODO: describe the changes made to this work." in pack.files["CHANGES.md"]
    assert "released under `MIT`" in pack.files["MODEL-CARD-LICENSE.md"]


def test_a_pack_is_written_all_at_once_into_an_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "pack"
    write_pack(Pack(files={"NOTICE": "n\n", "LICENSES/MIT.txt": "m\n"}), target)
    assert (target / "LICENSES" / "MIT.txt").read_text() == "m\n"
    with pytest.raises(KgError, match="not an empty folder"):
        write_pack(Pack(files={"NOTICE": "other\n"}), target)
    assert (target / "NOTICE").read_text() == "n\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]  # no staging folder left behind


def test_pack_of_case_2a(lineage_db: Database, run_kg: Run, kg_env: dict[str, str], tmp_path: Path) -> None:
    assert run_kg("import", str(EXAMPLES / "case2a-mixture-of-experts.yaml"), env=kg_env).returncode == 0
    out = tmp_path / "moe-2a"
    done = run_kg("notice", "moe-2a", "--out", str(out), env=kg_env)
    assert done.returncode == 1 and "the pack is a draft" in done.stderr  # GNU_FREEDOM_CONFLICT
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert files == ["CHANGES.md", "LICENSES/Apache-2.0.txt", "LICENSES/BigScience-BLOOM-RAIL-1.0.txt",
                     "LICENSES/GPL-3.0-only.txt", "MODEL-CARD-LICENSE.md", "NOTICE", "USE-RESTRICTIONS.md"]
    notice = (out / "NOTICE").read_text(encoding="utf-8")
    assert notice.startswith("WARNING: moe-2a: may NOT share as is")
    for line in ("* Baize (baize)", "* BERT (bert)", "* BLOOM (bloom)", "licensed under GPL-3.0-only; see LICENSES/GPL-3.0-only.txt"):
        assert line in notice
    assert "ScanCode LicenseDB" in notice
    assert "BigScience RAIL License v1.0" in (out / "LICENSES" / "BigScience-BLOOM-RAIL-1.0.txt").read_text(encoding="utf-8")
    restrictions = (out / "USE-RESTRICTIONS.md").read_text(encoding="utf-8")
    assert "`rail_use_restrictions` [5; Attachment A]" in restrictions and "`runtime_updates`" in restrictions
    card = (out / "MODEL-CARD-LICENSE.md").read_text(encoding="utf-8")
    assert card.startswith("## License") and "| Wikipedia (wikipedia) | CC-BY-SA-4.0 |" in card
    again = run_kg("notice", "moe-2a", "--out", str(out), env=kg_env)
    assert again.returncode == 2 and "not an empty folder" in again.stderr


def test_pack_of_case_2b_is_final(lineage_db: Database, run_kg: Run, kg_env: dict[str, str], tmp_path: Path) -> None:
    assert run_kg("import", str(EXAMPLES / "case2b-mixture-of-experts.yaml"), env=kg_env).returncode == 0
    out = tmp_path / "moe-2b"
    done = run_kg("notice", "moe-2b", "--out", str(out), env=kg_env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{out}: ")
    notice = (out / "NOTICE").read_text(encoding="utf-8")
    assert not notice.startswith("WARNING") and "License of the release as kg determined it: Unlicense" in notice
    assert "released under `Unlicense`" in (out / "MODEL-CARD-LICENSE.md").read_text(encoding="utf-8")
