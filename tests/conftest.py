"""Shared fixtures: a temp workspace per test, no network, and helpers to run the CLI."""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from assistant.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "knowledge"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse any connection that is not to this machine: a request that escapes the mocks fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = host == "localhost"
            if not loopback:
                raise ConnectionRefusedError(f"test tried to reach the network: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts with no keys, no endpoint and its own home folder."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SECOND_CHANCE_MODEL", "SECOND_CHANCE_EMBEDDINGS",
                 "SECOND_CHANCE_CHROMA_URL", "SECOND_CHANCE_KNOWLEDGE"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("SECOND_CHANCE_HOME", str(home))
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.chdir(home)


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch) -> str:
    """An API key, so a real model name is accepted; every request must then be caught by respx."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    return "gpt-4o-mini"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The test's workspace folder (SECOND_CHANCE_HOME), empty."""
    return tmp_path / "home"


@pytest.fixture
def workspace(home: Path) -> Path:
    """A workspace whose knowledge/ is a copy of the bundled sample notes."""
    shutil.copytree(SAMPLE, home / "knowledge")
    return home


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run `second-chance ARGS...` in-process; returns click's Result (stdout, stderr, exit_code)."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture
def cli_json(cli: Callable[..., Result]) -> Callable[..., Any]:
    """Run a command with --json, assert it succeeded, and return the parsed document."""

    def run(*args: str, code: int = 0) -> Any:
        result = cli(*args, "--json")
        assert result.exit_code == code, result.stderr or result.stdout
        return json.loads(result.stdout)

    return run


@pytest.fixture
def indexed(workspace: Path, cli: Callable[..., Result]) -> Iterator[Path]:
    """A workspace whose sample notes are already indexed."""
    result = cli("index")
    assert result.exit_code == 0, result.stderr
    yield workspace
