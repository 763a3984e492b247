"""BM25 scored at query time ranks exactly as a bm25s index of the same chunks does, before and after an edit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import bm25s
import numpy as np
import pytest
import yaml

from assistant import sidecar
from assistant.chunks import chunk_note
from assistant.lexical import STOPWORDS, LexicalIndex, kept, tokenize
from assistant.notes import load_notes
from assistant.sidecar import Table, read_facts, read_lexical

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "evals/cases/retrieval.yaml").read_text())["cases"]
QUERIES = [*sorted({case["query"] for case in CASES}),
           "Kafka streaming", "what does she care about", "hiring manager feedback", "Kafka kafka KAFKA certification",
           "SRE on-call alerts a week", "the the and", "zyxwv", "data contracts"]  # fmt: skip
WHERES = [None, {"type": "person"}, {"$and": [{"type": "progress"}, {"source": "progress/kafka-certification.md"}]},
          {"person": "Dana Reyes"}, {"type": "nothing-has-this"}]  # fmt: skip


def _chunks(folders: list[Path]) -> tuple[list[str], list[str], list[dict]]:
    """Every chunk of the notes in `folders`, ids prefixed with the folder's name."""
    ids, documents, metadatas = [], [], []
    for folder in folders:
        for note in load_notes(folder).notes:
            for chunk in chunk_note(note):
                ids.append(f"{folder.name}/{chunk.id}")
                documents.append(chunk.document)
                metadatas.append(chunk.metadata)
    return ids, documents, metadatas


def _bm25s(ids: list[str], documents: list[str], metadatas: list[dict]) -> Callable[..., list[tuple[str, float]]]:
    """What the ranking was before: a bm25s index of the chunks' tokens, its retrieve() with the filter as mask."""
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    vocab: dict[str, int] = {}
    docs = [[vocab.setdefault(w, len(vocab)) for w in words] for words in _theirs(documents)]
    retriever = bm25s.BM25()
    retriever.index((docs, vocab), show_progress=False)
    filters = LexicalIndex(ids, [kept(m) for m in metadatas], None)  # type: ignore[arg-type]

    def rank(query: str, where: dict | None, depth: int) -> list[tuple[str, float]]:
        known = [w for w in _theirs([query])[0] if w in vocab]
        mask = filters.mask(where)
        if not known or not mask.any():
            return []
        found, scores = retriever.retrieve([known], k=min(depth, len(ids)), show_progress=False, weight_mask=mask)
        return [(ids[int(d)], float(s)) for d, s in zip(found[0], scores[0], strict=True) if s > 0]

    return rank


def _theirs(texts: list[str]) -> list[list[str]]:
    return bm25s.tokenize(texts, stopwords="en", return_ids=False, show_progress=False)


def _same(ours: list[tuple[str, float]], theirs: list[tuple[str, float]]) -> None:
    assert [i for i, _ in ours] == [i for i, _ in theirs]  # same chunks, same order (ties too)
    assert [s for _, s in ours] == pytest.approx([s for _, s in theirs], abs=1e-5)


