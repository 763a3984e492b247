"""A small edit is stored beside the embedded store (the files reads use) and the store takes it in when next opened.

What a user sees must not change: search finds the edit at once, every later path that opens Chroma finds it there,
and whatever is cut short or damaged on the way costs a comparison against the store, never a wrong answer.
Speed is measured by scripts/bench.py, never here.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import assistant.index as index_module
from assistant.config import load_settings
from assistant.index import NoteIndex
from assistant.notes import load_notes
from assistant.sidecar import pending_path, read_pending
from tests.module_probe import run_and_list_modules, top_level
from tests.test_speed_paths import CountingEmbedder


def _lexical() -> Path:
    return load_settings().state_dir / "lexical"


def _in_chroma() -> dict[str, str]:
    """What the store itself holds, id -> document, without letting it take in anything pending first."""
    index = NoteIndex(load_settings())
    found: dict[str, Any] = index.client.get_collection(index.name, embedding_function=index._ef()).get()
    return dict(zip(found["ids"], found["documents"], strict=True))


def _edit(workspace: Path, old: str, new: str, note: str = "people/marcus-chen.md") -> None:
    path = workspace / "knowledge" / note
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _texts(cli_json, query: str, person: str) -> list[str]:
    return [r["text"] for r in cli_json("search", query, "--person", person, "-k", "10")["results"]]


def test_an_edit_opens_no_chroma_search_sees_it_and_the_store_takes_it_in_when_opened(indexed):
    import json

    _edit(indexed, "300 alerts", "450 alerts")
    stdout, loaded = run_and_list_modules("index", "--json", cwd=indexed)
    report = json.loads(stdout)
    assert (report["updated"], report["embedded"]) == (1, 1)
    assert "chromadb" not in top_level(loaded)
    stdout, _ = run_and_list_modules("search", "alerts a week", "--person", "Marcus Chen", "--json", cwd=indexed)
    texts = [r["text"] for r in json.loads(stdout)["results"]]
    assert any("450 alerts" in t for t in texts) and not any("300 alerts" in t for t in texts)
    pending = read_pending(_lexical())
    assert isinstance(pending, list)
    assert [("450 alerts" in e["document"]) for e in pending if "upsert" in e] == [True]
    assert [e for e in pending if "delete" in e]
    held = _in_chroma()
    assert not any("450 alerts" in d for d in held.values())  # not yet
    index = NoteIndex(load_settings())
    documents = index.collection().get()["documents"]  # opening the store gives it what it lacks, first
    assert any("450 alerts" in d for d in documents) and not any("300 alerts" in d for d in documents)
    assert not pending_path(_lexical()).exists()


def test_a_deleted_note_and_a_new_one_reach_the_store(indexed, cli_json):
    (indexed / "knowledge/people/dana-whitfield.md").unlink()
    (indexed / "knowledge/progress/talk.md").write_text("---\ndate: 2026-11-20\n---\nI gave a talk on Flink.")
    report = cli_json("index")
    assert (report["added"], report["removed"]) == (1, 1)
    assert any("talk on Flink" in r["text"] for r in cli_json("search", "Flink talk")["results"])
    documents = NoteIndex(load_settings()).collection().get(include=["documents", "metadatas"])
    assert any("talk on Flink" in d for d in documents["documents"])
    assert "people/dana-whitfield.md" not in {m["source"] for m in documents["metadatas"]}
    assert len(documents["ids"]) == report["chunks"]


def test_edits_past_the_pending_bound_open_the_store_and_give_it_everything(indexed, cli_json, monkeypatch):
    _edit(indexed, "300 alerts", "450 alerts")
    cli_json("index")
    assert read_pending(_lexical()) is not None
    monkeypatch.setattr(index_module, "PENDING_AT_MOST", 0)
    _edit(indexed, "inventory feed", "returns feed", "people/sam-patel.md")
    report = cli_json("index")
    assert (report["updated"], report["embedded"]) == (1, 1)
    assert read_pending(_lexical()) is None
    held = "\n".join(_in_chroma().values())
    assert "450 alerts" in held and "returns feed" in held and "300 alerts" not in held


@pytest.mark.parametrize("damage", ["garbled", "cut short", "emptied", "deleted"])
def test_pending_changes_lost_with_a_damaged_file_cost_a_comparison_against_the_store(indexed, cli_json, damage):
    first = cli_json("index")
    _edit(indexed, "300 alerts", "450 alerts")
    cli_json("index")
    listed = pending_path(_lexical())
    data = listed.read_bytes()
    if damage == "garbled":
        listed.write_bytes(b"{not json" + data[9:])
    elif damage == "cut short":
        listed.write_bytes(data[:-10])
    elif damage == "emptied":
        listed.write_bytes(b"")
    else:
        listed.unlink()
    _edit(indexed, "inventory feed", "returns feed", "people/sam-patel.md")
    report = cli_json("index")
    # The store never got the first edit, and what it lacks is no longer known: compared against it, both notes are
    # embedded again.
    assert (report["updated"], report["unchanged"], report["embedded"]) == (2, first["unchanged"] - 2, 2)
    assert any("450 alerts" in t for t in _texts(cli_json, "alerts a week", "Marcus Chen"))
    held = "\n".join(_in_chroma().values())
    assert "450 alerts" in held and "returns feed" in held and "300 alerts" not in held
    assert cli_json("index")["unchanged"] == first["unchanged"]


def test_an_edit_killed_while_embedding_is_finished_by_the_next_run(indexed, cli_json):
    settings = load_settings()
    first = cli_json("index")
    _edit(indexed, "300 alerts", "450 alerts")
    with pytest.raises(KeyboardInterrupt):
        NoteIndex(settings, embedder=CountingEmbedder(fail=True)).sync(load_notes(settings.knowledge_dir))
    report = cli_json("index")
    assert (report["updated"], report["embedded"], report["chunks"]) == (1, 1, first["chunks"])
    assert any("450 alerts" in t for t in _texts(cli_json, "alerts a week", "Marcus Chen"))
    assert any("450 alerts" in d for d in NoteIndex(settings).collection().get()["documents"])


def test_a_rebuild_after_an_edit_leaves_nothing_pending(indexed, cli_json):
    _edit(indexed, "300 alerts", "450 alerts")
    cli_json("index")
    rebuilt = cli_json("index", "--rebuild")
    assert read_pending(_lexical()) is None
    assert len(_in_chroma()) == rebuilt["chunks"]
    assert any("450 alerts" in t for t in _texts(cli_json, "alerts a week", "Marcus Chen"))


@pytest.mark.parametrize("damage", ["the table's folder deleted", "its rows cut short"])
def test_the_store_takes_in_pending_chunks_whatever_happened_to_the_table(indexed, cli_json, damage):
    first = cli_json("index")
    _edit(indexed, "300 alerts", "450 alerts")
    cli_json("index")
    if damage == "the table's folder deleted":
        shutil.rmtree(_lexical())
    else:
        rows = next(_lexical().glob("rows-*.jsonl"))
        rows.write_bytes(rows.read_bytes()[:100])
    assert any("450 alerts" in t for t in _texts(cli_json, "alerts a week", "Marcus Chen"))  # from the store
    assert cli_json("index")["unchanged"] == first["unchanged"]  # the store had it all: only the files are rewritten
    assert any("450 alerts" in t for t in _texts(cli_json, "alerts a week", "Marcus Chen"))


def test_a_run_killed_after_listing_its_chunks_but_before_its_manifest_commit(indexed, cli_json, monkeypatch):
    from assistant.manifest import Manifest

    settings = load_settings()
    first = cli_json("index")
    _edit(indexed, "300 alerts", "450 alerts")

    def killed(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt  # what kill -9 leaves: the chunks listed for the store, the manifest's run open

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr(Manifest, "write", killed)
        NoteIndex(settings).sync(load_notes(settings.knowledge_dir))
    assert isinstance(read_pending(_lexical()), list)
    assert Manifest.read(settings, NoteIndex(settings).embedder.fingerprint) is None
    report = cli_json("index")  # the store takes the list in, then the notes are compared against it
    assert (report["unchanged"], report["embedded"], report["chunks"]) == (first["unchanged"], 0, first["chunks"])
    assert any("450 alerts" in d for d in _in_chroma().values())
    assert any("450 alerts" in t for t in _texts(cli_json, "alerts a week", "Marcus Chen"))
