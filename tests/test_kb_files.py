"""The license files: a broken one is rejected with file, field and reason; the whole KB loads;
the exported JSON Schema and the README's license table are not stale."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError
from kg.licenses import readme
from kg.licenses.catalog import load_catalog, parse_license
from kg.licenses.check import check_files
from kg.resources import resource_dir
from kg.schemas import LICENSE, SCHEMAS

KB = resource_dir("licenses")
APACHE = yaml.safe_load((KB / "Apache-2.0.yaml").read_text(encoding="utf-8"))


def write(directory: Path, data: Any, name: str = "Apache-2.0") -> Path:
    path = directory / f"{name}.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def rejected(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_license(path)
    assert caught.value.file == str(path)
    return caught.value


def test_the_example_file_is_valid(tmp_path: Path) -> None:
    assert parse_license(write(tmp_path, APACHE)).id == "Apache-2.0"


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    data = copy.deepcopy(APACHE)
    data["grants"]["use"]["clause"] = "2"
    error = rejected(write(tmp_path, data))
    assert (error.path, error.reason) == ("grants.use.clause", "unknown field")


def test_unknown_top_level_field_is_rejected(tmp_path: Path) -> None:
    data = {**APACHE, "colour": "blue"}
    error = rejected(write(tmp_path, data))
    assert (error.path, error.reason) == ("colour", "unknown field")


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda d: d["terms"][0].update(result="copy"), "terms.0.result", "'duplicate', 'derivative'"),
        (lambda d: d["terms"][0].update(activities=["copy", "teleport"]), "terms.0.activities.1", "'copy'"),
        (lambda d: d.update(kinds=["firmware"]), "kinds.0", "'software', 'data' or 'model'"),
        (lambda d: d["grants"].update(fly={"cite": "1", "note": "a right to fly"}), "grants.fly.[key]", "'use'"),
        (lambda d: d.update(revocable="maybe"), "revocable", "'yes', 'no' or 'unstated'"),
    ],
    ids=["term-result", "activity", "kind", "right", "revocable"],
)
def test_bad_enum_value_is_rejected(tmp_path: Path, mutate: Any, field: str, words: str) -> None:
    data = copy.deepcopy(APACHE)
    mutate(data)
    error = rejected(write(tmp_path, data))
    assert error.path == field
    assert words in error.reason


def test_missing_term_coverage_is_rejected(tmp_path: Path) -> None:
    data = copy.deepcopy(APACHE)
    data["terms"] = [t for t in data["terms"] if "train" not in t["activities"]]
    error = rejected(write(tmp_path, data))
    assert error.path == "terms"
    assert "terms do not cover" in error.reason and "train/raw" in error.reason


def test_a_pair_defined_twice_is_rejected(tmp_path: Path) -> None:
    data = copy.deepcopy(APACHE)
    data["terms"].append({**data["terms"][0], "activities": ["copy"], "forms": ["raw"]})
    error = rejected(write(tmp_path, data))
    assert error.path == "terms"
    assert "(copy, raw) is already defined" in error.reason


def test_missing_field_is_rejected(tmp_path: Path) -> None:
    data = copy.deepcopy(APACHE)
    del data["revocable_cite"]
    error = rejected(write(tmp_path, data))
    assert (error.path, error.reason) == ("revocable_cite", "Field required")


def test_malformed_yaml_is_rejected_with_its_line(tmp_path: Path) -> None:
    error = rejected(write(tmp_path, "id: Apache-2.0\nname: [unclosed\nurl: x\n"))
    assert error.path.startswith("line ")
    assert error.reason.startswith("malformed YAML")


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    error = rejected(write(tmp_path, APACHE, name="Apache"))
    assert error.path == "id"


def kb_copy(tmp_path: Path, *ids: str) -> Path:
    for name in (*ids, "_activities"):
        shutil.copy(KB / f"{name}.yaml", tmp_path / f"{name}.yaml")
    return tmp_path


def test_relicensing_to_a_missing_license_is_rejected(tmp_path: Path) -> None:
    directory = kb_copy(tmp_path, "MIT")
    data = copy.deepcopy(APACHE)
    data["relicensing"]["compatible"] = ["MIT", "Nope-1.0"]
    path = write(directory, data)
    with pytest.raises(InputError) as caught:
        load_catalog(directory)
    error = caught.value
    assert (error.file, error.path) == (str(path), "relicensing.compatible.1")
    assert "no license 'Nope-1.0'" in error.reason


def test_an_alias_naming_two_licenses_is_rejected(tmp_path: Path) -> None:
    directory = kb_copy(tmp_path, "MIT")
    data = copy.deepcopy(APACHE)
    data["aliases"] = [*data["aliases"], "mit"]
    write(directory, data)
    with pytest.raises(InputError) as caught:
        load_catalog(directory)
    assert caught.value.path == "aliases"
    assert "already names" in caught.value.reason


def test_check_files_reports_each_broken_file(tmp_path: Path) -> None:
    good = write(tmp_path, APACHE)
    bad = write(tmp_path, {**APACHE, "id": "Bad", "colour": "blue"}, name="Bad")
    problems = check_files([good, bad])
    assert problems == [f"{bad}: colour: unknown field"]


def test_cli_check_rejects_a_bad_file(tmp_path: Path) -> None:
    bad = write(tmp_path, {**APACHE, "kinds": ["firmware"]})
    result = CliRunner().invoke(app, ["licenses", "check", str(bad)])
    assert result.exit_code == 1
    assert "kinds.0" in result.output
    ok = CliRunner().invoke(app, ["licenses", "check", str(KB / "MIT.yaml")])
    assert ok.exit_code == 0, ok.output


# -- the whole KB -----------------------------------------------------------------------------------


def test_the_whole_kb_loads() -> None:
    catalog = load_catalog()
    assert len(catalog.licenses) >= 90
    assert all(path.stem in catalog.licenses for path in KB.glob("*.yaml") if not path.name.startswith("_"))
    assert len(catalog.version) == 16


def test_no_family_id_is_an_alias() -> None:
    for lic in load_catalog().licenses.values():
        assert not {a.casefold() for a in lic.aliases} & {"bsd", "gpl", "lgpl", "cc", "unknown", "other"}, lic.id


def test_exported_json_schemas_are_not_stale() -> None:
    for schema in SCHEMAS:
        assert schema.path.is_file(), "run `python -m kg.schemas`"
        assert schema.load() == json.loads(schema.render()), f"{schema.path} is stale: run `python -m kg.schemas`"


def test_every_license_file_validates_against_schema_json() -> None:
    schema = json.loads(LICENSE.path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(KB.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
        assert not errors, f"{path.name}: {errors[:3]}"


def test_schema_json_rejects_an_unknown_field() -> None:
    schema = json.loads(LICENSE.path.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**APACHE, "colour": "blue"}, schema)


def test_readme_license_table_is_not_stale() -> None:
    path = readme.readme_path()
    if not path.is_file():
        pytest.skip("README.md does not exist yet")
    current = path.read_text(encoding="utf-8")
    assert readme.START in current and readme.END in current, "run `python -m kg.licenses.readme`"
    assert current == readme.updated_readme(current, load_catalog()), (
        "README.md's license table is stale: run `python -m kg.licenses.readme`"
    )


def test_readme_update_rewrites_only_between_the_markers() -> None:
    catalog = load_catalog()
    before = "# kg\n\nIntro.\n"
    once = readme.updated_readme(before, catalog)
    assert once.startswith(before) and readme.START in once
    edited = once.replace("Intro.", "Intro, edited.") + "\n## After\n\nMore.\n"
    twice = readme.updated_readme(edited.replace("| `MIT` |", "| `MIT-stale` |"), catalog)
    assert twice == edited
    for lic in catalog.licenses.values():
        assert f"| `{lic.id}` |" in once
