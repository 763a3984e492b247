"""The index manifest: what the last successful `index` run stored, so an unchanged run need not open Chroma.

`.second-chance/index-manifest.json` (mode 0600) records, per file of the knowledge folder, its size,
modification time (ns), content hash and the ids of its chunks (or why it was skipped), for the chunk ids' format,
the parser version, the embedding model and the store in its header line. It is JSON lines, written whole once and
then appended to (assistant/appendfile.py): a line per file, and a later line for a file (or its `gone`) supersedes
an earlier one.

A sync that may change the store first appends `{"begin": T}`, and when it succeeded appends the lines of the files
it changed with `{"commit": T, "chunks": n}` in one write. A `begin` with no `commit` after it (a killed or failed
run), a damaged line, or any other header means the manifest is not trusted and the next run compares against
Chroma itself; only a last line cut short is ignored (it is no commit, so a run that was cut short is still open).
`{"checked": ...}` records the store's file stats when SQLite's check of it passed: the check runs again only when
they changed since (any write changes a file's ctime). A commit records the size of the list of chunks an edit
stored beside the store only (assistant/sidecar.py; `{"pending": 0}` once the store took them in): another size is
not trusted.
A `touch` line takes in a new size and time of a file whose content did not change, only while its hash is the one
named. This module imports neither chromadb nor any model client.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.appendfile import append_lines, compacts, json_lines, read_lines
from assistant.chunks import ID_FORMAT
from assistant.errors import StoreError
from assistant.files import try_write_private
from assistant.notes import PARSER_VERSION, LoadResult, Skipped, Warning_, content_hash, note_stats, read_note_bytes
from assistant.sidecar import pending_path

if TYPE_CHECKING:
    from assistant.config import Settings

MANIFEST = "index-manifest.json"
VERSION = 2  # 1: one JSON document, rewritten whole by every run
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
        self.data = data  # files, chunks, and the lines of files the manifest's file holds (superseded included)
        self.path = path
        self.appended = False  # whether reading it appended a line (a check of the store that passed)
        self._token: str | None = None  # the `begin` this process appended, that its `commit` closes

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
        store = settings.state_dir / "chroma"
        if settings.chroma_url or not (store / "chroma.sqlite3").is_file():
            return None
        path = settings.state_dir / MANIFEST
        data = _parse(path, _header(settings, fingerprint))
        if data is None:
            return None
        if data["pending"] != _size(pending_path(settings.state_dir / "lexical")):
            return None  # the list of what the store lacks is not the one the last sync left: it may have lost some
        manifest = cls(data, path)
        stats = _store_stats(store)
        if stats is None or data["checked"] != stats:  # the store changed since the last check that passed
            if not readable_store(store):
                return None  # a damaged store: the full sync opens it and says how to rebuild
            manifest.appended = stats is not None and _append(path, {"checked": stats})
        return manifest

    @staticmethod
    def discard(settings: Settings) -> None:
        """Forget the manifest: the index is about to change."""
        with contextlib.suppress(OSError):
            (settings.state_dir / MANIFEST).unlink()

    def begin(self, settings: Settings) -> None:
        """Say the index is about to change: until this run's `write`, the manifest is not trusted."""
        token = os.urandom(4).hex()
        if _append(self.path, {"begin": token}):
            self._token = token
        else:
            Manifest.discard(settings)

    @staticmethod
    def write(settings: Settings, fingerprint: str, loaded: LoadResult, chunk_ids: dict[str, list[str]],
              chunks: int, previous: Manifest | None = None) -> None:
        """Record what a successful sync stored (`chunk_ids` per note source); a failure only costs speed.

        `previous`: the manifest this run began from (`begin`): the files that changed are appended to it, unless
        superseded lines would pass the share at which it is written whole. The size of the list of chunks stored
        beside the store only (assistant/sidecar.py) is recorded: the manifest is trusted only while it is the same.
        """
        stats = loaded.file_stats
        warnings: dict[str, list[str]] = {note.source: note.warnings for note in loaded.notes}
        examples = set(loaded.examples)
        hashes = {note.source: note.hash for note in loaded.notes}
        rows: list[tuple[str, dict[str, Any]]] = []
        for source, ids in chunk_ids.items():
            rows.append((source, {"hash": hashes[source], "ids": sorted(ids), "warnings": warnings[source],
                                  "example": source in examples}))
        rows += [(s.path, {"reason": s.reason}) for s in loaded.skipped]
        files: dict[str, dict[str, Any]] = {}
        for source, row in rows:
            size, mtime_ns = stats.get(source, (-1, -1))
            files[source] = {"size": size, "mtime_ns": mtime_ns, **row}
        path = settings.state_dir / MANIFEST
        commit = {"chunks": chunks, "pending": _size(pending_path(settings.state_dir / "lexical"))}
        if previous is not None and previous._token is not None:
            old = previous.files
            lines = [{"source": s, **row} for s, row in files.items() if old.get(s) != row]
            lines += [{"source": s, "gone": True} for s in old if s not in files]
            total = previous.data["lines"] + len(lines)
            if not compacts(total - len(files), total) and _append(path, *lines, {"commit": previous._token,
                                                                                  **commit}):
                return
        in_order = sorted(files.items(), key=lambda r: tuple(r[0].split("/")))  # the loader's order
        checked = previous.data["checked"] if previous is not None else None
        body = [_header(settings, fingerprint), *({"source": s, **row} for s, row in in_order),
                *([{"checked": checked}] if checked is not None else []), {"commit": "", **commit}]
        try_write_private(path, b"".join(json.dumps(line, ensure_ascii=False).encode() + b"\n" for line in body))

    @staticmethod
    def caught_up(settings: Settings) -> None:
        """Record that the store took in every chunk stored beside it only (the list is gone)."""
        _append(settings.state_dir / MANIFEST, {"pending": 0})

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
        """Take in new sizes and times of files whose content did not change (a `touch`, a checkout): appended as
        `touch` lines, each valid only while the file's row has the hash it names (a sync may have changed it)."""
        lines = []
        for source, row in self.files.items():
            now = stats.get(source)
            if now is not None and now != (row["size"], row["mtime_ns"]):
                row["size"], row["mtime_ns"] = now
                lines.append({"source": source, "touch": list(now), "hash": row.get("hash")})
        if lines:
            _append(self.path, *lines)


