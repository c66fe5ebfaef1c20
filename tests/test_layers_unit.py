"""The package's layers only import downward: CLI -> API / export -> loaders -> lineage ->
licenses / analysis -> db -> embedded / config. Each lower layer is imported in a fresh
interpreter and must not pull in a module of a layer above it."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.unit

ABOVE = {
    "kg.embedded": ("kg.db", "kg.cli", "kg.api", "kg.analysis", "kg.lineage", "kg.loaders", "kg.export"),
    "kg.db": ("kg.cli", "kg.api", "kg.analysis", "kg.lineage", "kg.loaders", "kg.export"),
    "kg.analysis.engine": ("kg.cli", "kg.api", "kg.loaders", "kg.export"),
}


@pytest.mark.parametrize("module", sorted(ABOVE))
def test_a_lower_layer_imports_nothing_above_it(module: str) -> None:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    upward = [name for name in loaded if name.startswith(ABOVE[module])]
    assert upward == [], f"{module} pulls in {upward}"
