"""Who and which company a note is about, and each person's part in the campaign (rules, then meaning)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from assistant.casefile import PartClaim, Person
from assistant.patterns import guarded
from assistant.reading.base import NoteBase
from assistant.reading.context import could_be_company, dated_company, news_company, only_labels, stem_company
from assistant.reading.facts import ROLE_NOUN
from assistant.reading.parts import rule_part, tag_parts
from assistant.reading.who import (
    ORG_WORD,
    company_after,
    find_person,
    has_job_title,
    is_subject,
    looks_like_name,
    names_in,
)
from assistant.text import HEADING, find_dates, first_name, is_time_span

MEANING_TEXTS = 10  # at most this many sentences of one note are compared by meaning (the rules read them all)
_USER = re.compile(r"\b(?:I|I'd|I'm|I've|I'll|me|my|mine|we|us|our)\b|\b(?:instead|hired|hiring)\b")
_PROPER = re.compile(r"^[A-Z][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z][\w&'’.-]*){0,3}$")
# "Copperpot Bistro - notes", "Halden notes:": a title that names what the notes are about.
_NOTES_SUFFIX = re.compile(r"\s*(?:[-–—:]\s*)?\b(?:notes?|info|research|intel)\s*:?\s*$"
                           # "Verdant Grid — outcome", "Acme: rejection": the company and what the note is of it
                           r"|\s*[-–—:|]\s*(?:the\s+)?(?:outcome|result|rejection|debrief|feedback|decision|update)\s*$",
                           re.I)
# "Orbit Labs - Data Analyst", "Orbit Labs, data analyst role", "Orbit Labs (Data Analyst)": the company applied to,
# then the role.
_COMPANY_DASH_ROLE = re.compile(r"^(?P<company>[A-Z][\w&'’.-]*(?:\s+(?:(?:&|of|for|and|the)\s+)?[A-Z][\w&'’.-]*){0,3})"
                                r"(?:\s+[-–—:|]\s+|,\s+|\s+\()(?P<role>[^()\n]{3,60})")
# "Data analyst at Orbit Labs", "Senior PM @ Kestrel Bio": the role, then the company.
_ROLE_AT_COMPANY = re.compile(r"^(?P<role>[^()\n,]{3,60}?)\s+(?:at|@)\s+"
                              r"(?P<company>[A-Z][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z][\w&'’.-]*){0,3})\s*$")
# "data analyst role", "Ops Manager loop (Oct 7)": the title is "data analyst", "Ops Manager"
_ROLE_NOUN_END = re.compile(rf"(?:\s+(?:{ROLE_NOUN}|loop|interviews?|onsite|panel|round|debrief|notes?|prep))?"
                            r"(?:\s*\([^()]*\))?\s*$", re.I)
_CREW_AT = re.compile(r"^(?:my\s+)?(?:contacts|people|team|folks|network|who['’]?s who|connections)\s+"
                      r"(?:at|@|from|in)\s+(?P<company>[A-Z][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z][\w&'’.-]*){0,3})\s*$", re.I)
_LABEL_THEN_NAME = re.compile(r"^(?P<label>[A-Za-z][\w '’-]{2,40}?)\s*(?:\s[-–—|]\s|:)\s*"
                              r"(?P<company>[A-Z][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z][\w&'’.-]*){0,3})\s*$")
_UNIT = re.compile(r"\s*[A-Z][\w&'’-]*(?:\s+(?:&\s+)?[A-Z][\w&'’-]*){0,3}\s*")  # "Cardiology", "Renal Unit"
# "Kestrel folks", "Halden people:": the same list, the company said first.
_CREW_OF = re.compile(r"^(?P<company>[A-Z][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z][\w&'’.-]*){0,3})\s+"
                      r"(?:folks|people|contacts|crew|team|connections)\s*:?\s*$")
# "Corvid Freight - they announced a new hub", "Lantern Theatre: they just won ...": a company's news on top.
_NEWS_LINE = re.compile(
    r"^\s*(?:\*\*)?(?P<company>[A-Z0-9][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z0-9][\w&'’.-]*){0,3})(?:\*\*)?\s*"
    r"(?:[:|–—]|\s-\s)\s*(?:apparently\s+|so\s+)?(?:they|they're|they've|it|it's|their|its|the company|the firm|"
    r"(?:just\s+|recently\s+|has\s+|have\s+)?(?:announced|launched|raised|acquired|opened|closed|won|released|"
    r"is hiring|are hiring|hiring|expanding|merged|posted|cut|laid off|restructur\w*|rebrand\w*|reported))\b"
)


def _clauses(sentence: str) -> list[str]:
    """A sentence and, when it is long, its clauses: the part a person plays is often one clause of many."""
    if len(sentence) < 90:
        return [sentence]
    parts = [p.strip() for p in re.split(r"[;:]|\s[-–—]\s|,\s(?=(?:and|but|so|she|he|they|I)\b)", sentence)]
    return [sentence, *[p for p in parts if len(p) > 12]]


# "at Robert Walters", "via Hays", "@ Acme" right before a name: where someone works, an agency.
_AT_OR_VIA_BEFORE = guarded(r"(?:\b(?:at|via)|@)\s+$")


class SubjectRules(NoteBase):
    """Reads whom a note is about: the company, the person and their parts, and people it says a part of."""

    def company(self) -> str | None:
        meta = self.meta
        if meta.company:
            return meta.company.strip()
        heading = HEADING.search(self.note.text)
        top = next((ln.strip(" #*") for ln in self.note.text.splitlines() if ln.strip()), "")
        crew = _CREW_AT.match(heading.group(1).strip()) if heading else None
        of = _CREW_OF.match(top)
        if crew:  # "# Contacts at Lowmoor Wind": a list of people who work there
            return crew.group("company")
        if of and could_be_company(of.group("company")) and not looks_like_name(of.group("company")):
            return of.group("company")  # "Kestrel folks" on top
        applied = _COMPANY_DASH_ROLE.match(top) or _ROLE_AT_COMPANY.match(top)
        role = _ROLE_NOUN_END.sub("", applied.group("role").strip()).strip() if applied else ""
        labelled = _LABEL_THEN_NAME.match(top)
        if labelled and only_labels(labelled.group("label")) and could_be_company(labelled.group("company")) \
                and not has_job_title(labelled.group("company")) \
                and (ORG_WORD.search(labelled.group("company")) or not looks_like_name(labelled.group("company"))):
            return labelled.group("company")  # "Interview reflection - Ashdown Rail", "Debrief: Orla Robotics"
        title, _, ward = role.partition(",")
        if role and "(" not in top and not has_job_title(role) and has_job_title(title.strip()) \
                and _UNIT.fullmatch(ward):
            role = title.strip()  # "Band 6 Staff Nurse, Cardiology": the title, then its ward or team
        if applied and (not looks_like_name(applied.group("company")) or re.search(r"\(via\s", top)) \
                and has_job_title(role) and could_be_company(applied.group("company")):
            self.titled_role = role
            return applied.group("company")  # "Bramwell Insurance - Senior Pricing Analyst (via Hays)" on top
        first = next((ln.strip() for ln in self.note.text.splitlines() if ln.strip()), "")
        title = _NOTES_SUFFIX.sub("", heading.group(1).strip() if heading else first)
        if self.kind is None and _PROPER.match(title) and not looks_like_name(title) and not is_time_span(title) \
                and not _first_name_of_someone(title, self.note.text) and could_be_company(title):
            self.reading.kind = "company"  # "# Kestrel Cloud" (or a first line that names it) over notes about it
            return title
        # "orbit.md" headed "# Orbit Payments", "## Verdant Grid — outcome": the company that said no
        told = heading is not None and _NOTES_SUFFIX.sub("", heading.group(1).strip()) != heading.group(1).strip()
        if self.kind == "rejection" and heading and _PROPER.match(title) and not is_time_span(title) \
                and (told or (not looks_like_name(title) and _named_by_file(title, self.note.source))):
            return title
        if self.kind == "rejection" and not heading and _PROPER.match(first) and not looks_like_name(first) \
                and not is_time_span(first) and could_be_company(first):
            return first  # a log's first line names the company ("Kestrel Bio", then the steps with them)
        news = _NEWS_LINE.match(first) if self.kind in {None, "company"} else None
        if news and not is_time_span(news.group("company")):
            self.reading.kind = self.reading.kind or "company"
            return news.group("company")
        filed = news_company(self.note.source, self.note.text) if self.kind in {None, "company"} else None
        if filed:  # "kestrel news.txt": what a company is doing
            self.reading.kind = self.reading.kind or "company"
            return filed
        if self.kind == "company":
            if meta.name:
                return meta.name.strip()
            heading = HEADING.search(self.note.text)
            if heading:
                return _NOTES_SUFFIX.sub("", heading.group(1).strip("*_ ")) or heading.group(1).strip("*_ ")
            first = _NOTES_SUFFIX.sub("", next((ln.strip() for ln in self.note.text.splitlines() if ln.strip()), ""))
            if 0 < len(first.split()) <= 4 and first[:1].isupper() and not first.endswith("."):
                return first.rstrip(":")
            return stem_company(self.note.source)  # "Companies/Fernway Analytics.md" under a "#company" tag line
        if self.kind in {None, "rejection", "interaction"}:  # "Interviews/2026-09-21 Lumen Audio outcome.md"
            return dated_company(self.note.source, said_no=self.kind == "rejection")
        return None

    def _headed_by_someone(self) -> bool:
        """Whether the note opens with a person's name and their title on the lines under it, nothing else."""
        named = find_person(self.note)
        first = next((ln.strip() for ln in self.note.text.splitlines() if ln.strip()), "")
        return named is not None and named.role is not None and first.strip(" #*") == named.name

    def person(self) -> Person | None:
        named = find_person(self.note)
        if named is None or named.name == self.reading.about_company:
            return None
        if self.kind is None and not self._reads_as_person(
                named.name, named.role or self.meta.role or self.meta.relationship):
            return None
        meta = self.meta
        company = meta.company or named.company or self.reading.about_company
        if self.kind is None and company and named.name.casefold() == company.casefold():
            self.reading.kind, self.reading.about_company = "company", company  # "Larchmont Joinery - notes"
            return None
        relationship = meta.relationship or (
            None
            if named.ground.quote.startswith(("#", "name:"))
            or named.ground.quote == PurePosixPath(self.note.source).name
            else named.ground.quote
        )
        person = Person(
            name=named.name,
            company=company,
            role=meta.role or named.role,
            email=meta.email,
            relationship=relationship,
            started=meta.started,
            example=self.reading.example,
            sources=[self.note.source],
            name_from=named.ground,
        )
        person.parts = self.parts_of(person)
        if person.started is None and person.has_part("got-the-job"):
            person.started = self._started()
        return person

    def _reads_as_person(self, name: str, role: str | None) -> bool:
        """An untyped note is about a person when its name comes with a role, or the text talks about them."""
        text = self.note.text
        return bool(role) or bool(
            re.search(rf"\b(?:she|he|her|his|{re.escape(first_name(name))})\b", text[200:] or text)
        )

    def _started(self) -> dt.date | None:
        for sentence in self.sentences:
            if re.search(r"\b(?:start(?:s|ed|ing)?|join(?:s|ed|ing)?|first day)\b", sentence, re.I):
                dates = find_dates(sentence, reference=self.reference)
                if dates:
                    return dates[0].day
        return None

    def parts_of(self, person: Person) -> list[PartClaim]:
        claims: dict[str, PartClaim] = {}
        for part in tag_parts(self.meta.tags):
            claims[part] = PartClaim(part=part, ground=self.ground(f"tags: [{', '.join(self.meta.tags)}]"))
        texts: list[str] = []
        if self.meta.relationship:
            texts.append(self.meta.relationship)
        if person.role:
            texts.append(person.role)
        if person.relationship and person.relationship not in texts:
            texts.append(person.relationship)
        others = {n for s in self.sentences for n in names_in(s)} - {person.name}
        own = first_name(person.name)
        for sentence in self.sentences:
            # A sentence that opens with someone else's name is about them, not about this person; one that
            # does not touch the user (I, me, my, we ...) says nothing of their part in the user's campaign, unless
            # it is a short bullet, where the user is the unwritten subject ("liked him a lot").
            if any(sentence.startswith((o, first_name(o))) for o in others if first_name(o) != own):
                continue
            if len(sentence) > 60 and not _USER.search(sentence) and not rule_part(sentence):
                continue
            for clause in _clauses(sentence):
                if clause not in texts:
                    texts.append(clause)
        found = self.context.matcher.classify(texts, meaning=False)
        # Front matter that states a part wins: the body is then read by the rules only, never by meaning.
        stated = bool(claims) or (bool(self.meta.relationship) and found[0] is not None)
        self._claim(person, claims, zip(texts, found, strict=True))
        if not stated:
            self.pending = (person, [t for t, hit in zip(texts, found, strict=True) if hit is None][:MEANING_TEXTS])
        return list(claims.values())

    def _claim(self, person: Person, claims: dict[Any, PartClaim], found: Iterable[tuple[str, Any]]) -> None:
        for text, hit in found:
            if hit is None or hit[0] in claims:
                continue
            part, confidence, _ = hit
            quote = f"relationship: {text}" if text == self.meta.relationship else text
            claims[part] = PartClaim(part=part, ground=self.ground(quote),
                                     confidence=1.0 if text == self.meta.relationship else confidence)

    def mentioned_people(self, subject: Person | None) -> None:
        """People named in a sentence that says their part ("they hired Keiko Tanaka instead")."""
        pairs = []
        for sentence in self.sentences:
            # ... never a name after "at" or "via": "at Robert Walters" is where someone works, an agency
            names = [n for n in names_in(sentence) if (subject is None or n != subject.name)
                     and not _AT_OR_VIA_BEFORE.search(sentence[: sentence.find(n)])]
            if len(names) == 1 and is_subject(names[0], sentence):
                pairs.append((names[0], sentence))
        if not pairs:
            return
        # Rules only: a part given to someone in another note is said in so many words ("they hired X instead").
        found = self.context.matcher.classify([s for _, s in pairs], meaning=False)
        company = self.reading.about_company or (subject.company if subject else None)
        for (name, sentence), hit in zip(pairs, found, strict=True):
            if hit is None:
                continue
            self.reading.people.append(
                Person(
                    name=name,
                    company=company_after(name, sentence) or company,
                    example=self.reading.example,
                    sources=[self.note.source],
                    parts=[PartClaim(part=hit[0], ground=self.ground(sentence), confidence=min(hit[1], 0.8))],
                    name_from=self.ground(sentence),
                )
            )


def _named_by_file(title: str, source: str) -> bool:
    """Whether the note's file is named by the title's first word ("orbit.md", "Orbit notes.txt" for "Orbit Pay")."""
    stem = re.split(r"[-_ .]+", PurePosixPath(source).stem.casefold())
    return title.split()[0].casefold() in stem


def _first_name_of_someone(title: str, text: str) -> bool:
    """Whether a one-word title is the first name of someone the note names ("Grace" over "Sister Grace Mbeki, ...")."""
    if " " in title.strip():
        return False
    return any(name.split()[0] == title.strip() for line in text.splitlines()[1:6] for name in names_in(line))
