"""BM25 over the chunks, scored when a search asks: an edit adds its chunks' words and recomputes nothing else.

Each chunk keeps its words as token ids (assistant/sidecar.py saves them); a query's scores are computed from those,
with bm25s's default BM25 (Lucene: k1 1.5, b 0.75), its tokeniser (`bm25s.tokenize(texts, stopwords="en")`) and its
ranking of the top k, so the results are the ones a `bm25s.BM25` index of the same chunks gives
(tests/test_lexical.py checks it against bm25s itself, which is no longer imported here: its import cost a search
60-80 ms).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

FILTER_KEYS = ("source", "type", "person", "company", "name")
K1, B = 1.5, 0.75  # bm25s's defaults, method "lucene"
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's (and scikit-learn's) token pattern
# Lucene's English stop words: bm25s's stopwords="en" (words that never make a passage match, whatever the question).
STOPWORDS = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the their then there these they
    this to was will with""".split()  # noqa: SIM905  (a word list reads better as text)
)


class LexicalIndex:
    """BM25 over chunk documents, with the few metadata keys that search filters use.

    `ids` and `metadata` are the live chunks, in row order; `tokens` may hold rows of chunks since replaced or
    deleted (an edit only appends), and `live` then names the rows of `ids` among them.
    """

    def __init__(self, ids: list[str], metadata: list[dict[str, Any]], tokens: Tokens, *, live: Any = None,
                 facts: dict[str, Any] | None = None) -> None:
        self.ids = ids
        self.metadata = metadata
        self.tokens = tokens
        self.live = live  # the token rows of ids, in order (numpy int64), or None when every row is live
        self.facts = facts or {}  # what store.json said when this was read (assistant/sidecar.py)
        self._columns: dict[str, dict[Any, list[int]]] = {}
        self._distinct: dict[tuple[str, ...], list[tuple[str, ...]]] = {}

    @classmethod
    def build(cls, ids: list[str], documents: list[str], metadatas: list[dict[str, Any]]) -> LexicalIndex:
        """Tokenise `documents` (one per id) and index them in memory."""
        return cls(list(ids), [kept(m) for m in metadatas], Tokens.build(documents))

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """The ranking the last sync saved in `folder`; None when it is stale, missing or cannot be read."""
        from assistant.sidecar import read_lexical

        return read_lexical(folder)

    def rows(self, positions: Any) -> Any:
        """The token rows of the chunks at these positions of `ids`."""
        return positions if self.live is None else self.live[positions]

    def rank(self, query: str, where: dict[str, Any] | None, depth: int) -> list[str]:
        """Ids of the chunks matching `where`, best BM25 score first, at most `depth`."""
        return [chunk_id for chunk_id, _ in self.scored(query, where, depth)]

    def scored(self, query: str, where: dict[str, Any] | None, depth: int) -> list[tuple[str, float]]:
        """(id, BM25 score) of the chunks matching `where` that share a word with `query`, best first, at most
        `depth`; ties in the order bm25s gives them."""
        import numpy as np

        vocab = self.tokens.vocab
        known = [vocab[w] for w in tokenize([query])[0] if w in vocab]
        if not known or not self.ids:
            return []
        mask = self.mask(where)
        if not mask.any():
            return []
        scores = self.scores(known)
        scores *= mask
        k = min(depth, len(self.ids))
        top = np.argpartition(scores, -k)[-k:]  # bm25s's top k, ties and all (its take(range(-k, 0)))
        ranked = top[np.flip(np.argsort(scores[top]))]
        return [(self.ids[int(row)], float(scores[row])) for row in ranked if scores[row] > 0]

    def scores(self, terms: list[int]) -> Any:
        """Each chunk's BM25 score for these token ids (repeats count again), float32 as bm25s computes it."""
        import numpy as np

        lengths = self.tokens.lengths if self.live is None else self.tokens.lengths[self.live]
        n, scores = len(lengths), np.zeros(len(self.ids), dtype=np.float32)
        average = lengths.mean()
        cached: dict[int, tuple[Any, Any]] = {}
        for term in terms:
            if term not in cached:
                tf = self.tokens.frequencies(term)
                if self.live is not None:
                    tf = tf[self.live]
                hit = np.flatnonzero(tf)
                idf = np.float32(math.log(1 + (n - len(hit) + 0.5) / (len(hit) + 0.5)))
                freq = tf[hit].astype(np.float32)
                tfc = freq / (K1 * ((1 - B) + B * lengths[hit] / average) + freq)
                cached[term] = hit, (idf * tfc).astype(np.float32)
            hit, part = cached[term]
            scores[hit] += part
        return scores

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
    """Each row's words as token ids: one flat int32 array, each row's length, and the words the ids stand for."""

    def __init__(self, flat: Any, lengths: Any, words: list[str]) -> None:
        self.flat = flat
        self.lengths = lengths
        self.words = words
        self._vocab: dict[str, int] | None = None
        self._ends: Any = None

    @classmethod
    def build(cls, documents: list[str]) -> Tokens:
        """The tokens of `documents`, with a vocabulary of their own."""
        vocab: dict[str, int] = {}
        flat, lengths = encode(documents, vocab)
        return cls(flat, lengths, list(vocab))

    @property
    def vocab(self) -> dict[str, int]:
        """Word -> token id."""
        if self._vocab is None:
            self._vocab = {word: i for i, word in enumerate(self.words)}
        return self._vocab

    @property
    def ends(self) -> Any:
        """Where each row's tokens end in `flat`."""
        import numpy as np

        if self._ends is None:
            self._ends = np.cumsum(self.lengths, dtype=np.int64)
        return self._ends

    def frequencies(self, term: int) -> Any:
        """How often token `term` occurs in each row."""
        import numpy as np

        rows = np.searchsorted(self.ends, np.flatnonzero(self.flat == term), side="right")
        return np.bincount(rows, minlength=len(self.lengths))


def tokenize(texts: list[str]) -> list[list[str]]:
    """Words of each text as BM25 counts them: lower case, two letters or more, English stopwords dropped."""
    return [[word for word in _TOKEN.findall(text.lower()) if word not in STOPWORDS] for text in texts]


def encode(documents: list[str], vocab: dict[str, int]) -> tuple[Any, Any]:
    """Tokenise `documents` into token ids, adding new words to `vocab` in the order they first occur:
    (flat int32 ids, int32 length of each)."""
    import numpy as np

    docs = [[vocab.setdefault(word, len(vocab)) for word in words] for words in tokenize(documents)]
    lengths = np.fromiter(map(len, docs), dtype=np.int32, count=len(docs))
    return np.fromiter((t for doc in docs for t in doc), dtype=np.int32, count=int(lengths.sum())), lengths


def kept(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata keys search filters on."""
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
