"""Integration: the index against a real `chroma run` server on 127.0.0.1, started and stopped by PID."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.index import NoteIndex
from assistant.sidecar import read_facts
from tests.test_chunk_ids import OLDER, make_old_index, stored_ids

pytestmark = pytest.mark.integration

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """Start `chroma run` on a free loopback port; stop it by PID afterwards."""
    if not CHROMA.exists():
        pytest.fail(f"{CHROMA} is missing: chromadb's server script should be installed with the package")
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [str(CHROMA), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(tmp_path / "server")],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma server did not start: {(tmp_path / 'chroma.log').read_text()[-500:]}")
                time.sleep(0.2)
        yield url
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_index_and_search_against_a_chroma_server(workspace, cli, cli_json, chroma_server, monkeypatch):
    monkeypatch.setenv("SECOND_CHANCE_CHROMA_URL", chroma_server)
    first = cli_json("index")
    assert (first["added"], first["chunks"] > 0) == (15, True)
    again = cli_json("index")
    assert (again["unchanged"], again["embedded"]) == (15, 0)
    found = cli_json("search", "Confluent certified Kafka", "-k", "3")
    assert found["results"][0]["source"] == "progress/kafka-certification.md"
    assert not (workspace / ".second-chance" / "chroma").exists()  # nothing went to the embedded store
    table = {path.name.split("-")[0] for path in (workspace / ".second-chance/lexical").iterdir()}
    assert table == {"rows", "tokens", "lengths", "vocab", "store.json"}  # the server is the store: no copy of it
    note = workspace / "knowledge/progress/kafka-certification.md"
    note.write_text(note.read_text().replace("Kafka", "Flink"))
    assert cli_json("index")["updated"] == 1
    facts = read_facts(workspace / ".second-chance/lexical", dense=False)
    assert facts is not None and facts["dead"] and not facts["dense"]  # the ranking's rows appended to
    found = cli_json("search", "Confluent certified Flink", "-k", "3")["results"]
    assert found[0]["source"] == "progress/kafka-certification.md" and "Flink" in found[0]["text"]


def test_two_workspaces_share_a_server_without_touching_each_other(tmp_path, cli_json, chroma_server, monkeypatch):
    monkeypatch.setenv("SECOND_CHANCE_CHROMA_URL", chroma_server)
    first, second = tmp_path / "one", tmp_path / "two"
    for home, note in ((first, "Kafka certification"), (second, "Rust compiler internals")):
        (home / "knowledge").mkdir(parents=True)
        (home / "knowledge" / "note.md").write_text(f"I studied {note}.")
        monkeypatch.setenv("SECOND_CHANCE_HOME", str(home))
        assert cli_json("index")["added"] == 1
    monkeypatch.setenv("SECOND_CHANCE_HOME", str(first))
    assert cli_json("index")["unchanged"] == 1  # the second workspace's sync removed nothing here
    assert "Kafka" in cli_json("search", "studied")["results"][0]["text"]


def test_an_index_an_older_version_made_on_a_server_is_upgraded_by_index(workspace, cli, chroma_server, monkeypatch):
    monkeypatch.setenv("SECOND_CHANCE_CHROMA_URL", chroma_server)
    settings = load_settings()
    count = make_old_index(settings, monkeypatch)
    assert all(len(i) == 9 for i in stored_ids(settings))
    refused = cli("search", "Kafka")
    assert refused.exit_code == 2 and refused.stderr.startswith(f"error: {OLDER}; run `second-chance index`")
    upgraded = cli("index")
    assert upgraded.exit_code == 0 and upgraded.stderr.strip() == f"{OLDER}; embedding 15 notes again (once)."
    new = stored_ids(settings)
    assert len(new) == count and all(len(i) == 13 for i in new)
    assert [c.name for c in NoteIndex(settings).client.list_collections()] == [NoteIndex(settings).name]
    assert cli("search", "Kafka").exit_code == 0


def test_unreachable_server_is_exit_3_with_one_line(workspace, cli, monkeypatch):
    monkeypatch.setenv("SECOND_CHANCE_CHROMA_URL", f"http://127.0.0.1:{free_port()}")
    result = cli("index")
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: Cannot reach the Chroma server at http://127.0.0.1:")


def test_bad_server_url_is_exit_2(workspace, cli, monkeypatch):
    monkeypatch.setenv("SECOND_CHANCE_CHROMA_URL", "chroma.local")
    result = cli("index")
    assert result.exit_code == 2
    assert "is not a URL like http://127.0.0.1:8000" in result.stderr
