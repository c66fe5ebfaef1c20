"""Usage mistakes are one line and exit 2, never a traceback; help screens read plainly; `kg --version`.

These run the real `kg` command and need no Neo4j: the mistakes are caught before any connection."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

from kg import __version__

Run = Callable[..., subprocess.CompletedProcess[str]]


def _one_line(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kg: ")
    return lines[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("assess", "x", "--policy", "publish"), "'publish' is not one of 'personal', 'share', 'sell'"),
        (("asses", "x"), "No such command 'asses'. Did you mean 'assess'?"),
        (("assess", "x", "--bogus"), "No such option: --bogus"),
        (("assess", "x", "--form", "weird"), "'weird' is not one of 'raw', 'binary', 'saas'"),
        (("cypher",), "Missing argument 'QUERY'"),
        (("licenses", "show"), "Missing argument 'ID'"),
        (("export", "--out"), "requires an argument"),
        (("assess",), "name one WORK to assess, or give --all"),
        (("assess", "x", "--all"), "name one WORK to assess, or give --all"),
        (("assess", "--all", "--policy", "sell"), "--all assesses each recorded release with its own policy and form"),
    ],
)
def test_a_usage_mistake_is_one_line_and_exit_2(run_kg: Run, args: tuple[str, ...], says: str) -> None:
    line = _one_line(run_kg(*args))
    assert says in line
    parser_caught = not says.startswith(("name one WORK", "--all assesses"))  # the rest are kg's own checks
    assert ("--help" in line) == parser_caught


def test_version(run_kg: Run) -> None:
    done = run_kg("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"kg {__version__}"


@pytest.mark.parametrize("args", [("--help",), ("assess", "--help"), ("export", "--help"), ("licenses", "list", "--help")])
def test_help_shows_no_python_types(run_kg: Run, args: tuple[str, ...]) -> None:
    done = run_kg(*args, env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0
    assert "<bool>" not in done.stdout and "Usage: kg" in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) <= 80


def test_exit_codes_are_in_the_help(run_kg: Run) -> None:
    text = " ".join(run_kg("--help").stdout.split())
    assert "0 ok or warnings only, 1 errors found, 2 usage or input error, 3 Neo4j unavailable" in text


def test_neo4j_unavailable_is_exit_3(run_kg: Run) -> None:
    env = {"NEO4J_URI": "bolt://127.0.0.1:9", "PATH": "/usr/bin:/bin", "KG_HOME": "/nonexistent-kg-home"}
    line = _one_line(run_kg("lineage", "x", env=env), code=3)
    assert "cannot reach Neo4j at bolt://127.0.0.1:9" in line
