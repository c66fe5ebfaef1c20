"""The package's layers only import downward: CLI -> API / export -> loaders -> lineage ->
licenses / analysis -> db -> embedded / config, all on a base of errors, resources, input reading
and the vocabulary. Every module belongs to a layer; each layer is imported in a fresh interpreter
and must not pull in a module of a layer above it, and no module names one above it even in an
import inside a function (which a fresh import would not run)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

PACKAGE = Path(__file__).resolve().parent.parent / "kg"

#: top to bottom; modules of one layer may import each other. A new module is added here, where
#: what it imports and who imports it put it.
LAYERS: list[tuple[str, ...]] = [
    ("kg.cli",),
    ("kg.api", "kg.export"),
    ("kg.loaders",),
    ("kg.lineage", "kg.schemas"),
    ("kg.licenses", "kg.analysis", "kg.prepare"),
    ("kg.db", "kg.queries", "kg.readonly"),
    ("kg.embedded", "kg.config"),
    ("kg.errors", "kg.resources", "kg.reading", "kg.vocabulary"),
]


def _in(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _layer(name: str) -> int:
    """The index in LAYERS of module `name` (the package `kg` itself is the base: its version)."""
    if name == "kg":
        return len(LAYERS) - 1
    found = [index for index, layer in enumerate(LAYERS) if _in(name, layer)]
    assert len(found) == 1, f"{name} belongs to {len(found)} layers: add it to LAYERS"
    return found[0]


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _above(index: int) -> tuple[str, ...]:
    return tuple(name for layer in LAYERS[:index] for name in layer)


def test_every_module_belongs_to_one_layer() -> None:
    for name in _modules():
        _layer(name)


@pytest.mark.parametrize("layer", LAYERS[1:], ids=lambda layer: " ".join(layer))
def test_a_lower_layer_imports_nothing_above_it(layer: tuple[str, ...]) -> None:
    members = sorted(name for name in _modules() if _in(name, layer))
    code = f"import sys, {', '.join(members)}; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    upward = [name for name in loaded if _in(name, _above(LAYERS.index(layer)))]
    assert upward == [], f"{layer} pulls in {upward}"


def test_no_import_names_a_layer_above() -> None:
    upward = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names if node.module == "kg"]
            else:
                continue
            upward += [f"{name}:{node.lineno} imports {target}" for target in targets
                       if target.startswith("kg.") and target in _modules() and _layer(target) < _layer(name)]
    assert upward == []
