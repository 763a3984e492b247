"""Load notes from the knowledge folder: Markdown, text and saved emails, with optional front matter."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import email
import email.policy
import functools
import hashlib
import os
import re
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from stat import S_ISREG
from typing import Any, Literal, cast, get_args

import frontmatter
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import KnowledgeError

NoteType = Literal["profile", "person", "company", "rejection", "progress", "interaction", "article", "opening"]
NOTE_TYPES: tuple[str, ...] = NoteType.__args__  # type: ignore[attr-defined]
SUFFIXES = {".md", ".markdown", ".txt", ".eml"}
MAX_NOTE_BYTES = 200_000
# Bump when the way a note becomes text changes, so an index rebuilt by an older version re-embeds it.
PARSER_VERSION = "1"

FOLDER_TYPES: dict[str, NoteType] = {
    "profile": "profile", "me": "profile",
    "people": "person", "person": "person", "contacts": "person",
    "company": "company", "companies": "company", "news": "company",
    "rejection": "rejection", "rejections": "rejection",
    "progress": "progress",
    "interactions": "interaction", "interaction": "interaction", "emails": "interaction",
    "email": "interaction", "mail": "interaction", "messages": "interaction",
    "articles": "article", "article": "article", "reading": "article",
    "openings": "opening", "opening": "opening", "jobs": "opening",
}  # fmt: skip


class NoteMeta(BaseModel):
    """What a note's front matter says; every key is optional and unknown keys are kept."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    type: NoteType | None = None
    name: str | None = None
    role: str | None = None
    company: str | None = None
    relationship: str | None = None
    date: dt.datetime | dt.date | None = None
    last_contact: dt.date | None = None
    started: dt.date | None = None
    tags: list[str] = Field(default_factory=list)
    email: str | None = None
    signature: str | None = None
    with_: str | None = Field(default=None, alias="with")
    direction: Literal["sent", "received"] | None = None
    channel: str | None = None
    subject: str | None = None
    title: str | None = None
    url: str | None = None
    reason: str | None = None
    example: bool = Field(default=False, description="An example from `init`: kept out of people, plans, letters.")

    @field_validator("tags", mode="before")
    @classmethod
    def _split_tags(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [tag.strip() for tag in value.split(",") if tag.strip()]
        return value

    @field_validator("date", mode="after")
    @classmethod
    def _day_only(cls, value: dt.datetime | dt.date | None) -> dt.date | None:
        return value.date() if isinstance(value, dt.datetime) else value

    @property
    def person(self) -> str | None:
        """The person this note is about: a person note's name, or whom an interaction was with."""
        if self.type == "person":
            return self.name
        if self.type == "interaction":
            return self.with_
        return None


class Note(BaseModel):
    """One note file, parsed."""

    source: str = Field(description="Path relative to the knowledge folder, with forward slashes.")
    meta: NoteMeta
    text: str
    hash: str = Field(description="Content hash; a changed hash means the note must be re-indexed.")
    warnings: list[str] = Field(default_factory=list)


class Skipped(BaseModel):
    """A file that was not indexed, and why."""

    path: str
    reason: str


class Warning_(BaseModel):
    """Something odd about a note that was indexed anyway."""

    path: str
    message: str


class LoadResult(BaseModel):
    """Everything found in the knowledge folder."""

    notes: list[Note]
    skipped: list[Skipped] = Field(default_factory=list)
    file_stats: dict[str, tuple[int, int]] = Field(
        default_factory=dict, exclude=True, description="Size and mtime_ns of each file as it was read."
    )

    @property
    def warnings(self) -> list[Warning_]:
        """Every warning raised while parsing, note by note."""
        return [Warning_(path=note.source, message=w) for note in self.notes for w in note.warnings]

    @property
    def profile(self) -> Note | None:
        """The user's own profile note, if there is one."""
        return next((note for note in self.notes if note.meta.type == "profile"), None)

    @property
    def examples(self) -> list[str]:
        """The example notes `init` wrote that are still in the folder (`example: true`)."""
        return [note.source for note in self.notes if note.meta.example]

    def without_examples(self) -> LoadResult:
        """The same notes but `init`'s examples, for what plans and writes (the index keeps them all)."""
        return self.model_copy(update={"notes": [note for note in self.notes if not note.meta.example]})


def load_notes(
    folder: Path, *, cache_dir: Path | None = None, walk: list[tuple[str, str, os.stat_result]] | None = None
) -> LoadResult:
    """Parse every note under `folder`; report what was skipped instead of failing.

    With `cache_dir` (the workspace's .second-chance/), a note whose size and modification time did not change
    since the last run is taken from the parsed-notes cache there instead of being read and parsed again.
    `walk`: `note_stats(folder)` when the caller has just walked the folder (`index` did, to see what changed).
    """
    if not folder.is_dir():
        raise KnowledgeError(
            f"No knowledge folder at {folder}; run `second-chance init` or pass --knowledge DIR."
        )
    from assistant.notecache import NoteCache

    cache = NoteCache.open(cache_dir, folder) if cache_dir is not None else None
    notes: list[Note] = []
    skipped: list[Skipped] = []
    stats: dict[str, tuple[int, int]] = {}
    root = folder.resolve()
    for path, source, stat in note_stats(folder) if walk is None else walk:
        stats[source] = (stat.st_size, stat.st_mtime_ns)
        # Folders that are links are never walked, so only a file that is a link can lead outside (no resolve
        # of every path: a third of loading 10,000 cached notes; nor a Path of every path: a tenth).
        if os.path.islink(path) and not Path(path).resolve().is_relative_to(root):  # e.g. a link to /etc/passwd
            skipped.append(Skipped(path=source, reason="a link to a file outside the knowledge folder; copy the "
                                                       "file in if it is a note"))
            continue
        suffix = os.path.splitext(source)[1].lower()
        if suffix == ".mbox":  # a mail export: one interaction per message
            from assistant.mbox import read_mbox

            messages, problems = read_mbox(Path(path), source)
            notes.extend(messages)
            skipped.extend(problems)
            continue
        if suffix not in SUFFIXES:
            skipped.append(Skipped(path=source, reason="not a note type"))
            continue
        found = cache.get(source, stat) if cache is not None else None
        if isinstance(found, str):
            skipped.append(Skipped(path=source, reason=found))
            continue
        if found is not None:
            notes.append(found)
            continue
        try:
            note = parse_note(source, read_note_bytes(path, stat.st_size))
        except _Skip as skip:
            skipped.append(Skipped(path=source, reason=str(skip)))
            if cache is not None:
                cache.put(source, stat, str(skip))
            continue
        except OSError as exc:
            skipped.append(Skipped(path=source, reason=f"cannot read it ({exc.strerror})"))
            continue
        if stat.st_size > 4 * MAX_NOTE_BYTES:
            note.warnings.append(f"file is {stat.st_size:,} bytes; indexed the first part only")
        if cache is not None:
            cache.put(source, stat, note)
        notes.append(note)
    if cache is not None:
        cache.save()  # before _orient_emails: the cache holds each file as parsed on its own
    _orient_emails(notes)
    return LoadResult(notes=notes, skipped=skipped, file_stats=stats)


def note_files(folder: Path) -> list[tuple[Path, str, os.stat_result]]:
    """Every file under `folder` that is not hidden, in path order, with its source name and one stat each."""
    return [(Path(path), source, stat) for path, source, stat in note_stats(folder)]


def note_stats(folder: Path) -> list[tuple[str, str, os.stat_result]]:
    """`note_files` with each path as a string: a stat of every file and nothing more (no Path objects)."""
    found: list[tuple[tuple[str, ...], str, os.stat_result]] = []

    def walk(directory: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError:
            return
        for entry in listed:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir() and not entry.is_symlink():  # as Path.rglob: no symlinked folders
                    walk(entry.path, (*parts, entry.name))
                    continue
                stat = entry.stat()
            except OSError:
                continue
            if S_ISREG(stat.st_mode):
                found.append(((*parts, entry.name), entry.path, stat))

    walk(str(folder), ())
    found.sort(key=lambda row: row[0])
    return [(path, "/".join(parts), stat) for parts, path, stat in found]


def read_note_bytes(path: Path | str, size: int) -> bytes:
    """A note's bytes; only the first part of a file over four times MAX_NOTE_BYTES."""
    with open(path, "rb") as handle:  # no Path of each path: a tenth of loading 10,000 notes
        return handle.read() if size <= 4 * MAX_NOTE_BYTES else handle.read(4 * MAX_NOTE_BYTES)


def content_hash(data: bytes) -> str:
    """The hash a note's bytes get: a changed hash means the note must be parsed and indexed again."""
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + data).hexdigest()


class _Skip(Exception):
    """A file that cannot be a note."""


def parse_note(source: str, data: bytes) -> Note:
    """Turn one file's bytes into a note; raise _Skip for files that hold no note."""
    digest = content_hash(data)
    if source.lower().endswith(".eml") or ".mbox#" in source.lower():
        if b"\x00" in data:
            raise _Skip("binary content, not text")
        meta, text, warnings = _parse_email(data)
    else:
        raw, warnings = _decode(data)
        meta, text = _split_front_matter(raw, warnings)
        text = _note_app_marks(text, meta, source)
    if meta.type is None:
        meta.type = infer_type(source)
    if not text.strip() and not meta.model_dump(exclude_defaults=True):
        raise _Skip("empty note")
    if len(text) > MAX_NOTE_BYTES:
        warnings.append(f"note is {len(text):,} characters; indexed the first {MAX_NOTE_BYTES:,}")
        text = text[:MAX_NOTE_BYTES]
    return Note(source=source, meta=meta, text=text.strip(), hash=digest, warnings=warnings)


# What note apps (Obsidian, Logseq, Foam) write into plain Markdown: a link to another note, `[[Dana Reyes]]` or
# `[[people/dana|Dana]]`; an inline tag, `#hiring-manager`; a daily note named by its day, `2026-10-03.md`.
_WIKI_LINK = re.compile(r"\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|([^\[\]]+))?\]\]")
_INLINE_TAG = re.compile(r"(?<![\w#&/'’])#([A-Za-z][\w/-]*\w)")
_HEADING_LINE = re.compile(r"^\s*#{1,6}(?:\s|$)")
_TAGS_ONLY = re.compile(r"^\s*(?:tags?:\s*)?(?:#[A-Za-z][\w/-]*\w[\s,]*)+$", re.I)
_DAY_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\b")


def _note_app_marks(text: str, meta: NoteMeta, source: str) -> str:
    """Read a note app's marks: a link's words as plain text, inline tags into `tags` (a type's name into `type`
    when none is set), and a daily note's day into `date`. Front matter keeps the last word."""
    if "[[" in text:
        text = _WIKI_LINK.sub(lambda m: (m.group(2) or PurePosixPath(m.group(1).strip()).name).strip(), text)
    if "#" in text:
        body = "\n".join(line for line in text.splitlines() if not _HEADING_LINE.match(line))  # "# Acme" is no tag
        tags = [t.casefold() for t in _INLINE_TAG.findall(body)]
        meta.tags = list(dict.fromkeys([*meta.tags, *tags]))
        # A line of tags only ("#hiring-manager #manager-i-liked") is metadata now: the text goes on without it.
        text = "\n".join(line for line in text.splitlines() if not _TAGS_ONLY.match(line))
        types = [t for t in tags if t in get_args(NoteType)]
        if meta.type is None and types:
            meta.type = cast(NoteType, types[0])
    day = _DAY_NAME.match(source.rpartition("/")[2])
    if meta.date is None and day:
        with contextlib.suppress(ValueError):  # "2026-13-40 notes.md" is no day
            meta.date = dt.date.fromisoformat(day.group(1))
    return text


def infer_type(source: str) -> NoteType | None:
    """Guess a note's type from the nearest folder with a known name (people/, progress/, ...)."""
    for folder in reversed(source.split("/")[:-1]):
        found = FOLDER_TYPES.get(folder.lower())
        if found:
            return found
    return None


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Windows editors save "Unicode" this way
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise _Skip("marked as UTF-16 but not valid UTF-16; save it as UTF-8") from None
    if b"\x00" in data:
        raise _Skip("binary content, not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        return text, [f"not valid UTF-8 (byte {exc.start}); read as Windows-1252, check odd characters"]


class _TextDates(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML without timestamp parsing: a date stays text until pydantic checks it, so `2026-02-30`
    costs one key with a warning instead of the whole front matter. libyaml's parser when PyYAML has it
    (about twice as fast); the resolvers below are Python either way, so both read a note the same."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

class _TextDatesHandler(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        simple = _simple_mapping(fm)
        if simple is not None:
            return simple
        values = yaml.load(fm, Loader=_TextDates)  # a SafeLoader: no arbitrary objects
        if isinstance(values, dict):  # `no:` or `2024:` is a key too (YAML reads a truth value, a number)
            return {str(key): value for key, value in values.items()}
        return values


# Most front matter is `key: text` lines. Those are read here as YAML reads them (the same implicit types decide
# what stays text), without its per-node machinery: a third of parsing 10,000 notes. Anything else goes to YAML.
_SIMPLE_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]+(.*?)[ \t]*")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# YAML's printable characters (anything else is an error there), less its other line breaks and the BOM
_ODD = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|\u2028|\u2029")
_STR = "tag:yaml.org,2002:str"


def _simple_mapping(block: str) -> dict[str, str | list[str]] | None:
    """`key: text` (or `key: [text, text]`) lines as YAML reads them; None when YAML must read the block."""
    if _ODD.search(block):
        return None
    values: dict[str, str | list[str]] = {}
    for line in block.split("\n"):
        line = line.removesuffix("\r")
        if "\r" in line:  # a line break to YAML
            return None
        if not line.strip():
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.groups()
        if _implicit(key) != _STR:
            return None
        if value.startswith("[") and value.endswith("]"):  # `tags: [a, b]`, each item text
            items = [item.strip() for item in value[1:-1].split(",")] if value[1:-1].strip() else []
            if not all(_plain(item) and not any(c in item for c in "[]{}:") for item in items):
                return None
            values[key] = items
        elif _plain(value):
            values[key] = value
        else:
            return None
    return values or None


def _plain(scalar: str) -> bool:
    """Whether YAML reads `scalar` (one line, trimmed) as this very text."""
    return (bool(scalar) and scalar[0] not in _INDICATORS and ": " not in scalar and " #" not in scalar
            and "\t" not in scalar and not scalar.endswith(":") and _implicit(scalar) == _STR)


def _implicit(scalar: str) -> str:
    """The type YAML gives a plain scalar (the loader's resolvers: no timestamps), as `Resolver.resolve` does."""
    resolvers = _TextDates.yaml_implicit_resolvers
    for tag, regexp in resolvers.get(scalar[0], []) + resolvers.get(None, []):
        if regexp.match(scalar):
            return str(tag)
    return _STR


_YAML = _TextDatesHandler()

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(\r?\n|\Z)", re.DOTALL)


def _split_front_matter(raw: str, warnings: list[str]) -> tuple[NoteMeta, str]:
    if not _FRONT.match(raw):
        return NoteMeta(), raw
    try:
        post = frontmatter.loads(raw, handler=_YAML)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        warnings.append(f"front matter is not valid YAML{where}; indexed the text without it")
        return NoteMeta(), _FRONT.sub("", raw, count=1)
    if not post.metadata:
        _not_a_mapping(raw, warnings)
    return _meta(dict(post.metadata), warnings), post.content


def _not_a_mapping(raw: str, warnings: list[str]) -> None:
    """Warn when the front matter is YAML but not `key: value` lines (a list, a bare string): it was left out."""
    match = _FRONT.match(raw)
    block = match.group(1) if match else None
    if not block or not block.strip():
        return
    try:
        value = yaml.load(block, Loader=_TextDates)
    except yaml.YAMLError:
        return
    if value is not None and not isinstance(value, dict):
        what = "a list" if isinstance(value, list) else f"a {type(value).__name__}" if not isinstance(value, str) \
            else "a line of text"
        warnings.append(f"front matter is {what}, not `key: value` lines; indexed the text without it")


def _meta(values: dict[str, Any], warnings: list[str]) -> NoteMeta:
    """Validate front matter key by key, so one bad value costs only that key."""
    clean: dict[str, Any] = {}
    for key, value in values.items():
        key = str(key).strip().lower().replace("-", "_")
        if key == "with_":
            key = "with"
        try:
            NoteMeta.model_validate({key: value})
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"]
            warnings.append(f"front matter '{key}: {value}' ignored ({problem})")
            continue
        clean[key] = value
    return NoteMeta.model_validate(clean)


class _ParsedOnce(HeaderRegistry):
    """Parse each distinct header once: the standard policy re-parses Content-Type at every look-up, which made
    reading a mail export (.mbox) about ten times slower than it needs to be."""

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (one registry for the whole process)
    def __call__(self, name: str, value: str) -> BaseHeader:
        return super().__call__(name, value)  # type: ignore[no-any-return]


_EMAIL_POLICY = email.policy.default.clone(header_factory=_ParsedOnce())


def _parse_email(data: bytes) -> tuple[NoteMeta, str, list[str]]:
    warnings: list[str] = []
    message = email.message_from_bytes(data, policy=_EMAIL_POLICY)
    assert isinstance(message, EmailMessage)
    sender_name, sender_address = parseaddr(str(message.get("From", "")))
    sent: dt.date | None = None
    if message.get("Date"):
        try:
            sent = parsedate_to_datetime(str(message["Date"])).date()
        except (TypeError, ValueError):
            warnings.append(f"email date '{message['Date']}' is not a date; ignored")
    body = _email_body(message)
    if body is None:
        raise _Skip("email has no readable text body")
    meta = NoteMeta.model_validate(
        {
            "type": "interaction",
            "with": sender_name or None,  # a bare address is matched to a person note's email below
            "email": sender_address or None,
            "date": sent,
            "channel": "email",
            "direction": "received",
            "subject": str(message.get("Subject", "")) or None,
            "email_to": list(parseaddr(str(message.get("To", "")))),  # whom a message the user sent was for
        }
    )
    return meta, body, warnings


def _email_body(message: EmailMessage) -> str | None:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return None
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return None
    return _html_to_text(content) if part.get_content_type() == "text/html" else content


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "br", "div", "li", "tr"}:
            self.parts.append("\n")


def _html_to_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts))


def _orient_emails(notes: list[Note]) -> None:
    """Mark saved emails the user sent (From: the profile's address) as sent; name senders known by address."""
    own = {n.meta.email.lower() for n in notes if n.meta.type == "profile" and n.meta.email}
    by_address = {n.meta.email.lower(): n.meta.name for n in notes
                  if n.meta.type == "person" and n.meta.email and n.meta.name}
    for note in notes:
        if note.meta.channel != "email" or not note.meta.email:
            continue
        address = note.meta.email.lower()
        if address in own:
            note.meta.direction = "sent"
            to = (note.meta.model_extra or {}).get("email_to")
            if isinstance(to, list | tuple) and len(to) == 2:
                note.meta.with_ = to[0] or by_address.get(str(to[1]).lower()) or None
        elif note.meta.with_ is None and address in by_address:
            note.meta.with_ = by_address[address]
