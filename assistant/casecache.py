"""The assembled case file on disk, so `people` and `plan` read no note when no note changed.

`.second-chance/case-cache.json` (mode 0600) holds two lines: a header (the stamp: cache schema, reader name and
version, the year dates are read in, the parser's and the case file's code; and, per file of the knowledge
folder, its size, modification time and content hash) and the case file itself, whose note readings keep only
what the planner reads of them (source, kind, reader, the company and person they are about, hints).

The cache is valid while the stamp is the same and every file is as it was: a stat of each file, and a hash of
any file whose size or time changed (an edit not yet indexed is seen; a `touch` is not an edit). Anything else,
including a damaged file, costs the full path (read, assemble), which writes the cache again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from assistant.casefile import CaseFile, NoteReading
from assistant.files import try_write_private
from assistant.gcpause import paused_gc
from assistant.notes import content_hash, note_stats, read_note_bytes

if TYPE_CHECKING:
    import datetime as dt

    from assistant.config import Settings
    from assistant.notes import LoadResult

CASE_CACHE = "case-cache.json"
SCHEMA = "1"
# A file changed twice within this many nanoseconds could keep its size and time: always hashed again.
RACY_NS = 2_000_000_000
_KEPT = {"source", "hash", "reader", "kind", "about_person", "about_company", "example", "hints"}


@dataclass
class CaseInputs:
    """What `people` and `plan` need from the notes: the case file, init's examples, stated last contacts."""

    case: CaseFile
    examples: list[str] = field(default_factory=list)
    last_contact: dict[str, dt.date] = field(default_factory=dict)


def case_stamp(reader: str, version: str, year: int, knowledge_dir: Path) -> str:
    """Everything the case file depends on besides the notes' content: reader (name and version), year, and the
    code that parses notes, reads them (every module of `assistant.reading`) and merges them into the shapes.

    The offline reader's version is a digest of a subset of that code, so it may be given as "" (which saves
    importing the reading rules on the way to a cached case).
    """
    return "\0".join([SCHEMA, reader, version, str(year), _code_digest(), str(knowledge_dir)])


@functools.cache  # the code does not change while a process runs: read its files once, not per stamp
def _code_digest() -> str:
    from assistant.notes import PARSER_VERSION

    root = Path(__file__).resolve().parent
    code = hashlib.sha256(PARSER_VERSION.encode())
    for path in sorted([*root.glob("reading/*.py"), *(root / n for n in ("casefile.py", "casecache.py", "names.py",
                                                                          "notes.py", "text.py", "mbox.py",
                                                                          "patterns.py", "shorthand.py"))]):
        code.update(path.name.encode() + b"\0" + path.read_bytes())
    return code.hexdigest()[:16]


def load_case(state_dir: Path, knowledge_dir: Path, stamp: str, *, promises: bool = True) -> CaseInputs | None:
    """The cached case when the stamp matches and no file changed; else None (never an error).

    Without `promises`, the case comes without its promises (`case.promises` is empty), which are skipped unread:
    for `plan` and `people`, which read none (at 10,000 notes they are a fifth of the case's objects).
    """
    import datetime as dt

    # The header's rows, a stat of each file and the case are all kept: the collector would only walk them (a full
    # collection of everything imported so far cost 60 ms at 10,000 notes, half way through the header).
    try:
        with paused_gc(), (state_dir / CASE_CACHE).open("rb") as handle:
            header = json.loads(handle.readline())
            if not isinstance(header, dict) or header.get("stamp") != stamp:
                return None
            if not _unchanged(knowledge_dir, header["files"]):
                return None
            case = CaseFile.model_validate_json(handle.read()) if promises else _without_promises(handle.read())
        last = {str(k): dt.date.fromisoformat(v) for k, v in header["last_contact"].items()}
        return CaseInputs(case=case, examples=[str(e) for e in header["examples"]], last_contact=last)
    except (OSError, ValueError, ValidationError, KeyError, TypeError, AttributeError):
        return None


def _without_promises(data: bytes) -> CaseFile:
    """The case file in `data` with no promises: the JSON parser passes over them, building nothing."""
    shape = _shape_without_promises()
    read = shape.model_validate_json(data)
    return CaseFile.model_construct(**{name: getattr(read, name) for name in shape.model_fields})


