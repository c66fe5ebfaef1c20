"""Resolving declared licenses against the KB: ids, aliases, case, SPDX expressions, the Hub's
family ids and `other`, and unknown names (with what ScanCode knows of them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kg.licenses.catalog import load_catalog
from kg.licenses.resolve import hub_license_ids, normalise, normalised_scancode_index, resolve, resolver, scancode_index
from kg.resources import resource_dir


def test_or_is_a_choice() -> None:
    result = resolve("MIT OR Apache-2.0")
    assert result.ok and result.is_choice
    assert result.alternatives == [["MIT"], ["Apache-2.0"]]
    assert result.expression == "MIT OR Apache-2.0"


def test_and_means_both_apply() -> None:
    result = resolve("CC-BY-4.0 AND ODbL-1.0")
    assert result.alternatives == [["CC-BY-4.0", "ODbL-1.0"]]
    assert result.licenses == ["CC-BY-4.0", "ODbL-1.0"]


def test_with_notes_the_exception() -> None:
    result = resolve("GPL-2.0-or-later WITH Classpath-exception-2.0")
    assert result.ok
    assert result.alternatives == [["GPL-2.0-or-later"]]
    assert result.exceptions == ["GPL-2.0-or-later WITH Classpath-exception-2.0"]
    assert result.expression == "GPL-2.0-or-later WITH Classpath-exception-2.0"


def test_nested_expression_is_expanded_to_alternatives() -> None:
    result = resolve("(mit or apache-2.0) and cc-by-4.0")
    assert result.alternatives == [["MIT", "CC-BY-4.0"], ["Apache-2.0", "CC-BY-4.0"]]
    assert result.expression == "(MIT OR Apache-2.0) AND CC-BY-4.0"


def test_duplicates_collapse() -> None:
    assert resolve("MIT OR mit").alternatives == [["MIT"]]
    assert resolve("MIT AND MIT").alternatives == [["MIT"]]


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("apache-2.0", "Apache-2.0"),
        ("APACHE-2.0", "Apache-2.0"),
        ("Apache-2.0", "Apache-2.0"),
        ("llama2", "Llama-2"),
        ("LLAMA2", "Llama-2"),
        ("creativeml-openrail-m", "CreativeML-OpenRAIL-M"),
        ("cc-by-nc-4.0", "CC-BY-NC-4.0"),
        ("GPL-3.0", "GPL-3.0-only"),
        ("gpl-3.0+", "GPL-3.0-or-later"),
        ("  mit  ", "MIT"),
    ],
)
def test_ids_and_aliases_any_case(declared: str, expected: str) -> None:
    result = resolve(declared)
    assert result.ok, result.problems
    assert result.alternatives == [[expected]]


def test_an_alias_with_spaces_resolves_whole() -> None:
    catalog = load_catalog()
    spaced = next(a for lic in catalog.licenses.values() for a in lic.aliases if " " in a)
    owner = next(lic.id for lic in catalog.licenses.values() if spaced in lic.aliases)
    assert resolve(spaced.upper()).alternatives == [[owner]]


def test_a_scancode_key_resolves_through_its_spdx_key() -> None:
    # neither `GPL-2.0+` nor the ScanCode key need be a KB alias: ScanCode maps them to the SPDX key
    assert resolve("GPL-2.0+").alternatives == [["GPL-2.0-or-later"]]
    assert resolve("LicenseRef-scancode-llama-2-license-2023").alternatives == [["Llama-2"]]


@pytest.mark.parametrize("family", ["bsd", "gpl", "lgpl", "cc", "unknown", "BSD", "Gpl"])
def test_family_ids_are_ambiguous(family: str) -> None:
    result = resolve(family)
    assert not result.ok and result.alternatives == []
    assert [p.kind for p in result.problems] == ["ambiguous"]
    assert result.problems[0].name == family


def test_family_id_inside_an_expression() -> None:
    result = resolve("MIT OR bsd")
    assert result.alternatives == [["MIT"]]
    assert [p.kind for p in result.problems] == ["ambiguous"]


def test_other_resolves_through_license_name() -> None:
    result = resolve("other", license_name="llama3")
    assert result.ok and result.alternatives == [["Llama-3"]]
    assert result.license_name == "llama3"
    assert result.as_properties()["declared"] == "other"


def test_other_without_license_name_is_ambiguous() -> None:
    for name in (None, "", "  "):
        result = resolve("other", license_name=name)
        assert [p.kind for p in result.problems] == ["ambiguous"]


def test_other_with_an_unknown_license_name() -> None:
    result = resolve("other", license_name="my-lab-license-v7")
    assert [p.kind for p in result.problems] == ["unknown"]
    assert result.problems[0].name == "my-lab-license-v7"


def test_license_name_is_ignored_unless_other() -> None:
    assert resolve("mit", license_name="llama3").alternatives == [["MIT"]]


def test_unknown_license_carries_the_scancode_category() -> None:
    # `cc-by-nc-sa-2.5` is not in the KB, but ScanCode knows it
    kb = {name.casefold() for lic in load_catalog().licenses.values() for name in (lic.id, *lic.aliases)}
    assert "cc-by-nc-sa-2.5" not in kb
    result = resolve("CC-BY-NC-SA-2.5")
    problem = result.problems[0]
    assert (problem.kind, problem.name, problem.scancode_key) == ("unknown", "CC-BY-NC-SA-2.5", "cc-by-nc-sa-2.5")
    assert problem.category == scancode_index()["cc-by-nc-sa-2.5"].category
    assert problem.category in result.as_properties()["unknown_categories"]


@pytest.mark.parametrize(
    ("declared", "category"),
    [("Elastic-2.0", "Source-available"), ("LicenseRef-scancode-falcon-2-11b-1.0", "Proprietary Free")],
)
def test_unknown_categories(declared: str, category: str) -> None:
    result = resolve(declared)
    assert [p.kind for p in result.problems] == ["unknown"]
    assert result.problems[0].category == category


def test_a_name_nobody_knows() -> None:
    result = resolve("totally-made-up-license")
    problem = result.problems[0]
    assert (problem.kind, problem.category, problem.scancode_key) == ("unknown", None, None)


def test_an_unknown_part_of_an_and_drops_that_option() -> None:
    result = resolve("MIT AND totally-made-up-license")
    assert result.alternatives == []
    assert [p.name for p in result.problems] == ["totally-made-up-license"]


@pytest.mark.parametrize(
    "declared",
    ["", None, "   ", "MIT AND", "(MIT", "MIT/Apache-2.0", "Apache License, Version 2.0 (custom)", "with", "AND OR",
     "mit with apache-2.0 with x", "🙂", "a" * 5000, " OR ".join(["mit", "isc"] * 40)],
)
def test_never_raises(declared: str | None) -> None:
    result = resolve(declared)
    assert result.problems or result.ok
    assert result.as_properties()["declared"] is not None


def test_missing_and_invalid_kinds() -> None:
    assert [p.kind for p in resolve("").problems] == ["missing"]
    assert [p.kind for p in resolve("MIT AND").problems] == ["invalid"]


def test_properties_are_flat() -> None:
    props = resolve("(MIT OR Apache-2.0) AND CC-BY-4.0").as_properties()
    assert props["alternatives"] == ["MIT AND CC-BY-4.0", "Apache-2.0 AND CC-BY-4.0"]
    for value in props.values():
        assert value is None or isinstance(value, (str, bool)) or all(isinstance(v, str) for v in value)


def test_lookup_of_one_name() -> None:
    r = resolver(load_catalog())
    assert r.lookup("LLAMA3.1") == "Llama-3.1"
    assert r.lookup("bsd") is None and r.lookup("other") is None and r.lookup("nope") is None


# -- every license id the Hugging Face Hub accepts ---------------------------------------------------

HUB = hub_license_ids()


def test_the_hub_list_is_complete() -> None:
    ids = [entry["id"] for entry in HUB]
    assert len(ids) == len(set(ids)) >= 83
    assert {"apache-2.0", "llama3.3", "gemma", "openrail++", "bsd", "other"} <= set(ids)


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(
            entry, id=entry["id"],
            marks=[pytest.mark.xfail(strict=True, reason=f"no KB license for the Hub id {entry['id']!r} yet")]
            if entry["expect"] is None else [],
        )
        for entry in HUB
    ],
)
def test_every_hub_license_id_resolves(entry: dict) -> None:
    result = resolve(entry["id"])
    if entry["expect"] == "ambiguous":
        assert [p.kind for p in result.problems] == ["ambiguous"], result.problems
        assert result.alternatives == []
    else:
        assert result.ok, [p.as_text() for p in result.problems]
        assert result.alternatives == [[entry["expect"] or "?"]]


# -- spellings resolved through ScanCode's index and normalisation (issue #13) ----------------------

KB_NAMES = {name.casefold() for lic in load_catalog().licenses.values() for name in (lic.id, *lic.aliases)}


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("apache2.0", "Apache-2.0"),
        ("Apache2.0", "Apache-2.0"),
        ("APACHE_2.0", "Apache-2.0"),
        ("BigScience OpenRAIL-M", "BigScience-OpenRAIL-M"),
        ("bigscience_openrail_m", "BigScience-OpenRAIL-M"),
        ("cc_by_nc_4.0", "CC-BY-NC-4.0"),
        ("GPL-2.0 Or-Later", "GPL-2.0-or-later"),
    ],
)
def test_spellings_resolve_through_normalisation(declared: str, expected: str) -> None:
    assert declared.casefold() not in KB_NAMES, "the spelling must not be a hand-made KB alias"
    result = resolve(declared)
    assert result.ok, [p.as_text() for p in result.problems]
    assert result.alternatives == [[expected]]
    assert result.expression == expected


def test_a_spelling_inside_an_expression() -> None:
    result = resolve("MIT OR apache2.0")
    assert result.alternatives == [["MIT"], ["Apache-2.0"]]
    assert result.expression == "MIT OR Apache-2.0"


def test_the_spelling_matches_scancode_not_only_the_kb() -> None:
    # `apache2.0` normalises to ScanCode's `apache-2.0`, whose SPDX key is the KB's Apache-2.0
    assert normalised_scancode_index()[normalise("apache2.0")].key == "apache-2.0"
    assert normalised_scancode_index()[normalise("BigScience OpenRAIL-M")].key == "bigscience-open-rail-m"


def test_a_normalised_unknown_license_still_carries_its_scancode_category() -> None:
    problem = resolve("elastic2.0").problems[0]
    assert (problem.kind, problem.scancode_key, problem.category) == ("unknown", "elastic-license-v2", "Source-available")


@pytest.mark.parametrize("junk", ["my-own-license-v7", "My Own License v7", "apache-2.0-custom-v7"])
def test_junk_stays_unknown(junk: str) -> None:
    result = resolve(junk)
    assert result.alternatives == [] and not result.ok
    assert [(p.kind, p.category, p.scancode_key) for p in result.problems] == [("unknown", None, None)]


@pytest.mark.parametrize("family", ["bsd", "B.S.D", "G P L", "un-known"])
def test_family_ids_stay_ambiguous_in_any_spelling(family: str) -> None:
    result = resolve(family)
    assert result.alternatives == []
    assert [p.kind for p in result.problems] == ["ambiguous"]


def test_plus_is_not_punctuation() -> None:
    assert normalise("GPL-2.0+") != normalise("GPL-2.0")
    assert resolve("gpl 2.0+").alternatives == [["GPL-2.0-or-later"]]
    assert resolve("gpl 2.0").alternatives == [["GPL-2.0-only"]]


def test_normalise_ignores_case_spaces_and_punctuation() -> None:
    assert normalise("Apache 2.0") == normalise("apache-2.0") == normalise("APACHE_2.0") == "apache20"


def test_a_normalised_form_two_scancode_licenses_share_matches_neither() -> None:
    # ScanCode has both `osetpl-2.1` and `oset-pl-2.1`: exact keys resolve, a loose spelling does not guess
    assert {"osetpl-2.1", "oset-pl-2.1"} <= set(scancode_index())
    assert normalise("OSET PL 2.1") not in normalised_scancode_index()
    result = resolve("OSET PL 2.1")
    assert [p.kind for p in result.problems] == ["unknown"] and result.problems[0].scancode_key is None


# -- licenses real Hub models use (issue #13) -------------------------------------------------------


@pytest.mark.parametrize(
    ("license_name", "expected"),
    [
        ("qwen-research", "Qwen-Research"),
        ("skywork-community-license", "Skywork-Community"),
        ("cogvlm2", "CogVLM2"),
        ("faipl-1.0-sd", "FAIPL-1.0-SD"),
        ("fair-ai-public-license-1.0-sd", "FAIPL-1.0-SD"),
        ("LicenseRef-scancode-fair-ai-public-1.0-sd", "FAIPL-1.0-SD"),
    ],
)
def test_hub_license_names_of_new_kb_licenses(license_name: str, expected: str) -> None:
    assert resolve("other", license_name=license_name).alternatives == [[expected]]
    assert resolve(license_name).alternatives == [[expected]]


def test_a_license_whose_text_was_not_found_stays_unknown() -> None:
    # EVA-LLaMA-3.33's licence text could not be found, so the KB holds no terms for it
    result = resolve("other", license_name="eva-llama3.3")
    assert [p.kind for p in result.problems] == ["unknown"] and result.alternatives == []
    # the non-SD Fair AI Public License is a different licence: not folded into FAIPL-1.0-SD
    assert [p.kind for p in resolve("LicenseRef-scancode-fair-ai-public-1.0").problems] == ["unknown"]


def test_an_exact_scancode_name_is_never_overridden_by_a_looser_kb_spelling(tmp_path: Path) -> None:
    # a KB whose MIT carries an alias spelled like ScanCode's `elastic-license-v2` (another license)
    kb = resource_dir("licenses")
    shutil.copy(kb / "_activities.yaml", tmp_path / "_activities.yaml")
    mit = yaml.safe_load((kb / "MIT.yaml").read_text(encoding="utf-8"))
    mit["aliases"] = [*mit["aliases"], "Elastic License V2"]
    (tmp_path / "MIT.yaml").write_text(yaml.safe_dump(mit, sort_keys=False), encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert resolve("Elastic License V2", catalog=catalog).alternatives == [["MIT"]]
    exact = resolve("elastic-license-v2", catalog=catalog)
    assert exact.alternatives == [] and exact.problems[0].scancode_key == "elastic-license-v2"
