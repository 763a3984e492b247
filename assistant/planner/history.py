"""What has already been sent: touches from the notes and sent drafts, resolved once to the person they were with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant.casefile import CaseFile, Person
from assistant.names import Contact, Contacts, resolve_contact
from assistant.planner.shapes import SentLetter

if TYPE_CHECKING:
    from assistant.notes import LoadResult


class History(BaseModel):
    """The touches between the user and one person."""

    sent: list[dt.date] = Field(default_factory=list)
    received: list[dt.date] = Field(default_factory=list)
    other: list[dt.date] = Field(default_factory=list, description="Contacts of unknown direction.")
    sources: list[str] = Field(default_factory=list, description="The notes the touches come from.")

    @property
    def unanswered(self) -> int:
        """Touches sent since their last reply."""
        last_reply = max(self.received, default=dt.date.min)
        return sum(1 for d in self.sent if d > last_reply)

    @property
    def last_touch(self) -> dt.date | None:
        """The last day the user was in contact with them, either way."""
        return max([*self.sent, *self.received, *self.other], default=None)

    def sent_since(self, day: dt.date | None) -> list[dt.date]:
        """Touches the user sent on or after `day` (all of them when `day` is None)."""
        return [d for d in self.sent if day is None or d >= day]


class Unresolved(BaseModel):
    """A name in a touch that means no one in the notes, or could mean several people."""

    name: str
    company: str | None = None
    could_be: list[str] = Field(default_factory=list, description="Labels of the people it could mean.")
    sources: list[str] = Field(default_factory=list)
    last_contact: dt.date | None = None


class Touches:
    """Every touch in the case file and every sent draft, resolved once (`names.resolve_contact`).

    Built in one pass over the touches, each distinct name resolved once, so a plan or the people list costs time
    linear in the touches; `plan` and `people` read the same index and never disagree about who a touch was with.
    """

    def __init__(self, case: CaseFile, sent: Sequence[SentLetter] = (), *, today: dt.date | None = None,
                 last_contact: Mapping[str, dt.date] | None = None) -> None:
        self.people = [p for p in case.people if not p.example]
        self._contacts = Contacts(self.people)  # indexed once: resolving each name is one lookup
        self.histories: dict[str, History] = {p.label: History() for p in self.people}
        self.unresolved: dict[tuple[str, str], Unresolved] = {}
        self._resolved: dict[tuple[str, str | None], Contact[Person]] = {}
        company_of = {note.source: note.about_company for note in case.notes}
        for touch in case.touches:
            if touch.date is not None and today is not None and touch.date > today:
                continue
            company = company_of.get(touch.source)
            contact = self._resolve(touch.with_, company)
            if contact.person is None:
                self._unresolved(touch.with_, company, touch.source, touch.date, contact.candidates)
                continue
            history = self.histories[contact.person.label]
            history.sources.append(touch.source)
            if touch.date is not None:
                {"sent": history.sent, "received": history.received}.get(touch.direction or "",
                                                                          history.other).append(touch.date)
        # `last_contact:` in a person note's front matter: a contact of unknown direction on that day.
        for person in self.people:
            days = [last_contact[s] for s in person.sources if last_contact and s in last_contact]
            self.histories[person.label].other += [d for d in days if today is None or d <= today]
        for letter in sent:
            if today is not None and letter.date > today:
                continue
            to = self._resolve(letter.to, None).person
            if to is not None:
                self.histories[to.label].sent.append(letter.date)

    def _resolve(self, name: str, company: str | None) -> Contact[Person]:
        """`names.resolve_contact`, once per distinct name and company (touches repeat the same few names)."""
        key = (name, company)
        if key not in self._resolved:
            self._resolved[key] = resolve_contact(name, self._contacts, company=company)
        return self._resolved[key]

    def of(self, person: Person) -> History:
        """The touches with `person` (an empty history for someone nobody wrote to)."""
        return self.histories.get(person.label) or History()

    def _unresolved(self, name: str, company: str | None, source: str, day: dt.date | None,
                    candidates: Sequence[Person]) -> None:
        key = (" ".join(name.split()).casefold(), (company or "").casefold())
        entry = self.unresolved.setdefault(key, Unresolved(name=name, company=company,
                                                           could_be=sorted(p.label for p in candidates)))
        entry.sources.append(source)
        if day is not None:
            entry.last_contact = max(filter(None, [entry.last_contact, day]))


def stated_last_contacts(loaded: LoadResult) -> dict[str, dt.date]:
    """`last_contact:` from the front matter of person notes, by note (the case file has no touch for it yet)."""
    return {n.source: n.meta.last_contact for n in loaded.notes if n.meta.type == "person" and n.meta.last_contact}


def read_sent_drafts(folder: Path) -> list[SentLetter]:
    """Drafts under `folder` marked as sent, as touches; unreadable or unsent drafts are skipped."""
    import frontmatter
    import yaml

    letters = []
    for path in sorted(folder.glob("**/*.md")) if folder.is_dir() else []:
        try:
            meta = frontmatter.loads(path.read_text(encoding="utf-8")).metadata
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        sent_on = meta.get("sent")
        if meta.get("status") != "sent" or not meta.get("to") or not isinstance(sent_on, dt.date | str):
            continue
        try:
            day = sent_on if isinstance(sent_on, dt.date) else dt.date.fromisoformat(sent_on)
        except ValueError:
            continue
        kind = meta.get("kind")
        letters.append(SentLetter(to=str(meta["to"]), date=day, kind=kind if isinstance(kind, str) else None))
    return letters
