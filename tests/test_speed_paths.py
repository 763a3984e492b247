"""What keeps large folders fast gives the same answers: the notes cache, the index manifest, incremental BM25.

Speed itself is measured by scripts/bench.py, never here; these tests check that the shortcuts are invisible.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assistant import notes as notes_module
from assistant.appendfile import COMPACT_SHARE
from assistant.config import load_settings
from assistant.embeddings import LocalEmbedder
from assistant.index import NoteIndex
from assistant.lexical import LexicalIndex
from assistant.manifest import MANIFEST
from assistant.notecache import CACHE_FILE
from assistant.notes import load_notes
from tests.module_probe import run_and_list_modules

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [ROOT / "knowledge", *sorted(p for p in (ROOT / "evals/personas").iterdir() if p.is_dir())]


class CountingEmbedder(LocalEmbedder):
    """The real local model, counting what it is asked to embed; can be told to fail like a Ctrl-C."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.documents: list[str] = []
        self.fail = fail

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail:
            raise KeyboardInterrupt
        self.documents.extend(texts)
        return super().embed_documents(texts)


def _old_past(folder: Path) -> None:
    """Date every file a minute back, as notes written before the run are (the cache skips files changed just now)."""
    past = os.stat(folder).st_mtime_ns - 60_000_000_000
    for path in folder.rglob("*"):
        os.utime(path, ns=(past, past))


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_libyaml_reads_front_matter_exactly_like_the_python_loader(folder, monkeypatch):
    fast = load_notes(folder)

    class PythonTextDates(yaml.SafeLoader):
        yaml_implicit_resolvers = notes_module._TextDates.yaml_implicit_resolvers

    monkeypatch.setattr(notes_module, "_TextDates", PythonTextDates)
    assert load_notes(folder).model_dump() == fast.model_dump()


