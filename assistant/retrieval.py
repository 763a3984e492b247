"""Search the index: meaning (dense vectors) and words (BM25) fused, with metadata filters and stable ids."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from assistant.chunks import citation_label
from assistant.errors import IndexStateError, NotFoundError
from assistant.index import Hit, NoteIndex
from assistant.lexical import LexicalIndex
from assistant.names import pick, resolve_name

RRF_K = 60  # reciprocal rank fusion constant; 60 is the usual choice and not sensitive
# A fused score as a share of the best possible one (first by meaning and first by words), in plain words.
RELEVANCE = ((0.95, "strong match"), (0.7, "good match"), (0.0, "weak match"))


class Evidence(BaseModel):
    """A passage from the notes that an answer or letter may cite by `id`."""

    id: str = Field(description="Stable chunk id; unchanged while the note is unchanged.")
    source: str = Field(description="The note's path relative to the knowledge folder.")
    score: float = Field(description="Fused rank score; higher is better.")
    text: str
    metadata: dict[str, Any] = Field(default_factory=dict)

    @property
    def citation(self) -> str:
        """How a citation is shown: `[n3f9a2c1d07be] people/dana-reyes.md`."""
        return citation_label(self.id, self.source)


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
    index.check_source()
    where = build_filter(index, person=person, company=company, type=type)
    if not query.strip():
        return []
    depth = max(k * 4, 20)
    dense = index.dense(query, n=depth, where=where)
    hits = {hit.id: hit for hit in dense}
    fused: dict[str, float] = {}
    for ranking in ([h.id for h in dense], _lexical_ids(index, query, where, depth)):
        for rank, chunk_id in enumerate(ranking):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
    hits.update({hit.id: hit for hit in index.by_ids([i for i in best if i not in hits])})
    return [_evidence(hits[i], fused[i]) for i in best if i in hits]


def relevance(score: float) -> str:
    """A fused score in words: strong (near the top by meaning and by words), good (found both ways), or weak."""
    share = score / (2.0 / (RRF_K + 1))
    return next(label for floor, label in RELEVANCE if share >= floor)


def build_filter(
    index: NoteIndex, *, person: str | None = None, company: str | None = None, type: str | None = None
) -> dict[str, Any] | None:
    """Turn search options into a Chroma `where`; a person or company name is resolved first."""
    clauses: list[dict[str, Any]] = []
    if person:
        clauses.append(_person_clause(index, person))
    if company:
        companies = [row[0] for row in index.distinct("company")]
        clauses.append({"company": resolve_name(company, companies, what="company")})
    if type:
        clauses.append({"type": type})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _person_clause(index: NoteIndex, query: str) -> dict[str, Any]:
    """Resolve `query` ("Dana", "Dana Reyes", "Dana Reyes (Northwind Analytics)") to one person's filter."""
    pairs = index.distinct("person", "company")
    placed = {name for name, company in pairs if company}
    # A note without a company (a saved email) belongs to the person of that name who has one.
    people = [(name, company) for name, company in pairs if company or name not in placed]
    try:
        name, company = pick(query, people, name=lambda p: p[0], label=_label, what="person")
    except NotFoundError:
        if index.incomplete:  # a killed run: the person may be in the notes the run did not reach
            raise IndexStateError("The index is incomplete (an index run stopped before it finished); run "
                                  "`second-chance index`, then search again.") from None
        raise
    if not company or sum(1 for other, _ in people if other == name) == 1:
        return {"person": name}
    return {"$and": [{"person": name}, {"company": company}]}


def _label(person: tuple[str, str]) -> str:
    return f"{person[0]} ({person[1]})" if person[1] else person[0]


def _lexical_ids(index: NoteIndex, query: str, where: dict[str, Any] | None, depth: int) -> list[str]:
    """BM25 ranking from the saved index; rebuilt in memory when a run was interrupted."""
    saved = index.lexical()
    if saved is not None:
        return saved.rank(query, where, depth)
    pool = index.chunks(where)
    documents = [h.document for h in pool]
    fresh = LexicalIndex.build([h.id for h in pool], documents, [h.metadata for h in pool])
    return fresh.rank(query, None, depth)


def _evidence(hit: Hit, score: float) -> Evidence:
    meta = {k: v for k, v in hit.metadata.items() if k not in {"body_offset", "note_hash", "chunk_count"}}
    return Evidence(id=hit.id, source=str(hit.metadata["source"]), score=round(score, 6), text=hit.text,
                    metadata=meta)
