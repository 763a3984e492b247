"""An edit whose reading changes nothing the assembly reads across notes is patched into the case cache by `index`
(no reading loaded, nothing assembled); any other edit assembles the case whole. Either way `index` caches, and
`people`, `plan` and `notes` show, exactly what a cold run assembles; a damaged or old cache is never patched."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import assistant.cli.reading as reading_cli
from assistant.casecache import CASE_CACHE
from tests.test_case_cache import _cached_state, _cold, _settle


@pytest.fixture
def assembled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A file that gets a line each time the case is assembled whole (in this process or the reading worker)."""
    marks = tmp_path / "assembled.txt"
    settle = reading_cli.settle

    def marked(*args: Any, **kwargs: Any) -> int:
        with marks.open("a") as out:
            out.write("whole\n")
        return settle(*args, **kwargs)

    monkeypatch.setattr(reading_cli, "settle", marked)
    return marks


def _whole(marks: Path) -> int:
    count = len(marks.read_text().splitlines()) if marks.exists() else 0
    marks.unlink(missing_ok=True)
    return count


def _without_examples(knowledge: Path) -> None:
    for example in [p for p in knowledge.rglob("*") if p.is_file() and b"example: true" in p.read_bytes()]:
        example.unlink()  # init's examples stay out of the case file, so index caches only without them


def _indexed(workspace: Path, cli_json: Callable[..., Any]) -> tuple[Path, Any]:
    """The workspace's notes without init's examples, settled and indexed once: (the notes folder, index's JSON)."""
    knowledge = workspace / "knowledge"
    _without_examples(knowledge)
    _settle(knowledge)
    return knowledge, cli_json("index")


def _append(path: Path, text: str) -> Callable[[], None]:
    return lambda: path.write_text(path.read_text() + text)


def _replace(path: Path, old: str, new: str) -> Callable[[], None]:
    def change() -> None:
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))

    return change


@pytest.mark.parametrize("where", ["this process", "the reading worker"])
def test_edits_patched_or_assembled_whole_cache_what_a_cold_run_assembles(
        workspace, cli_json, monkeypatch, assembled, where):
    monkeypatch.setattr(reading_cli, "ASSEMBLE_ALONGSIDE_FROM", 1 if where == "the reading worker" else 10**9)
    knowledge, _ = _indexed(workspace, cli_json)
    _whole(assembled)
    thanks = knowledge / "interactions/2026-09-06-thank-you-to-dana.md"
    dana, culture = knowledge / "people/dana-reyes.md", knowledge / "company/culture-notes.txt"
    changes: dict[str, tuple[Callable[[], None], bool]] = {  # what the user does, and whether it is patched in
        "a line that says nothing new": (_append(thanks, "\nstill waiting to hear back.\n"), True),
        "a place named where nothing reads it": (_append(knowledge / "profile.md", "\nOpen to roles in Lisbon.\n"),
                                                  True),
        "a line as the benchmark adds": (_append(thanks, "\nAdded later: they asked for my notes on schema evolution "
                                                        "(0).\n"), True),
        "a known company named": (_append(thanks, "\nNorthwind Analytics posted the role again.\n"), False),
        # a rejection note that states its company: a new capitalised word there places nothing
        "a line added to a rejection with `company:`": (_append(knowledge / "rejection.md",
                                                                "\nAdded later: they asked for my notes (1).\n"), True),
        "a line of progress added": (_append(knowledge / "progress/kafka-certification.md",
                                             "\nStudied for it in Lisbon; more streaming experience now.\n"), True),
        "a promise added": (_append(thanks, "\nI promised to send Dana my notes on Flink.\n"), True),
        "a progress line removed": (_replace(knowledge / "progress/kafka-certification.md",
                                             "\nStudied for it in Lisbon; more streaming experience now.\n", "\n"),
                                    True),
        "a person added": (_append(dana, "\nShe introduced me to Ruth Adebayo, recruiter at Northwind Analytics.\n"),
                           False),
        "a date changed": (_replace(thanks, "date: 2026-09-06", "date: 2026-09-16"), True),
        "whom a contact was with changed": (_replace(thanks, "with: Dana Reyes", "with: Lena Fischer"), False),
        "a company renamed": (_replace(culture, "Northwind", "Northwind Labs"), False),
        "a note deleted": (lambda: (knowledge / "people/marcus-chen.md").unlink(), False),
    }
    for what, (change, patched) in changes.items():
        change()
        incremental = _cached_state(workspace, cli_json)
        assert _whole(assembled) == (0 if patched else 1), what
        assert incremental == _cold(workspace, cli_json), what
        _whole(assembled)
    people = {p["name"]: p for p in incremental[4]["people"]}
    assert "Ruth Adebayo" in people and "Marcus Chen" not in people


