"""The case cache: `people` and `plan` answer from `.second-chance/case-cache.json` when no note changed, and
see every change (an edit, a new or deleted note) without `index`; a damaged cache is rebuilt, never a traceback."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import assistant.notes
import assistant.reading.core
from assistant.casecache import CASE_CACHE
from tests.module_probe import run_and_list_modules, top_level

TODAY = "2026-11-25"


def _settle(knowledge: Path) -> None:
    """Date every note an hour back, as notes a user wrote earlier (a file written just now is always re-hashed)."""
    then = time.time() - 3600
    for path in knowledge.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def _outputs(cli, cli_json) -> tuple:  # type: ignore[no-untyped-def]
    people, plan = cli("people"), cli("plan", "--today", TODAY)
    assert people.exit_code == 0 and plan.exit_code == 0, people.stderr + plan.stderr
    return (people.stdout, plan.stdout, cli_json("people", "--today", TODAY),
            cli_json("plan", "--today", TODAY))


def _boom(*args: object, **kwargs: object) -> None:
    raise AssertionError("a note was read although none changed")


def test_cached_case_gives_the_same_output_and_reads_no_note(workspace, cli, cli_json, monkeypatch):
    _settle(workspace / "knowledge")
    cache = workspace / ".second-chance" / CASE_CACHE
    first = _outputs(cli, cli_json)
    assert cache.is_file() and (cache.stat().st_mode & 0o777) == 0o600
    monkeypatch.setattr(assistant.notes, "parse_note", _boom)
    monkeypatch.setattr(assistant.reading.core, "read_notes", _boom)
    monkeypatch.setattr(assistant.reading.core, "assemble", _boom)
    assert _outputs(cli, cli_json) == first
    monkeypatch.undo()
    cache.unlink()  # and the full path, with no cache at all, says the same
    assert _outputs(cli, cli_json) == first
    assert "Dana Reyes" in first[0] and "Northwind Analytics" in first[1]


def test_people_sees_an_edit_made_without_index(workspace, cli_json):
    knowledge = workspace / "knowledge"
    _settle(knowledge)
    dana = next(p for p in cli_json("people")["people"] if p["name"] == "Dana Reyes")
    assert dana["role"] == "Director of Data Platform"
    note = knowledge / "people/dana-reyes.md"
    note.write_text(note.read_text().replace("role: Director of Data Platform", "role: VP Data"))
    dana = next(p for p in cli_json("people")["people"] if p["name"] == "Dana Reyes")
    assert dana["role"] == "VP Data"
    # A new note and a deleted one count at once too.
    (knowledge / "people/ines-okafor.md").write_text("---\ntype: person\nname: Ines Okafor\ncompany: Northwind "
                                                     "Analytics\nrole: Staff engineer\n---\nMet her at a meetup.\n")
    (knowledge / "people/sam-patel.md").unlink()
    names = {p["name"] for p in cli_json("people")["people"]}
    assert "Ines Okafor" in names and "Sam Patel" not in names


def test_a_touched_note_keeps_the_cache(workspace, cli_json, monkeypatch):
    knowledge = workspace / "knowledge"
    _settle(knowledge)
    first = cli_json("people")
    os.utime(knowledge / "people/dana-reyes.md")  # same bytes, new time: not an edit
    monkeypatch.setattr(assistant.notes, "parse_note", _boom)
    assert cli_json("people") == first


@pytest.mark.parametrize("damage", [
    b"",
    b"\x00\xff garbage",
    b'{"stamp": 1}\n{}',
    "truncated",
    "body",
])
def test_a_damaged_case_cache_is_rebuilt(workspace, cli, cli_json, damage):
    _settle(workspace / "knowledge")
    cache = workspace / ".second-chance" / CASE_CACHE
    first = _outputs(cli, cli_json)
    good = cache.read_bytes()
    if damage == "truncated":
        cache.write_bytes(good[: len(good) // 2])
    elif damage == "body":
        header = good.split(b"\n", 1)[0]
        cache.write_bytes(header + b'\n{"people": [{"name": 3}]}')
    else:
        assert isinstance(damage, bytes)
        cache.write_bytes(damage)
    assert _outputs(cli, cli_json) == first
    header, body = cache.read_bytes().split(b"\n", 1)
    assert json.loads(header)["files"] and json.loads(body)["people"]  # written again, whole


HEAVY = {"chromadb", "langchain", "langchain_core", "langchain_openai", "openai", "wordllama"}


@pytest.mark.parametrize("command", [["people"], ["plan", "--today", TODAY]])
def test_a_cached_listing_imports_no_model_or_store_client(workspace, command):
    _settle(workspace / "knowledge")
    for run in ("builds the cache", "reads it"):
        stdout, loaded = run_and_list_modules(*command)
        assert "Dana Reyes" in stdout or "Northwind Analytics" in stdout, run
    assert "assistant" in top_level(loaded) and not top_level(loaded) & HEAVY  # the cached run: none of them


def test_index_leaves_the_case_cache_so_people_and_plan_read_no_note(workspace, cli, cli_json, monkeypatch):
    for example in [p for p in (workspace / "knowledge").rglob("*") if p.is_file() and "example: true" in
                    p.read_text(errors="replace")]:
        example.unlink()  # init's examples stay out of the case file, so index caches only without them
    _settle(workspace / "knowledge")
    assert cli("index").exit_code == 0
    assert (workspace / ".second-chance" / CASE_CACHE).is_file()
    monkeypatch.setattr(assistant.notes, "parse_note", _boom)
    monkeypatch.setattr(assistant.reading.core, "read_notes", _boom)
    monkeypatch.setattr(assistant.reading.core, "assemble", _boom)
    cached = _outputs(cli, cli_json)
    monkeypatch.undo()
    (workspace / ".second-chance" / CASE_CACHE).unlink()
    assert _outputs(cli, cli_json) == cached  # what index cached is what the full path assembles


def _cold(home: Path, cli_json) -> tuple:  # type: ignore[no-untyped-def]
    """What `index` caches and `people`, `plan`, `notes` show, with no cache of notes, readings or case (every note
    parsed and read afresh; the index itself stays)."""
    import shutil

    state = home / ".second-chance"
    shutil.rmtree(state / "readings")
    for name in ("notes-cache.json", CASE_CACHE, "index-manifest.json"):
        (state / name).unlink()
    return _cached_state(home, cli_json)


def _cached_state(home: Path, cli_json) -> tuple:  # type: ignore[no-untyped-def]
    """`index --json`'s counts, the case file it cached (header but the files' times), then what the listings say."""
    document = cli_json("index")
    header, body = (home / ".second-chance" / CASE_CACHE).read_bytes().split(b"\n", 1)
    meta = json.loads(header)
    files = {source: digest for source, (_size, _time, digest) in meta.pop("files").items()}
    return (document["hints"], meta, files, body, cli_json("people", "--today", TODAY),
            cli_json("plan", "--today", TODAY), cli_json("notes"))


@pytest.mark.parametrize("where", ["this process", "the reading worker"])
def test_after_an_edit_an_add_a_delete_and_a_rename_index_caches_what_a_cold_run_assembles(
        workspace, cli_json, monkeypatch, where):
    import assistant.cli.reading as reading_cli

    monkeypatch.setattr(reading_cli, "ASSEMBLE_ALONGSIDE_FROM", 1 if where == "the reading worker" else 10**9)
    knowledge = workspace / "knowledge"
    for example in [p for p in knowledge.rglob("*") if p.is_file() and b"example: true" in p.read_bytes()]:
        example.unlink()
    _settle(knowledge)
    cli_json("index")
    dana = knowledge / "people/dana-reyes.md"
    changes = {
        "edit": lambda: dana.write_text(dana.read_text().replace("Director of Data Platform", "VP Data")
                                        + "\nShe said the streaming team is hiring again in the spring.\n"),
        "add": lambda: (knowledge / "people/ruth-adebayo.md").write_text(
            "# Ruth Adebayo\nRecruiter at Northwind Analytics; met her at the data meetup on 2026-10-14.\n"
            "- said she'd flag me when the streaming role reopens\n"),
        "delete": lambda: (knowledge / "people/marcus-chen.md").unlink(),
        "rename": lambda: (knowledge / "interactions/2026-09-06-thank-you-to-dana.md").rename(
            knowledge / "people/thanks-dana.md"),
    }
    for change in changes.values():
        change()
        incremental = _cached_state(workspace, cli_json)
        assert incremental == _cold(workspace, cli_json)
    people = {p["name"]: p for p in incremental[4]["people"]}
    assert people["Dana Reyes"]["role"] == "VP Data" and "Ruth Adebayo" in people and "Marcus Chen" not in people
    assert "people/thanks-dana.md" in incremental[2] and "interactions/2026-09-06-thank-you-to-dana.md" not in (
        incremental[2])


def test_plan_and_people_load_the_cached_case_without_its_promises_and_draft_with_them(workspace, cli):
    import datetime as dt

    from assistant.casecache import case_stamp, load_case
    from assistant.config import load_settings

    _settle(workspace / "knowledge")
    assert cli("people").exit_code == 0  # writes the cache
    settings = load_settings(home=workspace)
    stamp = case_stamp("offline", "", dt.date.today().year, settings.knowledge_dir)
    whole = load_case(settings.state_dir, settings.knowledge_dir, stamp)
    listing = load_case(settings.state_dir, settings.knowledge_dir, stamp, promises=False)
    assert whole is not None and listing is not None
    assert whole.case.promises and not listing.case.promises  # the sample promises Dana something
    assert listing.case.model_dump(exclude={"promises"}) == whole.case.model_dump(exclude={"promises"})
    assert (listing.examples, listing.last_contact) == (whole.examples, whole.last_contact)
