"""Index sync: only what changed is embedded; interrupted runs lose nothing; one writer at a time."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.embeddings import LocalEmbedder
from assistant.errors import IndexStateError
from assistant.index import NoteIndex
from assistant.notes import load_notes
from assistant.retrieval import search


class CountingEmbedder(LocalEmbedder):
    """The real local model, counting what it is asked to embed; can be told to fail."""

    def __init__(self, fingerprint: str = LocalEmbedder.fingerprint, fail: bool = False) -> None:
        super().__init__()
        self.fingerprint = fingerprint
        self.documents: list[str] = []
        self.fail = fail

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail:
            raise KeyboardInterrupt  # what a user's Ctrl-C mid-run looks like
        self.documents.extend(texts)
        return super().embed_documents(texts)


@pytest.fixture
def settings(workspace: Path):
    return load_settings()


def sync(settings, embedder=None, **kwargs):
    embedder = embedder or CountingEmbedder()
    report = NoteIndex(settings, embedder=embedder).sync(load_notes(settings.knowledge_dir), **kwargs)
    return report, embedder


def test_unchanged_notes_cost_no_embedding(settings):
    first, _ = sync(settings)
    assert (first.added, first.embedded) == (15, first.chunks)
    second, embedder = sync(settings)
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 0, 0, 15)
    assert embedder.documents == []
    assert second.chunks == first.chunks


def test_edit_replaces_only_that_notes_chunks(settings):
    first, _ = sync(settings)
    note = settings.knowledge_dir / "people/marcus-chen.md"
    note.write_text(note.read_text().replace("300 alerts", "450 alerts"))
    report, embedder = sync(settings)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 14)
    assert len(embedder.documents) == 1 and "450 alerts" in embedder.documents[0]
    assert report.chunks == first.chunks
    texts = [e.text for e in search(NoteIndex(settings), "alerts a week", k=10, person="Marcus Chen")]
    assert any("450 alerts" in t for t in texts) and not any("300 alerts" in t for t in texts)


def test_deleted_note_disappears(settings):
    sync(settings)
    (settings.knowledge_dir / "people/dana-whitfield.md").unlink()
    report, embedder = sync(settings)
    assert (report.removed, report.unchanged, embedder.documents) == (1, 14, [])
    sources = {e.source for e in search(NoteIndex(settings), "Contoso Health recruiter", k=20)}
    assert "people/dana-whitfield.md" not in sources


def test_added_note_is_embedded_alone(settings):
    sync(settings)
    (settings.knowledge_dir / "progress/talk.md").write_text("---\ndate: 2026-11-20\n---\nI gave a talk on Flink.")
    report, embedder = sync(settings)
    assert (report.added, report.unchanged) == (1, 15)
    assert len(embedder.documents) == 1


def test_interrupted_run_keeps_previous_index_and_next_run_completes(settings):
    sync(settings)
    note = settings.knowledge_dir / "people/sam-patel.md"
    note.write_text(note.read_text().replace("inventory feed", "returns feed"))
    with pytest.raises(KeyboardInterrupt):
        sync(settings, CountingEmbedder(fail=True))
    assert (settings.state_dir / "lexical/dirty").exists()  # search will rank words from the store itself
    texts = [e.text for e in search(NoteIndex(settings), "Sam first project", k=5, person="Sam Patel")]
    assert any("inventory feed" in t for t in texts)  # the old passage is still there and searchable
    report, embedder = sync(settings)
    assert (report.updated, report.unchanged, len(embedder.documents)) == (1, 14, 1)
    assert not (settings.state_dir / "lexical/dirty").exists()
    texts = [e.text for e in search(NoteIndex(settings), "Sam first project", k=5, person="Sam Patel")]
    assert any("returns feed" in t for t in texts) and not any("inventory feed" in t for t in texts)


def test_second_writer_gets_a_clear_message(settings):
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    with (settings.state_dir / "index.lock").open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242")
        held.flush()
        with pytest.raises(IndexStateError, match=r"Another `second-chance index` is running \(pid 4242\)"):
            sync(settings)
    report, _ = sync(settings)  # released: the next run works
    assert report.added == 15


def test_other_embedding_model_asks_for_rebuild(settings, cli):
    sync(settings, CountingEmbedder(fingerprint="openai:text-embedding-3-small"))
    result = cli("search", "anything")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: The index was built with 'openai:text-embedding-3-small' embeddings, not "
        "'local:wordllama-l2_supercat-256'; run `second-chance index --rebuild`."
    )
    rebuilt = cli("index", "--rebuild")
    assert rebuilt.exit_code == 0
    assert rebuilt.stdout.startswith("added 15, updated 0, removed 0, unchanged 0")
    assert cli("search", "Kafka").exit_code == 0


def test_rebuild_reembeds_everything_and_keeps_one_collection(settings):
    first, _ = sync(settings)
    report, embedder = sync(settings, rebuild=True)
    assert report.added == 15 and len(embedder.documents) == first.chunks
    names = [c.name for c in NoteIndex(settings).client.list_collections()]
    assert names == ["second-chance-notes"]


def _stored(settings) -> tuple[dict[str, list[float]], list[tuple[str, str]]]:
    """Every chunk's stored vector by id, and what a search finds (id, text) through the files beside the store."""
    index = NoteIndex(settings)
    found = index.collection().get(include=["embeddings"])
    vectors = {i: list(map(float, v)) for i, v in zip(found["ids"], found["embeddings"], strict=True)}
    hits = [(e.id, e.text) for e in search(index, "streaming at scale, data quality alerts", k=8)]
    return vectors, hits


