"""The files the last sync wrote beside the store, so reads need not open Chroma: one folder, one freshness rule.

`.second-chance/lexical/` holds one table, a row per chunk, written whole once and then only appended to:

- `rows-G.jsonl`: each row's chunk id and the metadata keys search filters on, a JSON line each;
- `tokens-G.i32`, `lengths-G.i32`, `vocab-G.txt`: each row's words as token ids (int32, flat) and how many, and
  the words the ids stand for, a line each: BM25 is scored from these at query time (assistant/lexical.py);
- for the embedded store, the chunks themselves: `vectors-G.f32` (float32, one unit-length row each,
  memory-mapped, so a filtered search pages in only the rows it scores), `records-G.bin` and `ends-G.i64` (each
  chunk's document and full metadata as one JSON record, and where it ends; read only for hits);
- `store.json`: the generation G, how many rows and words the files hold and each file's size, the dead rows, the
  chunk ids' format, and what the collection says about itself (embedding model, knowledge folder).

An edit appends the rows of the chunks it stored and lists the rows it replaced or deleted as dead: no other row is
read or written. When dead rows pass a quarter of the table (assistant/appendfile.py's rule; or on a rebuild, or when
the files cannot be trusted) the table is written whole as a new generation, live rows in the same order, and other
generations' files go.

Freshness: a run that changes the collection writes `dirty` first and removes it last. While `dirty` is there, or
when store.json is missing, of another version or chunk-id format (assistant/chunks.py), or names a file that is
missing or shorter than it says, reads go to Chroma exactly as they did before these files existed, and the next
`index` writes the table whole. Within a generation files only grow, so a reader keeps reading the rows its
store.json named while a run appends more.
Files an earlier version wrote (`chunks.json`, `bm25/`, `tokens.npz`, ...) are never read; the next `index`
replaces them. This module imports neither chromadb nor any model client.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from assistant.appendfile import append_lines, compacts, json_lines
from assistant.chunks import ID_FORMAT
from assistant.files import disk_errors, write_private
from assistant.lexical import LexicalIndex, Tokens, encode, kept

DIRTY = "dirty"
STORE = "store.json"
VERSION = 2
FIND_AT_MOST = 64  # chunks an edit replaces that are looked up as bytes; past this, the ids are parsed
LEXICAL = ("rows", "tokens", "lengths", "vocab")
DENSE = ("vectors", "records", "ends")
_SUFFIX = {"rows": "jsonl", "tokens": "i32", "lengths": "i32", "vocab": "txt", "vectors": "f32", "records": "bin",
           "ends": "i64"}  # fmt: skip
_EARLIER = ("chunks.json", "bm25", "tokens.npz", "vectors.npy", "records.bin", "offsets.npy")


def is_dirty(folder: Path) -> bool:
    """Whether a run that changes the collection started and has not finished (killed, or failed)."""
    return (folder / DIRTY).exists()


def mark_dirty(folder: Path) -> None:
    """Say the files may be stale until the run that changes the collection finishes."""
    write_private(folder / DIRTY, "")


def mark_clean(folder: Path) -> None:
    """Say the files are in step with the collection again."""
    (folder / DIRTY).unlink(missing_ok=True)


# Chunks an edit stored in the table but not yet in the embedded store (each with its vector, document and metadata)
# and chunks it deleted from the table only, a JSON line each, a later line for a chunk superseding an earlier one:
# the store takes them in (`NoteIndex`'s catch-up) before anything reads or changes it, so an edit need not open it.
# Kept beside the table's folder and apart from the table: whatever happens to the table, the store gets them.
PENDING = "store-pending.jsonl"
LOST = "lost"  # what `read_pending` says when the file is there but damaged: what the store lacks is unknown


def pending_path(folder: Path) -> Path:
    """Where the chunks the store lacks are listed, for the table in `folder`."""
    return folder.parent / PENDING


def read_pending(folder: Path) -> list[dict[str, Any]] | str | None:
    """What the store has yet to do, in order: `{"upsert": id, "document", "metadata", "vector"}` (the vector as
    base64 float32) or `{"delete": id}`, one per chunk; None when nothing is pending, LOST when the list is damaged.

    A last line cut short is damage too: the run that was writing it never finished (its manifest is not trusted,
    so the next sync compares the notes against the store itself, and does not need the list).
    """
    try:
        data = pending_path(folder).read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return LOST
    if data and not data.endswith(b"\n"):
        return LOST
    try:
        entries = json_lines(data)
    except ValueError:
        return LOST
    ops: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("delete"), str) and len(entry) == 1:
            ops[entry["delete"]] = entry
        elif (isinstance(entry, dict) and isinstance(entry.get("upsert"), str)
              and isinstance(entry.get("document"), str) and isinstance(entry.get("metadata"), dict)
              and isinstance(entry.get("vector"), str)):
            ops[entry["upsert"]] = entry
        else:
            return LOST
    return list(ops.values())


def add_pending(folder: Path, *, ids: list[str], documents: list[str], metadatas: list[dict[str, Any]],
                vectors: Any, delete: list[str]) -> None:
    """List these chunks for the store to take in, and these ids for it to delete (appended to the list)."""
    import base64

    import numpy as np

    rows: Any = np.asarray(vectors, dtype="<f4").reshape(len(ids), -1) if ids else []
    lines: list[dict[str, Any]] = [{"delete": chunk_id} for chunk_id in delete]
    lines += [{"upsert": chunk_id, "document": document, "metadata": metadata,
               "vector": base64.b64encode(row.tobytes()).decode()}
              for chunk_id, document, metadata, row in zip(ids, documents, metadatas, rows, strict=True)]
    append_lines(pending_path(folder), [json.dumps(line, ensure_ascii=False).encode() for line in lines], create=True)


def give_pending(pending: list[dict[str, Any]], collection: Any, *, batch: int) -> None:
    """Give the store's `collection` what `read_pending` listed: deletions, then chunks, `batch` at a time."""
    import base64

    import numpy as np

    gone = [entry["delete"] for entry in pending if "delete" in entry]
    for start in range(0, len(gone), batch):
        collection.delete(ids=gone[start : start + batch])
    added = [entry for entry in pending if "upsert" in entry]
    for start in range(0, len(added), batch):
        part = added[start : start + batch]
        collection.upsert(ids=[e["upsert"] for e in part], documents=[e["document"] for e in part],
                          embeddings=[np.frombuffer(base64.b64decode(e["vector"]), dtype="<f4").tolist() for e in part],
                          metadatas=[e["metadata"] for e in part])


