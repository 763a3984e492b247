"""Reads from the files beside the embedded store: the same answers as Chroma, and Chroma whenever they are stale.

Speed is measured by scripts/bench.py, never here; these tests check that the shortcut is invisible.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from assistant.config import load_settings
from assistant.index import NoteIndex
from assistant.manifest import Manifest
from assistant.notes import load_notes
from assistant.retrieval import build_filter, search
from assistant.sidecar import DENSE, LEXICAL, path, read_facts, ready
from tests.module_probe import run_and_list_modules, top_level

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "evals/cases/retrieval.yaml").read_text())["cases"]
PERSONAS = sorted({case.get("persona", "sample") for case in CASES})
SEARCHES = [("Kafka streaming", {}), ("what does she care about", {"person": "Dana Reyes"}),
            ("hiring manager feedback", {"company": "Northwind Analytics"}), ("what I built", {"type": "progress"}),
            ("alerts", {"person": "Marcus Chen", "type": "person"})]  # fmt: skip


def _index(folder: Path) -> NoteIndex:
    settings = load_settings()
    index = NoteIndex(settings)
    index.sync(load_notes(settings.knowledge_dir))
    return index


@contextlib.contextmanager
def chroma_only(home: Path) -> Iterator[None]:
    """While in this block, reads cannot use the chunk files (as if the vectors were lost) and go to Chroma."""
    vectors = _files(home / ".second-chance/lexical")["vectors"]
    kept = vectors.read_bytes()
    vectors.unlink()
    yield
    vectors.write_bytes(kept)


def _run(index: NoteIndex, query: str, filters: dict[str, str], k: int) -> tuple[list, list]:
    where = build_filter(index, **filters)
    dense = [(h.id, h.document, h.metadata, pytest.approx(h.distance, abs=1e-5))
             for h in index.dense(query, n=max(k * 4, 20), where=where)]
    found = [e.model_dump() for e in search(index, query, k=k, **filters)]
    return dense, found


def _read(persona: str, workspace: Path) -> tuple[list, list]:
    """Each retrieval eval case of `persona` and a few filtered searches: nearest chunks and search results."""
    folder = ROOT / "knowledge" if persona == "sample" else ROOT / "evals/personas" / persona
    shutil.copytree(folder, workspace / "knowledge", dirs_exist_ok=True)
    index = _index(workspace)
    runs = [(c["query"], {key: c[field] for key, field in (("person", "person"), ("company", "company"),
                                                              ("type", "note_type")) if c.get(field)}, c.get("k", 5))
            for c in CASES if c.get("persona", "sample") == persona]  # fmt: skip
    if persona == "sample":
        runs += [(query, filters, 5) for query, filters in SEARCHES]
    return runs, [_run(index, *run) for run in runs]


@pytest.mark.parametrize("persona", PERSONAS)
def test_reads_from_the_files_equal_chromas(persona, home):
    runs, from_files = _read(persona, home)
    assert ready(home / ".second-chance/lexical")
    with chroma_only(home):
        index = NoteIndex(load_settings())
        for run, files in zip(runs, from_files, strict=True):
            assert files == _run(index, *run), run  # same chunks, same order, same distances
    assert any(files[0] for files in from_files)


def test_search_imports_no_chromadb_and_draft_neither_when_the_index_is_fresh(indexed):
    for command in (["search", "Kafka", "--json"], ["draft", "follow-up", "--to", "Dana Reyes", "--model", "offline",
                                                    "--json"]):
        stdout, loaded = run_and_list_modules(*command, cwd=indexed)
        assert "Kafka" in stdout or "Dana" in stdout, command
        assert "assistant" in top_level(loaded) and not {"chromadb", "bm25s"} & top_level(loaded), command


def test_a_killed_run_reads_what_chroma_holds(indexed, cli_json):
    settings = load_settings()
    index = NoteIndex(settings)
    before = cli_json("search", "Kafka certification exam")["results"]
    gone = next(r["id"] for r in before if r["source"] == "progress/kafka-certification.md")
    Manifest.discard(settings)  # what a run killed after it deleted that note's chunks from Chroma leaves
    index._mark_dirty()
    index.collection().delete(ids=[gone])
    after = cli_json("search", "Kafka certification exam")["results"]
    assert gone not in {r["id"] for r in after} and after
    assert NoteIndex(settings).by_ids([gone]) == []
    again = cli_json("index")  # the next run puts the chunk back
    assert (again["added"], again["embedded"], again["unchanged"]) == (1, 1, 14)
    assert gone in {r["id"] for r in cli_json("search", "Kafka certification exam")["results"]}


def _files(folder: Path) -> dict[str, Path]:
    """The table's files by name, as store.json names them."""
    facts = read_facts(folder)
    assert facts is not None
    return {name: path(folder, facts["generation"], name) for name in LEXICAL + DENSE}


