"""The offline reader: a note's facts by a few general rules and the bundled embedding model, no network."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import PurePosixPath
from typing import Any

from assistant.casefile import (
    Article,
    Ground,
    Hint,
    NoteReading,
    Opening,
    PartClaim,
    Person,
    Profile,
    Progress,
    RedFlag,
    Touch,
)
from assistant.notes import Note
from assistant.reading.context import context_company, context_kind
from assistant.reading.facts import (
    URL,
    openings_in,
    progress_sentences,
    projects_in,
    promises_in,
    remarks_in,
)
from assistant.reading.flags import find_red_flags
from assistant.reading.kinds import REJECTION_CUE, is_example, note_kind, reference_date
from assistant.reading.meetings import read_several
from assistant.reading.parts import PartMatcher, rule_part, tag_parts
from assistant.reading.rejections import read_rejection
from assistant.reading.saidno import NoMatcher, candidates
from assistant.reading.who import (
    PERSON_NAME,
    find_person,
    is_mailbox,
    is_subject,
    looks_like_name,
    mailbox_writes_for,
    names_in,
    signature_role,
)
from assistant.text import EMAIL, HEADING, find_dates, first_name, is_time_span, note_lines, note_sentences

OFFLINE_READER = "offline"
MEANING_TEXTS = 10  # at most this many sentences of one note are compared by meaning (the rules read them all)


@cache
def rules_version() -> str:
    """A digest of the reading rules' own source: any change to them reads every note again."""
    import hashlib
    from pathlib import Path

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*root.glob("*.py"), root.parent / "text.py"]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


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


NO_CONTACT = "no person found for this contact: add `with: NAME`"
NO_COMPANY = "no company name found: start the note with a `# Company Name` heading or add `name:`"
_NEWS_BULLET = re.compile(r"^\s*[-*]\s+(.+(?:\n\s{2,}\S.*)*)", re.M)
_MY_NAME = re.compile(rf"\b(?:my name is|I am|I'm|I’m)\s+({PERSON_NAME})\b(?!\s+(?:at|in)\b)")
_I_AM_A = re.compile(r"\b(?:I am|I'm|I’m)\s+(?:a|an)\s+([^.,;\n]{3,60})", re.I)
_USER = re.compile(r"\b(?:I|I'd|I'm|I've|I'll|me|my|mine|we|us|our)\b|\b(?:instead|hired|hiring)\b")
_PROPER = re.compile(r"^[A-Z][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z][\w&'’.-]*){0,3}$")
# "Copperpot Bistro - notes", "Halden notes:": a title that names what the notes are about.
_NOTES_SUFFIX = re.compile(r"\s*(?:[-–—:]\s*)?\b(?:notes?|info|research|intel)\s*:?\s*$", re.I)
# "Corvid Freight - they announced a new hub", "Lantern Theatre: they just won ...": a company's news on top.
_NEWS_LINE = re.compile(
    r"^\s*(?:\*\*)?(?P<company>[A-Z0-9][\w&'’.-]*(?:\s+(?:&\s+)?[A-Z0-9][\w&'’.-]*){0,3})(?:\*\*)?\s*"
    r"(?:[:|–—]|\s-\s)\s*(?:apparently\s+|so\s+)?(?:they|they're|they've|it|it's|their|its|the company|the firm|"
    r"(?:just\s+|recently\s+|has\s+|have\s+)?(?:announced|launched|raised|acquired|opened|closed|won|released|"
    r"is hiring|are hiring|hiring|expanding|merged|posted|cut|laid off|restructur\w*|rebrand\w*|reported))\b"
)
_QUOTED = re.compile(r"[\"“]([^\"”\n]{8,140})[\"”]")


def _clauses(sentence: str) -> list[str]:
    """A sentence and, when it is long, its clauses: the part a person plays is often one clause of many."""
    if len(sentence) < 90:
        return [sentence]
    parts = [p.strip() for p in re.split(r"[;:]|\s[-–—]\s|,\s(?=(?:and|but|so|she|he|they|I)\b)", sentence)]
    return [sentence, *[p for p in parts if len(p) > 12]]


_CAPS = re.compile(r"\b[A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*){0,3}")


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
        reads = [_NoteRead(note, context) for note in notes]
        for read in reads:
            read.run()
        context.matcher.prefetch([t for read in reads if read.pending for t in read.pending[1]])
        context.said_no.scores([t for read in reads for t in read.no_pending])
        return [read.finish() for read in reads]