def clear_pending(folder: Path) -> None:
    """Say the store holds every chunk of the table (it took them in, or the table was written from it)."""
    pending_path(folder).unlink(missing_ok=True)


def path(folder: Path, generation: str, name: str) -> Path:
    """The file `name` of the table's generation `generation`."""
    return folder / f"{name}-{generation}.{_SUFFIX[name]}"


def read_facts(folder: Path, *, dense: bool = True) -> dict[str, Any] | None:
    """store.json when it is this version's and each file it names (the ranking's only, unless `dense`) is at
    least as long as it says; else None."""
    try:
        facts = json.loads((folder / STORE).read_bytes())
        if not isinstance(facts, dict) or facts.get("version") != VERSION or facts.get("ids") != ID_FORMAT:
            return None
        names = LEXICAL + (DENSE if facts["dense"] and dense else ())
        counts = [facts["rows"], facts["words"], *facts["sizes"].values(), *facts["dead"], facts.get("dim") or 0]
        if (not all(type(n) is int and n >= 0 for n in counts) or any(row >= facts["rows"] for row in facts["dead"])
                or not all(isinstance(facts[key], str) for key in ("generation", "embedding", "knowledge"))):
            return None
        if any(path(folder, facts["generation"], name).stat().st_size < facts["sizes"][name] for name in names):
            return None  # cut short, or lost
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return facts


def ready(folder: Path) -> bool:
    """Whether reads may use the folder: not dirty, and the whole table (ranking and chunks) is there."""
    if is_dirty(folder):
        return False
    facts = read_facts(folder)  # without numpy: store.json and a stat of each file
    return facts is not None and bool(facts["dense"])


