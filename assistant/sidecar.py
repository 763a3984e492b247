"""The files the last sync wrote beside the store, so reads need not open Chroma: one folder, one freshness rule.

`.second-chance/lexical/` holds the BM25 ranking (assistant/lexical.py: `chunks.json` with every chunk's id and
filter metadata, `bm25/`, `tokens.npz`) and, for the embedded store, the chunks themselves (`ChunkStore`):

- `vectors.npy`: float32, one unit-length row per chunk, in the ranking's id order; memory-mapped, so a filtered
  search pages in only the rows it scores;
- `records.bin` and `offsets.npy`: each chunk's document and full metadata as one JSON record, read only for hits;
- `store.json`: what the collection says about itself (embedding model, knowledge folder), a digest of the ids
  its rows follow, and the size of each file above.

Freshness: a run that changes the collection writes `dirty` first and removes it last. While `dirty` is there, or
when a file is missing, unreadable or not aligned with the ranking, reads go to Chroma exactly as they did before
these files existed, and the next `index` rewrites them. This module imports neither chromadb nor any model client.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

from assistant.files import write_private
from assistant.lexical import CHUNKS

DIRTY = "dirty"
STORE = "store.json"
VECTORS = "vectors.npy"
RECORDS = "records.bin"
OFFSETS = "offsets.npy"
VERSION = 1


def is_dirty(folder: Path) -> bool:
    """Whether a run that changes the collection started and has not finished (killed, or failed)."""
    return (folder / DIRTY).exists()


def mark_dirty(folder: Path) -> None:
    """Say the files may be stale until the run that changes the collection finishes."""
    write_private(folder / DIRTY, "")


def mark_clean(folder: Path) -> None:
    """Say the files are in step with the collection again."""
    (folder / DIRTY).unlink(missing_ok=True)


def ready(folder: Path) -> bool:
    """Whether reads may use the folder: not dirty, and the chunks are there and follow the saved ranking."""
    if is_dirty(folder):
        return False
    try:
        ids = json.loads((folder / CHUNKS).read_bytes())["ids"]
        facts = json.loads((folder / STORE).read_bytes())
        return _whole(folder, facts) and facts.get("ids") == digest(ids)  # without numpy: a stat of each file
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _whole(folder: Path, facts: Any) -> bool:
    """Whether store.json is this version's and each file it names has the size it wrote (none cut or lost)."""
    if not isinstance(facts, dict) or facts.get("version") != VERSION or not isinstance(facts.get("sizes"), dict):
        return False
    return all(facts["sizes"].get(name) == (folder / name).stat().st_size for name in (VECTORS, RECORDS, OFFSETS))


def digest(ids: list[str]) -> str:
    """A digest of the chunk ids in order: the rows of the chunk store and of the ranking must follow the same."""
    return hashlib.sha1("\n".join(ids).encode()).hexdigest()


