"""Readings on disk: one JSON file per note reading, keyed by the note's content and the reader, written 0600."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from pydantic import ValidationError

from assistant.casefile import NoteReading
from assistant.notes import Note

READINGS_DIR = "readings"


def reading_key(note: Note, reader: str, version: str, year: int) -> str:
    """What a cached reading depends on: the note's content and path, the reader and its rules, the year."""
    return hashlib.sha256(f"{note.hash}\0{note.source}\0{reader}\0{version}\0{year}".encode()).hexdigest()


def _slug(reader: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in reader) or "reader"


class ReadingCache:
    """`<state>/readings/<reader>/<key>.json`: an unchanged note is never read again."""

    def __init__(self, state_dir: Path, reader: str) -> None:
        self.folder = state_dir / READINGS_DIR / _slug(reader)

    def get(self, key: str) -> NoteReading | None:
        """The cached reading for `key`, or None (a damaged file counts as none)."""
        path = self.folder / f"{key}.json"
        try:
            return NoteReading.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError):
            return None

    def put(self, key: str, reading: NoteReading) -> None:
        """Save a reading atomically, readable by the owner only."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{key}.json"
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(reading.model_dump_json(by_alias=True))
        os.replace(tmp, path)

    def prune(self, keep: set[str]) -> None:
        """Remove readings of notes that changed or are gone."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.json"):
            if path.stem not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
