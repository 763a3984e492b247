"""Split notes into small, citable chunks that carry the note's metadata."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from pydantic import BaseModel

from assistant.notes import Note
from assistant.text import split_sentences

TARGET_CHARS = 700
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")


class Chunk(BaseModel):
    """One passage of a note: its stable id, the text to embed, and metadata for filters."""

    id: str
    document: str
    metadata: dict[str, str | int]


def citation_label(chunk_id: str, source: str) -> str:
    """How a citation is shown everywhere: `[n3f9a2c1d] people/dana-reyes.md`."""
    return f"[{chunk_id}] {source}"


def chunk_note(note: Note) -> list[Chunk]:
    """Split a note into heading-aware passages; each starts with a header naming what the note is about."""
    header = note_header(note)
    pieces = list(_passages(note.text)) or [("", "")]
    chunks = []
    for index, (heading, body) in enumerate(pieces):
        text = f"{heading}\n{body}".strip() if heading else body
        document = f"{header}\n\n{text}".strip() if header else text
        digest = hashlib.sha1(f"{note.source}\0{index}\0{note.hash}".encode()).hexdigest()
        metadata = dict(_metadata(note), chunk_index=index, chunk_count=len(pieces),
                        body_offset=len(document) - len(text), heading=heading)
        chunks.append(Chunk(id=f"n{digest[:8]}", document=document, metadata=metadata))
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
