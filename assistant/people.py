"""Who is in the notes: one entry per person, with their part, last contact, sources and next planned touch.

The entries come from the case file (`assistant.casefile`), so `people`, `plan` and `draft` see the same people;
a name in an interaction that means no one, or several people, gets its own entry saying who it could be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from assistant.casefile import CaseFile, Part
from assistant.casefile import Person as CasePerson
from assistant.names import pick
from assistant.planner.history import Touches
from assistant.planner.parts import parts_of
from assistant.planner.rules import norm

if TYPE_CHECKING:
    from assistant.planner.shapes import CompanyPlan, Plan, SentLetter


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
    parts: list[Part] = Field(default_factory=list, description="Their parts in the campaign.")
    sources: list[str] = Field(default_factory=list)
    example: bool = Field(default=False, description="From an example note `init` wrote: never planned or written to.")
    next_touch: NextTouch | None = Field(default=None, description="Filled in from the plan, when one is given.")
    could_be: list[str] = Field(default_factory=list, description=(
        "For a name from an interaction that matches several people (a shared first name): who it could be."))

    @property
    def label(self) -> str:
        """Name with company, to tell two people with the same name apart."""
        return f"{self.name} ({self.company})" if self.company else self.name

    @property
    def in_words(self) -> str:
        """What they are to the user: the user's own words for it ("led my final interview"), else their parts in
        the campaign in words, not the sentence that names them ("panel 9/24: Hugo Marchetti (...) + 2 PMs")."""
        from assistant.planner.parts import PART_WORDS

        if self.could_be:
            return f"could be {' or '.join(self.could_be)}"
        said = self.relationship or ""
        if said and self.name.split()[0] not in said:
            return said
        return ", ".join(PART_WORDS[part] for part in self.parts if part in PART_WORDS)


def list_people(case: CaseFile, *, sent: Sequence[SentLetter] = (), plan: Plan | None = None,
                today: dt.date | None = None, touches: Touches | None = None) -> list[Person]:
    """Everyone in the case file, plus anyone a touch was with who is not, sorted by name; with `plan`, each
    person's next planned letter (or why none)."""
    touches = touches or Touches(case, sent, today=today)
    people = []
    for person in touches.people:
        history = touches.of(person)
        people.append(Person(
            name=person.name, role=person.role, company=person.company, relationship=person.relationship,
            last_contact=history.last_touch, started=person.started, parts=parts_of(person),
            sources=list(dict.fromkeys([*person.sources, *history.sources]))))
    people += [Person(name=p.name, role=p.role, company=p.company, relationship=p.relationship, started=p.started,
                      parts=parts_of(p), sources=p.sources, example=True) for p in case.people if p.example]
    people += [Person(name=u.name, company=u.company, last_contact=u.last_contact, sources=u.sources,
                      could_be=u.could_be) for u in touches.unresolved.values()]
    people.sort(key=lambda p: (p.name.casefold(), p.company or ""))
    if plan is not None:
        by_company = {norm(c.company): c for c in plan.companies}
        for entry in people:
            entry.next_touch = _next_for(entry, by_company.get(norm(entry.company)))
    return people


def find_person(people: Sequence[CasePerson], name: str) -> CasePerson:
    """The one person `name` means ("Dana", "Dana Reyes" or "Dana Reyes (Northwind)"); errors list options."""
    known = [p for p in people if not p.example]
    return pick(name, known, name=lambda p: p.name, label=lambda p: p.label)


def _next_for(person: Person, company: CompanyPlan | None) -> NextTouch:
    if person.example:
        return NextTouch(why="an example note from `second-chance init`: replace it with notes about people you met")
    if person.could_be:
        return NextTouch(why=f"could be {' or '.join(person.could_be)}; write the full name in the note's "
                             "`with:` so the touch counts for them")
    if company is None:
        where = person.company or "their company"
        return NextTouch(why=f"no rejection note for {where}, so no campaign there")
    if company.readiness.status == "do-not-reapply":
        return NextTouch(why=f"{company.company}: do not reapply, so no outreach")
    step = next((s for s in company.steps if s.to == person.name), None)
    if step is not None:
        return NextTouch(date=step.date, kind=step.kind, why=step.why)
    contact = next((c for c in company.contacts if c.name == person.name), None)
    if contact is not None:
        return NextTouch(why=contact.status)
    return NextTouch(why="not a manager you liked, an insider, or the person who got the job")