def test_a_patched_edit_keeps_the_hint_count_and_reads_only_that_note(workspace, cli_json, assembled):
    knowledge = workspace / "knowledge"
    _without_examples(knowledge)
    (knowledge / "misc").mkdir()
    (knowledge / "misc/todo.md").write_text("- ping them\n")  # understood as nothing: a hint
    _settle(knowledge)
    first = cli_json("index")
    assert first["hints"] >= 1 and _whole(assembled) == 1
    thanks = knowledge / "interactions/2026-09-06-thank-you-to-dana.md"
    thanks.write_text(thanks.read_text() + "\nstill waiting to hear back.\n")
    again = cli_json("index")
    assert (again["updated"], again["read"], again["hints"]) == (1, 1, first["hints"])
    assert _whole(assembled) == 0


@pytest.mark.parametrize("damage", ["an old cache without the hint count", "a cut body", "another year's stamp"])
def test_a_case_cache_that_cannot_be_patched_is_assembled_whole(workspace, cli_json, assembled, damage):
    knowledge, _ = _indexed(workspace, cli_json)
    cache = workspace / ".second-chance" / CASE_CACHE
    header, body = cache.read_bytes().split(b"\n", 1)
    meta = json.loads(header)
    if damage == "an old cache without the hint count":
        del meta["hints"]
    elif damage == "a cut body":
        body = body[: len(body) // 2]
    else:
        meta["stamp"] = meta["stamp"].replace("\x002026\x00", "\x002025\x00")
    cache.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    _whole(assembled)
    thanks = knowledge / "interactions/2026-09-06-thank-you-to-dana.md"
    thanks.write_text(thanks.read_text() + "\nstill waiting to hear back.\n")
    incremental = _cached_state(workspace, cli_json)
    assert _whole(assembled) == 1  # the whole path, which writes the cache in the current form
    assert "hints" in json.loads(cache.read_bytes().split(b"\n", 1)[0])
    assert incremental == _cold(workspace, cli_json)


def test_ctrl_c_before_a_patched_case_is_written_leaves_a_cache_no_command_trusts(workspace, cli, cli_json,
                                                                                monkeypatch):
    import assistant.casecache

    knowledge, _ = _indexed(workspace, cli_json)
    cache = workspace / ".second-chance" / CASE_CACHE
    before = cache.read_bytes()

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    thanks = knowledge / "interactions/2026-09-06-thank-you-to-dana.md"
    thanks.write_text(thanks.read_text().replace("No bitterness", "No bitterness at all"))
    with monkeypatch.context() as patch:
        patch.setattr(assistant.casecache, "_write", interrupted)
        assert cli("index").exit_code != 0
    assert cache.read_bytes() == before  # the old case, for the old files: `people` and `plan` see it is stale
    people = cli_json("people")  # sees the note changed since that case: assembles it and caches it anew
    source = "interactions/2026-09-06-thank-you-to-dana.md"
    old, new = (json.loads(data.split(b"\n", 1)[0])["files"][source][2] for data in (before, cache.read_bytes()))
    assert old != new
    cache.unlink()  # and says what it says with no case cache at all
    assert people == cli_json("people")


def test_with_the_readings_removed_an_edit_reads_every_note_again(workspace, cli_json, assembled):
    knowledge, first = _indexed(workspace, cli_json)
    notes = first["added"]
    (workspace / ".second-chance" / "readings" / "offline.jsonl").unlink()
    _whole(assembled)
    thanks = knowledge / "interactions/2026-09-06-thank-you-to-dana.md"
    thanks.write_text(thanks.read_text() + "\nstill waiting to hear back.\n")
    again = cli_json("index")
    assert (again["updated"], again["read"]) == (1, notes) and _whole(assembled) == 1
    assert len((workspace / ".second-chance" / "readings" / "offline.jsonl").read_text().splitlines()) == notes


def test_a_reading_is_found_in_the_readings_file_as_loading_it_would(tmp_path):
    from assistant.casefile import NoteReading
    from assistant.readingcache import ReadingCache

    def reading(kind: str) -> NoteReading:
        return NoteReading(source="people/dana.md", hash="h", reader="offline", kind=kind)  # type: ignore[arg-type]

    writer = ReadingCache(tmp_path, "offline")
    writer.put("a" * 64, reading("person"))
    writer.put("b" * 64, reading("company"))
    writer.put("a" * 64, reading("interaction"))  # a later line of a key supersedes an earlier one
    writer.close({"a" * 64, "b" * 64})
    with writer.path.open("a") as out:
        out.write("c" * 64 + '\t{"source": "cut sh')  # a line cut short (Ctrl-C mid-write)
    for key, kind in (("a" * 64, "interaction"), ("b" * 64, "company"), ("c" * 64, None), ("d" * 64, None)):
        found, loaded = ReadingCache(tmp_path, "offline").peek(key), ReadingCache(tmp_path, "offline").get(key)
        assert (found and found.kind) == (loaded and loaded.kind) == kind


def test_rebuild_assembles_the_case_whole_after_an_edit_that_could_be_patched(workspace, cli_json, assembled):
    knowledge, _ = _indexed(workspace, cli_json)
    _whole(assembled)
    thanks = knowledge / "interactions/2026-09-06-thank-you-to-dana.md"
    thanks.write_text(thanks.read_text() + "\nstill waiting to hear back.\n")
    rebuilt = cli_json("index", "--rebuild")
    assert rebuilt["read"] == 1 and _whole(assembled) == 1