def read_lexical(folder: Path, *, dirty: bool = False) -> LexicalIndex | None:
    """The saved ranking: the table's live rows with their tokens; None when it is stale or cannot be read.

    `dirty`: read it even while a run is changing the collection (that run itself, to compact the table).
    """
    import numpy as np

    facts = None if is_dirty(folder) and not dirty else read_facts(folder, dense=False)  # ChunkStore.load: the rest
    if facts is None:
        return None
    try:
        rows = json_lines(_prefix(folder, facts, "rows"))
        words = _prefix(folder, facts, "vocab").decode().split("\n")[:-1]
        lengths = np.fromfile(path(folder, facts["generation"], "lengths"), dtype=np.int32, count=facts["rows"])
        flat = _array(folder, facts, "tokens", np.int32)
    except OSError:
        return None
    except ValueError:  # UnicodeDecodeError is one
        _damaged(folder, dirty)
        return None
    if is_dirty(folder) and not dirty:
        return None  # a run began to change the collection while the files were being read
    if (len(rows) != facts["rows"] or len(lengths) != facts["rows"] or len(words) != facts["words"]
            or int(lengths.sum(dtype=np.int64)) != len(flat)
            or not all(type(row) is list and len(row) == 2 and type(row[0]) is str and type(row[1]) is dict
                       for row in rows)):
        _damaged(folder, dirty)
        return None
    live = _live(facts)
    chosen = rows if live is None else [rows[int(row)] for row in live]
    ids, metadata = [row[0] for row in chosen], [row[1] for row in chosen]
    return LexicalIndex(ids, metadata, Tokens(flat, lengths, words), live=live, facts=facts)


def _damaged(folder: Path, dirty: bool) -> None:
    """Files that are whole in size but not what store.json says: forget store.json, so the next `index` writes the
    table whole (within a generation files only grow: no run in progress could have caused this)."""
    if not dirty:
        with contextlib.suppress(OSError):
            (folder / STORE).unlink(missing_ok=True)


def _live(facts: dict[str, Any]) -> Any:
    """The live rows of the table, in order; None when none is dead."""
    import numpy as np

    if not facts["dead"]:
        return None
    live = np.ones(facts["rows"], dtype=bool)
    live[facts["dead"]] = False
    return np.flatnonzero(live)


def _prefix(folder: Path, facts: dict[str, Any], name: str) -> bytes:
    """The bytes of file `name` that store.json counts (a run may be appending more)."""
    size = facts["sizes"][name]
    with path(folder, facts["generation"], name).open("rb") as handle:
        data = handle.read(size)
    if len(data) != size:
        raise ValueError(f"{name} is shorter than store.json says")
    return data


def _array(folder: Path, facts: dict[str, Any], name: str, dtype: Any) -> Any:
    """The part of file `name` that store.json counts, memory-mapped (empty when there is none)."""
    import numpy as np

    count = facts["sizes"][name] // np.dtype(dtype).itemsize
    if not count:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path(folder, facts["generation"], name), dtype=dtype, mode="r", shape=(count,))


