"""The Chroma index of note chunks: an incremental, interruption-safe cache of the knowledge folder."""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant import sidecar
from assistant.chunks import ID_FORMAT, Chunk, chunk_note
from assistant.config import Settings
from assistant.embeddings import Embedder, make_embedder
from assistant.errors import IndexStateError
from assistant.lexical import LexicalIndex
from assistant.manifest import Manifest, SyncReport, readable_store
from assistant.notes import LoadResult
from assistant.sidecar import ChunkStore, Table
from assistant.store import forget_store, index_lock, knowledge_key, open_client, service

if TYPE_CHECKING:
    from assistant.chroma import NotesEmbeddingFunction

COLLECTION = "second-chance-notes"


def collection_name(settings: Settings) -> str:
    """The collection for this workspace: a server may hold many workspaces, so each gets its own name."""
    if not settings.chroma_url:
        return COLLECTION
    digest = hashlib.sha1(str(settings.home).encode()).hexdigest()[:10]
    return f"{COLLECTION}-{digest}"


BATCH = 1024  # chunks embedded and stored at a time: Chroma inserts 1,024 at once about a fifth faster than 256
BESIDE_AT_MOST = 64  # notes a sync may change and store beside the embedded store only, without opening it
PENDING_AT_MOST = 1024  # chunks the store may lack (about 3 KB each): past this, the next sync opens it
READER_WAIT = 30.0  # seconds a draft or chat waits for another run's index lock before giving up
OLDER = "The index was made by an older version of second-chance"  # its chunk ids are of another format
REFUSED = f"{OLDER}; run `second-chance index` (it embeds your notes again, once)."  # what reads say of it


class _Changes:
    """What one sync did: its report, the chunks it embedded, the ids it deleted, and each note's chunk ids."""

    def __init__(self, report: SyncReport) -> None:
        self.report = report
        self.pending: list[Chunk] = []
        self.stale: list[str] = []
        self.ids: dict[str, list[str]] = {}
        self.kept = 0  # notes whose stored chunks were complete and stay
        self.vectors: Any = None  # the pending chunks' vectors, float32, a row each


class _Beside:
    """What a sync that stores its changes beside the store only hands `_sync_into` for the collection: it counts."""

    def __init__(self, manifest: Manifest) -> None:
        self.ids = {chunk_id for row in manifest.files.values() for chunk_id in row.get("ids", ())}

    def upsert(self, ids: list[str], *_: Any, **__: Any) -> None:
        self.ids.update(ids)

    add = upsert

    def delete(self, ids: list[str], *_: Any, **__: Any) -> None:
        self.ids.difference_update(ids)

    def count(self) -> int:
        return len(self.ids)


class Hit(BaseModel):
    """A chunk as stored: id, the embedded document, and its metadata."""

    id: str
    document: str
    metadata: dict[str, Any]
    distance: float | None = None

    @property
    def text(self) -> str:
        """The passage itself, without the metadata header."""
        return self.document[int(self.metadata.get("body_offset", 0)) :]


