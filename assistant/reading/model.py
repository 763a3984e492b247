"""The model reader: one strict structured-output call per note; every quote checked against the note.

The offline reading of the note is made first (it is cheap): front matter, contacts and the profile's keys come
from it and always win. The model's facts replace what the offline rules inferred, but only those whose quote is
really in the note; the rest are dropped, and a hint says how many.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.casefile import (
    Article,
    Ground,
    Hint,
    NoteKind,
    NoteReading,
    Opening,
    Part,
    PartClaim,
    Person,
    Progress,
    Project,
    Promise,
    RedFlag,
    RedFlagKind,
    Rejection,
    Remark,
)
from assistant.errors import ModelError
from assistant.notes import Note
from assistant.reading.rules import OfflineReader, ReadContext
from assistant.text import parse_date

if TYPE_CHECKING:
    from assistant.config import Settings

MODEL_READER_VERSION = "1"


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MPart(_M):
    """One part a person plays, and the note's words that say so."""

    part: Part
    quote: str = Field(description="Words copied exactly from the note.")


class MPerson(_M):
    """A person the note is about or gives a part to."""

    name: str
    company: str | None
    role: str | None
    parts: list[MPart]
    quote: str = Field(description="Words copied exactly from the note that name them.")


class MFlag(_M):
    """A red flag: the user's own serious mistake, or a clear culture misfit."""

    kind: RedFlagKind
    label: str = Field(description="late, rude, dishonest, hostile exchange or culture misfit")
    quote: str


class MRejection(_M):
    """A company's no."""

    company: str | None
    date: str | None = Field(description="YYYY-MM-DD, or null")
    role: str | None
    reason: str | None
    gap: str | None
    red_flags: list[MFlag]
    quote: str


class MProgress(_M):
    """Something the user did since."""

    what: str
    date: str | None
    quote: str


class MOpening(_M):
    """A job opening."""

    company: str | None
    title: str
    quote: str


class MProject(_M):
    """Work a team needs help with."""

    company: str | None
    what: str
    quote: str


class MArticle(_M):
    """Something worth forwarding."""

    title: str
    url: str | None
    for_people: list[str]
    quote: str


class MRemark(_M):
    """What a person said, asked or cares about, as a neutral clause."""

    person: str
    kind: Literal["said", "asked", "cares", "offered", "struggles"]
    text: str
    quote: str


class MPromise(_M):
    """What the user said they would do for someone."""

    to: str | None
    what: str
    quote: str


class NoteFacts(_M):
    """Everything one note says that a campaign for a second chance can use; every quote verbatim."""

    kind: NoteKind | None
    people: list[MPerson]
    rejections: list[MRejection]
    progress: list[MProgress]
    openings: list[MOpening]
    projects: list[MProject]
    articles: list[MArticle]
    remarks: list[MRemark]
    promises: list[MPromise]
    profile_name: str | None


def _fold(text: str) -> str:
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(re.sub(r"[‘’]", "'", re.sub(r"[“”]", '"', text)).split()).casefold()


class ModelReader:
    """Reads each note with one structured-output call; the cache keys readings by the model's name."""

    @property
    def version(self) -> str:
        """The model reader's shape and the offline rules it builds on."""
        from assistant.reading.rules import rules_version

        return f"{MODEL_READER_VERSION}-{rules_version()}"

    def __init__(self, settings: Settings, *, model: Any = None, user_name: str = "the user") -> None:
        self.settings, self.name, self.user_name = settings, settings.chat_model, user_name
        self._model = model
        self.failure: str | None = None  # the first model failure of this run; later notes are read offline

    def _chat(self) -> Any:
        if self._model is None:
            from assistant.llm import chat_model

            self._model = chat_model(self.settings, self.name)
        return self._model

    def ask(self, note: Note, context: ReadContext) -> NoteFacts:
        """The model's facts for `note` (a reply malformed twice is a ModelError)."""
        from langchain_core.messages import HumanMessage

        from assistant.chains import fence, structured_call
        from assistant.llm import model_errors
        from assistant.prompts import load_prompt
        from assistant.retrieval import Evidence

        meta = {k: v for k, v in note.meta.model_dump(mode="json", by_alias=True).items() if isinstance(v, str)}
        block = fence([Evidence(id="note", source=note.source, score=0.0, text=note.text, metadata=meta)])
        text = load_prompt("read-note", workspace=self.settings.home).render(
            user_name=self.user_name, today=context.today.isoformat(), note=block
        )
        with model_errors(self.name):
            return structured_call(
                self._chat(), [HumanMessage(text)], NoteFacts, what="note reading", workspace=self.settings.home
            )

    def read(self, note: Note, context: ReadContext) -> NoteReading:
        """Read `note` with the model; when the model is unavailable, read it offline and say so."""
        offline = OfflineReader().read(note, context)
        if self.failure is not None:  # one failure stops the model for this run: a down server costs one wait
            offline.hints.append(Hint(source=note.source, message=f"read offline: {self.failure}"))
            return offline
        try:
            facts = self.ask(note, context)
        except ModelError as exc:
            self.failure = str(exc)
            offline.hints.append(Hint(source=note.source, message=f"read offline: {exc}"))
            return offline  # reader stays "offline", so it is not cached as the model's reading
        return verified(facts, note, offline, reader=self.name, today=context.today)