class ChunkStore:
    """Every chunk's vector, document and metadata as the last sync stored them, in the ranking's order."""

    def __init__(self, facts: dict[str, Any], ids: list[str], vectors: Any, ends: Any, blob: Any,
                 live: Any = None) -> None:
        self.facts = facts
        self.ids = ids
        self.vectors = vectors  # a row per table row, dead ones included
        self.ends = ends
        self.blob = blob  # the records, memory-mapped: a run that replaces the files later does not change them
        self.live = live  # the table rows of ids, or None when none is dead
        self._rows: dict[str, int] | None = None

    @property
    def embedding(self) -> str:
        """The fingerprint of the embedding model that built the collection."""
        return str(self.facts["embedding"])

    @property
    def knowledge(self) -> str:
        """The knowledge folder the collection was built from, as the collection records it."""
        return str(self.facts["knowledge"])

    @classmethod
    def load(cls, folder: Path, lexical: LexicalIndex, *, dirty: bool = False) -> ChunkStore | None:
        """The chunks of the table `lexical` was read from, when their files are there and whole; else None
        (`dirty` as `read_lexical`'s)."""
        import numpy as np

        facts = lexical.facts
        if not facts.get("dense"):
            return None
        rows, dim = facts["rows"], facts.get("dim") or 0
        try:
            ends = np.fromfile(path(folder, facts["generation"], "ends"), dtype=np.int64, count=rows)
            vectors = _array(folder, facts, "vectors", np.float32)
            blob = _array(folder, facts, "records", np.uint8)
        except (OSError, ValueError):
            return None
        if is_dirty(folder) and not dirty:
            return None  # a run began to change the collection while the files were being opened
        if (len(ends) != rows or len(vectors) != rows * dim or (int(ends[-1]) if rows else 0) != len(blob)
                or (rows and not dim)):
            _damaged(folder, dirty)
            return None
        return cls(facts, lexical.ids, vectors.reshape(rows, dim), ends, blob, lexical.live)

    def nearest(self, query: list[float], n: int, mask: Any = None) -> list[tuple[int, float]]:
        """Rows of the `n` chunks nearest `query` by cosine, among those `mask` allows; nearest first, ties by id.

        Returns (row, distance) with Chroma's cosine distance, 1 - cosine similarity.
        """
        import numpy as np

        if n <= 0 or not self.ids:
            return []
        vector = np.asarray(query, dtype=np.float32)
        vector /= np.linalg.norm(vector) or 1.0
        if mask is None:  # every row scored in place (memory-mapped, no copy), dead ones then left out
            rows, scores = np.arange(len(self.ids)), self.vectors @ vector
            scores = scores if self.live is None else scores[self.live]
        else:
            rows = np.flatnonzero(mask)
            scores = self.vectors[self._table(rows)] @ vector
        if not len(rows):
            return []
        if len(rows) > n:  # every row that scores at least the n-th best, so ties at the cut are settled by id
            cut = np.partition(scores, len(scores) - n)[len(scores) - n]
            keep = np.flatnonzero(scores >= cut)
            rows, scores = rows[keep], scores[keep]
        ranked = sorted(zip(rows.tolist(), scores.tolist(), strict=True), key=lambda r: (-r[1], self.ids[r[0]]))
        return [(row, 1.0 - score) for row, score in ranked[:n]]

    def _table(self, rows: Any) -> Any:
        return rows if self.live is None else self.live[rows]

    def rows(self, ids: list[str]) -> list[int]:
        """The rows of the chunks with these ids, in the order given (unknown ids left out)."""
        if self._rows is None:
            self._rows = {chunk_id: row for row, chunk_id in enumerate(self.ids)}
        return [self._rows[i] for i in ids if i in self._rows]

    def records(self, rows: list[int]) -> list[tuple[str, dict[str, Any]]]:
        """The document and metadata of each row, in the order given; only these records are read."""
        found = []
        for row in rows:
            at = int(self._table(row))
            start = int(self.ends[at - 1]) if at else 0
            document, metadata = json.loads(bytes(self.blob[start : int(self.ends[at])]))
            found.append((document, metadata))
        return found


