"""The case file: what the notes say, read once, typed. People, plan, letters, checks and chat read it.

This module holds only the shapes (pydantic, no other imports from the package), so every part of second-chance
can depend on it. Reading notes into it is `assistant.reading`'s job: one `NoteReading` per note, cached by the
note's content hash (and the reader's name), then `CaseFile.assemble`-style merging across notes.

Every fact carries `Ground`: the note it comes from and the note's own words that say so (verbatim, so a
letter, a check or the user can always be shown where a fact came from). Front matter always wins over
inference; a fact taken from front matter quotes the `key: value` line.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# A person's part in the campaign (DESIGN.md section 1: the five tactics need each of these).
Part = Literal["got-the-job", "hiring-manager", "manager-i-liked", "insider", "recruiter", "other"]
PARTS: tuple[str, ...] = Part.__args__  # type: ignore[attr-defined]
# The article's two reasons never to reapply.
RedFlagKind = Literal["egregious", "culture-misfit"]
# What a note is mainly about; the same names as front matter `type:`.
NoteKind = Literal["profile", "person", "company", "rejection", "progress", "interaction", "article", "opening"]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ground(_Shape):
    """Where a fact comes from: a note, and that note's own words (verbatim) that say it."""

    source: str = Field(description="The note's path relative to the knowledge folder.")
    quote: str = Field(description="Words copied verbatim from that note (or its `key: value` front matter line).")


class PartClaim(_Shape):
    """One part a person plays in the campaign, and the words that say so."""

    part: Part
    ground: Ground
    confidence: float = Field(default=1.0, ge=0, le=1, description="1.0 for front matter or a model's verified "
                              "quote; lower for an offline inference by meaning.")


class Remark(_Shape):
    """Something a person said, asked or cares about, as the user could refer back to it in a letter.

    `text` is rewritten into a neutral third-person clause about the person ("asked how I would alert on late
    data", "cares about data quality checks"); `ground.quote` keeps the note's words.
    """

    kind: Literal["said", "asked", "cares", "offered", "struggles"]
    text: str
    ground: Ground


class Person(_Shape):
    """A person in the notes, merged across every note about them."""

    name: str
    company: str | None = None
    role: str | None = None
    email: str | None = None
    relationship: str | None = Field(default=None, description="The user's own words on how they know them.")
    parts: list[PartClaim] = Field(default_factory=list)
    started: dt.date | None = Field(default=None, description="When they started (for the one who got the job).")
    remarks: list[Remark] = Field(default_factory=list)
    example: bool = Field(default=False, description="From an `init` example note: kept out of plans and letters.")
    sources: list[str] = Field(default_factory=list, description="Notes about them or with them.")
    name_from: Ground | None = Field(default=None, description="Where the name was found (heading, file name ...).")

    @property
    def label(self) -> str:
        """Name with company, to tell two people with the same name apart."""
        return f"{self.name} ({self.company})" if self.company else self.name

    def has_part(self, part: Part) -> bool:
        """Whether any claim gives them `part`."""
        return any(claim.part == part for claim in self.parts)


class RedFlag(_Shape):
    """A reason never to reapply: the user's own serious mistake, or a culture misfit in anyone's words."""

    kind: RedFlagKind
    label: str = Field(description="late, rude, dishonest, hostile exchange, culture misfit, ...")
    ground: Ground


class Rejection(_Shape):
    """A company's no: when, for which role, the reason given, and any red flags."""

    company: str
    date: dt.date | None = None
    date_ground: Ground | None = Field(default=None, description="The words the date was read from.")
    role: str | None = None
    reason: str | None = Field(default=None, description="The reason they gave, as the note says it.")
    reason_ground: Ground | None = None
    gap: str | None = Field(default=None, description="The skill or experience the reason says was missing.")
    red_flags: list[RedFlag] = Field(default_factory=list)
    source: str
    company_from: str | None = Field(default=None, description="Why this company, when the note does not say it.")
    wait_months: int | None = Field(default=None, description="How long they said to wait before reapplying.")
    wait_ground: Ground | None = Field(default=None, description="The words that say how long to wait.")

    @property
    def verdict(self) -> Literal["egregious", "culture-misfit", "neither"]:
        """The article's verdict from the red flags: egregious wins over culture misfit; else neither."""
        kinds = {flag.kind for flag in self.red_flags}
        return "egregious" if "egregious" in kinds else "culture-misfit" if "culture-misfit" in kinds else "neither"


