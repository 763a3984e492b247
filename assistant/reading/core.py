"""Read every note once (cached by content and reader), then assemble the case file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from assistant.casefile import CaseFile, NoteReading
from assistant.notes import LoadResult, Note
from assistant.reading.assemble import assemble
from assistant.reading.cache import ReadingCache, reading_key
from assistant.reading.rules import OfflineReader, ReadContext

if TYPE_CHECKING:
    from assistant.config import Settings

Progress = Callable[[int, int], None]


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
) -> tuple[list[NoteReading], int]:
    """Every note's reading, from the cache when the note is unchanged; also how many were read afresh.

    Each new reading is saved as soon as it is made, so an interrupted run keeps what it read.
    """
    reader = reader or default_reader(settings)
    context = ReadContext(today=today or dt.date.today())
    cache = ReadingCache(settings.state_dir, reader.name) if settings is not None else None
    readings: list[NoteReading | None] = []
    keys: set[str] = set()
    fresh = 0
    pending = []
    for note in notes:
        key = reading_key(note, reader.name, reader.version, context.today.year)
        keys.add(key)
        cached = cache.get(key) if cache is not None else None
        if cached is None:
            pending.append((len(readings), key, note))
        readings.append(cached)
    for done, (slot, key, note) in enumerate(pending, start=1):
        reading = reader.read(note, context)
        readings[slot] = reading
        fresh += 1
        if cache is not None and reading.reader == reader.name:  # an offline fallback is not the model's reading
            cache.put(key, reading)
        if progress is not None:
            progress(done, len(pending))
    if cache is not None:
        cache.prune(keys)
    return [r for r in readings if r is not None], fresh


def read_case_file(
    loaded: LoadResult,
    *,
    settings: Settings | None = None,
    reader: Reader | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> CaseFile:
    """The case file of the notes in `loaded`: each note read once (cached under the workspace), then merged."""
    readings, _ = read_notes(loaded.notes, settings=settings, reader=reader, today=today, progress=progress)
    return assemble(readings)
