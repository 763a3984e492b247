"""Readings on disk: one JSON line per note reading in `<state>/readings/<reader>.jsonl`, written 0600.

A line is appended as soon as a note is read, so an interrupted run keeps what it read (a torn last line is
ignored). Lines of notes that changed or are gone are dropped when the file is next compacted.

Outside the `assistant.reading` package on purpose: `index` checks the stamp and counts the notes to read without
importing the reading rules (a third of a second), which its reading worker imports alongside the sync.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING

from assistant.appendfile import compacts

if TYPE_CHECKING:
    import datetime as dt

    from assistant.casefile import NoteReading
    from assistant.config import Settings
    from assistant.notes import Note
    from assistant.reading.core import Reader

READINGS_DIR = "readings"


def reading_key(note: Note, reader: str, version: str, year: int) -> str:
    """What a cached reading depends on: the note's content and path, the reader and its rules, the year."""
    return content_key(note.hash, note.source, reader, version, year)


def content_key(digest: str, source: str, reader: str, version: str, year: int) -> str:
    """`reading_key` of the note at `source` when its content hash was `digest` (an earlier version of it)."""
    return hashlib.sha256(f"{digest}\0{source}\0{reader}\0{version}\0{year}".encode()).hexdigest()


def _slug(reader: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in reader) or "reader"


class ReadingCache:
    """An unchanged note is never read again: its reading comes from this file."""

    def __init__(self, state_dir: Path, reader: str) -> None:
        self.path = state_dir / READINGS_DIR / f"{_slug(reader)}.jsonl"
        self._lines: dict[str, str] | None = None
        self._handle: IO[str] | None = None
        self._count = 0  # the file's lines: read, torn or superseded ones included, and appended
        self._bytes: bytes | None = None  # the file as `peek` read it

    def _load(self) -> dict[str, str]:
        if self._lines is None:
            self._lines = {}
            with contextlib.suppress(OSError), self.path.open(encoding="utf-8") as handle:
                for line in handle:
                    self._count += 1
                    key, _, body = line.partition("\t")
                    if body.endswith("\n"):  # a torn last line (Ctrl-C mid-write) is skipped
                        self._lines[key] = body
        return self._lines

    def get(self, key: str) -> NoteReading | None:
        """The cached reading for `key`, or None (a damaged line counts as none)."""
        from pydantic import ValidationError

        from assistant.casefile import NoteReading

        body = self._load().get(key)
        if body is None:
            return None
        try:
            return NoteReading.model_validate_json(body)
        except (ValidationError, ValueError):
            return None

    def peek(self, key: str) -> NoteReading | None:
        """`get` for a few keys, without loading every line: the file is searched for the key's last line."""
        if self._lines is not None:
            return self.get(key)
        from pydantic import ValidationError

        from assistant.casefile import NoteReading

        if self._bytes is None:
            try:
                self._bytes = self.path.read_bytes()
            except OSError:
                return None
        data = self._bytes
        start = data.rfind(b"\n" + key.encode() + b"\t") + 1  # a later line of a key supersedes an earlier one
        if start == 0 and not data.startswith(key.encode() + b"\t"):
            return None
        end = data.find(b"\n", start)
        if end < 0:
            return None  # a torn last line
        try:
            return NoteReading.model_validate_json(data[start + len(key) + 1 : end])
        except (ValidationError, ValueError):
            return None

    def has(self, key: str) -> bool:
        """Whether a reading is stored for `key` (without parsing it)."""
        return key in self._load()

    def put(self, key: str, reading: NoteReading) -> None:
        """Append one reading and flush it, so Ctrl-C right after keeps it."""
        lines = self._load()  # before the file grows: its lines are counted once
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
            size = os.fstat(fd).st_size
            torn = size > 0 and os.pread(fd, 1, size - 1) != b"\n"  # a line cut short: the next starts on its own
            self._handle = os.fdopen(fd, "a", encoding="utf-8")
            if torn:
                self._handle.write("\n")
        body = json.dumps(reading.model_dump(mode="json", by_alias=True), ensure_ascii=False)
        self._handle.write(f"{key}\t{body}\n")
        self._handle.flush()
        lines[key] = body + "\n"
        self._count += 1

    def close(self, keep: set[str]) -> None:
        """Finish writing; drop the readings of notes that changed or are gone (an atomic rewrite) once they pass a
        quarter of the file's lines (assistant/appendfile.py): until then an edit costs its own line, not the file."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        lines = self._load()
        if not self.path.exists():
            return
        total = self._count
        if not compacts(total - len(keep & lines.keys()), total):
            return
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(f"{key}\t{body}" for key, body in lines.items() if key in keep)
        os.replace(tmp, self.path)
        self._lines = {key: body for key, body in lines.items() if key in keep}
        self._count = len(self._lines)



def count_unread(
    notes: Sequence[Note], *, settings: Settings, reader: Reader | None = None, today: dt.date | None = None
) -> int:
    """How many of `notes` `read_notes` would read afresh (no reading of theirs is cached)."""
    return len(unread_sources(notes, settings=settings, reader=reader, today=today))


def unread_sources(
    notes: Sequence[Note], *, settings: Settings, reader: Reader | None = None, today: dt.date | None = None
) -> list[str]:
    """The sources of the `notes` that `read_notes` would read afresh (no reading of theirs is cached)."""
    import datetime as dt

    if reader is None and settings.chat_model == "offline":
        name, version = "offline", rules_version()  # the offline reader's, without importing its rules
    else:
        from assistant.reading.core import default_reader

        reader = reader or default_reader(settings)
        name, version = reader.name, reader.version
    year = (today or dt.date.today()).year
    cache = ReadingCache(settings.state_dir, name)
    return [note.source for note in notes if not cache.has(reading_key(note, name, version, year))]


@cache
def rules_version() -> str:
    """A digest of the reading rules' own source: any change to them reads every note again."""
    root = Path(__file__).resolve().parent / "reading"
    digest = hashlib.sha256()
    # the rules, and the text helpers they read with (sentences and dates, pattern guards, shorthand)
    for path in sorted([*root.glob("*.py"), *(root.parent / n for n in ("text.py", "patterns.py", "shorthand.py"))]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# `index` with no note changed answers without reading any note; it trusts the count of notes that need a hint
# only while the readings were made by the same reader, rules and year (the stamp), after the last sync.
STAMP = "stamp.json"


def reading_stamp(settings: Settings) -> str:
    """Who reads the notes now: the reader, a digest of the reading rules, and the year dates are read in."""
    import datetime as dt

    reader = "offline" if settings.chat_model == "offline" else settings.chat_model
    return f"{reader}\0{rules_version()}\0{dt.date.today().year}"


def read_stamp(settings: Settings) -> tuple[str, int] | None:
    """The stamp and hint count the last complete `index` run left, or None."""
    try:
        data = json.loads((settings.state_dir / READINGS_DIR / STAMP).read_text(encoding="utf-8"))
        return str(data["stamp"]), int(data["hints"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_stamp(settings: Settings, stamp: str, hints: int) -> None:
    """Record that every note was read under `stamp`, with `hints` notes needing a hint."""
    from assistant.files import try_write_private

    try_write_private(settings.state_dir / READINGS_DIR / STAMP, json.dumps({"stamp": stamp, "hints": hints}))


def forget_stamp(settings: Settings) -> None:
    """Forget the stamp: notes are about to be read (or indexed) again."""
    with contextlib.suppress(OSError):
        (settings.state_dir / READINGS_DIR / STAMP).unlink()
