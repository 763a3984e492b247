"""The index manifest: what the last successful `index` run stored, so an unchanged run need not open Chroma.

`.second-chance/index-manifest.json` (mode 0600) records, per file of the knowledge folder, its size,
modification time (ns), content hash and the ids of its chunks (or why it was skipped), with the parser
version, the embedding model and the store it was written for. It is written atomically after a successful
sync and deleted before a sync changes anything, so a killed run leaves no manifest and the next run compares
against Chroma itself. This module imports neither chromadb nor any model client.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.files import try_write_private
from assistant.notes import PARSER_VERSION, LoadResult, Skipped, Warning_, content_hash, note_stats, read_note_bytes

if TYPE_CHECKING:
    from assistant.config import Settings

MANIFEST = "index-manifest.json"
VERSION = 1
_UNREADABLE = "cannot read it"  # a skip that a chmod (which keeps the mtime) can undo: never trusted


class SyncReport(BaseModel):
    """What one `index` run changed (DESIGN.md section 5, `index --json`)."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks: int = 0
    embedded: int = Field(default=0, description="Chunks sent to the embedding model in this run.")
    skipped: list[Skipped] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list, description="init's example notes still in the folder.")


def store_id(settings: Settings) -> str:
    """Which Chroma the index lives in: the server URL, or the embedded store's folder."""
    return settings.chroma_url or str(settings.state_dir / "chroma")


class Manifest:
    """The files of the knowledge folder as the last successful sync stored them."""

    def __init__(self, data: dict[str, Any], path: Path) -> None:
        self.data = data
        self.path = path

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        """Per source: size, mtime_ns, hash and ids (a note) or reason (a skipped file), warnings."""
        return self.data["files"]

    @classmethod
    def read(cls, settings: Settings, fingerprint: str) -> Manifest | None:
        """The manifest when it was written for these settings and this embedding model; else None.

        Never for a Chroma server (someone else may have reset it), nor when the embedded store is gone or damaged.
        The one `unchanged_report` just read and checked is taken as it is while neither file changed since.
        """
        global _checked
        checked, _checked = _checked, None
        if checked is not None and checked[0] == _files_key(settings, fingerprint):
            return cls(checked[1], settings.state_dir / MANIFEST)
        return cls._read(settings, fingerprint)

    @classmethod
    def _read(cls, settings: Settings, fingerprint: str) -> Manifest | None:
        if settings.chroma_url or not (settings.state_dir / "chroma" / "chroma.sqlite3").is_file():
            return None
        path = settings.state_dir / MANIFEST
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        expected = {"version": VERSION, "parser": PARSER_VERSION, "embedding": fingerprint,
                    "knowledge": str(settings.knowledge_dir), "store": store_id(settings)}
        if not isinstance(data, dict) or any(data.get(k) != v for k, v in expected.items()):
            return None
        if not isinstance(data.get("files"), dict) or not isinstance(data.get("chunks"), int):
            return None
        if not readable_store(settings.state_dir / "chroma"):
            return None  # a damaged store: the full sync opens it and says how to rebuild
        return cls(data, path)

    @staticmethod
    def discard(settings: Settings) -> None:
        """Forget the manifest: the index is about to change."""
        with contextlib.suppress(OSError):
            (settings.state_dir / MANIFEST).unlink()

    @staticmethod
    def write(settings: Settings, fingerprint: str, loaded: LoadResult, chunk_ids: dict[str, list[str]],
              chunks: int) -> None:
        """Record what a successful sync stored (`chunk_ids` per note source); a failure only costs speed."""
        stats = loaded.file_stats
        warnings: dict[str, list[str]] = {note.source: note.warnings for note in loaded.notes}
        examples = set(loaded.examples)
        hashes = {note.source: note.hash for note in loaded.notes}
        rows: list[tuple[str, dict[str, Any]]] = []
        for source, ids in chunk_ids.items():
            rows.append((source, {"hash": hashes[source], "ids": ids, "warnings": warnings[source],
                                  "example": source in examples}))
        rows += [(s.path, {"reason": s.reason}) for s in loaded.skipped]
        files: dict[str, dict[str, Any]] = {}
        for source, row in sorted(rows, key=lambda r: tuple(r[0].split("/"))):  # the loader's order
            size, mtime_ns = stats.get(source, (-1, -1))
            files[source] = {"size": size, "mtime_ns": mtime_ns, **row}
        data = {"version": VERSION, "parser": PARSER_VERSION, "embedding": fingerprint,
                "knowledge": str(settings.knowledge_dir), "store": store_id(settings), "chunks": chunks,
                "files": files}
        try_write_private(settings.state_dir / MANIFEST, json.dumps(data, ensure_ascii=False).encode())

    def stored(self) -> dict[str, dict[str, set[str]]]:
        """Chunk ids per source and note hash, as the store holds them."""
        return {source: {row["hash"]: set(row["ids"])} for source, row in self.files.items() if "ids" in row}

    def report_if_unchanged(self, loaded: LoadResult) -> SyncReport | None:
        """The report of a sync that would change nothing, when `loaded` holds exactly the notes stored."""
        notes = {note.source: note.hash for note in loaded.notes}
        stored = {source: row["hash"] for source, row in self.files.items() if "ids" in row}
        skipped = {s.path: s.reason for s in loaded.skipped}
        was_skipped = {source: row["reason"] for source, row in self.files.items() if "reason" in row}
        if notes != stored or skipped != was_skipped:
            return None
        self._refresh(loaded.file_stats)
        return SyncReport(unchanged=len(notes), chunks=self.data["chunks"], skipped=loaded.skipped,
                          warnings=loaded.warnings, examples=loaded.examples)

    def _refresh(self, stats: dict[str, tuple[int, int]]) -> None:
        """Take in new sizes and times of files whose content did not change (a `touch`, a checkout)."""
        changed = False
        for source, row in self.files.items():
            now = stats.get(source)
            if now is not None and now != (row["size"], row["mtime_ns"]):
                row["size"], row["mtime_ns"] = now
                changed = True
        if changed:
            try_write_private(self.path, json.dumps(self.data, ensure_ascii=False).encode())


