"""The offline reader: a note's facts by a few general rules and the bundled embedding model, no network.

Split by job: `base` (the note being read, its context), `subject` (who and which company, parts), `kindrules`
(profile, contact, opening, progress, article); this module runs them in order and says what was found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.casefile import Hint, NoteReading, Profile, RedFlag
from assistant.notes import Note
from assistant.reading.base import OFFLINE_READER, ReadContext
from assistant.reading.casing import recased
from assistant.reading.chats import is_speaker, message_parties, read_chat
from assistant.reading.context import as_filed, context_company, pasted_recipient
from assistant.reading.facts import projects_in, promises_in, remarks_in
from assistant.reading.flags import find_red_flags
from assistant.reading.initials import credit_initials
from assistant.reading.journal import entry_notes, journal_entries, merge
from assistant.reading.kindrules import NO_CONTACT, KindRules
from assistant.reading.kinds import ENTRY, tells_of_no
from assistant.reading.marks import plain
from assistant.reading.meetings import read_several
from assistant.reading.properties import with_cards, with_properties
from assistant.reading.rejections import read_rejection
from assistant.reading.saidno import candidates
from assistant.reading.sections import section_notes
from assistant.reading.subject import SubjectRules
from assistant.reading.threads import unquoted
from assistant.readingcache import rules_version  # the digest `index` reads without importing these rules
from assistant.text import note_lines

__all__ = ["NO_COMPANY", "NO_CONTACT", "OFFLINE_READER", "OfflineReader", "ReadContext", "rules_version"]


NO_COMPANY = "no company name found: start the note with a `# Company Name` heading or add `name:`"
_NEWS_BULLET = re.compile(r"^\s*[-*]\s+(.+(?:\n\s{2,}\S.*)*)", re.M)


class OfflineReader:
    """Reads a note by rules and meaning, offline."""

    name = OFFLINE_READER

    @property
    def version(self) -> str:
        """Changes whenever the rules do."""
        return rules_version()

    def read(self, note: Note, context: ReadContext) -> NoteReading:
        """Everything the note says that the campaign can use, with the words that say it."""
        return self.read_many([note], context)[0]

    def read_many(self, notes: Sequence[Note], context: ReadContext) -> list[NoteReading]:
        """Read several notes: rules note by note, then one embedding call for all their sentences."""
        # How the note is written: emoji as list marks, contact cards as a list, a page's "Company: ..." lines on
        # top as metadata, a quoted email's writer as its headers, a note in lower case with the names its place
        # gives.
        notes = [recased(unquoted(with_properties(with_cards(plain(note))))) for note in notes]
        # A whole search in one file: each titled section on its own; a journal: each dated entry on its own.
        sectioned = [section_notes(note) for note in notes]
        flat = [n for note, split in zip(notes, sectioned, strict=True) for n in (split[1] if split else [note])]
        journals = [journal_entries(note, context.today) for note in flat]
        parts = [entry_notes(note, entries) if entries else [note]
                 for note, entries in zip(flat, journals, strict=True)]
        reads = [_NoteRead(part, context) for group in parts for part in group]
        for read in reads:
            read.run()
        context.matcher.prefetch([t for read in reads if read.pending for t in read.pending[1]])
        context.said_no.scores([t for read in reads for t in read.no_pending])
        done = iter([read.finish() for read in reads])
        read_flat = []
        for note, entries, group in zip(flat, journals, parts, strict=True):
            mine = [next(done) for _ in group]
            read_flat.append(merge(note, entries, mine) if entries else mine[0])
        pieces = iter(read_flat)
        readings = []
        for note, split in zip(notes, sectioned, strict=True):
            if split is None:
                readings.append(next(pieces))
                continue
            readings.append(merge(note, split[0], [next(pieces) for _ in split[1]]))
        return readings


class _NoteRead(SubjectRules, KindRules):
    """One note read by every rule in turn; `finish` adds what was read by meaning for a batch of notes."""

    def run(self) -> NoteReading:
        r = self.reading
        # a folder's or a pasted email's company; a title's "LUMEN HEALTH" as the file writes it
        r.about_company = context_company(self.note, as_filed(self.company(), self.note.source))
        pasted = None if self.meta.channel == "email" or self.kind == "profile" else pasted_recipient(self.note.text)
        if pasted is not None:  # an email from the company pasted into a note was written to the user
            r.addressed_to = Profile(name=pasted[0], email=pasted[1], source=self.note.source)
        entry = bool((self.meta.model_extra or {}).get(ENTRY))  # a journal's entry is about no one person
        # A rejection told by someone whose name and title head the note ("Marco Ferri / Engineering Manager at
        # Sable"): they are the note's person too.
        by_someone = self.kind == "rejection" and not self.meta.type and self._headed_by_someone()
        person = self.person() if (self.kind in {"person", None} or by_someone) and not entry else None
        if person is not None and self.chat and not is_speaker(person.name, self.chat, mine=False):
            person = None  # a pasted chat is about the other speaker, never the user ("Ola Nowak  10:50 AM")
        if person is not None:
            r.people.append(person)
            r.about_person = person.name
            r.about_company = r.about_company or person.company
            r.kind = r.kind or "person"
        elif self.kind == "person":
            r.hints.append(
                Hint(
                    source=self.note.source,
                    message=(
                        'no name found: start the note with the person\'s name ("Ana Lima, recruiter at Acme") or add '
                        "`name:` in front matter"
                    ),
                )
            )
        self.mentioned_people(person)
        if self.kind == "profile":
            r.profile = self.profile()
        if self.kind == "interaction":
            self.touch()
        if self.kind == "company":  # a company's news bullets are no flags
            lines = note_lines(_NEWS_BULLET.sub("", self.note.text))
        else:
            lines = [line for line, _ in self.lines]
        if self.kind != "profile":
            r.red_flags = find_red_flags("\n".join(lines), self.note.source)
        said_no = self.kind in {None, "interaction"} and (
            # a cue wrapped over two lines ("offered the\nposition to another applicant") counts too
            tells_of_no(" ".join(self.note.text.split())) or any(f.kind == "culture-misfit" for f in r.red_flags)
        )
        if r.kind == "rejection" or said_no:
            r.rejections.append(read_rejection(self))
            r.kind = r.kind or "rejection"
        elif self.kind in {None, "interaction"} and r.kind in {None, "interaction"} and self.meta.direction != "sent":
            self.no_pending = candidates(self.sentences)
        self.openings()
        self.progress()
        self.article()
        who = r.about_person or self.meta.with_
        if self.kind != "profile":
            r.projects = projects_in(self.sentences, self.note.source, company=r.about_company, person=r.about_person)
        r.promises = promises_in(self.sentences, self.note.source, to=who)
        if person is not None:
            person.remarks = remarks_in(self.sentences, self.note.source, person=person.name)
        return r

    def finish(self) -> NoteReading:
        """Add the parts read by meaning (scored in one batch for many notes), then say what was found."""
        if self.no_pending:
            self._said_no_by_meaning()
        if self.pending is not None:
            person, texts = self.pending
            claims = {c.part: c for c in person.parts}
            self._claim(person, claims, zip(texts, self.context.matcher.by_meaning(texts), strict=True))
            person.parts = list(claims.values())
            if person.started is None and person.has_part("got-the-job"):
                person.started = self._started()
            for opening in self.reading.openings:
                opening.hiring_manager = opening.hiring_manager or next(
                    (p.name for p in self.reading.people if p.has_part("hiring-manager")), None)
        speakers = read_chat(self, self.chat) if self.chat else set()  # a pasted chat: each speaker's own lines
        if self.kind == "interaction":  # "Hi Ola," on a message Marta wrote to the user: Ola is no contact
            speakers |= {name for name in message_parties(self.note.text) if name}
        read_several(self, speakers)  # the other people a note describes, the hire; rejections by context
        credit_initials(self)  # "Ben H." later in the note is the Ben Hughes it named
        self.summarise()
        return self.reading

    def _said_no_by_meaning(self) -> None:
        """A no told in words no rule knows: a rejection; a final no or a misfit is also a culture-misfit flag."""
        r = self.reading
        hits = [(s, idea) for s, idea in zip(self.no_pending, self.context.said_no.classify(self.no_pending),
                                               strict=True) if idea]
        if not hits:
            return
        misfit = next((s for s, idea in hits if idea == "misfit"), None)
        if misfit and not any(f.kind == "culture-misfit" for f in r.red_flags):
            r.red_flags.append(RedFlag(kind="culture-misfit", label="culture misfit", ground=self.ground(misfit)))
        r.rejections.append(read_rejection(self))
        r.kind = r.kind or "rejection"

    def summarise(self) -> None:
        r = self.reading
        found = []
        for person in r.people:
            parts = ", ".join(c.part for c in person.parts) or "no part in the campaign found"
            found.append(f"person {person.label}: {parts}")
        for rejection in r.rejections:
            flags = ", ".join(f.label for f in rejection.red_flags + r.red_flags)
            found.append(
                f"rejection by {rejection.company or '?'}"
                + (f" on {rejection.date}" if rejection.date else "")
                + (f" (red flags: {flags})" if flags else "")
            )
            if rejection.date is None:
                r.hints.append(Hint(source=self.note.source, message=(
                    'no date found for the rejection: say when it came ("they said no on 12 October") or add '
                    "`date: YYYY-MM-DD`")))
        if not r.rejections and r.red_flags:
            found.append("red flags: " + ", ".join(f.label for f in r.red_flags))
        found += [f"opening: {o.title}" for o in r.openings]
        found += [f"progress: {p.what[:60]}" for p in r.progress]
        found += [f"project: {p.what[:60]}" for p in r.projects]
        found += [f"article: {a.title[:60]}" for a in r.articles]
        found += [f"promise: {p.what[:60]}" for p in r.promises]
        found += [f"contact with {t.with_}" + (f" on {t.date}" if t.date else "") for t in r.touches]
        if r.profile is not None:
            found.append(f"your profile: {r.profile.name or 'no name'}")
        r.found = found
        if r.rejections:  # a pasted message from the company is read for its no, not as a contact with someone
            r.hints = [h for h in r.hints if h.message != NO_CONTACT]
        if r.kind == "company" and not r.about_company:
            r.hints.append(Hint(source=self.note.source, message=NO_COMPANY))
        elif not found and not r.about_company and not r.hints:
            r.hints.append(
                Hint(
                    source=self.note.source,
                    message=(
                        "nothing in it was understood (it is still searchable): add `type:` (person, company, "
                        "rejection, progress, ...) and a `name:` or `company:`"
                    ),
                )
            )
