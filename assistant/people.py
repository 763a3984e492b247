"""Who is in the notes: one entry per person and company, with their last contact and sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel, Field

from assistant.names import Contacts, fold, pick, resolve_contact
from assistant.notes import LoadResult, Note


class NextTouch(BaseModel):
    """The next letter the campaign plans for a person, and why; or, with no date, why there is none."""

    date: dt.date | None = None
    kind: str | None = None
    why: str


class Person(BaseModel):
    """A person from the notes (DESIGN.md section 5, `people --json`)."""

    name: str
    role: str | None = None
    company: str | None = None
    relationship: str | None = None
    last_contact: dt.date | None = None
    started: dt.date | None = None
    tags: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    next_touch: NextTouch | None = Field(default=None, description="Filled in by the planner (`people`).")
    could_be: list[str] = Field(default_factory=list, description=(
        "For a name from an interaction that matches several people (a shared first name): who it could be."))

    @property
    def label(self) -> str:
        """Name with company, to tell two people with the same name apart."""
        return f"{self.name} ({self.company})" if self.company else self.name


def list_people(loaded: LoadResult) -> list[Person]:
    """Everyone with a person note, plus anyone an interaction was with, sorted by name.

    An interaction counts for the person `names.resolve_contact` says it means (the planner counts touches
    from the same sources); a name it cannot tell apart gets its own entry, with who it could be.
    """
    people: dict[tuple[str, str], Person] = {}
    notes = [note for note in loaded.notes if not note.meta.example]  # init's examples are nobody
    for note in notes:
        if note.meta.type == "person" and note.meta.name:
            key = (fold(note.meta.name), fold(note.meta.company))
            person = people.setdefault(key, Person(name=note.meta.name))
            _merge(person, note)
    known = Contacts(list(people.values()))
    for note in notes:
        if note.meta.type == "interaction" and note.meta.with_:
            contact = resolve_contact(note.meta.with_, known, company=note.meta.company)
            person = contact.person or people.setdefault(
                (fold(note.meta.with_), fold(note.meta.company)),
                Person(name=note.meta.with_, company=note.meta.company,
                       could_be=sorted(p.label for p in contact.candidates)),
            )
            person.sources.append(note.source)
            if note.meta.date and isinstance(note.meta.date, dt.date):
                person.last_contact = max(filter(None, [person.last_contact, note.meta.date]))
    return sorted(people.values(), key=lambda p: (p.name.casefold(), p.company or ""))


def find_person(people: list[Person], name: str) -> Person:
    """The one person `name` means ("Dana", "Dana Reyes" or "Dana Reyes (Northwind)"); errors list options.

    Names from interactions that could be several people are not candidates: writing to one would guess.
    """
    known = [p for p in people if not p.could_be]
    return pick(name, known, name=lambda p: p.name, label=lambda p: p.label)


class Touch(Protocol):
    """A letter sent to someone on a day (the planner's `SentLetter`)."""

    to: str
    date: dt.date


def with_sent(people: list[Person], sent: Sequence[Touch]) -> list[Person]:
    """Copies of `people` whose last contact counts the drafts marked sent (`second-chance sent FILE`)."""
    latest: dict[int, dt.date] = {}
    for letter in sent:
        person = resolve_contact(letter.to, people).person
        if person is not None:
            latest[id(person)] = max(letter.date, latest.get(id(person), letter.date))
    return [p.model_copy(update={"last_contact": max(filter(None, [p.last_contact, latest[id(p)]]))})
            if id(p) in latest else p for p in people]


def _merge(person: Person, note: Note) -> None:
    meta = note.meta
    person.role = person.role or meta.role
    person.company = person.company or meta.company
    person.relationship = person.relationship or meta.relationship
    person.started = person.started or meta.started
    person.tags = sorted(set(person.tags) | set(meta.tags))
    if meta.last_contact:
        person.last_contact = max(filter(None, [person.last_contact, meta.last_contact]))
    person.sources.append(note.source)