@pytest.mark.parametrize("damage", [*LEXICAL, *DENSE, "store.json"])
def test_a_damaged_file_falls_back_and_the_next_index_rewrites_it(indexed, cli_json, damage):
    folder = indexed / ".second-chance/lexical"
    searches = [("Kafka certification exam",), ("what does she care about", "--person", "Dana Reyes")]
    before = [cli_json("search", *args) for args in searches]
    target = folder / "store.json" if damage == "store.json" else _files(folder)[damage]
    good = target.read_bytes()
    target.write_bytes(good[: len(good) // 2])
    assert not ready(folder)
    assert [cli_json("search", *args) for args in searches] == before
    assert cli_json("index")["unchanged"] == 15
    assert ready(folder)  # rewritten whole from the store
    assert [cli_json("search", *args) for args in searches] == before


@pytest.mark.parametrize(("damage", "garbage"), [("rows", b"x"), ("ends", b"\0"), ("vocab", b"\xff")])
def test_a_file_garbled_in_place_falls_back_and_the_next_index_rewrites_it(indexed, cli_json, damage, garbage):
    """Same size as store.json says, other bytes: what a stat cannot see, reading does."""
    folder = indexed / ".second-chance/lexical"
    searches = [("Kafka certification exam",), ("what does she care about", "--person", "Dana Reyes")]
    before = [cli_json("search", *args) for args in searches]
    target = _files(folder)[damage]
    target.write_bytes(garbage * target.stat().st_size)
    assert [cli_json("search", *args) for args in searches] == before  # from Chroma
    assert not ready(folder)
    assert cli_json("index")["unchanged"] == 15
    assert ready(folder)
    assert [cli_json("search", *args) for args in searches] == before


def test_files_an_earlier_version_wrote_are_replaced_by_the_next_index(indexed, cli_json):
    """Before the table: chunks.json, bm25/, tokens.npz and the chunk files of store.json version 1."""
    folder = indexed / ".second-chance/lexical"
    found = cli_json("search", "Kafka")
    chunks = NoteIndex(load_settings()).lexical()
    assert chunks is not None
    shutil.rmtree(folder)
    folder.mkdir()
    (folder / "chunks.json").write_text(json.dumps({"ids": chunks.ids, "metadata": chunks.metadata,
                                                    "vocab": ["kafka"]}))
    (folder / "bm25").mkdir()
    (folder / "bm25/params.index.json").write_text("{}")
    for name in ("tokens.npz", "vectors.npy", "records.bin", "offsets.npy"):
        (folder / name).write_bytes(b"\x93NUMPY")
    (folder / "store.json").write_text(json.dumps({"version": 1, "embedding": "local", "knowledge": "knowledge",
                                                   "ids": "0" * 40, "sizes": {}}))
    assert not ready(folder)
    assert cli_json("search", "Kafka") == found  # from Chroma
    assert cli_json("index")["unchanged"] == 15
    assert ready(folder) and {"chunks.json", "bm25", "tokens.npz", "vectors.npy"}.isdisjoint(
        p.name for p in folder.iterdir())
    assert cli_json("search", "Kafka") == found


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_an_edit_appends_and_reads_no_other_row(indexed, cli_json):
    """An edited note: its new chunks are appended, its old ones listed dead; every other byte stays as it was."""
    folder = indexed / ".second-chance/lexical"
    before, facts = _snapshot(folder), read_facts(folder)
    note = indexed / "knowledge/progress/kafka-certification.md"
    note.write_text(note.read_text().replace("eight weeks", "nine weeks"))
    assert cli_json("index")["updated"] == 1
    after, now = _snapshot(folder), read_facts(folder)
    assert facts is not None and now is not None and now["generation"] == facts["generation"]
    assert now["rows"] > facts["rows"] and len(now["dead"]) == now["rows"] - facts["rows"] > 0
    for name, data in before.items():
        if name != "store.json":
            assert after[name][: len(data)] == data, name  # appended to, never rewritten
    searches = [("Kafka certification exam",), ("weeks", "--type", "progress"), ("feedback", "--person", "Dana Reyes"),
                ("exam", "-k", "20")]  # fmt: skip
    found = [cli_json("search", *args) for args in searches]
    assert "nine weeks" in json.dumps(found[0]) and "eight weeks" not in json.dumps(found)
    shutil.rmtree(folder)  # the same answers as a table written whole from the store
    assert cli_json("index")["unchanged"] == 15 and read_facts(folder)["dead"] == []  # type: ignore[index]
    assert [cli_json("search", *args) for args in searches] == found


def test_past_a_quarter_of_dead_rows_the_table_is_written_whole(indexed, cli_json):
    folder = indexed / ".second-chance/lexical"
    facts = read_facts(folder)
    assert facts is not None
    people = sorted((indexed / "knowledge/people").glob("*.md"))
    people[0].write_text(people[0].read_text() + "\nWe spoke again in November about the returns feed.\n")
    assert cli_json("index")["updated"] == 1
    edited = read_facts(folder)
    assert edited is not None and edited["generation"] == facts["generation"] and edited["dead"]
    for note in people[1:]:
        note.unlink()
    report = cli_json("index")
    compacted = read_facts(folder)
    assert report["removed"] == len(people) - 1 and compacted is not None
    assert compacted["generation"] != facts["generation"] and compacted["dead"] == []
    assert compacted["rows"] == report["chunks"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["store.json", *(p.name for p in _files(folder).values())])  # the earlier generation's files are gone
    found = cli_json("search", "returns feed")
    assert "returns feed" in json.dumps(found)
    shutil.rmtree(folder)
    assert cli_json("index")["unchanged"] == report["unchanged"]
    assert cli_json("search", "returns feed") == found


def test_an_edit_updates_the_files_as_a_rebuild_would(workspace):
    settings = load_settings()
    _index(workspace)
    note = settings.knowledge_dir / "people/sam-patel.md"
    note.write_text(note.read_text().replace("inventory feed", "returns feed"))
    (settings.knowledge_dir / "people/dana-whitfield.md").unlink()
    (settings.knowledge_dir / "progress/talk.md").write_text("---\ndate: 2026-11-20\n---\nI gave a talk on Flink.")
    index = _index(workspace)
    edited = {q: [e.model_dump() for e in search(index, q, k=8)] for q in ("returns feed", "Flink talk", "Contoso")}
    texts = " ".join(e["text"] for found in edited.values() for e in found)
    assert "returns feed" in texts and "Flink" in texts and "inventory feed" not in texts
    assert "people/dana-whitfield.md" not in {e["source"] for found in edited.values() for e in found}
    shutil.rmtree(settings.state_dir / "lexical")  # the next sync rebuilds every file from the store
    rebuilt = _index(workspace)
    assert {q: [e.model_dump() for e in search(rebuilt, q, k=8)] for q in edited} == edited


def test_files_shorter_than_store_json_says_are_not_used(indexed, cli_json):
    """Files from before an edit beside the store.json the edit wrote (as a restore from a backup might leave)."""
    folder = indexed / ".second-chance/lexical"
    old = {name: file.read_bytes() for name, file in _files(folder).items()}
    note = indexed / "knowledge/progress/kafka-certification.md"
    note.write_text(note.read_text().replace("eight weeks", "nine weeks"))
    assert cli_json("index")["updated"] == 1
    found = cli_json("search", "Kafka certification exam")
    assert "nine weeks" in json.dumps(found)
    files = _files(folder)
    for name, data in old.items():
        files[name].write_bytes(data)
    assert not ready(folder)
    assert cli_json("search", "Kafka certification exam") == found  # from Chroma, not from the stale rows
    assert cli_json("index")["unchanged"] == 15 and ready(folder)
    assert cli_json("search", "Kafka certification exam") == found


def test_a_search_keeps_reading_the_files_it_opened_while_a_run_replaces_them(workspace):
    _index(workspace)
    reader = NoteIndex(load_settings())
    before = [e.model_dump() for e in search(reader, "Kafka certification exam", k=3)]
    note = workspace / "knowledge/progress/kafka-certification.md"
    note.write_text("---\ntype: progress\n---\nI passed a Kafka certification exam (a second one, harder).\n")
    _index(workspace)  # another process, say: the files are replaced
    assert [e.model_dump() for e in search(reader, "Kafka certification exam", k=3)] == before
    now = search(NoteIndex(load_settings()), "Kafka certification exam", k=3)
    assert "a second one, harder" in now[0].text


def test_a_filter_the_ranking_cannot_answer_is_asked_of_chroma(workspace):
    index = _index(workspace)
    wheres = [{"relationship": "led my final interview; we got on well"},
              {"$or": [{"type": "rejection"}, {"type": "opening"}]}]  # fmt: skip
    found = [[h.id for h in index.chunks(where)] for where in wheres]
    near = [[h.id for h in index.dense("feedback", n=3, where=where)] for where in wheres]
    assert all(found) and all(near)
    assert {h.metadata["source"] for h in index.chunks(wheres[0])} == {"people/dana-reyes.md"}
    with chroma_only(workspace):
        chroma = NoteIndex(load_settings())
        assert [[h.id for h in chroma.chunks(where)] for where in wheres] == found
        assert [[h.id for h in chroma.dense("feedback", n=3, where=where)] for where in wheres] == near
