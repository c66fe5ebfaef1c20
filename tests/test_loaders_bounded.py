"""Readers never expand what they cannot bound (#18): billion-laughs YAML, nesting 10,000 deep,
huge values in messages. Each hostile file is refused fast, in one line, and nothing is written."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from kg.db import Database
from kg.errors import InputError
from kg.loaders.formats import read
from kg.reading import MAX_ALIAS_NODES, MAX_DEPTH, brief, load_json, load_yaml


def billion_laughs(levels: int = 9) -> str:
    """Nine levels of nine aliases each: 9^9 (387 million) strings once expanded, 1 KB as text."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{n}: &lol{n} [{', '.join([f'*lol{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_billion_laughs_is_refused_at_the_first_alias_over_the_budget() -> None:
    start = time.monotonic()
    with pytest.raises(InputError) as raised:
        load_yaml(billion_laughs(), "card.yaml")
    assert time.monotonic() - start < 10  # seconds on a loaded 2-core machine; expanding would take minutes
    assert str(raised.value).startswith("card.yaml: line ")
    assert f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes" in str(raised.value)


def test_a_few_aliases_are_read_as_yaml_means_them() -> None:
    assert load_yaml("a: &a [1, 2]\nb: [*a, *a]\n", "f.yaml") == {"a": [1, 2], "b": [[1, 2], [1, 2]]}


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(InputError, match=r"f.yaml: line 1, column \d+: refused YAML: alias \*x repeats the node it is inside"):
        load_yaml("x: &x [1, *x]\n", "f.yaml")


@pytest.mark.parametrize("load", [load_yaml, load_json])
def test_nesting_10000_deep_is_refused_and_100_is_read(load: Any) -> None:
    start = time.monotonic()
    for levels in (10_000, 100_000):  # PyYAML's lookahead over flow brackets is quadratic: refused before it
        with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels"):
            load(deep(levels), "f")
    with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels"):
        load(deep(MAX_DEPTH + 1), "f")
    assert time.monotonic() - start < 10  # seconds on a loaded 2-core machine; expanding would take minutes
    value = load(deep(MAX_DEPTH), "f")
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == []


def test_brief_shows_a_bounded_part_of_any_value() -> None:
    shared: list[Any] = ["lol"] * 9
    for _ in range(30):  # 9^30 items if walked in full
        shared = [shared] * 9
    assert len(brief(shared)) < 200
    assert len(brief("x" * 10_000_000)) < 100


def _card(tmp_path: Path, front: str) -> Path:
    card = tmp_path / "acme" / "evil" / "README.md"
    card.parent.mkdir(parents=True)
    card.write_text(f"---\n{front}---\n# A card\n", encoding="utf-8")
    return card


def test_a_billion_laughs_card_is_one_line_naming_the_card(tmp_path: Path) -> None:
    card = _card(tmp_path, billion_laughs() + "base_model: *lol9\ndatasets: *lol9\n")
    start = time.monotonic()
    with pytest.raises(InputError) as raised:
        read([card.parent.parent.parent])
    assert time.monotonic() - start < 10
    tracemalloc.start()
    try:
        with pytest.raises(InputError):
            read([card])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20  # bounded: megabytes, not the 8.6 GB of expanding it
    message = str(raised.value)
    assert message.startswith(f"{card}: front matter, line ") and "refused YAML: aliases expand" in message
    assert "\n" not in message and len(message) < 400


def test_a_card_value_of_the_wrong_kind_is_shown_briefly(tmp_path: Path) -> None:
    # within the alias budget, but `{value!r}` of it would still be 10^5 strings long
    card = _card(tmp_path, 'a: &a ["' + "x" * 1000 + '", "y"]\nb: &b [*a, *a, *a, *a, *a]\nlicense: {x: [*b, *b, *b]}\n')
    with pytest.raises(InputError) as raised:
        read([card])
    assert "license: expected a license id or a list of them" in str(raised.value) and len(str(raised.value)) < 600


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_deep_manifest_is_refused(tmp_path: Path, suffix: str) -> None:
    manifest = tmp_path / f"deep{suffix}"
    manifest.write_text("works: " + deep(10_000) if suffix == ".yaml" else '{"works": ' + deep(10_000) + "}", encoding="utf-8")
    with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels"):
        read([manifest])


@pytest.mark.parametrize("head", ['{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": ',
                                  '{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": '])
def test_a_deep_sbom_is_refused(tmp_path: Path, head: str) -> None:
    sbom = tmp_path / "deep.json"
    sbom.write_text(head + deep(10_000) + "}", encoding="utf-8")
    with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels"):
        read([sbom])


def test_cli_refuses_a_hostile_card_and_manifest_in_one_line_writing_nothing(
    lineage_db: Database, run_kg: Any, kg_env: dict[str, str], tmp_path: Path
) -> None:
    card = _card(tmp_path, billion_laughs() + "base_model: *lol9\n")
    manifest = tmp_path / "deep.json"
    manifest.write_text(json.dumps({"works": []})[:-1] + ', "releases": ' + deep(10_000) + "}", encoding="utf-8")
    for path in (card, manifest):
        start = time.monotonic()
        result = run_kg("import", str(path), env=kg_env, timeout=60)
        assert time.monotonic() - start < 30
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert str(path) in result.stderr.replace("\n", "")
    assert lineage_db.read("api_stats")[0]["works"] == 0