def test_bad_front_matter_warns_the_same_with_libyaml(tmp_path, monkeypatch):
    (tmp_path / "bad.md").write_text("---\nname: Dana\nrole: [Director\n---\nText.\n")
    (tmp_path / "colon.md").write_text("---\nname: Dana\nrole: lead: data\n---\nText.\n")
    (tmp_path / "date.md").write_text("---\nname: Dana\ndate: 2026-02-30\n---\nText.\n")
    fast = [(w.path, w.message) for w in load_notes(tmp_path).warnings]

    class PythonTextDates(yaml.SafeLoader):
        yaml_implicit_resolvers = notes_module._TextDates.yaml_implicit_resolvers

    monkeypatch.setattr(notes_module, "_TextDates", PythonTextDates)
    assert fast == [(w.path, w.message) for w in load_notes(tmp_path).warnings]
    assert [path for path, message in fast if "not valid YAML" in message] == ["bad.md", "colon.md"]
    assert fast[2][0] == "date.md" and fast[2][1].startswith("front matter 'date: 2026-02-30' ignored (")


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_notes_cache_returns_what_parsing_returns(folder, tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(folder, knowledge)
    _old_past(knowledge)
    state = tmp_path / "state"
    fresh = load_notes(knowledge)
    assert load_notes(knowledge, cache_dir=state).model_dump() == fresh.model_dump()
    assert (state / CACHE_FILE).stat().st_mode & 0o777 == 0o600
    assert load_notes(knowledge, cache_dir=state).model_dump() == fresh.model_dump()  # now from the cache


def test_notes_cache_sees_an_edit_and_a_deletion(workspace, tmp_path):
    knowledge = workspace / "knowledge"
    _old_past(knowledge)
    state = tmp_path / "state"
    load_notes(knowledge, cache_dir=state)
    note = knowledge / "people/marcus-chen.md"
    note.write_text(note.read_text().replace("role: ", "role: Acting ", 1))
    (knowledge / "people/sam-patel.md").unlink()
    loaded = load_notes(knowledge, cache_dir=state)
    assert loaded.model_dump() == load_notes(knowledge).model_dump()
    marcus = next(n for n in loaded.notes if n.source == "people/marcus-chen.md")
    assert marcus.meta.role is not None and marcus.meta.role.startswith("Acting ")
    assert "people/sam-patel.md" not in {n.source for n in loaded.notes}


def test_notes_cache_keeps_unchanged_lines_and_reparses_only_a_damaged_one(workspace, tmp_path, monkeypatch):
    knowledge = workspace / "knowledge"
    _old_past(knowledge)
    state = tmp_path / "state"
    fresh = load_notes(knowledge)
    load_notes(knowledge, cache_dir=state)
    lines = (state / CACHE_FILE).read_bytes().split(b"\n")
    damaged = next(i for i, line in enumerate(lines) if b'"people/dana-reyes.md"' in line)
    lines[damaged] = lines[damaged][: len(lines[damaged]) // 2]  # torn in the middle
    (state / CACHE_FILE).write_bytes(b"\n".join(lines))
    parsed: list[str] = []
    real = notes_module.parse_note
    monkeypatch.setattr(notes_module, "parse_note", lambda source, data: parsed.append(source) or real(source, data))
    assert load_notes(knowledge, cache_dir=state).model_dump() == fresh.model_dump()
    assert parsed == ["people/dana-reyes.md"]  # only the damaged line's note was parsed again
    note = knowledge / "people/marcus-chen.md"
    note.write_text(note.read_text().replace("role: ", "role: Acting ", 1))
    _old_past(knowledge)
    before = (state / CACHE_FILE).read_bytes()
    loaded = load_notes(knowledge, cache_dir=state)
    after = (state / CACHE_FILE).read_bytes()
    assert after.startswith(before)  # nothing written back: the edited note's line appended, and only it
    assert after[len(before) :].count(b"\n") == 1 and b'"source":"people/marcus-chen.md"' in after[len(before) :]
    assert parsed[1:] == ["people/marcus-chen.md"] and loaded.model_dump() == load_notes(knowledge).model_dump()


def _edit_roles(knowledge: Path, names: list[str], word: str) -> None:
    for name in names:
        note = knowledge / f"people/{name}.md"
        note.write_text(note.read_text().replace("role: ", f"role: {word} ", 1))
    _old_past(knowledge)


def test_notes_cache_is_written_whole_again_once_superseded_lines_pass_a_quarter(workspace, tmp_path):
    knowledge = workspace / "knowledge"
    _old_past(knowledge)
    state = tmp_path / "state"
    load_notes(knowledge, cache_dir=state)
    files = len((state / CACHE_FILE).read_bytes().split(b"\n")) - 2  # a header, a line a file, the last newline
    for edits in range(1, files):
        _edit_roles(knowledge, ["marcus-chen"], "Acting")  # each edit supersedes the line the last one appended
        loaded = load_notes(knowledge, cache_dir=state)
        lines = len((state / CACHE_FILE).read_bytes().split(b"\n")) - 2
        if edits > COMPACT_SHARE * (files + edits):
            assert lines == files  # past a quarter of the lines superseded: written whole, a line a file
            break
        assert lines == files + edits  # appended
    else:
        raise AssertionError("never written whole")
    assert loaded.model_dump() == load_notes(knowledge).model_dump()
    assert load_notes(knowledge, cache_dir=state).model_dump() == loaded.model_dump()


def test_notes_cache_append_cut_short_costs_that_note_a_parse(workspace, tmp_path, monkeypatch):
    knowledge = workspace / "knowledge"
    _old_past(knowledge)
    state = tmp_path / "state"
    load_notes(knowledge, cache_dir=state)
    _edit_roles(knowledge, ["marcus-chen"], "Acting")
    load_notes(knowledge, cache_dir=state)
    data = (state / CACHE_FILE).read_bytes()
    (state / CACHE_FILE).write_bytes(data[: -len(data.split(b"\n")[-2]) // 2])  # killed mid-append
    fresh = load_notes(knowledge).model_dump()
    parsed: list[str] = []
    real = notes_module.parse_note
    monkeypatch.setattr(notes_module, "parse_note", lambda source, data: parsed.append(source) or real(source, data))
    assert load_notes(knowledge, cache_dir=state).model_dump() == fresh
    assert parsed == ["people/marcus-chen.md"]  # the torn line is no note; the earlier line is of another size
    assert load_notes(knowledge, cache_dir=state).model_dump() == fresh
    assert parsed == ["people/marcus-chen.md"]  # its line was appended on a line of its own, and is read


def test_unchanged_index_answers_from_the_manifest_without_opening_chroma(workspace, cli, monkeypatch):
    first = cli("index", "--json")
    assert first.exit_code == 0
    settings = load_settings()
    assert (settings.state_dir / MANIFEST).stat().st_mode & 0o777 == 0o600
    os.utime(workspace / "knowledge/people/dana-reyes.md")  # touched, same bytes: still unchanged

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged index opened the store")

    monkeypatch.setattr(NoteIndex, "sync", refuse)
    again = cli("index", "--json")
    assert again.exit_code == 0, again.stderr
    before, after = json.loads(first.stdout), json.loads(again.stdout)
    assert after == before | {"added": 0, "unchanged": before["added"], "embedded": 0, "read": 0}  # nothing re-read
    text = cli("index")
    assert text.stdout.startswith(f"added 0, updated 0, removed 0, unchanged {before['added']} ")
    assert "photo.png (not a note type)" in text.stdout


def test_edited_note_costs_its_own_chunks_and_search_sees_it(workspace, cli, cli_json):
    first = cli_json("index")
    note = workspace / "knowledge/people/marcus-chen.md"
    note.write_text(note.read_text().replace("300 alerts", "450 alerts"))
    report = cli_json("index")
    assert (report["updated"], report["unchanged"], report["embedded"], report["chunks"]) == (
        1, first["added"] - 1, 1, first["chunks"])
    found = cli_json("search", "alerts a week", "--person", "Marcus Chen", "-k", "10")
    texts = [r["text"] for r in found["results"]]
    assert any("450 alerts" in t for t in texts) and not any("300 alerts" in t for t in texts)


def test_incremental_ranking_equals_one_rebuilt_from_the_store(workspace):
    settings = load_settings()
    NoteIndex(settings, embedder=CountingEmbedder()).sync(load_notes(settings.knowledge_dir))
    note = settings.knowledge_dir / "people/sam-patel.md"
    note.write_text(note.read_text().replace("inventory feed", "returns feed"))
    (settings.knowledge_dir / "people/dana-whitfield.md").unlink()
    (settings.knowledge_dir / "progress/talk.md").write_text("---\ndate: 2026-11-20\n---\nI gave a talk on Flink.")
    index = NoteIndex(settings, embedder=CountingEmbedder())
    index.sync(load_notes(settings.knowledge_dir))
    saved = LexicalIndex.load(settings.state_dir / "lexical")
    found = index.collection().get(include=["documents", "metadatas"])
    rebuilt = LexicalIndex.build(found["ids"], found["documents"], found["metadatas"])
    assert saved is not None and sorted(saved.ids) == sorted(rebuilt.ids)
    for query in ["returns feed", "Flink talk", "Contoso recruiter", "Kafka streaming"]:
        assert saved.rank(query, None, 10) == rebuilt.rank(query, None, 10)


def test_killed_run_leaves_no_manifest_to_trust_and_the_next_run_finishes_the_job(workspace, cli_json):
    from assistant.manifest import Manifest, unchanged_report

    settings = load_settings()
    cli_json("index")
    note = settings.knowledge_dir / "people/sam-patel.md"
    note.write_text(note.read_text().replace("inventory feed", "returns feed"))
    before = (settings.state_dir / MANIFEST).read_bytes()
    with pytest.raises(KeyboardInterrupt):
        NoteIndex(settings, embedder=CountingEmbedder(fail=True)).sync(load_notes(settings.knowledge_dir))
    after = (settings.state_dir / MANIFEST).read_bytes()
    assert after.startswith(before) and b'{"begin": ' in after[len(before) :]  # begun, never committed
    note.write_text(note.read_text().replace("returns feed", "inventory feed"))  # even with the edit undone ...
    assert Manifest.read(settings, LocalEmbedder.fingerprint) is None  # ... the manifest is no longer trusted
    assert unchanged_report(settings, LocalEmbedder.fingerprint) is None
    note.write_text(note.read_text().replace("inventory feed", "returns feed"))
    report = cli_json("index")
    assert (report["updated"], report["embedded"]) == (1, 1)
    assert Manifest.read(settings, LocalEmbedder.fingerprint) is not None
    assert cli_json("index")["unchanged"] == report["unchanged"] + 1


def test_deleted_store_is_noticed_even_with_a_manifest(workspace):
    def index() -> dict:
        # Separate processes: in one process Chroma keeps a deleted store open and would hide the deletion.
        done = subprocess.run([sys.executable, "-m", "assistant", "index", "--json"], capture_output=True, text=True,
                              check=True)
        return json.loads(done.stdout)

    first = index()
    shutil.rmtree(load_settings().state_dir / "chroma")
    again = index()
    assert (again["added"], again["embedded"]) == (first["added"], first["chunks"])


def test_the_store_is_checked_only_when_its_files_changed_since_the_last_run_or_check(
        workspace, cli_json, monkeypatch):
    import assistant.manifest as manifest_module

    settings = load_settings()
    fingerprint = LocalEmbedder.fingerprint
    cli_json("index")
    note = settings.knowledge_dir / "people/sam-patel.md"
    note.write_text(note.read_text().replace("inventory feed", "returns feed"))
    checks: list[Path] = []
    real = manifest_module.readable_store
    monkeypatch.setattr(manifest_module, "readable_store", lambda path: checks.append(path) or real(path))
    report = cli_json("index")
    assert (report["updated"], report["embedded"]) == (1, 1)
    assert len(checks) == 1  # the first index wrote the store: checked once, by the unchanged check, not by the sync
    _edit_roles(settings.knowledge_dir, ["sam-patel"], "Acting")
    assert cli_json("index")["updated"] == 1 and len(checks) == 1  # an edit does not write the store: not again
    assert manifest_module.unchanged_report(settings, fingerprint) is not None and len(checks) == 1
    os.utime(settings.state_dir / "chroma/chroma.sqlite3")  # written by something else since
    assert manifest_module.unchanged_report(settings, fingerprint) is not None and len(checks) == 2
    assert manifest_module.unchanged_report(settings, fingerprint) is not None and len(checks) == 2  # recorded
    note.write_text(note.read_text().replace("returns feed", "refunds feed"))
    assert manifest_module.unchanged_report(settings, fingerprint) is None
    (settings.state_dir / MANIFEST).write_text("{}")  # rewritten in between: read again, and not trusted
    assert manifest_module.Manifest.read(settings, fingerprint) is None
    assert manifest_module.Manifest.read(settings, fingerprint) is None  # and never handed over twice


def test_an_unchanged_index_imports_neither_the_reading_rules_nor_chroma(workspace):
    for run in ("indexes", "finds nothing changed"):
        stdout, loaded = run_and_list_modules("index")
        assert "unchanged" in stdout, run
    assert stdout.startswith("added 0, updated 0, removed 0, unchanged ")
    assert "assistant.readingcache" in loaded  # the stamp was checked ...
    assert not {"assistant.reading", "assistant.reading.rules", "chromadb"} & loaded  # ... without the rules


def test_an_offline_draft_from_an_indexed_workspace_imports_no_reading_rule(workspace):
    run_and_list_modules("index")
    stdout, loaded = run_and_list_modules("draft", "follow-up", "--to", "Dana Reyes", "--model", "offline")
    assert stdout.startswith("Subject: ")
    assert not {"assistant.reading", "assistant.reading.rules", "assistant.reading.kinds"} & loaded