class Table:
    """Rows to write: chunk ids with their filter metadata, tokens, and (for the embedded store) vectors and records.

    `embedding` and `knowledge` are what store.json records about the collection.
    """

    def __init__(self, folder: Path, *, embedding: str, knowledge: str, dense: bool) -> None:
        self.folder = folder
        self.facts: dict[str, Any] = {"embedding": embedding, "knowledge": knowledge, "dense": dense}

    def write(self, ids: list[str], documents: list[str], metadatas: list[dict[str, Any]], vectors: Any) -> None:
        """Write these chunks as the whole table, a new generation; every other generation's files go."""
        vocab: dict[str, int] = {}
        flat, lengths = encode(documents, vocab)
        parts = _parts(ids, metadatas, flat, lengths, list(vocab), documents, vectors, self.facts["dense"])
        self._generation(parts, rows=len(ids), words=len(vocab))
        clear_pending(self.folder)  # these are the store's chunks: it lacks none of them

    def append(self, old: dict[str, Any], *, remove: set[str], ids: list[str], documents: list[str],
               metadatas: list[dict[str, Any]], vectors: Any) -> bool:
        """Add these chunks after the rows of the table store.json described as `old` (`read_facts`), and mark the
        rows of the chunks in `remove` dead: the other rows are neither read nor written.

        Past COMPACT_SHARE dead rows the table is written whole instead, from its own files. False when neither
        can be done (the files are not what `old` says, or the vectors' width changed): write it whole, then.
        """
        dense = self.facts["dense"]
        dim = _width(vectors, len(ids))
        if dense and (not old["dense"] or (old.get("dim") and dim and old["dim"] != dim)):
            return False
        try:
            found = self._rows_of(old, remove)
            words = _prefix(self.folder, old, "vocab").decode().split("\n")[:-1]
        except (OSError, ValueError, TypeError):  # UnicodeDecodeError is a ValueError
            return False
        if len(words) != old["words"]:
            return False
        dead = sorted({*old["dead"], *found})
        if compacts(len(dead), old["rows"] + len(ids)):
            return self._compact(old, remove, ids, documents, metadatas, vectors)
        vocab = {word: i for i, word in enumerate(words)}
        flat, lengths = encode(documents, vocab)
        added = list(vocab)[len(words) :]
        parts = _parts(ids, metadatas, flat, lengths, added, documents, vectors, dense,
                       offset=old["sizes"]["records"] if dense else 0)
        sizes = dict(old["sizes"])
        for name, data in parts.items():
            target = path(self.folder, old["generation"], name)
            with disk_errors(target), target.open("r+b") as handle:
                handle.truncate(old["sizes"][name])  # anything past what store.json counted is not the table's
                handle.seek(old["sizes"][name])
                handle.write(data)
            sizes[name] = old["sizes"][name] + len(data)
        dims = {"dim": old.get("dim") or dim} if dense else {}
        self._facts(generation=old["generation"], rows=old["rows"] + len(ids), words=old["words"] + len(added),
                    dead=dead, sizes=sizes, **dims)
        return True

    def _rows_of(self, old: dict[str, Any], remove: set[str]) -> list[int]:
        """The live rows of the chunks in `remove`: a few are found as bytes in rows-G.jsonl, without parsing it."""
        data = b"\n" + _prefix(self.folder, old, "rows")
        dead = set(old["dead"])
        if len(remove) > FIND_AT_MOST:
            rows = json_lines(data[1:])
            return [row for row, (chunk_id, _) in enumerate(rows) if chunk_id in remove and row not in dead]
        found = []
        for chunk_id in remove:
            line = b"\n" + json.dumps([chunk_id], ensure_ascii=False)[:-1].encode() + b","  # `\n["<id>",`
            at = data.find(line)
            while at >= 0:
                row = data.count(b"\n", 0, at)  # the newline before row r is the r-th one (one added at the start)
                if row not in dead:
                    found.append(row)
                at = data.find(line, at + 1)
        return found

    def _compact(self, old: dict[str, Any], remove: set[str], ids: list[str], documents: list[str],
                 metadatas: list[dict[str, Any]], vectors: Any) -> bool:
        """Write the table whole: its live rows but those of `remove`, then the given chunks (False: unreadable)."""
        import numpy as np

        previous = read_lexical(self.folder, dirty=True)
        store = ChunkStore.load(self.folder, previous, dirty=True) if previous is not None else None
        if previous is None or previous.facts != old or (self.facts["dense"] and store is None):
            return False
        keep = np.asarray([i for i, chunk_id in enumerate(previous.ids) if chunk_id not in remove], dtype=np.int64)
        rows = previous.rows(keep)
        tokens = previous.tokens
        lengths = tokens.lengths[rows].astype(np.int32)
        starts = tokens.ends[rows] - lengths  # each kept row's tokens, gathered in one index
        within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        flat = np.asarray(tokens.flat)[np.repeat(starts, lengths) + within]
        used, flat = np.unique(flat, return_inverse=True)  # words of deleted rows only are dropped
        words = [tokens.words[int(t)] for t in used]
        vocab = {word: i for i, word in enumerate(words)}
        new_flat, new_lengths = encode(documents, vocab)
        kept_ids = [previous.ids[int(i)] for i in keep]
        kept_meta = [previous.metadata[int(i)] for i in keep]
        parts = _parts([*kept_ids, *ids], [*kept_meta, *metadatas],
                       np.concatenate([flat.astype(np.int32), new_flat]), np.concatenate([lengths, new_lengths]),
                       list(vocab), [], None, dense=False)
        if self.facts["dense"]:
            assert store is not None
            blob = bytes(store.blob)
            records = [blob[int(store.ends[r - 1]) if r else 0 : int(store.ends[r])] for r in rows.tolist()]
            parts.update(_dense([*records, *_records(documents, metadatas)],
                                _join(np.asarray(store.vectors[rows], dtype=np.float32), vectors, len(ids))))
        self._generation(parts, rows=len(kept_ids) + len(ids), words=len(vocab))
        return True

    def _generation(self, parts: dict[str, bytes], *, rows: int, words: int) -> None:
        """Write `parts` as a new generation, store.json last, then remove every other generation's files."""
        import numpy as np

        generation = os.urandom(4).hex()
        for name, data in parts.items():
            write_private(path(self.folder, generation, name), data)
        dims = {}
        if self.facts["dense"]:
            dims["dim"] = len(parts["vectors"]) // np.dtype(np.float32).itemsize // rows if rows else None
        self._facts(generation=generation, rows=rows, words=words, dead=[],
                    sizes={name: len(data) for name, data in parts.items()}, **dims)
        for stale in self.folder.iterdir():
            if stale.name in _EARLIER and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            elif stale.name in _EARLIER or (stale.stem.rsplit("-", 1)[-1] != generation
                                            and stale.suffix.lstrip(".") in _SUFFIX.values() and "-" in stale.stem):
                stale.unlink(missing_ok=True)

    def _facts(self, **facts: Any) -> None:
        write_private(self.folder / STORE, json.dumps({"version": VERSION, "ids": ID_FORMAT, **self.facts, **facts}))