class NoteIndex:
    """The chunks of every note in a Chroma collection, kept in step with the notes by content hash.

    With the embedded store, reads answer from the files the last sync wrote beside it (assistant/sidecar.py)
    without importing chromadb; when those are stale or missing, and always with a server, they ask Chroma.
    """

    def __init__(self, settings: Settings, *, embedder: Embedder | None = None, client: Any = None) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings)
        self._client = client
        self._lexical: LexicalIndex | None = None
        self._store: ChunkStore | None = None
        self._queries: dict[str, list[float]] = {}  # a letter searches the same words several times
        self._locked = False  # whether this process holds the index lock (in `sync`)
        self.name = collection_name(settings)

    @property
    def client(self) -> Any:
        """The Chroma client: a server when SECOND_CHANCE_CHROMA_URL is set, else embedded on disk."""
        if self._client is None:
            self._client = open_client(self.settings)
        return self._client

    def _ef(self) -> NotesEmbeddingFunction:
        from assistant.chroma import NotesEmbeddingFunction

        return NotesEmbeddingFunction(self.embedder.fingerprint, self.embedder)

    def collection(self) -> Any:
        """The notes collection; errors if there is none yet or another embedder built it."""
        self._caught_up()  # first, what edits stored beside it only
        with service(self.settings):
            names = {getattr(c, "name", c) for c in self.client.list_collections()}
            if self.name not in names:
                raise IndexStateError("There is no index yet; run `second-chance index` first.")
            collection = self.client.get_collection(self.name, embedding_function=self._ef())
        if _older(collection):
            raise IndexStateError(REFUSED)
        built_by = (collection.metadata or {}).get("embedding")
        if built_by != self.embedder.fingerprint:
            raise IndexStateError(
                f"The index was built with '{built_by}' embeddings, not '{self.embedder.fingerprint}'; "
                "run `second-chance index --rebuild`."
            )
        return collection

    def sync(
        self, loaded: LoadResult, *, rebuild: bool = False, progress: Callable[[int, int], None] | None = None,
        wait: float = 0.0, upgrade: Callable[[str], None] | None = None,
    ) -> SyncReport:
        """Bring the index in step with the notes; embed only what changed; one writer at a time.

        `wait` is how long to wait for another run's lock (a reader such as `draft` waits; `index` does not).
        `upgrade`: an index an older version made is rebuilt, and this is told why first (`index` passes it);
        without it, such an index is an error that says to run `index`.
        """
        with index_lock(self.settings.state_dir, wait=wait), service(self.settings), self._holding_lock():
            manifest = None if rebuild else Manifest.read(self.settings, self.embedder.fingerprint)
            if manifest is None and not rebuild and self._made_by_older():  # a trusted manifest is of this format
                if upgrade is None:
                    raise IndexStateError(REFUSED)
                upgrade(f"{OLDER}; embedding {len(loaded.notes)} notes again (once).")
                self._discard_older()
                rebuild = True
            if manifest is not None and self._in_step():
                unchanged = manifest.report_if_unchanged(loaded)
                if unchanged is not None:
                    return unchanged  # nothing to compare in Chroma: the last sync stored exactly these notes
                saved = self._defers(loaded, manifest)
                if saved is not None:  # a small edit: stored beside the store, which takes it in when next opened
                    beside = self._sync_beside(loaded, manifest, saved, progress)
                    if beside is not None:
                        return beside
                    manifest = None  # the files beside the store could not take it: the store takes it, compared
            if not rebuild and not self._caught_up():
                manifest = None  # what the store lacks is unknown: compare the notes against the store itself
            previous = None if rebuild else self._saved()
            if manifest is None:  # the index may change from here: a killed run leaves no manifest to trust
                Manifest.discard(self.settings)
            else:
                manifest.begin(self.settings)
            moved = False
            if rebuild:
                self._discard_if_damaged()
                changes = self._rebuild(loaded, progress)
            else:
                try:
                    collection = self.collection()
                except IndexStateError as exc:
                    if "no index yet" not in str(exc):
                        raise
                    collection = self._create(self.name)
                changes = self._sync_into(collection, loaded, progress, manifest.stored() if manifest else None)
                if (collection.metadata or {}).get("knowledge") != knowledge_key(self.settings):
                    collection.modify(metadata=self._metadata())
                    moved = True  # the chunk store records the folder too
            report = changes.report
            if rebuild or changes.pending or changes.stale or moved or not self._in_step():
                self._save_sidecar(previous, changes)
            Manifest.write(self.settings, self.embedder.fingerprint, loaded, changes.ids, report.chunks,
                           previous=manifest)
            return report

    @contextlib.contextmanager
    def _holding_lock(self) -> Iterator[None]:
        """Say this process holds the index lock (a catch-up of the store inside a sync need not take it)."""
        self._locked = True
        try:
            yield
        finally:
            self._locked = False

    def _defers(self, loaded: LoadResult, manifest: Manifest) -> dict[str, Any] | None:
        """What store.json says of the files beside the embedded store, when this sync may store its changes there
        only (few notes changed, the store lags behind by few chunks); else None."""
        if self.settings.chroma_url:
            return None  # a server is the store: its readers always ask it
        saved = self._saved()
        if saved is None or saved["knowledge"] != knowledge_key(self.settings):
            return None
        files = manifest.files
        changed = sum(1 for note in loaded.notes if files.get(note.source, {}).get("hash") != note.hash)
        changed += len({source for source, row in files.items() if "ids" in row} - {n.source for n in loaded.notes})
        pending = sidecar.read_pending(self._lexical_dir) if changed <= BESIDE_AT_MOST else None
        if changed > BESIDE_AT_MOST or pending == sidecar.LOST or len(pending or ()) > PENDING_AT_MOST:
            return None  # many changes, or the store is due to take in what it lacks (or the list is damaged)
        return saved

    def _sync_beside(self, loaded: LoadResult, manifest: Manifest, saved: dict[str, Any],
                     progress: Callable[[int, int], None] | None) -> SyncReport | None:
        """Store this sync's changes in the files beside the store only, listed as pending for the store (which
        takes them in when next opened: `_caught_up`); None when those files could not take them."""
        manifest.begin(self.settings)
        changes = self._sync_into(_Beside(manifest), loaded, progress, manifest.stored())
        if (changes.pending or changes.stale) and not self._save_sidecar(saved, changes, pending=True):
            return None
        Manifest.write(self.settings, self.embedder.fingerprint, loaded, changes.ids, changes.report.chunks,
                       previous=manifest)
        return changes.report

    def _caught_up(self) -> bool:
        """Give the embedded store the changes edits stored beside it only (`_sync_beside`), under the index lock;
        False when they were lost (the files beside it are damaged): the manifest and those files are then not
        trusted, so the next sync compares the notes against the store itself."""
        if self.settings.chroma_url or sidecar.read_pending(self._lexical_dir) is None:
            return True
        with contextlib.ExitStack() as stack:
            if not self._locked:
                stack.enter_context(index_lock(self.settings.state_dir, wait=READER_WAIT))
            pending = sidecar.read_pending(self._lexical_dir)
            if pending is None:
                return True  # another run took them in meanwhile
            with service(self.settings):
                names = {getattr(c, "name", c) for c in self.client.list_collections()}
                if not isinstance(pending, list) or self.name not in names:
                    self._mark_dirty()  # reads ask the store, and the next sync writes these files whole from it
                    Manifest.discard(self.settings)
                    sidecar.clear_pending(self._lexical_dir)
                    return False
                sidecar.give_pending(pending, self.client.get_collection(self.name, embedding_function=self._ef()),
                                     batch=BATCH)
            sidecar.clear_pending(self._lexical_dir)
            Manifest.caught_up(self.settings)
        return True

    def _made_by_older(self) -> bool:
        """Whether the collection is there and holds chunk ids of an earlier format (it is not read, but rebuilt)."""
        names = {getattr(c, "name", c) for c in self.client.list_collections()}
        return self.name in names and _older(self.client.get_collection(self.name, embedding_function=self._ef()))

    def _discard_older(self) -> None:
        """Before an upgrade: the embedded store is deleted whole, as nothing reads it any more, so the rebuild does
        not leave the old collection's files behind, nor a database twice the size (the chunks an edit stored beside
        it only go with the table written whole). A server's collection is replaced as in any rebuild."""
        if self.settings.chroma_url:
            return
        import shutil

        path = self.settings.state_dir / "chroma"
        self._client = None
        forget_store(path)  # this process's handle on it (opened to read its format)
        shutil.rmtree(path, ignore_errors=True)
        shutil.rmtree(self._lexical_dir, ignore_errors=True)

    def _in_step(self) -> bool:
        """Whether the files beside the store answer reads: the ranking, and with the embedded store the chunks."""
        return self._saved() is not None

    def _saved(self) -> dict[str, Any] | None:
        """What store.json says of the files beside the store (what an edit appends to), when reads may use them:
        not dirty, every file there and whole, and with the embedded store the chunks, built by this embedder.

        A stat of each file, without reading them."""
        dense = not self.settings.chroma_url
        facts = None if sidecar.is_dirty(self._lexical_dir) else sidecar.read_facts(self._lexical_dir, dense=dense)
        if facts is None or not dense:
            return facts
        in_store = (self.settings.state_dir / "chroma" / "chroma.sqlite3").is_file()
        return facts if facts["dense"] and facts["embedding"] == self.embedder.fingerprint and in_store else None

    @property
    def _lexical_dir(self) -> Path:
        return self.settings.state_dir / "lexical"

    def _save_sidecar(self, previous: dict[str, Any] | None, changes: _Changes, *, pending: bool = False) -> bool:
        """Save this run's changes beside the store: appended to the saved table, else the table whole.

        Whole from this run's chunks when it stored every chunk, else from what the collection holds (the saved
        table was missing, stale or of an earlier version). `pending`: the store has not got them (`_sync_beside`):
        they are listed for it, and False says the table could not take them (it stays marked dirty).
        """
        sidecar.mark_dirty(self._lexical_dir)  # until the files are written, reads ask Chroma
        self._lexical = self._store = None
        dense = not self.settings.chroma_url  # a server is the store: its readers always ask it
        table = Table(self._lexical_dir, embedding=self.embedder.fingerprint, knowledge=knowledge_key(self.settings),
                      dense=dense)
        ids, documents = [c.id for c in changes.pending], [c.document for c in changes.pending]
        metadatas: list[dict[str, Any]] = [c.metadata for c in changes.pending]
        vectors = changes.vectors if dense else None
        if changes.kept == 0:  # every stored chunk is one this run added
            table.write(ids, documents, metadatas, vectors)
        elif previous is None or not table.append(previous, remove={*changes.stale, *ids}, ids=ids,
                                                  documents=documents, metadatas=metadatas, vectors=vectors):
            if pending:
                return False
            include = ["documents", "metadatas", *(["embeddings"] if dense else [])]
            found = self.collection().get(include=include)
            table.write(found["ids"], found["documents"], found["metadatas"], found["embeddings"] if dense else None)
        if pending:
            sidecar.add_pending(self._lexical_dir, ids=ids, documents=documents, metadatas=metadatas,
                                vectors=changes.vectors, delete=changes.stale)
        sidecar.mark_clean(self._lexical_dir)
        return True

    def _mark_dirty(self) -> None:
        """Say the saved ranking and chunks may be stale until the run that changes the collection finishes."""
        sidecar.mark_dirty(self._lexical_dir)
        self._lexical = self._store = None

    @property
    def incomplete(self) -> bool:
        """Whether the last run that changed the index stopped before it finished (killed, or failed)."""
        return sidecar.is_dirty(self._lexical_dir)

    def _discard_if_damaged(self) -> None:
        """Before a rebuild: a damaged embedded store is deleted whole, never opened or repaired."""
        if self.settings.chroma_url or self._client is not None:
            return
        path = self.settings.state_dir / "chroma"
        if readable_store(path):
            return
        import shutil

        shutil.rmtree(path, ignore_errors=True)
        shutil.rmtree(self._lexical_dir, ignore_errors=True)
        forget_store(path)  # any handle this process kept on the deleted store

    def lexical(self) -> LexicalIndex | None:
        """The saved BM25 ranking, if it is in step with the collection."""
        if self._lexical is None:
            self._lexical = sidecar.read_lexical(self._lexical_dir)
        return self._lexical

    def _chunks(self) -> ChunkStore | None:
        """The saved chunks, when reads may use them: the embedded store, in step, built by this embedder."""
        if self._store is None and not self.settings.chroma_url:
            lexical = self.lexical()
            if lexical is not None:
                self._store = self._chunk_store(lexical)
        return self._store

    def _chunk_store(self, lexical: LexicalIndex) -> ChunkStore | None:
        """The chunks beside `lexical` (rows in its id order) if they were built by this embedder into this store."""
        if self.settings.chroma_url or not (self.settings.state_dir / "chroma" / "chroma.sqlite3").is_file():
            return None
        store = ChunkStore.load(self._lexical_dir, lexical)
        return store if store is not None and store.embedding == self.embedder.fingerprint else None

    def _create(self, name: str) -> Any:
        return self.client.create_collection(name, embedding_function=self._ef(), metadata=self._metadata())

    def _metadata(self) -> dict[str, str | int]:
        return {"embedding": self.embedder.fingerprint, "knowledge": knowledge_key(self.settings), "ids": ID_FORMAT}

    def check_source(self) -> None:
        """Make sure the index holds the notes of the knowledge folder the settings name."""
        store = self._chunks()
        built_from = store.knowledge if store is not None else (self.collection().metadata or {}).get("knowledge")
        if built_from and built_from not in {knowledge_key(self.settings), str(self.settings.knowledge_dir)}:
            shown = built_from if Path(built_from).is_absolute() else str(self.settings.home / built_from)
            raise IndexStateError(
                f"The index holds the notes in {shown}, not {self.settings.knowledge_dir}; run "
                f"`second-chance index --knowledge {self.settings.knowledge_dir}` first."
            )

    def _rebuild(self, loaded: LoadResult, progress: Callable[[int, int], None] | None) -> _Changes:
        # Build beside the old collection and swap at the end, so an interrupted rebuild loses nothing.
        fresh = f"{self.name}-rebuild-{os.getpid()}-{int(time.time())}"
        collection = self._create(fresh)
        changes = self._sync_into(collection, loaded, progress)
        names = {getattr(c, "name", c) for c in self.client.list_collections()}
        if self.name in names:
            self.client.delete_collection(self.name)
        collection.modify(name=self.name)
        for stale in names - {self.name, fresh}:
            if stale.startswith(f"{self.name}-rebuild-"):
                self.client.delete_collection(stale)
        return changes

    def _sync_into(
        self, collection: Any, loaded: LoadResult, progress: Callable[[int, int], None] | None,
        stored: dict[str, dict[str, set[str]]] | None = None,
    ) -> _Changes:
        """Embed what is new or changed and delete what is gone; `stored` (from the manifest) spares a full read."""
        by_source: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        empty = False  # an empty collection is added to, which Chroma does faster than upserting into it
        if stored is not None:
            by_source.update(stored)
        else:
            found = collection.get(include=["metadatas"])
            for chunk_id, meta in zip(found["ids"], found["metadatas"] or [], strict=True):
                by_source[str(meta.get("source"))][str(meta.get("note_hash"))].add(chunk_id)
            empty = not found["ids"]

        report = SyncReport(skipped=loaded.skipped, warnings=loaded.warnings, examples=loaded.examples)
        changes = _Changes(report)
        for note in loaded.notes:
            present = by_source.pop(note.source, {})
            if stored is not None and set(present) == {note.hash} and present[note.hash]:
                complete, ids = True, sorted(present[note.hash])  # the manifest lists only complete notes
            else:
                chunks = chunk_note(note)
                ids = [c.id for c in chunks]
                complete = present.get(note.hash, set()) == set(ids)
                if not complete:
                    changes.pending.extend(chunks)
            changes.ids[note.source] = ids
            changes.kept += complete
            changes.stale.extend(i for h, chunk_ids in present.items() if h != note.hash for i in chunk_ids)
            if not present:
                report.added += 1
            elif complete and len(present) == 1:
                report.unchanged += 1
            else:
                report.updated += 1
        for ids_by_hash in by_source.values():
            report.removed += 1
            changes.stale.extend(i for chunk_ids in ids_by_hash.values() for i in chunk_ids)

        if changes.pending or changes.stale:
            self._mark_dirty()
        changes.vectors = self._add(collection, changes.pending, progress, empty=empty)
        for start in range(0, len(changes.stale), BATCH):
            collection.delete(ids=changes.stale[start : start + BATCH])
        report.embedded = len(changes.pending)
        report.chunks = collection.count()
        return changes

    def _add(self, collection: Any, chunks: list[Chunk], progress: Callable[[int, int], None] | None, *,
             empty: bool = False) -> Any:
        """Embed and store `chunks`; return their vectors (float32, a row each) for the chunk store beside it.

        Many chunks are embedded one batch ahead in a worker process while this one stores (`embed_batches`).
        Into an `empty` collection they are added (no id can be there already), else upserted.
        """
        import numpy as np

        from assistant.embeddings import embed_batches

        batches = [chunks[start : start + BATCH] for start in range(0, len(chunks), BATCH)]
        stored, done = [], 0
        with contextlib.closing(embed_batches(self.embedder, [[c.document for c in b] for b in batches])) as ahead:
            store = collection.add if empty else collection.upsert
            for batch, vectors in zip(batches, ahead, strict=True):
                store(
                    ids=[c.id for c in batch],
                    embeddings=vectors,
                    documents=[c.document for c in batch],
                    metadatas=[c.metadata for c in batch],
                )
                stored.append(vectors)
                done += len(batch)
                if progress:
                    progress(done, len(chunks))
        return np.concatenate(stored) if stored else np.zeros((0, 0), dtype=np.float32)

    def dense(self, query: str, *, n: int, where: dict[str, Any] | None = None) -> list[Hit]:
        """The `n` chunks nearest in meaning to `query`, nearest first."""
        store = self._chunks()
        if store is not None and LexicalIndex.filters(where):
            lexical = self.lexical()
            assert lexical is not None  # the chunk store is only trusted beside the ranking
            nearest = store.nearest(self._query_vector(query), n, lexical.mask(where) if where else None)
            records = store.records([row for row, _ in nearest])
            return [Hit(id=store.ids[row], document=document, metadata=metadata, distance=distance)
                    for (row, distance), (document, metadata) in zip(nearest, records, strict=True)]
        collection = self.collection()
        with service(self.settings):
            total = collection.count()
            if total == 0:
                return []
            found = collection.query(
                query_embeddings=[self._query_vector(query)],
                n_results=min(n, total),
                where=where or None,
                include=["documents", "metadatas", "distances"],
            )
        return [
            Hit(id=i, document=d, metadata=dict(m), distance=dist)
            for i, d, m, dist in zip(
                found["ids"][0], found["documents"][0], found["metadatas"][0], found["distances"][0],
                strict=True,
            )
        ]

    def _query_vector(self, query: str) -> list[float]:
        if query not in self._queries:
            self._queries[query] = self.embedder.embed_query(query)
        return self._queries[query]

    def by_ids(self, ids: list[str]) -> list[Hit]:
        """The chunks with these ids, in the order given (missing ones left out)."""
        if not ids:
            return []
        store = self._chunks()
        if store is not None:
            return self._hits(store, store.rows(ids))
        with service(self.settings):
            found = self.collection().get(ids=ids, include=["documents", "metadatas"])
        hits = {
            i: Hit(id=i, document=d, metadata=dict(m))
            for i, d, m in zip(found["ids"], found["documents"], found["metadatas"], strict=True)
        }
        return [hits[i] for i in ids if i in hits]

    def distinct(self, *keys: str) -> list[tuple[str, ...]]:
        """Distinct combinations of metadata `keys` ('' where one is missing) among chunks with the first key."""
        lexical = self.lexical()
        if lexical is not None:
            return lexical.distinct(*keys)
        rows = self.collection().get(include=["metadatas"])["metadatas"]
        return sorted({tuple(str(m.get(k) or "") for k in keys) for m in rows or [] if m.get(keys[0])})

    def chunks(self, where: dict[str, Any] | None = None) -> list[Hit]:
        """Every stored chunk that matches `where`, in id order."""
        store = self._chunks()
        if store is not None and LexicalIndex.filters(where):
            lexical = self.lexical()
            assert lexical is not None  # the chunk store is only trusted beside the ranking
            rows = range(len(store.ids)) if not where else lexical.mask(where).nonzero()[0].tolist()
            return self._hits(store, sorted(rows, key=store.ids.__getitem__))
        collection = self.collection()
        with service(self.settings):
            found = collection.get(where=where or None, include=["documents", "metadatas"])
        hits = [
            Hit(id=i, document=d, metadata=dict(m))
            for i, d, m in zip(found["ids"], found["documents"], found["metadatas"], strict=True)
        ]
        return sorted(hits, key=lambda h: h.id)

    @staticmethod
    def _hits(store: ChunkStore, rows: list[int]) -> list[Hit]:
        records = store.records(rows)
        return [Hit(id=store.ids[row], document=document, metadata=metadata)
                for row, (document, metadata) in zip(rows, records, strict=True)]


def _older(collection: Any) -> bool:
    """Whether an earlier version made this collection: its chunk ids are of another format (or none is recorded)."""
    return (collection.metadata or {}).get("ids") != ID_FORMAT
