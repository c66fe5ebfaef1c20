"""Settings from the environment: a bad value is a one-line error, never a traceback."""

from __future__ import annotations

import pytest

from kg.config import Settings
from kg.errors import KgError

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("value", ["abc", "0", "65536", "-1", "80.5"])
def test_a_port_that_is_not_a_tcp_port_is_refused_with_its_name(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("KG_NEO4J_PORT", value)
    with pytest.raises(KgError, match=f"KG_NEO4J_PORT must be a TCP port .*'{value}'"):
        Settings.from_env()


def test_a_port_is_read_and_no_port_means_any(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NEO4J_PORT", "7687")
    assert Settings.from_env().port == 7687
    monkeypatch.delenv("KG_NEO4J_PORT")
    assert Settings.from_env().port is None
