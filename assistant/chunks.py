"""Split notes into small, citable chunks that carry the note's metadata."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from assistant.notes import Note

TARGET_CHARS = 700
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
# A chunk id is `n` and the first ID_DIGITS hex digits of a SHA-1 of the note's path, the passage's place in it and
# the note's content hash: 48 bits, so two of 100,000 chunks share an id with odds of about 2e-5 (Chroma would keep
# one of them and the other passage would be lost from search and citations without a word).
ID_DIGITS = 12
# The index records this (the collection, its manifest and the files beside it); one made with another format is not
# read, and `index` embeds the notes again (assistant/index.py). 1: 8 hex digits (32 bits: at the 17,000 chunks of
# 10,000 notes, two chunks shared an id in about 3% of indexes).
ID_FORMAT = 2
_OLD_DIGITS = 8
# The one pattern for a chunk id in any text (a model's answer, a fenced prompt, a saved draft). It also finds the
# 8-digit ids of format 1, which drafts and chat transcripts saved before may hold: each is the first 8 digits of the
# same passage's id now (`current_id`).
CHUNK_ID = re.compile(rf"\bn(?:[0-9a-f]{{{ID_DIGITS}}}|[0-9a-f]{{{_OLD_DIGITS}}})\b")


class Chunk(BaseModel):
    """One passage of a note: its stable id, the text to embed, and metadata for filters."""

    id: str
    document: str
    metadata: dict[str, str | int]


def citation_label(chunk_id: str, source: str) -> str:
    """How a citation is shown everywhere: `[n3f9a2c1d07be] people/dana-reyes.md`."""
    return f"[{chunk_id}] {source}"


def chunk_id(source: str, index: int, note_hash: str) -> str:
    """The id of the passage at `index` of the note at `source` whose content hash is `note_hash`."""
    digest = hashlib.sha1(f"{source}\0{index}\0{note_hash}".encode()).hexdigest()
    return f"n{digest[:ID_DIGITS]}"


def current_id(cited: str, ids: Iterable[str]) -> str:
    """The id among `ids` that `cited` names: itself, or for an 8-digit id of format 1 the one id it begins."""
    if len(cited) != 1 + _OLD_DIGITS or not CHUNK_ID.fullmatch(cited):
        return cited
    found = [i for i in ids if i.startswith(cited) and len(i) == 1 + ID_DIGITS]
    return found[0] if len(set(found)) == 1 else cited


def chunk_note(note: Note) -> list[Chunk]:
    """Split a note into heading-aware passages; each starts with a header naming what the note is about."""
    header = note_header(note)
    pieces = list(_passages(note.text)) or [("", "")]
    chunks = []
    for index, (heading, body) in enumerate(pieces):
        text = f"{heading}\n{body}".strip() if heading else body
        document = f"{header}\n\n{text}".strip() if header else text
        metadata = dict(_metadata(note), chunk_index=index, chunk_count=len(pieces),
                        body_offset=len(document) - len(text), heading=heading)
        chunks.append(Chunk(id=chunk_id(note.source, index, note.hash), document=document, metadata=metadata))
    return chunks


def note_header(note: Note) -> str:
    """One line with the note's front matter, so names, roles and relationships are searchable."""
    meta = note.meta
    facts = [meta.name or meta.title or meta.subject, meta.role, meta.company]
    labelled = {
        "type": meta.type, "with": meta.with_, "relationship": meta.relationship,
        "date": meta.date.isoformat() if meta.date else None,
        "started": meta.started.isoformat() if meta.started else None,
        "reason": meta.reason, "tags": ", ".join(meta.tags) if meta.tags else None,
    }  # fmt: skip
    parts = [str(f) for f in facts if f] + [f"{key}: {value}" for key, value in labelled.items() if value]
    return " · ".join(parts)


def _metadata(note: Note) -> dict[str, Any]:
    meta = note.meta
    values: dict[str, Any] = {
        "source": note.source,
        "note_hash": note.hash,
        "type": meta.type or "note",
        "name": meta.name,
        "person": meta.person,
        # A company note may name its company only in `name:`; filters look for it under `company`.
        "company": meta.company or (meta.name if meta.type == "company" else None),
        "role": meta.role,
        "relationship": meta.relationship,
        "date": meta.date.isoformat() if meta.date else None,
        "tags": ",".join(meta.tags) if meta.tags else None,
    }
    return {key: value for key, value in values.items() if value is not None}


def _passages(text: str) -> list[tuple[str, str]]:
    """Group paragraphs under their heading into passages of about TARGET_CHARS."""
    passages: list[tuple[str, str]] = []
    heading = ""
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            passages.append((heading, "\n\n".join(buffer)))
            buffer.clear()

    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        first, _, rest = paragraph.partition("\n")
        match = _HEADING.match(first)
        if match:
            flush()
            heading = match.group(1).strip()
            paragraph = rest.strip()
            if not paragraph:
                continue
        for piece in _split_long(paragraph):
            if buffer and sum(len(p) for p in buffer) + len(piece) > TARGET_CHARS:
                flush()
            buffer.append(piece)
    flush()
    return passages


def _split_long(paragraph: str) -> list[str]:
    if len(paragraph) <= TARGET_CHARS * 1.5:
        return [paragraph]
    from assistant.text import split_sentences  # here: the index's files read ID_FORMAT without importing text

    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(paragraph):
        if current and len(current) + len(sentence) > TARGET_CHARS:
            pieces.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
        while len(current) > TARGET_CHARS * 1.5:
            pieces.append(current[:TARGET_CHARS])
            current = current[TARGET_CHARS:]
    if current:
        pieces.append(current)
    return pieces