def unchanged_report(
    settings: Settings, fingerprint: str, walk: list[tuple[str, str, os.stat_result]] | None = None
) -> SyncReport | None:
    """The `index` report when no note changed since the last sync, found by a stat of each file; else None.

    A file whose size or time changed is read and hashed: same bytes (a `touch`) still count as unchanged.
    Never after an interrupted run, nor without the files reads use beside the store, nor where `Manifest.read`
    does not trust the manifest. `walk`: the walk of the knowledge folder (`note_stats`), when the caller made it
    (to load the notes with, if something changed).
    """
    from assistant.sidecar import ready

    global _checked
    _checked = None
    if not ready(settings.state_dir / "lexical"):
        return None  # an interrupted run, or files that reads need are missing: the sync writes them
    key = _files_key(settings, fingerprint)
    manifest = Manifest._read(settings, fingerprint)
    if manifest is None or not settings.knowledge_dir.is_dir():
        return None
    if key is not None:  # something changed, most likely: the sync that follows need not read and check it again
        _checked = (key, manifest.data)
    files = manifest.files
    found = note_stats(settings.knowledge_dir) if walk is None else walk
    if len(found) != len(files):
        return None
    stats: dict[str, tuple[int, int]] = {}
    for path, source, stat in found:
        row = files.get(source)
        if row is None or str(row.get("reason", "")).startswith(_UNREADABLE):
            return None
        stats[source] = (stat.st_size, stat.st_mtime_ns)
        if stats[source] == (row["size"], row["mtime_ns"]):
            continue
        if "hash" not in row:
            return None  # a skipped file changed: let the loader decide again
        try:
            if content_hash(read_note_bytes(path, stat.st_size)) != row["hash"]:
                return None
        except OSError:
            return None
    _checked = None  # nothing changed: no sync follows
    manifest._refresh(stats)
    notes = [(s, row) for s, row in files.items() if "hash" in row]
    return SyncReport(
        unchanged=len(notes),
        chunks=manifest.data["chunks"],
        skipped=[Skipped(path=s, reason=row["reason"]) for s, row in files.items() if "reason" in row],
        warnings=[Warning_(path=s, message=m) for s, row in notes for m in row.get("warnings", [])],
        examples=[s for s, row in notes if row.get("example")],
    )


# The manifest `unchanged_report` read and trusted (its JSON parsed, the store's quick check passed), handed once to
# the `Manifest.read` of the sync that follows in the same process, while neither file changed in between.
_checked: tuple[tuple[Any, ...], dict[str, Any]] | None = None


def _files_key(settings: Settings, fingerprint: str) -> tuple[Any, ...] | None:
    """What `Manifest.read` depends on: the settings, the model, and the manifest's and the store's file stats."""
    stats: list[tuple[int, ...] | None] = []
    store = settings.state_dir / "chroma" / "chroma.sqlite3"
    for path in (settings.state_dir / MANIFEST, store, store.with_name(store.name + "-wal")):
        try:
            stat = path.stat()
        except FileNotFoundError:
            if path.name == MANIFEST:
                return None
            stats.append(None)
            continue
        except OSError:
            return None
        stats.append((stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
    return (fingerprint, settings.chroma_url, str(settings.knowledge_dir), store_id(settings), *stats)


def readable_store(path: Path) -> bool:
    """Whether the embedded store's database opens and passes SQLite's quick check (a missing one does)."""
    import sqlite3

    database = path / "chroma.sqlite3"
    if not database.exists():
        return True
    try:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
            return connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False
