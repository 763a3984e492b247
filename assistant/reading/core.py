"""Read every note once (cached by content and reader), then assemble the case file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Protocol

from assistant.casecache import paused_gc
from assistant.casefile import CaseFile, NoteReading
from assistant.embeddings import LocalEmbedder
from assistant.notes import LoadResult, Note
from assistant.reading.assemble import assemble
from assistant.reading.cache import ReadingCache, reading_key
from assistant.reading.parts import PartMatcher
from assistant.reading.rules import OfflineReader, ReadContext

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.embeddings import Embedder

Progress = Callable[[int, int], None]
BATCH = 64  # notes read together by a reader that can (one embedding call for all their sentences)


class Reader(Protocol):
    """Turns one note into a NoteReading; `name` and `version` key the cache."""

    name: str

    @property
    def version(self) -> str:
        """Changes whenever the way of reading does (part of the cache key)."""
        ...

    def read(self, note: Note, context: ReadContext) -> NoteReading:
        """Read one note."""
        ...


def read_note(note: Note, context: ReadContext | None = None) -> NoteReading:
    """Read one note offline (rules and meaning), without the cache."""
    return OfflineReader().read(note, context or ReadContext())


def default_reader(settings: Settings | None) -> Reader:
    """The offline reader, or the model reader when the settings name a chat model."""
    if settings is not None and settings.chat_model != "offline":
        from assistant.reading.model import ModelReader

        return ModelReader(settings)
    return OfflineReader()


def read_notes(
    notes: Sequence[Note],
    *,
    settings: Settings | None = None,
    reader: Reader | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
    only: Collection[str] | None = None,
) -> tuple[list[NoteReading], int]:
    """Every note's reading, from the cache when the note is unchanged; also how many were read afresh.

    Each new reading is saved as soon as it is made, so an interrupted run keeps what it read. `embedder`: the
    index's own (the bundled model, already loaded) to read parts by meaning with; another kind is not used.
    `only`: the sources of the notes to give readings of (the others' cached readings are kept, not loaded).
    """
    reader = reader or default_reader(settings)
    context = ReadContext(today=today or dt.date.today())
    if embedder is not None and embedder.fingerprint == LocalEmbedder.fingerprint:
        context.matcher = PartMatcher(embedder)  # the index's own model, already loaded
    cache = ReadingCache(settings.state_dir, reader.name) if settings is not None else None
    readings: list[NoteReading | None] = []
    keys: set[str] = set()
    fresh = 0
    pending = []
    with paused_gc():  # cached readings live as long as the command: the collector would walk them over and over
        for note in notes:
            key = reading_key(note, reader.name, reader.version, context.today.year)
            keys.add(key)
            if only is not None and note.source not in only:
                continue
            cached = cache.get(key) if cache is not None else None
            if cached is None:
                pending.append((len(readings), key, note))
            readings.append(cached)
    many = getattr(reader, "read_many", None)
    step = BATCH if many is not None else 1
    # New offline readings live as long as the command too: the collector would walk them over and over (3% of
    # reading them). A model's reader waits on the network, making garbage the collector is for.
    with paused_gc() if many is not None else nullcontext(), _closing(cache, keys):
        for start in range(0, len(pending), step):
            batch = pending[start : start + step]
            notes_read = many([n for _, _, n in batch], context) if many else [reader.read(batch[0][2], context)]
            for (slot, key, _), reading in zip(batch, notes_read, strict=True):
                readings[slot] = reading
                fresh += 1
                if cache is not None and reading.reader == reader.name:  # an offline fallback is not the model's
                    cache.put(key, reading)
            if progress is not None:
                progress(min(start + step, len(pending)), len(pending))
    return [r for r in readings if r is not None], fresh


@contextmanager
def _closing(cache: ReadingCache | None, keys: set[str]) -> Iterator[None]:
    """Close the readings cache (keeping `keys`) however the reading ends: an interrupted run keeps what it read."""
    try:
        yield
    finally:
        if cache is not None:
            cache.close(keys)


def read_case_file(
    loaded: LoadResult,
    *,
    settings: Settings | None = None,
    reader: Reader | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> CaseFile:
    """The case file of the notes in `loaded`: each note read once (cached under the workspace), then merged.

    `init`'s example notes (`example: true`) are left out: they are nobody, and plan or write nothing.
    """
    notes = loaded.without_examples().notes
    readings, _ = read_notes(notes, settings=settings, reader=reader, today=today, progress=progress)
    return assemble(readings)
