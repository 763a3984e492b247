"""Search the index: meaning (dense vectors) and words (BM25) fused, with metadata filters and stable ids."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, Field

from assistant.index import Hit, NoteIndex
from assistant.names import resolve_name

RRF_K = 60  # reciprocal rank fusion constant; 60 is the usual choice and not sensitive


class Evidence(BaseModel):
    """A passage from the notes that an answer or letter may cite by `id`."""

    id: str = Field(description="Stable chunk id; unchanged while the note is unchanged.")
    source: str = Field(description="The note's path relative to the knowledge folder.")
    score: float = Field(description="Fused rank score; higher is better.")
    text: str
    metadata: dict[str, Any] = Field(default_factory=dict)

    @property
    def citation(self) -> str:
        """How a citation is shown: `[n3f9a2c1d] people/dana-reyes.md`."""
        return f"[{self.id}] {self.source}"


def search(
    index: NoteIndex,
    query: str,
    *,
    k: int = 5,
    person: str | None = None,
    company: str | None = None,
    type: str | None = None,
) -> list[Evidence]:
    """Return the `k` passages that best answer `query`, best first, within the given filters."""
    where = build_filter(index, person=person, company=company, type=type)
    pool = index.chunks(where)
    if not pool or not query.strip():
        return []
    depth = max(k * 4, 20)
    dense = index.dense(query, n=depth, where=where)
    lexical = _bm25(query, pool, depth)
    fused: dict[str, float] = {}
    hits: dict[str, Hit] = {}
    for ranking in (dense, lexical):
        for rank, hit in enumerate(ranking):
            fused[hit.id] = fused.get(hit.id, 0.0) + 1.0 / (RRF_K + rank + 1)
            hits.setdefault(hit.id, hit)
    best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
    return [_evidence(hits[i], fused[i]) for i in best]


def build_filter(
    index: NoteIndex, *, person: str | None = None, company: str | None = None, type: str | None = None
) -> dict[str, Any] | None:
    """Turn search options into a Chroma `where`; a person or company name is resolved first."""
    clauses: list[dict[str, Any]] = []
    if person:
        clauses.append({"person": resolve_name(person, _values(index, "person"), what="person")})
    if company:
        clauses.append({"company": resolve_name(company, _values(index, "company"), what="company")})
    if type:
        clauses.append({"type": type})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _values(index: NoteIndex, key: str) -> list[str]:
    found = index.collection().get(where={key: {"$ne": ""}}, include=["metadatas"])
    return [str(m[key]) for m in found["metadatas"] or [] if m.get(key)]


def _bm25(query: str, pool: list[Hit], depth: int) -> list[Hit]:
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    retriever = bm25s.BM25()
    corpus = bm25s.tokenize([h.document for h in pool], stopwords="en", show_progress=False)
    retriever.index(corpus, show_progress=False)
    words = bm25s.tokenize([query], stopwords="en", return_ids=False, show_progress=False)[0]
    known = [w for w in words if w in retriever.vocab_dict]
    if not known:
        return []
    docs, scores = retriever.retrieve([known], k=min(depth, len(pool)), show_progress=False)
    return [pool[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


def _evidence(hit: Hit, score: float) -> Evidence:
    meta = {k: v for k, v in hit.metadata.items() if k not in {"body_offset", "note_hash", "chunk_count"}}
    return Evidence(id=hit.id, source=str(hit.metadata["source"]), score=round(score, 6), text=hit.text,
                    metadata=meta)