class Progress(_Shape):
    """Something the user has done since: a course, a project, a result; and the gap it answers."""

    what: str = Field(description="A complete clause in the user's voice: 'ran an A/B test on 8,400 users ...'.")
    date: dt.date | None = None
    answers: str | None = Field(default=None, description="The gap it closes, when the note says or implies it.")
    ground: Ground


class Opening(_Shape):
    """A job opening at a company, from an opening note or mentioned inside a company or person note."""

    company: str | None = None
    title: str
    url: str | None = None
    date: dt.date | None = None
    hiring_manager: str | None = None
    ground: Ground


class Project(_Shape):
    """Work a team needs help with (a consultant offer's concrete project)."""

    company: str | None = None
    person: str | None = Field(default=None, description="Whose project or team it is, when a note says.")
    what: str = Field(description="A noun phrase: 'a data-quality test suite for the new streaming jobs'.")
    need: bool = Field(default=False, description="The note says the team needs, wants or looks for help with it.")
    ground: Ground


class Article(_Shape):
    """Something worth forwarding: title, link, for whom and why."""

    title: str
    url: str | None = None
    date: dt.date | None = None
    for_people: list[str] = Field(default_factory=list, description="Names of people it would interest.")
    why: str | None = Field(default=None, description="Why it matters to them, as the note says.")
    ground: Ground


class Promise(_Shape):
    """Something the user said they would do for someone ('I offered to share my notes on ...')."""

    to: str | None = None
    what: str
    ground: Ground


class Touch(_Shape):
    """A contact with a person: an interaction note, a saved email, or a sent draft."""

    with_: str = Field(alias="with")
    date: dt.date | None = None
    direction: Literal["sent", "received"] | None = None
    channel: str | None = None
    source: str

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Profile(_Shape):
    """The user: whom letters are from."""

    name: str | None = None
    email: str | None = None
    role: str | None = None
    signature: str | None = None
    source: str | None = None


class Hint(_Shape):
    """Something a note did not make clear, and how the user can fix it."""

    source: str
    message: str = Field(description="'no name found: add `name:`'")


class NoteReading(_Shape):
    """Everything one note says, read once and cached by its content hash and the reader's name."""

    source: str
    hash: str
    reader: str = Field(description="'offline' or the model's name.")
    kind: NoteKind | None = None
    about_person: str | None = None
    about_company: str | None = None
    example: bool = False
    people: list[Person] = Field(default_factory=list)
    rejections: list[Rejection] = Field(default_factory=list)
    progress: list[Progress] = Field(default_factory=list)
    openings: list[Opening] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    articles: list[Article] = Field(default_factory=list)
    promises: list[Promise] = Field(default_factory=list)
    touches: list[Touch] = Field(default_factory=list)
    profile: Profile | None = None
    addressed_to: Profile | None = Field(default=None, description=(
        "Whom a received email was written to: the user, when no profile note says who they are."))
    red_flags: list[RedFlag] = Field(default_factory=list, description=(
        "Red flags in this note; `assemble` adds them to the rejection of the company the note is about."))
    mentions: list[str] = Field(default_factory=list, description=(
        "Capitalised phrases in the note (names of people and companies it may mention), for `assemble`."))
    found: list[str] = Field(default_factory=list, description="What was understood, for `second-chance notes`.")
    hints: list[Hint] = Field(default_factory=list)


