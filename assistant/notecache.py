"""The parsed-notes cache: a note whose file did not change is not read and parsed again.

Kept in `.second-chance/notes-cache.json` (mode 0600), keyed by each file's path, size and modification time
(nanoseconds). It is only a cache: a missing, stale or unreadable one costs a full parse, never a wrong note.
At 10,000 notes it turns 1.9 s of reading and parsing into about 0.3 s (scripts/bench.py).
"""

from __future__ import annotations

import hashlib
import os
import time
from functools import cache
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError

from assistant.files import try_write_private
from assistant.notes import PARSER_VERSION, Note

CACHE_FILE = "notes-cache.json"
# A file changed twice within this many nanoseconds could keep its size and time; such files are not cached.
RACY_NS = 2_000_000_000


class _Entry(BaseModel):
    size: int
    mtime_ns: int
    note: Note | None = None
    skipped: str | None = None


class _Saved(BaseModel):
    version: str
    folder: str
    entries: dict[str, _Entry]


@cache
def _adapter() -> TypeAdapter[_Saved]:
    return TypeAdapter(_Saved)


@cache
def cache_version() -> str:
    """Changes whenever the code that turns a file into a note changes, so an old cache is never trusted."""
    import assistant.notes

    source = Path(assistant.notes.__file__).read_bytes()
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + source).hexdigest()[:16]


class NoteCache:
    """Parsed notes by source, valid while the file's size and modification time stay the same."""

    def __init__(self, path: Path, folder: Path, entries: dict[str, _Entry]) -> None:
        self.path = path
        self.folder = str(folder)
        self._old = entries
        self._new: dict[str, _Entry] = {}
        self._changed = False

    @classmethod
    def open(cls, state_dir: Path, folder: Path) -> NoteCache:
        """Read the cache for `folder` from `state_dir`; an empty one when there is none or it does not fit."""
        path = state_dir / CACHE_FILE
        entries: dict[str, _Entry] = {}
        try:
            data = path.read_bytes()
            from assistant.casecache import paused_gc

            with paused_gc():  # 10,000 notes' worth of objects that live as long as the command
                saved = _adapter().validate_json(data)
        except (OSError, ValueError, ValidationError):
            saved = None
        if saved is not None and saved.version == cache_version() and saved.folder == str(folder):
            entries = saved.entries
        return cls(path, folder, entries)

    def get(self, source: str, stat: os.stat_result) -> Note | str | None:
        """The cached note (or the reason it was skipped) when the file is as it was; else None."""
        entry = self._old.get(source)
        if entry is None or entry.size != stat.st_size or entry.mtime_ns != stat.st_mtime_ns:
            return None
        self._new[source] = entry
        if entry.note is not None:
            return entry.note  # saved before the loader changes any note, so handing out the object is safe
        return entry.skipped

    def put(self, source: str, stat: os.stat_result, found: Note | str) -> None:
        """Remember what `source` parsed into (a note, or the reason it is not one)."""
        self._changed = True
        if time.time_ns() - stat.st_mtime_ns < RACY_NS:
            return
        note, reason = (found, None) if isinstance(found, Note) else (None, found)
        self._new[source] = _Entry(size=stat.st_size, mtime_ns=stat.st_mtime_ns, note=note, skipped=reason)

    def save(self) -> None:
        """Write the cache when it changed (atomically, readable by the owner only); a failure only costs speed."""
        if not self._changed and self._new.keys() == self._old.keys():
            return
        data = _adapter().dump_json(_Saved(version=cache_version(), folder=self.folder, entries=self._new))
        try_write_private(self.path, data)