def _reindexed_in_this_process(settings, monkeypatch):
    """The same notes indexed afresh with every batch embedded here, as before the worker."""
    import shutil

    import assistant.embeddings
    from assistant.index import forget_store

    monkeypatch.setattr(assistant.embeddings, "AHEAD_FROM", 10**9)
    shutil.rmtree(settings.state_dir)
    forget_store(settings.state_dir / "chroma")  # Chroma keeps a handle on a store per folder
    report, _ = sync(settings, LocalEmbedder())
    return report, _stored(settings)


@pytest.fixture
def ahead_marks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Small batches, a worker from two of them on; each worker writes its pid to the returned file."""
    import assistant.embeddings
    import assistant.index

    marks = tmp_path / "ahead-pids"
    original = assistant.embeddings._embed_ahead

    def work(pipe, embedder, batches):
        marks.write_text(f"{__import__('os').getpid()}\n")
        original(pipe, embedder, batches)

    monkeypatch.setattr(assistant.index, "BATCH", 4)
    monkeypatch.setattr(assistant.embeddings, "AHEAD_FROM", 2)
    monkeypatch.setattr(assistant.embeddings, "_embed_ahead", work)
    return marks


def test_a_worker_embeds_ahead_exactly_what_this_process_would(settings, ahead_marks, monkeypatch):
    import os

    done: list[tuple[int, int]] = []
    report = NoteIndex(settings, embedder=LocalEmbedder()).sync(load_notes(settings.knowledge_dir),
                                                                progress=lambda n, total: done.append((n, total)))
    assert int(ahead_marks.read_text()) != os.getpid()  # a worker embedded them
    assert done[-1] == (report.chunks, report.chunks) and len(done) == -(-report.chunks // 4)
    with_worker = _stored(settings)
    again, in_process = _reindexed_in_this_process(settings, monkeypatch)
    assert (again.added, again.chunks) == (report.added, report.chunks)
    assert with_worker == in_process  # the same vectors, bit for bit, and the same search results


def test_a_worker_that_dies_leaves_the_rest_to_this_process(settings, ahead_marks, monkeypatch):
    import assistant.embeddings

    def one_batch_then_gone(pipe, embedder, batches):
        import numpy as np

        pipe.send_bytes(np.asarray(embedder.embed_documents(batches[0]), dtype=np.float32).tobytes())
        pipe.close()

    monkeypatch.setattr(assistant.embeddings, "_embed_ahead", one_batch_then_gone)
    report, embedder = sync(settings)
    assert report.embedded == report.chunks
    assert len(embedder.documents) == report.chunks - 4  # this process embedded all but the worker's one batch
    dying = _stored(settings)
    _, in_process = _reindexed_in_this_process(settings, monkeypatch)
    assert dying == in_process