class CaseFile(_Shape):
    """The whole campaign as the notes tell it: every note's reading, merged."""

    profile: Profile = Field(default_factory=Profile)
    people: list[Person] = Field(default_factory=list)
    rejections: list[Rejection] = Field(default_factory=list)
    progress: list[Progress] = Field(default_factory=list)
    openings: list[Opening] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    articles: list[Article] = Field(default_factory=list)
    promises: list[Promise] = Field(default_factory=list)
    touches: list[Touch] = Field(default_factory=list)
    notes: list[NoteReading] = Field(default_factory=list, description="Per note: what was found, and hints.")

    @property
    def hints(self) -> list[Hint]:
        """Every hint, note by note."""
        return [hint for note in self.notes for hint in note.hints]

    def projects_for(self, person: Person) -> list[Project]:
        """Projects tied to `person` (full or first name) or, with no person named, to their company."""
        names = {" ".join(person.name.split()).casefold(), person.name.split()[0].casefold()} if person.name else set()
        return [p for p in self.projects
                if (p.person and " ".join(p.person.split()).casefold() in names)
                or (not p.person and same_company(p.company, person.company))]

    def people_at(self, company: str | None) -> list[Person]:
        """People at `company` (case and spacing ignored), examples left out."""
        want = " ".join((company or "").split()).casefold()
        return [p for p in self.people if not p.example and " ".join((p.company or "").split()).casefold() == want]


def same_company(a: str | None, b: str | None) -> bool:
    """Companies match when one name starts the other ("Harbourside", "Harbourside Animal Hospital"), initials
    read as the words they stand for ("HP Middle", "Harbor Point Middle")."""
    x, y = (" ".join((n or "").split()).casefold() for n in (a, b))
    if not (x and y):
        return False
    if x == y or x.startswith(f"{y} ") or y.startswith(f"{x} ") or part_of(x, y) or part_of(y, x):
        return True
    for short, long in ((a or "", y), (b or "", x)):
        spelled = spelled_out(short.split(), long.split())
        if spelled and (spelled == long or long.startswith(f"{spelled} ") or spelled.startswith(f"{long} ")):
            return True
    return False


# A body and one of its own places: "Harbor Point Schools" runs "Harbor Point Middle"; "Lakeside NHS Trust" runs
# "Lakeside Infirmary". The same leading words, then a word for the whole on one side and a place on the other.
_WHOLE = frozenset({"schools", "district", "trust", "academies", "hospitals", "isd", "usd", "federation"})
_WHOLE_LINK = frozenset({"public", "unified", "school", "nhs", "foundation"})  # "Public Schools", "NHS Trust"
_PLACE = frozenset({"elementary", "middle", "high", "primary", "secondary", "junior", "infant", "academy", "school",
                    "college", "hospital", "infirmary", "clinic", "campus"})


def part_of(place: str | None, whole: str | None) -> bool:
    """Whether `place` is one of `whole`'s own places ("Harbor Point Middle" of "Harbor Point Schools")."""
    x, y = (" ".join((n or "").split()).casefold().split() for n in (place, whole))
    at = next((i for i, w in enumerate(y) if w in _WHOLE | _WHOLE_LINK), 0)
    tail = y[at:]
    return bool(at and all(w in _WHOLE | _WHOLE_LINK for w in tail) and _WHOLE.intersection(tail)
                and x[:at] == y[:at] and len(x) > at and x[at] in _PLACE)


def spelled_out(words: list[str], long: list[str]) -> str | None:
    """`words` with their initials ("HP") replaced by the words of `long` they stand for, or None if none is."""
    out: list[str] = []
    at, spelled = 0, False
    for word in words:
        letters = word.casefold()
        if 2 <= len(word) <= 4 and word.isupper() and word.isalpha() and \
                "".join(w[:1] for w in long[at : at + len(word)]) == letters and len(long) >= at + len(word):
            out += long[at : at + len(word)]
            at, spelled = at + len(word), True
        else:
            out.append(letters)
            at += 1
    return " ".join(out) if spelled else None