class ChunkStore:
    """Every chunk's vector, document and metadata as the last sync stored them, rows in the ranking's id order."""

    def __init__(self, facts: dict[str, Any], ids: list[str], vectors: Any, offsets: Any, blob: Any) -> None:
        self.facts = facts
        self.ids = ids
        self.vectors = vectors
        self.offsets = offsets
        self.blob = blob  # the records, memory-mapped: a run that replaces the files later does not change them
        self._rows: dict[str, int] | None = None

    @classmethod
    def empty(cls) -> ChunkStore:
        """No chunks (what a first run starts from)."""
        return cls({}, [], None, None, b"")

    @property
    def embedding(self) -> str:
        """The fingerprint of the embedding model that built the collection."""
        return str(self.facts["embedding"])

    @property
    def knowledge(self) -> str:
        """The knowledge folder the collection was built from, as the collection records it."""
        return str(self.facts["knowledge"])

    @classmethod
    def load(cls, folder: Path, ids: list[str]) -> ChunkStore | None:
        """The saved chunks when every file is there and the rows follow `ids` (the ranking's); else None."""
        import numpy as np

        try:
            facts = json.loads((folder / STORE).read_bytes())
            if not _whole(folder, facts) or facts.get("ids") != digest(ids):
                return None
            vectors = np.load(folder / VECTORS, mmap_mode="r")
            offsets = np.load(folder / OFFSETS)
            size = (folder / RECORDS).stat().st_size
            blob = np.memmap(folder / RECORDS, dtype=np.uint8, mode="r") if size else b""
        except (OSError, ValueError, EOFError):
            return None
        rows = len(ids)
        if (vectors.ndim != 2 or vectors.shape[0] != rows or vectors.dtype != np.float32
                or offsets.shape != (rows + 1,) or int(offsets[-1]) != size or len(blob) != size
                or not all(isinstance(facts.get(key), str) for key in ("embedding", "knowledge"))):
            return None
        if is_dirty(folder):
            return None  # a run began to replace the files while they were being opened
        return cls(facts, ids, vectors, offsets, blob)

    def nearest(self, query: list[float], n: int, mask: Any = None) -> list[tuple[int, float]]:
        """Rows of the `n` chunks nearest `query` by cosine, among those `mask` allows; nearest first, ties by id.

        Returns (row, distance) with Chroma's cosine distance, 1 - cosine similarity.
        """
        import numpy as np

        if n <= 0 or not self.ids:
            return []
        vector = np.asarray(query, dtype=np.float32)
        vector /= np.linalg.norm(vector) or 1.0
        rows = np.arange(len(self.ids)) if mask is None else np.flatnonzero(mask)
        if not len(rows):
            return []
        scores = (self.vectors if mask is None else self.vectors[rows]) @ vector
        if len(rows) > n:  # every row that scores at least the n-th best, so ties at the cut are settled by id
            cut = np.partition(scores, len(scores) - n)[len(scores) - n]
            keep = np.flatnonzero(scores >= cut)
            rows, scores = rows[keep], scores[keep]
        ranked = sorted(zip(rows.tolist(), scores.tolist(), strict=True), key=lambda r: (-r[1], self.ids[r[0]]))
        return [(row, 1.0 - score) for row, score in ranked[:n]]

    def rows(self, ids: list[str]) -> list[int]:
        """The rows of the chunks with these ids, in the order given (unknown ids left out)."""
        if self._rows is None:
            self._rows = {chunk_id: row for row, chunk_id in enumerate(self.ids)}
        return [self._rows[i] for i in ids if i in self._rows]

    def records(self, rows: list[int]) -> list[tuple[str, dict[str, Any]]]:
        """The document and metadata of each row, in the order given; only these records are read."""
        found = []
        for row in rows:
            document, metadata = json.loads(bytes(self.blob[int(self.offsets[row]) : int(self.offsets[row + 1])]))
            found.append((document, metadata))
        return found

    def updated(self, *, remove: set[str], ids: list[str], documents: list[str], metadatas: list[dict[str, Any]],
                vectors: Any) -> Chunks:
        """These chunks without those in `remove` and with the given ones appended (as LexicalIndex.updated)."""
        import numpy as np

        keep = [row for row, chunk_id in enumerate(self.ids) if chunk_id not in remove]
        if not keep:
            return Chunks.build(ids, documents, metadatas, vectors)
        blob = bytes(self.blob)
        kept = [blob[int(self.offsets[row]) : int(self.offsets[row + 1])] for row in keep]
        old = np.asarray(self.vectors[keep], dtype=np.float32)
        return Chunks([self.ids[row] for row in keep], old, kept).plus(ids, documents, metadatas, vectors)


class Chunks:
    """Chunks to save: ids, float32 vectors (one row each) and encoded records."""

    def __init__(self, ids: list[str], vectors: Any, records: list[bytes]) -> None:
        self.ids = ids
        self.vectors = vectors
        self.records = records

    @classmethod
    def build(cls, ids: list[str], documents: list[str], metadatas: list[dict[str, Any]], vectors: Any) -> Chunks:
        """Chunks from what the store holds (or what a run stored)."""
        import numpy as np

        return cls([], np.zeros((0, 0), dtype=np.float32), []).plus(ids, documents, metadatas, vectors)

    def plus(self, ids: list[str], documents: list[str], metadatas: list[dict[str, Any]], vectors: Any) -> Chunks:
        """These chunks and the given ones after them."""
        import numpy as np

        added = _unit(np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1) if len(ids) else None)
        if added is None:
            return self
        rows = added if not len(self.ids) else np.concatenate([self.vectors, added])
        records = [json.dumps([d, dict(m)], ensure_ascii=False).encode() for d, m in
                   zip(documents, metadatas, strict=True)]
        return Chunks([*self.ids, *ids], rows, [*self.records, *records])

    def save(self, folder: Path, *, embedding: str, knowledge: str) -> None:
        """Write the chunk files, store.json last (it names the ids the rows follow)."""
        import numpy as np

        offsets = np.zeros(len(self.records) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in self.records], out=offsets[1:])
        files = {VECTORS: _npy(self.vectors), RECORDS: b"".join(self.records), OFFSETS: _npy(offsets)}
        for name, data in files.items():
            write_private(folder / name, data)
        facts = {"version": VERSION, "embedding": embedding, "knowledge": knowledge, "ids": digest(self.ids),
                 "sizes": {name: len(data) for name, data in files.items()}}
        write_private(folder / STORE, json.dumps(facts))


def _unit(vectors: Any) -> Any:
    """Rows scaled to unit length (a zero row stays zero), as Chroma's cosine space compares them."""
    import numpy as np

    if vectors is None:
        return None
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def _npy(array: Any) -> bytes:
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()