class _NoteRead:
    def __init__(self, note: Note, context: ReadContext) -> None:
        self.note, self.context = note, context
        self.meta = note.meta
        self.kind = context_kind(note, note_kind(note))  # readmore: companies/acme/x.md is no company note
        self.sentences = note_sentences(note.text)
        self.pending: tuple[Person, list[str]] | None = None  # texts whose part is read by meaning in `finish`
        self.no_pending: list[str] = []  # sentences that may tell of a no, read by meaning in `finish`
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

    def run(self) -> NoteReading:
        r = self.reading
        r.about_company = context_company(self.note, self.company())  # readmore: a folder or email's company
        person = self.person() if self.kind in {"person", None} else None
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
        text = _NEWS_BULLET.sub("", self.note.text) if self.kind == "company" else self.note.text
        if self.kind != "profile":
            r.red_flags = find_red_flags("\n".join(note_lines(text)), self.note.source)
        said_no = self.kind in {None, "interaction"} and (
            # readmore: a cue wrapped over two lines ("offered the\nposition to another applicant") counts too
            REJECTION_CUE.search(" ".join(self.note.text.split()))
            or any(f.kind == "culture-misfit" for f in r.red_flags)
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

    # -- who and which company -----------------------------------------------------------------------------

    def company(self) -> str | None:
        meta = self.meta
        if meta.company:
            return meta.company.strip()
        heading = HEADING.search(self.note.text)
        first = next((ln.strip() for ln in self.note.text.splitlines() if ln.strip()), "")
        title = _NOTES_SUFFIX.sub("", heading.group(1).strip() if heading else first)
        if self.kind is None and _PROPER.match(title) and not looks_like_name(title) and not is_time_span(title):
            self.reading.kind = "company"  # "# Kestrel Cloud" (or a first line that names it) over notes about it
            return title
        news = _NEWS_LINE.match(first) if self.kind in {None, "company"} else None
        if news and not is_time_span(news.group("company")):
            self.reading.kind = self.reading.kind or "company"
            return news.group("company")
        if self.kind == "company":
            if meta.name:
                return meta.name.strip()
            heading = HEADING.search(self.note.text)
            if heading:
                return _NOTES_SUFFIX.sub("", heading.group(1).strip("*_ ")) or heading.group(1).strip("*_ ")
            first = _NOTES_SUFFIX.sub("", next((ln.strip() for ln in self.note.text.splitlines() if ln.strip()), ""))
            if 0 < len(first.split()) <= 4 and first[:1].isupper() and not first.endswith("."):
                return first.rstrip(":")
        return None

    def person(self) -> Person | None:
        named = find_person(self.note)
        if named is None or named.name == self.reading.about_company:
            return None
        if self.kind is None and not self._reads_as_person(named.name, named.role):
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
        read_several(self)  # readmore: the other people a note describes, the hire; rejections by context
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

    def mentioned_people(self, subject: Person | None) -> None:
        """People named in a sentence that says their part ("they hired Keiko Tanaka instead")."""
        pairs = []
        for sentence in self.sentences:
            names = [n for n in names_in(sentence) if subject is None or n != subject.name]
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
                    company=company,
                    example=self.reading.example,
                    sources=[self.note.source],
                    parts=[PartClaim(part=hit[0], ground=self.ground(sentence), confidence=min(hit[1], 0.8))],
                    name_from=self.ground(sentence),
                )
            )

    # -- the other kinds --------------------------------------------------------------------------------------

    def profile(self) -> Profile:
        meta, text = self.meta, self.note.text
        name, role = meta.name, meta.role
        first = find_person(self.note) if not name else None
        if first is not None and first.ground.quote != PurePosixPath(self.note.source).name:
            name, role = first.name, role or first.role
        if not name:
            heading = HEADING.search(text)
            mine = _MY_NAME.search(text)
            name = (
                heading.group(1).strip()
                if heading and looks_like_name(heading.group(1).strip())
                else mine.group(1)
                if mine and looks_like_name(mine.group(1))
                else None
            )
        email = meta.email or next(iter(EMAIL.findall(text)), None)
        if not role:
            found = _I_AM_A.search(text)
            role = found.group(1).strip() if found else None
        if not name:
            self.reading.hints.append(
                Hint(
                    source=self.note.source,
                    message=("your own name was not found: add `name: Your Name` (letters are signed with it)"),
                )
            )
        return Profile(name=name, email=email, role=role, signature=meta.signature, source=self.note.source)

    def touch(self) -> None:
        meta = self.meta
        who = meta.with_ or self.reading.about_person
        if not who:
            self.reading.hints.append(
                Hint(source=self.note.source, message=NO_CONTACT)
            )
            return
        if meta.channel == "email" and meta.direction != "sent" and meta.with_ and not self.reading.people:
            if is_mailbox(meta.with_, meta.email):  # "Talent Team", "HR", no-reply@: the company wrote, no person
                self.reading.about_company = self.reading.about_company or mailbox_writes_for(
                    meta.with_, self.note.text, meta.email)
            else:
                self.reading.people.append(self._sender(meta.with_))
        day = meta.date if isinstance(meta.date, dt.date) else None
        self.reading.touches.append(
            Touch.model_validate(
                {
                    "with": who,
                    "date": day or self._first_day(),
                    "direction": meta.direction,
                    "channel": meta.channel,
                    "source": self.note.source,
                }
            )
        )

    def _sender(self, name: str) -> Person:
        """The person an email is from, with the part their signature states ("Talent Acquisition, Brightline")."""
        lines = [ln.strip() for ln in self.note.text.splitlines() if ln.strip()][-4:]
        signature = [ln for ln in lines if len(ln) < 80]
        person = Person(name=name, email=self.meta.email, sources=[self.note.source],
                        name_from=self.ground(f"From: {name}"))
        for line in signature:
            hit = rule_part(line)
            if hit and not person.parts:
                person.parts.append(PartClaim(part=hit[0], ground=self.ground(line), confidence=0.9))
            role, company = signature_role(line)
            if company and not person.company:
                person.role, person.company = role, company
        return person

    def _first_day(self) -> dt.date | None:
        dates = find_dates(self.note.text, reference=self.reference)
        return dates[0].day if dates else None

    def openings(self) -> None:
        r, meta = self.reading, self.meta
        company = r.about_company or next((p.company for p in r.people if p.company), None)
        if self.kind == "opening":
            heading = HEADING.search(self.note.text)
            title = (
                meta.title
                or meta.role
                or meta.name
                or (heading.group(1).strip() if heading else None)
                or (self.sentences[0] if self.sentences else PurePosixPath(self.note.source).stem)
            )
            urls = URL.findall(self.note.text)
            day = meta.date if isinstance(meta.date, dt.date) else self._first_day()
            key = "title" if meta.title else "role" if meta.role else "name" if meta.name else None
            quote = f"{key}: {title}" if key else (heading.group(0).strip() if heading else title)
            manager = next((p.name for p in r.people if p.has_part("hiring-manager")), None)
            r.openings.append(
                Opening(
                    company=company,
                    title=title.strip(),
                    url=meta.url or (urls[0] if urls else None),
                    date=day,
                    hiring_manager=manager,
                    ground=self.ground(quote),
                )
            )
            return
        r.openings = openings_in(self.sentences, self.note.source, company=company, today=None)
        for opening in r.openings:  # a date without a year needs the note's reference day: read it only now
            dates = find_dates(opening.ground.quote, reference=self.reference)
            opening.date = dates[0].day if dates else None

    def progress(self) -> None:
        r = self.reading
        if self.kind == "progress":
            day = self.meta.date if isinstance(self.meta.date, dt.date) else self._first_day()
            bullets = [s for s in progress_sentences(self.sentences)]
            items = bullets if len(bullets) > 1 else [self.meta.title or (self.sentences[0] if self.sentences else "")]
            for item in items:
                if not item:
                    continue
                dates = find_dates(item, reference=self.reference)
                quote = f"title: {item}" if item == self.meta.title else item
                # One of several items has only its own date (or the note's `date:`), never another item's.
                fallback = day if len(items) == 1 else (self.meta.date if isinstance(self.meta.date, dt.date) else None)
                r.progress.append(
                    Progress(what=item.rstrip("."), date=dates[0].day if dates else fallback, ground=self.ground(quote))
                )
        elif self.kind is None and r.kind is None:
            done = progress_sentences(self.sentences)
            if done and len(done) * 2 >= len(self.sentences):
                for item in done:
                    dates = find_dates(item, reference=self.reference)
                    r.progress.append(
                        Progress(what=item.rstrip("."), date=dates[0].day if dates else None, ground=self.ground(item))
                    )
                r.kind = "progress"

    def article(self) -> None:
        meta, text = self.meta, self.note.text
        urls = URL.findall(text)
        if self.kind != "article" and not (
            self.kind is None
            and urls
            and re.search(
                r"\b(?:article|post|blog|paper|podcast|talk|essay|newsletter|piece|read|reading|worth (?:sending|"
                r"sharing|forwarding))\b",
                text,
                re.I,
            )
        ):
            return
        heading = HEADING.search(text)
        quoted = _QUOTED.search(text)
        title = (
            meta.title
            or (heading.group(1).strip() if heading else None)
            or (quoted.group(1).strip() if quoted else None)
            or (self.sentences[0] if self.sentences else PurePosixPath(self.note.source).stem)
        )
        why = next(
            (
                s
                for s in self.sentences
                if s != title and re.search(
                    r"\b(?:for|interest|useful|relevant|send|share|forward|would (?:like|love|enjoy|appreciate)|"
                    r"talked about|mentioned|cares? about|into|brought up|asked about|reminded)\b", s, re.I)
            ),
            None,
        )
        for_people = sorted({n for s in self.sentences for n in names_in(s)})
        day = meta.date if isinstance(meta.date, dt.date) else None
        self.reading.articles.append(
            Article(
                title=title,
                url=meta.url or (urls[0] if urls else None),
                date=day,
                for_people=for_people,
                why=why,
                ground=self.ground(
                    f"title: {meta.title}" if meta.title else (heading.group(0).strip() if heading else title)
                ),
            )
        )

        self.reading.kind = self.reading.kind or "article"

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
                r.hints.append(
                    Hint(source=self.note.source, message="no date found for the rejection: add `date: YYYY-MM-DD`")
                )
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
