"""The reading stage: every note read once into a `NoteReading`, cached, then merged into one `CaseFile`.

    read_case_file(loaded, settings=..., reader=...)  -> CaseFile   (the entry point; uses the cache)
    read_note(note, context)                          -> NoteReading (offline rules, no cache)
    assemble(readings)                                -> CaseFile   (merge people, companies, red flags)

Readers: `OfflineReader` (rules and the bundled embedding model) and `ModelReader` (one structured-output call
per note, quotes verified). Cached readings live in `<workspace>/.second-chance/readings/<reader>/<key>.json`.
"""

from __future__ import annotations

from assistant.reading.assemble import assemble, known_companies, rejection_company
from assistant.reading.core import Reader, read_case_file, read_note, read_notes
from assistant.reading.flags import find_red_flags
from assistant.reading.rules import OfflineReader, ReadContext

__all__ = [
    "OfflineReader",
    "ReadContext",
    "Reader",
    "assemble",
    "find_red_flags",
    "known_companies",
    "read_case_file",
    "read_note",
    "read_notes",
    "rejection_company",
]