@functools.cache
def _shape_without_promises() -> type[BaseModel]:
    """`CaseFile` but its promises, whose key it ignores (every other shape in it still forbids what it lacks)."""
    fields: dict[str, Any] = {name: (info.annotation, info) for name, info in CaseFile.model_fields.items()
                              if name != "promises"}
    return create_model("CaseWithoutPromises", __config__=ConfigDict(extra="ignore"), **fields)


def _unchanged(knowledge_dir: Path, rows: dict[str, Any]) -> bool:
    """Whether the folder holds exactly the files in `rows`, each with the same content."""
    found = note_stats(knowledge_dir)
    if len(found) != len(rows):
        return False
    for path, source, stat in found:
        row = rows.get(source)
        if row is None:
            return False
        size, mtime_ns, digest = row
        if (stat.st_size, stat.st_mtime_ns) == (size, mtime_ns):
            continue
        if digest is None:
            return False  # a file that was no note changed: let the loader decide again
        try:
            if content_hash(read_note_bytes(path, stat.st_size)) != digest:
                return False
        except OSError:
            return False
    return True


def save_case(state_dir: Path, knowledge_dir: Path, stamp: str, loaded: LoadResult, inputs: CaseInputs) -> None:
    """Write the case for the files `loaded` was read from; a failure only costs speed."""
    hashes = {note.source: note.hash for note in loaded.notes}
    unreadable = {s.path for s in loaded.skipped if s.reason.startswith("cannot read it")}
    now = time.time_ns()
    rows: dict[str, list[Any]] = {}
    for source, (size, mtime_ns) in loaded.file_stats.items():
        if source in unreadable:
            return  # a chmod keeps the time: such a folder is not cached
        digest = hashes.get(source)
        if digest is None and source.lower().endswith(".mbox"):
            try:
                digest = content_hash(read_note_bytes(knowledge_dir / source, size))
            except OSError:
                return
        if now - mtime_ns < RACY_NS:
            if digest is None:
                return  # a skipped file written just now: its time cannot be trusted yet
            size = -1  # hashed again on every run until a rebuild sees it settled
        rows[source] = [size, mtime_ns, digest]
    header = {"stamp": stamp, "files": rows, "examples": inputs.examples,
              "last_contact": {k: v.isoformat() for k, v in inputs.last_contact.items()}}
    # One serialisation of the whole case, each note without what the planner does not read (no copies made);
    # the defaults come back on loading.
    body = inputs.case.model_dump_json(exclude=_slim(), exclude_defaults=True).encode()
    data = json.dumps(header, ensure_ascii=False).encode() + b"\n" + body
    try_write_private(state_dir / CASE_CACHE, data)


@functools.cache
def _slim() -> dict[str, Any]:
    """What of a case file the cache leaves out: every field of a note reading the planner does not read."""
    return {"notes": {"__all__": {name for name in NoteReading.model_fields if name not in _KEPT}}}


def offline_case_file(settings: Settings, loaded: LoadResult) -> CaseFile:
    """The case file of `loaded` read offline: from the case cache when no note changed, else read and cached.

    What a letter needs of it (people, profile, projects, articles, each note's kind) is all in the cache.
    """
    import datetime as dt

    stamp = case_stamp("offline", "", dt.date.today().year, settings.knowledge_dir)
    cached = load_case(settings.state_dir, settings.knowledge_dir, stamp)
    if cached is not None:
        return cached.case
    from assistant.reading import OfflineReader, read_case_file  # only to read: its rules cost an import

    with paused_gc():
        case = read_case_file(loaded, settings=settings, reader=OfflineReader())
    save_offline_case(settings, loaded, case)
    return case


def save_offline_case(settings: Settings, loaded: LoadResult, case: CaseFile) -> None:
    """Cache `case`, the offline case file of `loaded` as of today (what `index` assembled), for the next command."""
    import datetime as dt

    from assistant.planner import stated_last_contacts

    stamp = case_stamp("offline", "", dt.date.today().year, settings.knowledge_dir)
    inputs = CaseInputs(case=case, examples=loaded.examples, last_contact=stated_last_contacts(loaded))
    save_case(settings.state_dir, settings.knowledge_dir, stamp, loaded, inputs)
