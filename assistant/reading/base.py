"""What reading one note offline starts from: the note, its kind and sentences, and the context it is read in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from assistant.casefile import Ground, NoteReading, Person
from assistant.notes import Note
from assistant.patterns import guarded
from assistant.reading.chats import chat_lines, chat_turns
from assistant.reading.context import context_kind
from assistant.reading.facts import mostly_progress
from assistant.reading.kinds import is_example, note_kind, profile_by_folder_only, reference_date
from assistant.reading.parts import PartMatcher
from assistant.reading.saidno import NoMatcher
from assistant.text import find_dates, line_sentences

OFFLINE_READER = "offline"


@dataclass
class ReadContext:
    """What reading a note may use besides the note: the day that dates without a year count back from."""

    today: dt.date = field(default_factory=dt.date.today)
    matcher: PartMatcher = field(default_factory=PartMatcher)
    _said_no: NoMatcher | None = None

    @property
    def said_no(self) -> NoMatcher:
        """The matcher of a no by meaning, sharing the part matcher's embedder."""
        if self._said_no is None or self._said_no.parts is not self.matcher:
            self._said_no = NoMatcher(self.matcher)
        return self._said_no


_CAPS = guarded(r"\b[A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*){0,3}")


class NoteBase:
    """One note being read: what every reading rule starts from (the kinds of fact are read by the subclasses)."""

    def __init__(self, note: Note, context: ReadContext) -> None:
        self.note, self.context = note, context
        self.meta = note.meta
        self.kind = context_kind(note, note_kind(note))  # companies/acme/x.md is no company note
        # a pasted chat's turns: its speakers are read from their own lines, and no message runs into the next
        self.chat = chat_turns(note.text) if self.kind in {None, "interaction", "person", "rejection"} else None
        self.lines = chat_lines(note.text) if self.chat else line_sentences(note.text)  # every rule reads these
        self.sentences = [sentence for _, sentences in self.lines for sentence in sentences]
        if self.kind == "profile" and profile_by_folder_only(note) and mostly_progress(self.sentences):
            self.kind = "progress"  # me/since-then.md: a list of what the user did, filed with their own notes
        self.pending: tuple[Person, list[str]] | None = None  # texts whose part is read by meaning in `finish`
        self.no_pending: list[str] = []  # sentences that may tell of a no, read by meaning in `finish`
        self.titled_role: str | None = None  # the role a "Company - Role" first line names (read with the company)
        self.reading = NoteReading(
            source=note.source,
            hash=note.hash,
            reader=OFFLINE_READER,
            kind=self.kind,
            example=is_example(note),
            mentions=sorted(set(_CAPS.findall(note.text)))[:200],
        )

    @cached_property
    def reference(self) -> dt.date:
        """The day a date without a year counts back from (read only when such a date is met)."""
        return reference_date(self.note, self.context.today)

    def ground(self, quote: str) -> Ground:
        return Ground(source=self.note.source, quote=quote)

    def _first_day(self) -> dt.date | None:
        dates = find_dates(self.note.text, reference=self.reference)
        return dates[0].day if dates else None