def verified(facts: NoteFacts, note: Note, offline: NoteReading, *, reader: str, today: dt.date) -> NoteReading:
    """The model's facts whose quotes are in the note, over the offline reading's front matter facts."""
    haystack = _fold(note.text)
    dropped = 0

    def ground(quote: str) -> Ground | None:
        nonlocal dropped
        wanted = _fold(quote.strip(" .\"'"))
        if len(wanted) < 3 or wanted not in haystack:
            dropped += 1
            return None
        return Ground(source=note.source, quote=" ".join(quote.split()))

    def day(text: str | None) -> dt.date | None:
        return parse_date(text, reference=today) if text else None

    reading = offline.model_copy(
        deep=True, update={"reader": reader, "kind": note.meta.type or facts.kind or offline.kind}
    )
    reading.people = _people(facts, offline, ground)
    reading.about_person = reading.about_person or next((p.name for p in reading.people), None)
    reading.red_flags = []
    rejections = []
    for item in facts.rejections:
        where = ground(item.quote)
        if where is None:
            continue
        flags = [RedFlag(kind=f.kind, label=f.label, ground=g) for f in item.red_flags if (g := ground(f.quote))]
        reading.red_flags += flags
        meta = note.meta
        rejections.append(
            Rejection(
                company=(meta.company or item.company or "").strip(),
                date=meta.date if isinstance(meta.date, dt.date) else day(item.date),
                date_ground=where,
                role=meta.role or item.role,
                reason=meta.reason or item.reason,
                reason_ground=where,
                gap=item.gap,
                source=note.source,
                red_flags=flags,
            )
        )
    reading.rejections = rejections
    reading.progress = [
        Progress(what=i.what, date=day(i.date), ground=g) for i in facts.progress if (g := ground(i.quote))
    ]
    reading.openings = [
        Opening(company=i.company or offline.about_company, title=i.title, ground=g)
        for i in facts.openings
        if (g := ground(i.quote))
    ] or [o for o in offline.openings if o.ground.quote.split(":")[0] in {"title", "role", "name"}]
    reading.projects = [
        Project(company=i.company or offline.about_company, what=i.what, ground=g)
        for i in facts.projects
        if (g := ground(i.quote))
    ]
    reading.articles = [
        Article(
            title=i.title, url=i.url if i.url and _fold(i.url) in haystack else None, for_people=i.for_people, ground=g
        )
        for i in facts.articles
        if (g := ground(i.quote))
    ]
    reading.promises = [Promise(to=i.to, what=i.what, ground=g) for i in facts.promises if (g := ground(i.quote))]
    for remark in facts.remarks:
        where = ground(remark.quote)
        person = next((p for p in reading.people if p.name == remark.person), None)
        if where is not None and person is not None:
            person.remarks.append(Remark(kind=remark.kind, text=remark.text, ground=where))
    if reading.profile is not None and not reading.profile.name and facts.profile_name and ground(facts.profile_name):
        reading.profile.name = facts.profile_name
    reading.hints = (
        [h for h in reading.hints if not h.message.startswith("no name found")] if reading.people else reading.hints
    )
    if dropped:
        reading.hints.append(
            Hint(
                source=note.source,
                message=(f"{dropped} fact(s) the model gave were dropped: their words are not in the note"),
            )
        )
    reading.found = [
        f"{reader} read: {len(reading.people)} people, {len(reading.rejections)} rejections, "
        f"{len(reading.progress)} progress, {len(reading.openings)} openings"
    ]
    return reading


def _people(facts: NoteFacts, offline: NoteReading, ground: Any) -> list[Person]:
    """The model's people, with the offline reading's front matter facts (name, company, tags) kept on top."""
    people: list[Person] = []
    for item in facts.people:
        where = ground(item.quote)
        if where is None:
            continue
        mine = next((p for p in offline.people if p.name.casefold() == item.name.casefold()), None)
        stated = [c for c in (mine.parts if mine else []) if c.ground.quote.startswith(("tags:", "relationship:"))]
        parts = list(stated)
        for claim in item.parts:
            where_part = ground(claim.quote)
            if where_part is not None and claim.part not in {c.part for c in parts}:
                parts.append(PartClaim(part=claim.part, ground=where_part))
        base = mine.model_copy(deep=True) if mine else Person(name=item.name, sources=[offline.source], name_from=where)
        base.company = base.company or item.company
        base.role = base.role or item.role
        base.parts, base.remarks = parts, []
        people.append(base)
    known = {p.name.casefold() for p in people}
    # A person the front matter names is never lost because the model left them out.
    people += [
        p
        for p in offline.people
        if p.name.casefold() not in known and p.name_from and p.name_from.quote.startswith("name:")
    ]
    return people
