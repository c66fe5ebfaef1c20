"""A compliance pack: what a release must ship, built from the duties its assessment found.

Files (names fixed, so a release pipeline can copy them):
  NOTICE                  attributions: every work whose license asks for its notice, license or
                          attribution to be kept, with what kg knows of it (name, owner, url, version)
  LICENSES/<id>.txt       the full text of every license that must accompany the release (ScanCode)
  USE-RESTRICTIONS.md     the use and runtime restrictions to pass on to recipients, with clauses
  CHANGES.md              a stub to state the changes made to each work whose license asks for it
  MODEL-CARD-LICENSE.md   a "License" section for the model card: license, sources, duties
Nothing is left out silently: a license kg has no text for is named in NOTICE and the summary.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import __version__
from kg.analysis.report import clause_text, md_code, md_escape, verdict
from kg.errors import KgError

if TYPE_CHECKING:
    from kg.analysis.engine import Assessment, Finding
    from kg.licenses.catalog import Catalog
    from kg.licenses.schema import License
    from kg.licenses.texts import LicenseText

#: findings whose work must be credited in NOTICE
ATTRIBUTE = {"INCLUDE_NOTICE", "INCLUDE_LICENSE", "ATTRIBUTION_DISPLAY"}
#: findings whose license's restrictions recipients must be bound by: code -> kind of restriction
RESTRICT = {
    "USE_RESTRICTIONS": "use", "PASS_USE_RESTRICTIONS": "use",
    "RUNTIME_RESTRICTIONS": "runtime", "PASS_RUNTIME_RESTRICTIONS": "runtime",
}
#: duties the pack cannot fulfil by itself: listed for the releaser in the model card section
OTHER_DUTIES = {"DISCLOSE_SOURCE", "IMPACT_REPORT", "INCLUDE_ORIGINAL", "NAME_PREFIX", "SHARE_ALIKE", "ATTRIBUTION_DISPLAY"}


@dataclass
class Pack:
    """The files of a compliance pack (relative path -> text) and what kg could not supply."""

    files: dict[str, str] = field(default_factory=dict)
    missing_texts: list[str] = field(default_factory=list)  # license ids whose text kg does not hold


def _work_line(work: dict[str, Any]) -> str:
    facts = [f"by {work['owner']}" if work.get("owner") else None,
             f"version {work['version']}" if work.get("version") else None, work.get("url")]
    name = work.get("name") or work["id"]
    label = name if name == work["id"] else f"{name} ({work['id']})"
    return label + "".join(f", {fact}" for fact in facts if fact)


def _by_code(a: Assessment, codes: set[str] | dict[str, str]) -> list[Finding]:
    return [f for f in a.findings if f.code in codes]


def _header(a: Assessment) -> list[str]:
    lines = [
        f"Release: {a.work} ({a.policy}, {a.form} form)",
        f"License of the release as kg determined it: {', '.join(a.determined) or 'none'}",
        f"Knowledge base {a.kb_version}; written by kg {__version__} from the assessment's findings.",
    ]
    if a.status == "error":
        lines.insert(0, f"WARNING: {verdict(a)}. Fix the errors (kg assess {a.work}) before releasing.")
    return lines


def _notice(a: Assessment, works: dict[str, dict[str, Any]], catalog: Catalog, texts: dict[str, LicenseText | None]) -> str:
    credited: dict[str, set[str]] = defaultdict(set)
    for f in _by_code(a, ATTRIBUTE):
        credited[f.work].update(f.licenses)
    lines = [*_header(a), "", "This release includes or is derived from the following works:", ""]
    for work_id in sorted(credited):
        work = works.get(work_id, {"id": work_id})
        licenses = sorted(credited[work_id])
        lines.append(f"* {_work_line(work)}")
        lines.append(f"  licensed under {', '.join(licenses)}"
                     + "".join(f"; see LICENSES/{lic}.txt" for lic in licenses if texts.get(lic)))
        keep = [f for f in a.findings if f.work == work_id and f.code == "INCLUDE_NOTICE"]
        if keep:
            lines.append("  Its copyright notices, attribution notices and NOTICE file are kept as received.")
        lines.append("")
    if not credited:
        lines += ["(no work of this release asks to be credited)", ""]
    missing = sorted(lic for lic, text in texts.items() if text is None)
    if missing:
        lines.append("kg holds no copy of these license texts; obtain each from its source and add it to LICENSES/:")
        lines += [f"* {lic}: {catalog.get(lic).url if lic in catalog.licenses else 'unknown license'}" for lic in missing]
        lines.append("")
    if any(texts.values()):
        from kg.licenses.texts import ATTRIBUTION

        lines.append(ATTRIBUTION + ".")
    return "\n".join(lines).rstrip() + "\n"


def _restrictions(a: Assessment, catalog: Catalog) -> str | None:
    found = _by_code(a, RESTRICT)
    if not found:
        return None
    lines = [f"# Use restrictions to pass on \u2014 {md_escape(a.work)}", "", *[f"- {md_escape(line)}" for line in _header(a)], "",
             "Recipients of this release must be bound by these restrictions (put them in your terms of use or",
             "license, and require recipients to pass them on in turn).", ""]
    seen: set[tuple[str, str]] = set()
    for f in found:
        for lic_id in f.licenses:
            kind = RESTRICT[f.code]
            if (lic_id, kind) in seen:
                continue
            seen.add((lic_id, kind))
            lic = catalog.licenses.get(lic_id)
            lines += [f"## {md_escape(lic_id)}: {kind} restrictions (from {md_code(f.work)})", ""]
            rules = (lic.use_restrictions if kind == "use" else lic.runtime_restrictions) if lic else []
            lines += [f"- {md_code(r.id)} [{md_escape(r.cite)}]: {md_escape(r.note)}" for r in rules] or [
                f"- {md_escape(f.message)}"]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _changes(a: Assessment) -> str | None:
    found = _by_code(a, {"STATE_CHANGES"})
    if not found:
        return None
    lines = [f"# Changes \u2014 {md_escape(a.work)}", "", *[f"- {md_escape(line)}" for line in _header(a)], "",
             "These licenses ask you to state the changes you made to their works. Describe each below",
             "(what you changed, and when) and ship this file with the release.", ""]
    for f in found:
        lines += [f"## {md_code(f.work)} ({', '.join(md_code(x) for x in f.licenses)})", "",
                  f"Path: {md_escape(' > '.join(f.path) or f.work)}", "", "TODO: describe the changes made to this work.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _model_card(a: Assessment, works: dict[str, dict[str, Any]], texts: dict[str, LicenseText | None]) -> str:
    lines = ["## License", ""]
    if a.status == "error":
        lines += [f"**kg found errors: {md_escape(verdict(a))}.** This section is a draft until they are fixed.", ""]
    lines += [f"This {md_escape(works.get(a.work, {}).get('type') or 'work')} is released under "
              f"{', '.join(md_code(x) for x in a.determined) or '**no license kg could determine**'} "
              f"({a.policy}, {a.form} form).", ""]
    upstream = sorted(set(works) - {a.work})
    if upstream:
        lines += ["It is built from:", "", "| work | license |", "|---|---|"]
        for work_id in upstream:
            work = works.get(work_id, {"id": work_id})
            lines.append(f"| {md_escape(_work_line(work))} | {md_escape(work.get('license') or 'none declared')} |")
        lines.append("")
    shipped = sorted(lic for lic, text in texts.items() if text)
    if shipped:
        lines += [f"License texts shipped in `LICENSES/`: {', '.join(md_code(x) for x in shipped)}. "
                  "Attributions: see `NOTICE`.", ""]
    if _by_code(a, RESTRICT):
        lines += ["Use restrictions apply and bind every user: see `USE-RESTRICTIONS.md`.", ""]
    others = _by_code(a, OTHER_DUTIES)
    if others:
        lines += ["Further duties:", ""]
        for f in others:
            clause = clause_text(f.clause, f.code)
            lines.append(f"- {md_escape(f.message)}" + (f" ({md_escape(clause)})" if clause else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def build_pack(a: Assessment, works: dict[str, dict[str, Any]], catalog: Catalog,
               text_of: Callable[[License], LicenseText | None]) -> Pack:
    """The pack for one assessment: `works` holds what the graph knows of each work of its lineage
    (notice_works), the released work included."""
    ship = sorted({lic for f in _by_code(a, {"INCLUDE_LICENSE"}) for lic in f.licenses})
    texts = {lic: text_of(catalog.get(lic)) if lic in catalog.licenses else None for lic in ship}
    pack = Pack(missing_texts=sorted(lic for lic, text in texts.items() if text is None))
    pack.files["NOTICE"] = _notice(a, works, catalog, texts)
    for lic, text in texts.items():
        if text is not None:
            pack.files[f"LICENSES/{lic}.txt"] = text.text
    restrictions = _restrictions(a, catalog)
    if restrictions:
        pack.files["USE-RESTRICTIONS.md"] = restrictions
    changes = _changes(a)
    if changes:
        pack.files["CHANGES.md"] = changes
    pack.files["MODEL-CARD-LICENSE.md"] = _model_card(a, works, texts)
    return pack


def write_pack(pack: Pack, out: Path) -> None:
    """Write the pack into `out` (absent or empty) all at once: on failure nothing is left behind."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise KgError(f"{out}: not an empty folder; give --out a new or empty folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kg-notice-", dir=out.parent))
    try:
        for name, text in pack.files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if out.exists():
            out.rmdir()
        os.replace(staging, out)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise KgError(f"{out}: cannot write the compliance pack: {error.strerror or error}") from None