def _header(settings: Settings, fingerprint: str) -> dict[str, Any]:
    return {"version": VERSION, "ids": ID_FORMAT, "parser": PARSER_VERSION, "embedding": fingerprint,
            "knowledge": str(settings.knowledge_dir), "store": store_id(settings)}


def _append(path: Path, *lines: dict[str, Any]) -> bool:
    """Append these lines to the manifest; False when it cannot be done (a failure only costs speed)."""
    try:
        append_lines(path, [json.dumps(line, ensure_ascii=False).encode() for line in lines])
    except (OSError, StoreError):
        return False
    return True


def _parse(path: Path, header: dict[str, Any]) -> dict[str, Any] | None:
    """The files, chunk count and last store check the manifest's lines add up to, when it was written for `header`
    and no sync is open in it; else None (a damaged line included: only a last line cut short is left out)."""
    found = read_lines(path)
    if found is None:
        return None
    head, lines, _ = found
    try:
        if json.loads(head) != header:
            return None
        entries = json_lines(b"\n".join(lines))
    except ValueError:
        return None
    files: dict[str, dict[str, Any]] = {}
    chunks, checked, pending, begun, count = None, None, 0, set(), 0
    for entry in entries:
        if not isinstance(entry, dict):
            return None
        source = entry.pop("source", None)
        if isinstance(source, str):
            count += 1
            if entry.get("gone") is True:
                files.pop(source, None)
            elif "touch" in entry:
                row = files.get(source)
                if row is not None and row.get("hash") == entry["hash"] and _stat_pair(entry["touch"]):
                    row["size"], row["mtime_ns"] = entry["touch"]
            elif _row(entry):
                files[source] = entry
            else:
                return None
        elif isinstance(entry.get("begin"), str):
            begun.add(entry["begin"])
        elif isinstance(entry.get("commit"), str) and type(entry.get("chunks")) is int:
            begun.discard(entry["commit"])
            chunks, pending = entry["chunks"], entry.get("pending", 0)
        elif "checked" in entry and len(entry) == 1:
            checked = entry["checked"]
        elif type(entry.get("pending")) is int and len(entry) == 1:
            pending = entry["pending"]
        else:
            return None
    if begun or chunks is None:
        return None  # a run that began to change the index and never said it finished
    return {"files": files, "chunks": chunks, "checked": checked, "pending": pending, "lines": count}


def _size(path: Path) -> int:
    """The file's size; 0 when there is none (-1 when it cannot be seen: never what a commit recorded)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
    except OSError:
        return -1


def _stat_pair(value: Any) -> bool:
    return type(value) is list and len(value) == 2 and all(type(n) is int for n in value)


def _row(row: dict[str, Any]) -> bool:
    """Whether a file's row has what the checks read: size and time, and a hash and chunk ids, or a reason."""
    if not _stat_pair([row.get("size"), row.get("mtime_ns")]):
        return False
    if "reason" in row:
        return isinstance(row["reason"], str)
    return isinstance(row.get("hash"), str) and type(row.get("ids")) is list


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
    if key is not None and not manifest.appended:  # something changed, most likely: the sync that follows need
        _checked = (key, manifest.data)  # not read it again (unless this read appended to it)
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
    # In the loader's order (a file appended to the manifest comes last in it): only the few rows shown are sorted.
    shown = sorted(((s, row) for s, row in files.items() if "reason" in row or row.get("warnings")
                    or row.get("example")), key=lambda r: tuple(r[0].split("/")))
    return SyncReport(
        unchanged=len(notes),
        chunks=manifest.data["chunks"],
        skipped=[Skipped(path=s, reason=row["reason"]) for s, row in shown if "reason" in row],
        warnings=[Warning_(path=s, message=m) for s, row in shown for m in row.get("warnings", [])],
        examples=[s for s, row in shown if row.get("example")],
    )


# The manifest `unchanged_report` read and trusted (its JSON parsed, the store's quick check passed), handed once to
# the `Manifest.read` of the sync that follows in the same process, while neither file changed in between.
_checked: tuple[tuple[Any, ...], dict[str, Any]] | None = None


def _files_key(settings: Settings, fingerprint: str) -> tuple[Any, ...] | None:
    """What `Manifest.read` depends on: the settings, the model, and the manifest's and the store's file stats."""
    try:
        manifest = os.stat(settings.state_dir / MANIFEST)
    except OSError:
        return None
    stats = (manifest.st_dev, manifest.st_ino, manifest.st_size, manifest.st_mtime_ns, manifest.st_ctime_ns)
    store = _store_stats(settings.state_dir / "chroma")
    return (fingerprint, settings.chroma_url, str(settings.knowledge_dir), store_id(settings), stats, str(store))


def _store_stats(store: Path) -> list[list[int] | None] | None:
    """The embedded store's database and its write-ahead log as a stat sees them (any write changes their ctime),
    as JSON lists; None when they cannot be read."""
    stats: list[list[int] | None] = []
    for name in ("chroma.sqlite3", "chroma.sqlite3-wal"):
        try:
            stat = os.stat(store / name)
        except FileNotFoundError:
            stats.append(None)
            continue
        except OSError:
            return None
        stats.append([stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns])
    return stats


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