@pytest.fixture(scope="module")
def corpus() -> tuple[list[str], list[str], list[dict]]:
    """The bundled notes and every eval persona's: real notes, about two hundred chunks."""
    return _chunks([ROOT / "knowledge", *sorted(p for p in (ROOT / "evals/personas").iterdir() if p.is_dir())])


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[list[str], list[str], list[dict]]:
    """A benchmark corpus of 500 notes (scripts/bench_corpus.py): repeated phrasings, so many tied scores."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "scripts/bench_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("bench") / "knowledge"
    module.make_corpus(folder, 500)
    return _chunks([folder])


@pytest.mark.parametrize("where", WHERES, ids=str)
@pytest.mark.parametrize("name", ["corpus", "generated"])
def test_the_ranking_is_bm25s_ranking(request, name, where):
    ids, documents, metadatas = request.getfixturevalue(name)
    assert len(ids) > 150
    index, bm25s_rank = LexicalIndex.build(ids, documents, metadatas), _bm25s(ids, documents, metadatas)
    found = {query: index.scored(query, where, 20) for query in QUERIES}
    for query, ours in found.items():
        _same(ours, bm25s_rank(query, where, 20))
    if where is None:
        assert found["Kafka streaming"] and not found["zyxwv"] and not found["the the and"]
    if where is None and name == "corpus":  # every question about these notes finds something
        assert {query for query, ours in found.items() if not ours} == {"the the and", "zyxwv"}
    if where == {"type": "nothing-has-this"}:
        assert not any(found.values())


@pytest.mark.parametrize("find_at_most", [64, 0], ids=["found as bytes", "ids parsed"])
def test_after_edits_the_ranking_is_bm25s_ranking_of_the_chunks_left(corpus, tmp_path, monkeypatch, find_at_most):
    """Rows replaced or deleted stay in the files as dead rows: they count nowhere (not in df, N nor the length)."""
    monkeypatch.setattr(sidecar, "FIND_AT_MOST", find_at_most)
    ids, documents, metadatas = corpus
    tmp_path = tmp_path / "lexical"
    table = Table(tmp_path, embedding="test", knowledge="knowledge", dense=False)
    table.write(ids[:150], documents[:150], metadatas[:150], None)
    saved = read_lexical(tmp_path)
    assert saved is not None
    gone = set(ids[100:130]) | {ids[5], "an id never stored"}
    added = list(range(150, 190))
    table.append(saved.facts, remove=gone, ids=[ids[i] for i in added], documents=[documents[i] for i in added],
                 metadatas=[metadatas[i] for i in added], vectors=None)
    facts = read_facts(tmp_path, dense=False)
    assert facts is not None and len(facts["dead"]) == 31 and facts["rows"] == 190  # appended, not rewritten
    edited = read_lexical(tmp_path)
    assert edited is not None and edited.live is not None
    left = [i for i in range(190) if ids[i] not in gone]
    assert edited.ids == [ids[i] for i in left]
    bm25s_rank = _bm25s([ids[i] for i in left], [documents[i] for i in left], [metadatas[i] for i in left])
    for query in QUERIES:
        for where in WHERES[:3]:
            _same(edited.scored(query, where, 20), bm25s_rank(query, where, 20))


def test_the_table_is_written_whole_when_a_quarter_of_its_rows_are_dead(corpus, tmp_path):
    ids, documents, metadatas = corpus
    tmp_path = tmp_path / "lexical"
    table = Table(tmp_path, embedding="test", knowledge="knowledge", dense=False)
    table.write(ids[:140], documents[:140], metadatas[:140], None)
    saved = read_lexical(tmp_path)
    assert saved is not None
    first = saved.facts["generation"]
    table.append(saved.facts, remove=set(ids[:40]), ids=ids[140:150], documents=documents[140:150],
                 metadatas=metadatas[140:150], vectors=None)
    compacted = read_lexical(tmp_path)
    assert compacted is not None and compacted.live is None
    assert compacted.facts["generation"] != first and compacted.facts["rows"] == 110
    assert compacted.ids == ids[40:150]
    assert len(compacted.tokens.words) < len(saved.tokens.words)  # words only the deleted rows had are dropped
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["store.json", *(f"{name}-{compacted.facts['generation']}.{suffix}"
                         for name, suffix in (("rows", "jsonl"), ("tokens", "i32"), ("lengths", "i32"),
                                              ("vocab", "txt")))])  # fmt: skip
    fresh = LexicalIndex.build(ids[40:150], documents[40:150], metadatas[40:150])
    for query in QUERIES:
        assert compacted.scored(query, None, 20) == fresh.scored(query, None, 20)
    assert np.array_equal(compacted.tokens.lengths, fresh.tokens.lengths)


@pytest.mark.parametrize("name", ["corpus", "generated"])
def test_words_are_bm25s_words(request, name):
    _, documents, _ = request.getfixturevalue(name)
    odd = ["Zoë's café — naïve Straße, İSTANBUL; 2026-11-10 a_b x y 42 OK", "ÉCOLE École école", "", "   ",
           "The THE the", "e-mail E-Mail e_mail", "日本語のテキスト and 中文", "x" * 3]
    texts = [*documents, *QUERIES, *odd]
    assert tokenize(texts) == _theirs(texts)
    assert set(bm25s.stopwords.STOPWORDS_EN) == STOPWORDS
