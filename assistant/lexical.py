"""A BM25 ranking of every chunk, saved beside the index so a search does not rebuild it."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

FILTER_KEYS = ("source", "type", "person", "company", "name")
CHUNKS = "chunks.json"  # ids, filter metadata and vocabulary; assistant/sidecar.py checks its chunks follow these ids


class LexicalIndex:
    """BM25 over chunk documents, with the few metadata keys that search filters use.

    The tokens of every chunk are kept beside the ranking (`tokens.npz`, vocabulary in `chunks.json`), so an
    edit re-tokenises only the changed chunks and rebuilds the ranking from token ids, without reading any
    document back from Chroma.
    """

    def __init__(self, ids: list[str], metadata: list[dict[str, Any]], retriever: Any,
                 tokens: Tokens | None = None) -> None:
        self.ids = ids
        self.metadata = metadata
        self._retriever = retriever
        self.tokens = tokens
        self._columns: dict[str, dict[Any, list[int]]] = {}
        self._distinct: dict[tuple[str, ...], list[tuple[str, ...]]] = {}

    @classmethod
    def build(cls, ids: list[str], documents: list[str], metadatas: list[dict[str, Any]]) -> LexicalIndex:
        """Tokenise and index `documents` (one per id)."""
        tokens = Tokens([], {})
        tokens.add(documents)
        return cls.from_tokens(list(ids), [_kept(m) for m in metadatas], tokens)

    @classmethod
    def from_tokens(cls, ids: list[str], metadata: list[dict[str, Any]], tokens: Tokens) -> LexicalIndex:
        """Index chunks already tokenised."""
        bm25s = _bm25s()
        retriever = bm25s.BM25()
        if ids:
            retriever.index((tokens.docs, dict(tokens.vocab)), show_progress=False)
        return cls(ids, metadata, retriever, tokens)

    def updated(self, *, remove: set[str], ids: list[str], documents: list[str],
                metadatas: list[dict[str, Any]]) -> LexicalIndex | None:
        """This ranking without the chunks in `remove` and with the given ones; None when tokens were not kept."""
        if self.tokens is None:
            return None
        keep = [i for i, chunk_id in enumerate(self.ids) if chunk_id not in remove]
        tokens = Tokens([self.tokens.docs[i] for i in keep], self.tokens.vocab)
        tokens.add(documents)
        return LexicalIndex.from_tokens([self.ids[i] for i in keep] + list(ids),
                                        [self.metadata[i] for i in keep] + [_kept(m) for m in metadatas], tokens)

    def save(self, folder: Path) -> None:
        """Write the ranking, its ids and the chunks' tokens to `folder`."""
        import numpy as np

        from assistant.files import private_dir, write_private

        private_dir(folder)
        if self.ids:
            self._retriever.save(str(folder / "bm25"))
        saved: dict[str, Any] = {"ids": self.ids, "metadata": self.metadata}
        if self.tokens is not None:
            docs = self.tokens.docs
            flat = np.fromiter((t for doc in docs for t in doc), dtype=np.int32)
            lengths = np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=len(docs))
            buffer = io.BytesIO()
            np.savez(buffer, flat=flat, lengths=lengths)
            write_private(folder / "tokens.npz", buffer.getvalue())
            saved["vocab"] = sorted(self.tokens.vocab, key=self.tokens.vocab.__getitem__)
        write_private(folder / CHUNKS, json.dumps(saved))

    @classmethod
    def load(cls, folder: Path, *, tokens: bool = False) -> LexicalIndex | None:
        """Read a saved ranking (and its tokens when asked); None when there is none or it cannot be read."""
        try:
            saved = json.loads((folder / CHUNKS).read_text())
            retriever = _bm25s().BM25.load(str(folder / "bm25")) if saved["ids"] else None
            kept = _load_tokens(folder, saved) if tokens else None
        except (OSError, ValueError, KeyError):
            return None
        return cls(saved["ids"], saved["metadata"], retriever, kept)

    def rank(self, query: str, where: dict[str, Any] | None, depth: int) -> list[str]:
        """Ids of the chunks matching `where`, best BM25 score first, at most `depth`."""
        if self._retriever is None:
            return []

        words = _bm25s().tokenize([query], stopwords="en", return_ids=False, show_progress=False)[0]
        known = [w for w in words if w in self._retriever.vocab_dict]
        if not known:
            return []
        mask = self.mask(where)
        if not mask.any():
            return []
        docs, scores = self._retriever.retrieve(
            [known], k=min(depth, len(self.ids)), show_progress=False, weight_mask=mask
        )
        return [self.ids[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    @staticmethod
    def filters(where: dict[str, Any] | None) -> bool:
        """Whether `where` is equalities on the kept keys only, so `mask` answers it exactly as Chroma would."""
        pairs = _equalities(where)
        return pairs is not None and all(key in FILTER_KEYS for key, _ in pairs)

    def mask(self, where: dict[str, Any] | None) -> Any:
        """1 for each chunk that `matches` `where`, else 0; equalities are looked up by value, not row by row."""
        import numpy as np

        pairs = _equalities(where)
        if pairs is None:
            return np.array([matches(m, where) for m in self.metadata], dtype=np.float32)
        mask = np.ones(len(self.metadata), dtype=bool)
        for key, value in pairs:
            if key not in self._columns:
                column: dict[Any, list[int]] = {}
                for row, metadata in enumerate(self.metadata):
                    column.setdefault(metadata.get(key), []).append(row)
                self._columns[key] = column
            hit = np.zeros(len(self.metadata), dtype=bool)
            hit[self._columns[key].get(value, [])] = True
            mask &= hit
        return mask.astype(np.float32)

    def distinct(self, *keys: str) -> list[tuple[str, ...]]:
        """Distinct combinations of metadata `keys` ('' where one is missing) among chunks with the first key."""
        if keys not in self._distinct:
            self._distinct[keys] = sorted({tuple(str(m.get(k) or "") for k in keys) for m in self.metadata
                                           if m.get(keys[0])})
        return list(self._distinct[keys])


class Tokens:
    """Each chunk's token ids, and the vocabulary they index."""

    def __init__(self, docs: list[list[int]], vocab: dict[str, int]) -> None:
        self.docs = docs
        self.vocab = vocab

    def add(self, documents: list[str]) -> None:
        """Tokenise `documents` the way queries are, and append them."""
        if not documents:
            return
        words = _bm25s().tokenize(documents, stopwords="en", return_ids=False, show_progress=False)
        vocab = self.vocab
        self.docs.extend([vocab.setdefault(word, len(vocab)) for word in doc] for doc in words)


def _load_tokens(folder: Path, saved: dict[str, Any]) -> Tokens | None:
    import numpy as np

    if "vocab" not in saved:
        return None
    with np.load(folder / "tokens.npz") as arrays:
        flat, lengths = arrays["flat"], arrays["lengths"]
    if len(lengths) != len(saved["ids"]):
        return None
    docs = [part.tolist() for part in np.split(flat, np.cumsum(lengths)[:-1])] if len(lengths) else []
    return Tokens(docs, {word: i for i, word in enumerate(saved["vocab"])})


def _kept(metadata: dict[str, Any]) -> dict[str, Any]:
    return {k: metadata[k] for k in FILTER_KEYS if k in metadata}


def _equalities(where: dict[str, Any] | None) -> list[tuple[str, str]] | None:
    """`where` as the (key, text) equalities `matches` checks, or None when it holds anything else."""
    if not where:
        return []
    if "$and" in where:
        pairs: list[tuple[str, str]] = []
        for clause in where["$and"]:
            found = _equalities(clause)
            if found is None:
                return None
            pairs += found
        return pairs
    return list(where.items()) if all(isinstance(value, str) for value in where.values()) else None


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
