"""The parsed-notes cache: a note whose file did not change is not read and parsed again.

Kept in `.second-chance/notes-cache.json` (mode 0600), keyed by each file's path, size and modification time
(nanoseconds): a header line (the parser's version, the folder), then one JSON line per file, a later line for a
file superseding an earlier one. Saving after one note changed appends that note's line and writes nothing else;
the file is written whole again (the lines of unchanged files as they were read, without serialising every note
again) when superseded lines pass a quarter of its lines (assistant/appendfile.py). It is only a cache: a missing,
stale or unreadable one (or line, or a last line cut short) costs a full parse, never a wrong note.
At 10,000 notes it turns 1.9 s of reading and parsing into about 0.3 s (scripts/bench.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from functools import cache
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError

from assistant.appendfile import append_lines, compacts, read_lines
from assistant.errors import StoreError
from assistant.files import try_write_private
from assistant.notes import PARSER_VERSION, Note

CACHE_FILE = "notes-cache.json"
# A file changed twice within this many nanoseconds could keep its size and time; such files are not cached.
RACY_NS = 2_000_000_000


class _Entry(BaseModel):
    source: str
    size: int
    mtime_ns: int
    note: Note | None = None
    skipped: str | None = None


FORMAT = 2  # a header line, then a line per file (1: one JSON document)


@cache
def _adapter() -> TypeAdapter[_Entry]:
    return TypeAdapter(_Entry)


@cache
def cache_version() -> str:
    """Changes whenever the code that turns a file into a note changes, so an old cache is never trusted."""
    import assistant.notes

    source = Path(assistant.notes.__file__).read_bytes()
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + source).hexdigest()[:16]


class NoteCache:
    """Parsed notes by source, valid while the file's size and modification time stay the same."""

    def __init__(self, path: Path, folder: Path, entries: dict[str, tuple[_Entry, bytes]], lines: int = 0) -> None:
        self.path = path
        self.folder = str(folder)
        self._old = entries  # each with the line it was read from, written back as it is when the file is unchanged
        self._new: dict[str, tuple[_Entry, bytes | None]] = {}
        self._changed = False
        self._lines = lines  # the lines after the header in the file read, superseded and damaged ones included

    @classmethod
    def open(cls, state_dir: Path, folder: Path) -> NoteCache:
        """Read the cache for `folder` from `state_dir`; an empty one when there is none or it does not fit."""
        path = state_dir / CACHE_FILE
        entries: dict[str, tuple[_Entry, bytes]] = {}
        found = read_lines(path)
        if found is None or found[0] != _header(str(folder)):
            return cls(path, folder, entries)
        from assistant.casecache import paused_gc

        _, lines, torn = found
        adapter = _adapter()
        with paused_gc():  # 10,000 notes' worth of objects that live as long as the command
            for line in lines:
                try:
                    entry = adapter.validate_json(line)
                except (ValueError, ValidationError):  # a damaged line: its note is parsed again
                    continue
                entries[entry.source] = (entry, line)  # a later line supersedes an earlier one
        return cls(path, folder, entries, len(lines) + torn)

    def get(self, source: str, stat: os.stat_result) -> Note | str | None:
        """The cached note (or the reason it was skipped) when the file is as it was; else None."""
        found = self._old.get(source)
        if found is None:
            return None
        entry = found[0]
        if entry.size != stat.st_size or entry.mtime_ns != stat.st_mtime_ns:
            return None
        self._new[source] = found
        if entry.note is not None:
            return entry.note  # saved before the loader changes any note, so handing out the object is safe
        return entry.skipped

    def put(self, source: str, stat: os.stat_result, found: Note | str) -> None:
        """Remember what `source` parsed into (a note, or the reason it is not one)."""
        self._changed = True
        if time.time_ns() - stat.st_mtime_ns < RACY_NS:
            return
        note, reason = (found, None) if isinstance(found, Note) else (None, found)
        self._new[source] = (_Entry(source=source, size=stat.st_size, mtime_ns=stat.st_mtime_ns, note=note,
                                    skipped=reason), None)

    def save(self) -> None:
        """Write what changed (appended, or the file whole, atomically; readable by the owner only); a failure only
        costs speed.

        Written whole, the lines of unchanged files go back as they were read; only new entries are serialised.
        """
        if not self._changed and self._new.keys() == self._old.keys():
            return
        adapter = _adapter()
        added = [entry for entry, line in self._new.values() if line is None]
        if self._lines and not compacts(self._lines + len(added) - len(self._new), self._lines + len(added)):
            if not added:
                return  # only files gone: their lines stay until the file is next written whole
            try:
                append_lines(self.path, [adapter.dump_json(entry) for entry in added])
                return
            except (OSError, StoreError):
                pass  # written whole below, or not at all
        lines = [_header(self.folder)]
        lines += [line if line is not None else adapter.dump_json(entry) for entry, line in self._new.values()]
        try_write_private(self.path, b"\n".join(lines) + b"\n")


def _header(folder: str) -> bytes:
    """The first line: what a cache must have been written by, and for, to be trusted."""
    return json.dumps({"format": FORMAT, "version": cache_version(), "folder": folder}).encode()
