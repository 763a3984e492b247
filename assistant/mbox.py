"""Mail exports (`.mbox`, as Gmail, Thunderbird and Apple Mail write them): one interaction note per message."""

from __future__ import annotations

import mailbox
from pathlib import Path

from assistant.notes import Note, Skipped, _Skip, parse_note

MAX_MESSAGES = 5_000  # a whole mailbox export is not a note folder: say so instead of indexing for an hour


def read_mbox(path: Path, source: str) -> tuple[list[Note], list[Skipped]]:
    """Each message of the mbox file at `path` as a note whose source is `SOURCE#N` (N counts from 1)."""
    try:
        box = mailbox.mbox(path, create=False)
        keys = list(box.keys())
    except (OSError, mailbox.Error) as exc:
        return [], [Skipped(path=source, reason=f"cannot read it as a mail export ({exc})")]
    notes: list[Note] = []
    skipped: list[Skipped] = []
    for number, key in enumerate(keys[:MAX_MESSAGES], start=1):
        name = f"{source}#{number}"
        try:
            notes.append(parse_note(name, box.get_bytes(key)))
        except _Skip as skip:
            skipped.append(Skipped(path=name, reason=str(skip)))
        except (OSError, mailbox.Error, ValueError) as exc:
            skipped.append(Skipped(path=name, reason=f"cannot read this message ({exc})"))
    if len(keys) > MAX_MESSAGES:
        skipped.append(Skipped(path=source, reason=f"{len(keys):,} messages; read the first {MAX_MESSAGES:,} only: "
                                                   "export just the conversations with the company"))
    box.close()
    return notes, skipped