def _width(vectors: Any, count: int) -> int | None:
    import numpy as np

    return int(np.asarray(vectors).reshape(count, -1).shape[1]) if count and vectors is not None else None


def _parts(ids: list[str], metadatas: list[dict[str, Any]], flat: Any, lengths: Any, words: list[str],
           documents: list[str], vectors: Any, dense: bool, offset: int = 0) -> dict[str, bytes]:
    """The bytes each file of the table gets for these rows (`offset`: where their records start)."""
    rows = "".join(json.dumps([i, kept(m)], ensure_ascii=False) + "\n" for i, m in zip(ids, metadatas, strict=True))
    parts = {"rows": rows.encode(), "tokens": flat.astype("<i4").tobytes(), "lengths": lengths.astype("<i4").tobytes(),
             "vocab": "".join(f"{word}\n" for word in words).encode()}
    if dense:
        parts.update(_dense(_records(documents, metadatas), _join(None, vectors, len(ids)), offset))
    return parts


def _records(documents: list[str], metadatas: list[dict[str, Any]]) -> list[bytes]:
    return [json.dumps([d, dict(m)], ensure_ascii=False).encode() for d, m in zip(documents, metadatas, strict=True)]


def _dense(records: list[bytes], vectors: Any, offset: int = 0) -> dict[str, bytes]:
    import numpy as np

    ends = offset + np.cumsum([len(r) for r in records], dtype=np.int64)
    return {"vectors": vectors.astype("<f4").tobytes(), "records": b"".join(records),
            "ends": ends.astype("<i8").tobytes()}


def _join(old: Any, vectors: Any, count: int) -> Any:
    """`old` rows (already unit length) and these `vectors` scaled to unit length after them, float32."""
    import numpy as np

    added = np.asarray(vectors, dtype=np.float32).reshape(count, -1) if count else None
    if added is not None:
        norms = np.linalg.norm(added, axis=1, keepdims=True)
        norms[norms == 0] = 1.0  # a zero row stays zero; Chroma's cosine space compares unit rows
        added = added / norms
    parts = [part for part in (old, added) if part is not None and len(part)]
    return np.ascontiguousarray(np.concatenate(parts) if parts else np.zeros((0, 0)), dtype=np.float32)
