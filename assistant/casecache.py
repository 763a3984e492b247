"""The assembled case file on disk, so `people` and `plan` read no note when no note changed.

`.second-chance/case-cache.json` (mode 0600) holds two lines: a header (the stamp: cache schema, reader name and
version, the year dates are read in, the parser's and the case file's code; and, per file of the knowledge
folder, its size, modification time and content hash; init's example notes; stated last contacts; how many
notes need a hint; and, when `index` wrote it, the companies the assembly matched the notes' capitalised phrases
against) and the case file itself, whose note readings keep only what the planner reads of them (source, hash,
kind, reader, the company and person they are about, hints).

`index` after an edit that changes nothing the assembly reads across notes writes the cache without assembling
(`CaseEdit`): the same bytes with the notes' hashes, and their share of the progress and promises lists, replaced.

The cache is valid while the stamp is the same and every file is as it was: a stat of each file, and a hash of
any file whose size or time changed (an edit not yet indexed is seen; a `touch` is not an edit). Anything else,
including a damaged file, costs the full path (read, assemble), which writes the cache again.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from assistant.casefile import CaseFile, NoteReading, Rejection
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


def save_case(state_dir: Path, knowledge_dir: Path, stamp: str, loaded: LoadResult, inputs: CaseInputs,
              companies: list[str] | None = None) -> None:
    """Write the case for the files `loaded` was read from; a failure only costs speed. `companies`: what the
    assembly matched the notes' mentions against (`assemble`), kept so an edit can be patched in (`CaseEdit`)."""
    rows = _rows(knowledge_dir, loaded)
    if rows is None:
        return
    # One serialisation of the whole case, each note without what the planner does not read (no copies made);
    # the defaults come back on loading.
    body = inputs.case.model_dump_json(exclude=_slim(), exclude_defaults=True).encode()
    _write(state_dir, stamp, rows, inputs.examples, inputs.last_contact,
           sum(1 for note in inputs.case.notes if note.hints), companies, body)


def _write(state_dir: Path, stamp: str, rows: dict[str, list[Any]], examples: list[str],
           last_contact: dict[str, dt.date], hints: int, companies: list[str] | None, body: bytes) -> None:
    """The header line (with how many notes need a hint, which `index` reports after an edit it patched in, and the
    companies when known), then the case; written whole and atomically."""
    header = {"stamp": stamp, "files": rows, "examples": examples,
              "last_contact": {k: v.isoformat() for k, v in last_contact.items()}, "hints": hints}
    if companies is not None:
        header["companies"] = companies
    try_write_private(state_dir / CASE_CACHE, json.dumps(header, ensure_ascii=False).encode() + b"\n" + body)


def _rows(knowledge_dir: Path, loaded: LoadResult) -> dict[str, list[Any]] | None:
    """Per file `loaded` was read from: its size, modification time and content hash; None when the folder is not
    to be cached (an unreadable file, a skipped file written just now)."""
    hashes = {note.source: note.hash for note in loaded.notes}
    unreadable = {s.path for s in loaded.skipped if s.reason.startswith("cannot read it")}
    now = time.time_ns()
    rows: dict[str, list[Any]] = {}
    for source, (size, mtime_ns) in loaded.file_stats.items():
        if source in unreadable:
            return None  # a chmod keeps the time: such a folder is not cached
        digest = hashes.get(source)
        if digest is None and source.lower().endswith(".mbox"):
            try:
                digest = content_hash(read_note_bytes(knowledge_dir / source, size))
            except OSError:
                return None
        if now - mtime_ns < RACY_NS:
            if digest is None:
                return None  # a skipped file written just now: its time cannot be trusted yet
            size = -1  # hashed again on every run until a rebuild sees it settled
        rows[source] = [size, mtime_ns, digest]
    return rows


