"""A BM25 ranking of every chunk, saved beside the index so a search does not rebuild it."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

FILTER_KEYS = ("source", "type", "person", "company", "name")


class LexicalIndex:
    """BM25 over chunk documents, with the few metadata keys that search filters use."""

    def __init__(self, ids: list[str], metadata: list[dict[str, Any]], retriever: Any) -> None:
        self.ids = ids
        self.metadata = metadata
        self._retriever = retriever

    @classmethod
    def build(cls, ids: list[str], documents: list[str], metadatas: list[dict[str, Any]]) -> LexicalIndex:
        """Tokenise and index `documents` (one per id)."""
        bm25s = _bm25s()
        retriever = bm25s.BM25()
        if documents:
            retriever.index(bm25s.tokenize(documents, stopwords="en", show_progress=False), show_progress=False)
        kept = [{k: m[k] for k in FILTER_KEYS if k in m} for m in metadatas]
        return cls(list(ids), kept, retriever)

    def save(self, folder: Path) -> None:
        """Write the ranking and its ids to `folder`."""
        from assistant.files import private_dir, write_private

        private_dir(folder)
        if self.ids:
            self._retriever.save(str(folder / "bm25"))
        write_private(folder / "chunks.json", json.dumps({"ids": self.ids, "metadata": self.metadata}))

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """Read a saved ranking; None when there is none or it cannot be read."""
        try:
            saved = json.loads((folder / "chunks.json").read_text())
            retriever = _bm25s().BM25.load(str(folder / "bm25")) if saved["ids"] else None
        except (OSError, ValueError, KeyError):
            return None
        return cls(saved["ids"], saved["metadata"], retriever)

    def rank(self, query: str, where: dict[str, Any] | None, depth: int) -> list[str]:
        """Ids of the chunks matching `where`, best BM25 score first, at most `depth`."""
        if self._retriever is None:
            return []
        import numpy as np

        words = _bm25s().tokenize([query], stopwords="en", return_ids=False, show_progress=False)[0]
        known = [w for w in words if w in self._retriever.vocab_dict]
        if not known:
            return []
        mask = np.array([matches(m, where) for m in self.metadata], dtype=np.float32)
        if not mask.any():
            return []
        docs, scores = self._retriever.retrieve(
            [known], k=min(depth, len(self.ids)), show_progress=False, weight_mask=mask
        )
        return [self.ids[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


def matches(metadata: dict[str, Any], where: dict[str, Any] | None) -> bool:
    """Whether `metadata` satisfies a Chroma `where` of equality clauses joined by `$and`."""
    if not where:
        return True
    if "$and" in where:
        return all(matches(metadata, clause) for clause in where["$and"])
    return all(metadata.get(key) == value for key, value in where.items())


def _bm25s() -> Any:
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s
