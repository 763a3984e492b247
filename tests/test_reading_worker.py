"""`index` reads the notes in a worker process while it embeds them: the same readings, errors and counts."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

import assistant.cli.reading as reading_cli
import assistant.reading
from assistant.errors import KnowledgeError
from assistant.index import forget_store


@pytest.fixture
def worker_marks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Read alongside the sync whatever the number of notes; each worker writes its pid to the returned file."""
    marks = tmp_path / "worker-pids"
    original = reading_cli._work

    def work(pipe: Any, *args: Any) -> None:
        with marks.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        original(pipe, *args)

    monkeypatch.setattr(reading_cli, "ALONGSIDE_FROM", 1)
    monkeypatch.setattr(reading_cli, "_work", work)
    return marks


def _state(home: Path, cli_json: Any) -> tuple[list[str], Any]:
    """The cached readings (sorted lines) and the cached case file, then what `notes --json` shows."""
    lines = sorted((home / ".second-chance" / "readings" / "offline.jsonl").read_text(encoding="utf-8").splitlines())
    return [*lines, *_case_cache(home)], cli_json("notes")


def _case_cache(home: Path) -> list[str]:
    """The case file `index` cached for people, plan and draft, and its header but the files' times."""
    header, body = (home / ".second-chance" / "case-cache.json").read_text(encoding="utf-8").split("\n", 1)
    return [json.dumps({k: v for k, v in json.loads(header).items() if k != "files"}), body]


def _cached_case(home: Path) -> str:
    """The case file `index` cached for `people` and `plan` (its body: the header holds the files' times)."""
    return (home / ".second-chance" / "case-cache.json").read_text(encoding="utf-8").split("\n", 1)[1]


def _in_process(home: Path, cli_json: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], Any]:
    """The same notes indexed afresh with the reading done in this process, as before the worker."""
    monkeypatch.setattr(reading_cli, "ALONGSIDE_FROM", 10**9)
    for path in (home / ".second-chance").rglob("*"):
        if path.is_file():
            path.unlink()
    # This process still holds Chroma's handle on the store just deleted: let it go, as `index --rebuild` does
    # (kept, it could answer from the deleted files and call the fresh store damaged).
    forget_store(home / ".second-chance" / "chroma")
    document = cli_json("index")
    return _state(home, cli_json)[0], (document, cli_json("notes"))


def test_the_worker_reads_exactly_what_this_process_would(workspace, cli_json, worker_marks, monkeypatch):
    document = cli_json("index")
    pids = worker_marks.read_text().split()
    assert len(pids) == 1 and int(pids[0]) != os.getpid()  # a worker read the notes
    assert multiprocessing.active_children() == []  # and it is gone
    notes = len(list((workspace / "knowledge").rglob("*.md")))
    assert document["read"] >= notes > 0
    case = _cached_case(workspace)  # assembled and cached by the worker, beside the sync
    forked = _state(workspace, cli_json)
    lines, (document_here, listed_here) = _in_process(workspace, cli_json, monkeypatch)
    assert len(worker_marks.read_text().split()) == 1  # the second run read in this process
    assert forked == (lines, listed_here)
    assert (document["read"], document["hints"]) == (document_here["read"], document_here["hints"])
    assert case == _cached_case(workspace) and '"people"' in case


def test_without_fork_the_notes_are_read_in_this_process(workspace, cli_json, worker_marks, monkeypatch):
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    document = cli_json("index")
    assert not worker_marks.exists()
    assert document["read"] > 0 and document["hints"] == cli_json("index")["hints"]


def test_a_worker_that_dies_leaves_the_rest_to_this_process(workspace, cli_json, monkeypatch, worker_marks):
    original = reading_cli._work

    def dies_before_answering(pipe: Any, *args: Any) -> None:
        class Gone:  # reads and caches every note, then dies instead of sending the readings
            def send(self, message: Any) -> None:
                if message[0] == "done":
                    os._exit(1)
                pipe.send(message)

            def close(self) -> None:
                pipe.close()

        original(Gone(), *args)

    monkeypatch.setattr(reading_cli, "_work", dies_before_answering)
    document = cli_json("index")
    forked = _state(workspace, cli_json)
    lines, (document_here, listed_here) = _in_process(workspace, cli_json, monkeypatch)
    assert forked == (lines, listed_here)
    assert (document["read"], document["hints"]) == (document_here["read"], document_here["hints"])


def test_an_error_in_the_worker_is_one_line(workspace, cli, worker_marks, monkeypatch):
    def fails(*args: Any, **kwargs: Any) -> Any:
        raise KnowledgeError("notes/x.md cannot be read: fix its encoding.")

    monkeypatch.setattr(assistant.reading, "read_notes", fails)
    result = cli("index")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: notes/x.md cannot be read: fix its encoding."
    assert worker_marks.exists()
    assert multiprocessing.active_children() == []


def test_ctrl_c_during_the_sync_ends_the_worker_and_keeps_what_it_read(workspace, cli, worker_marks, monkeypatch):
    import signal
    import time

    import assistant.index

    cache = workspace / ".second-chance" / "readings" / "offline.jsonl"
    notes = len(list((workspace / "knowledge").rglob("*.md")))
    workers: list[Any] = []

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        workers.extend(p for p in multiprocessing.active_children() if p.name == "second-chance reading")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not cache.exists() or len(cache.read_text().splitlines()) < notes):
            time.sleep(0.05)
        os.kill(workers[0].pid, signal.SIGINT)  # Ctrl-C reaches every process of the terminal's group
        raise KeyboardInterrupt

    monkeypatch.setattr(assistant.index.NoteIndex, "sync", interrupted)
    result = cli("index")
    assert result.exit_code != 0
    assert len(workers) == 1
    workers[0].join(timeout=30)
    assert not workers[0].is_alive()
    # the worker's readings are on disk, so the next index reads none of them again
    cached = cache.read_text(encoding="utf-8").splitlines()
    assert len(cached) >= notes
    assert all(json.loads(line.split("\t", 1)[1])["source"] for line in cached)