@dataclass
class CaseEdit:
    """The cached offline case of a folder where, since it was assembled, only the content of some notes changed.

    When the caller has checked that their new readings change nothing the assembly reads across notes
    (`assistant.reading.assemble.same_for_assembly`), `save` writes the case of the folder as it is now: the same
    bytes with those notes' hashes replaced, and the files' new rows; no reading is loaded and nothing assembled.
    """

    settings: Settings
    loaded: LoadResult
    stamp: str
    rows: dict[str, list[Any]]
    body: bytes
    hints: int
    companies: list[str] | None  # what the assembly matched mentions against (`assemble`), when it was kept
    changed: dict[str, str]  # source -> the note's content hash when the cached case was assembled

    def save(self, lists: dict[str, dict[str, list[BaseModel]]] | None = None) -> bool:
        """Write the case of the notes as they are now; False (nothing written) when the case is not as expected.

        `lists`: per list of the case (`progress`, `promises`, `touches`), the changed notes' new share of it, each
        note's share taking the place of its old one, in the notes' order.
        """
        from pydantic_core import to_json

        from assistant.planner import stated_last_contacts

        hashes = {note.source: note.hash for note in self.loaded.notes}
        spans: list[tuple[int, int, bytes]] = []  # where each changed note's old hash is, and its new one
        for source, before in self.changed.items():
            # A note's reading is serialised source first, hash second (its fields' order): no other object of a
            # case starts so, and a JSON string holds no unescaped quote, so this is found once, in `notes`.
            start, old = b'{"source":' + to_json(source) + b',"hash":', to_json(before)
            at = self.body.find(start + old)
            if at < 0:
                return False
            spans.append((at + len(start), at + len(start) + len(old), to_json(hashes[source])))
        order = {note.source: at for at, note in enumerate(self.loaded.notes)}
        for name, shares in (lists or {}).items():
            found = self._list(name)
            if found is None:
                return False
            begin, end, items = found
            spliced = _spliced(items, shares, order)
            if not spliced:
                return False  # an empty list is left out of the case: written whole instead
            spans.append((begin, end, json.dumps(spliced, ensure_ascii=False, separators=(",", ":")).encode()))
        pieces, done = [], 0
        for begin, end, new in sorted(spans):
            pieces += [self.body[done:begin], new]
            done = end
        body = b"".join([*pieces, self.body[done:]])
        _write(self.settings.state_dir, self.stamp, self.rows, self.loaded.examples,
               stated_last_contacts(self.loaded), self.hints, self.companies, body)
        return True

    def share(self, name: str, source: str) -> list[Any] | None:
        """The items of the case's list `name` from the note `source`, as cached (JSON); None when unreadable."""
        found = self._list(name)
        if found is None:
            return None
        try:
            return [item for item in found[2] if _source(item) == source]
        except (KeyError, TypeError):
            return None

    def rejections(self) -> list[Rejection] | None:
        """The case's rejections as cached (None when they cannot be read)."""
        if b'"rejections":[' not in self.body:
            return []  # none: an empty list is left out
        found = self._list("rejections")
        if found is None:
            return None
        try:
            return [Rejection.model_validate(item) for item in found[2]]
        except ValidationError:
            return None

    def _list(self, name: str) -> tuple[int, int, list[Any]] | None:
        """Where the case's list `name` is in the body (start, end) and its items as JSON; None when it is not there
        or would not be written back byte for byte (then nothing is patched)."""
        # Only the case itself has these keys (people, notes and rejections hold none), and a key's quote is never
        # escaped: the first such bytes are the case's own list.
        key = b'"' + name.encode() + b'":['
        at = self.body.find(key)
        if at < 0:
            return None
        begin = at + len(key) - 1
        try:
            text = self.body[begin:].decode()
            items, length = json.JSONDecoder().raw_decode(text)
        except ValueError:
            return None
        end = begin + len(text[:length].encode())
        if not isinstance(items, list) or _dumps(items) != self.body[begin:end]:
            return None
        return begin, end, items


def _dumps(items: list[Any]) -> bytes:
    return json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode()


def _source(item: dict[str, Any]) -> str:
    """The note a case's list item comes from: a touch's own `source`, else its ground's."""
    return str(item["source"] if "source" in item else item["ground"]["source"])


def _spliced(items: list[Any], shares: dict[str, list[BaseModel]], order: dict[str, int]) -> list[Any] | None:
    """`items` (a case's list as JSON, each from a note, in the notes' order) with each note's share in
    `shares` in place of its old one; None when an item's note is not known."""
    try:
        kept = [item for item in items if _source(item) not in shares]
        places = [order[_source(item)] for item in kept]
    except (KeyError, TypeError):
        return None
    for source in sorted(shares, key=order.__getitem__, reverse=True):  # later notes first: places stay right
        at = bisect.bisect_right(places, order[source])
        new = [json.loads(item.model_dump_json(exclude_defaults=True)) for item in shares[source]]
        kept[at:at] = new
        places[at:at] = [order[source]] * len(new)
    return kept


def case_edit(settings: Settings, loaded: LoadResult) -> CaseEdit | None:
    """The cached offline case of `loaded`'s folder and the notes whose content changed since it was assembled, when
    nothing else did (the stamp, the set of files, any file that is no note) and no note is an example; else None."""
    import datetime as dt

    if loaded.examples:
        return None  # such a case is not cached
    stamp = case_stamp("offline", "", dt.date.today().year, settings.knowledge_dir)
    try:
        header, _, body = (settings.state_dir / CASE_CACHE).read_bytes().partition(b"\n")
        meta = json.loads(header)
        if meta["stamp"] != stamp or type(meta["hints"]) is not int or not body.endswith(b"}"):
            return None  # another reader, rules or year; a cache from before the count was kept; a cut file
        companies = meta.get("companies")
        if companies is not None and not all(isinstance(c, str) and c.strip() for c in companies):
            return None
        before = meta["files"]
        rows = _rows(settings.knowledge_dir, loaded)
        if rows is None or before.keys() != rows.keys():
            return None
        notes = {note.source for note in loaded.notes}
        changed: dict[str, str] = {}
        for source, row in rows.items():
            digest = before[source][2]
            if digest != row[2]:
                if source not in notes or not isinstance(digest, str):
                    return None  # a file that was no note, or is none now
                changed[source] = digest
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    return CaseEdit(settings, loaded, stamp, rows, body, meta["hints"], companies, changed)


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


def save_offline_case(settings: Settings, loaded: LoadResult, case: CaseFile,
                      companies: list[str] | None = None) -> None:
    """Cache `case`, the offline case file of `loaded` as of today (what `index` assembled), for the next command;
    `companies` as `save_case` keeps them."""
    import datetime as dt

    from assistant.planner import stated_last_contacts

    stamp = case_stamp("offline", "", dt.date.today().year, settings.knowledge_dir)
    inputs = CaseInputs(case=case, examples=loaded.examples, last_contact=stated_last_contacts(loaded))
    save_case(settings.state_dir, settings.knowledge_dir, stamp, loaded, inputs, companies)
