"""The other kinds of note: the user's profile, a contact with someone, an opening, progress and an article."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from assistant.casefile import Article, Hint, Opening, PartClaim, Person, Profile, Progress, Touch
from assistant.patterns import guarded
from assistant.reading.base import NoteBase
from assistant.reading.chats import message_parties, written_by
from assistant.reading.context import stem_company
from assistant.reading.facts import URL, mostly_progress, opening_day, openings_in, progress_sentences, quoted_opening
from assistant.reading.kinds import ENTRY, folder_kind
from assistant.reading.parts import rule_part
from assistant.reading.who import (
    ORG_WORD,
    PERSON_NAME,
    domain_company,
    find_person,
    first_names_in,
    is_mailbox,
    looks_like_name,
    mailbox_writes_for,
    names_in,
    signature_role,
)
from assistant.text import BULLET, EMAIL, HEADING, days_ago, find_dates

_THEIR = re.compile(r"\b(?:their|its|the company['’]s)\b", re.I)
NO_CONTACT = "no person found for this contact: add `with: NAME`"
_MY_NAME = re.compile(rf"\b(?:my name is|I am|I'm|I’m)\s+({PERSON_NAME})\b(?!\s+(?:at|in)\b)")
_I_AM_A = re.compile(r"\b(?:I am|I'm|I’m)\s+(?:a|an)\s+([^.,;\n]{3,60})", re.I)
_QUOTED = re.compile(r"[\"“]([^\"”\n]{8,140})[\"”]")


# A line that only labels the list under it ("done since:", "Wins:").
# A label over a list: "## Wins", "done since:", or a short line of its own ("Since then").
_LIST_LABEL = re.compile(r"^(?:#{1,6}\s+([A-Za-z][\w '’/&-]{1,40}?)\s*:?|([A-Za-z][\w '’/&-]{1,40}?)\s*:|"
                         r"([A-Za-z][\w '’-]{1,20}))$")
# Verbs that tell progress in a list of wins but mostly tell an event of the search in a diary ("Took the call").
# Where a spoken or run-on sentence turns to the next thing done: "..., um, I finished X and I also ran Y, it ..."
_CLAUSE_BREAK = re.compile(r",\s+(?:um+,?\s+|uh+,?\s+|so\s+|and\s+)?(?=I\b)|\s+and\s+(?=I\b)|,\s+(?=it\b|that\b)")
# A clause that says something was completed: "..., passed it 24/11", "..., then finished on 3 Nov".
_COMPLETED = re.compile(r"^(?:then\s+|and\s+|finally\s+)?(?:passed|finished|completed|earned|qualified|graduated|"
                        r"got (?:certified|my \w+))\b", re.I)
_SEARCH_STEP = guarded(r"\b(?:round|interview|onsite|screen|panel|trial|call|loop|offer|application)\b", re.I)
_OPEN_ITEM = re.compile(r"^\s*(?:[-*•]\s*)?(?:\[ \]|☐|⏳|⌛|🔜)|\b(?:still going|in progress|ongoing|not yet|to ?do)\b",
                        re.I)
_RECENTLY = re.compile(r"\b(?:just|recently|finally|this (?:week|month)|yesterday|today|since)\b", re.I)


def _clauses(sentences: list[str]) -> list[str]:
    """The clauses of each sentence that start with "I" ("I finished ...", "I also ran ...")."""
    return [c.strip(" ,.") for s in sentences for c in _CLAUSE_BREAK.split(s) if c.strip().startswith("I ")]


# A verb in the past that says something was done: "Mapped ...", "I also Refactored ..." (not "needed", "wanted").
_DONE_VERB = re.compile(r"^(?:I\s+)?(?:also\s+)?(?!(?:need|needed|wanted|hoped|tried|failed|missed|used|seed|feed|"
                        r"speed|indeed|interested|planned to|decided|asked|emailed|called|texted|messaged)\b)"
                        r"[A-Za-z]{2,}ed\b(?!\s*:)", re.I)
_WEAK_DONE = re.compile(r"^(?:\S+\s+){0,2}?(?:took|ran|led|joined|became|attended|handled|managed|covered|sat|hit|"
                        r"got|closed|started (?:the|my|our|a call|at)\b|had|made)\b", re.I)


def _name_in_address(email: str | None, text: str) -> str | None:
    """The user's name when their address spells it and the note writes it ("DMITRI VOLKOV", dmitri.volkov@...)."""
    words = re.split(r"[._-]+", (email or "").partition("@")[0])
    if not 2 <= len(words) <= 3 or not all(w.isalpha() and len(w) > 1 for w in words):
        return None
    if re.search(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", text, re.I) is None:
        return None
    return " ".join(w.capitalize() for w in words)


class KindRules(NoteBase):
    """Reads the facts of a profile, a contact, an opening, progress and an article."""

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
        name = name or _name_in_address(email, text)
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
        if self.chat and not isinstance(meta.date, dt.date):
            return  # a pasted chat is a contact on the day of its messages' stamps (see `chats.read_chat`)
        contact, user = message_parties(self.note.text)  # "Hi Marta, ... Best, Ola": Marta ("Hi Ola," from her: her)
        who = meta.with_ or self.reading.about_person or contact or self._only_one_named()
        if contact and who == contact and user and not any(p.name == contact for p in self.reading.people):
            self.reading.people.append(Person(name=contact, company=self.reading.about_company, sources=[
                self.note.source], name_from=self.ground(contact), example=self.reading.example))
        if not who:
            self.reading.hints.append(
                Hint(source=self.note.source, message=NO_CONTACT)
            )
            return
        received = meta.channel == "email" and meta.direction != "sent"
        to = (meta.model_extra or {}).get("email_to")
        if received and isinstance(to, list | tuple) and len(to) == 2 and looks_like_name(str(to[0])) \
                and "@" in str(to[1]):
            self.reading.addressed_to = Profile(name=str(to[0]), email=str(to[1]), source=self.note.source)
        if received and meta.with_ and not self.reading.people:
            if is_mailbox(meta.with_, meta.email):  # "Talent Team", "HR", no-reply@: the company wrote, no person
                self.reading.about_company = self.reading.about_company or mailbox_writes_for(
                    meta.with_, self.note.text, meta.email)
            else:
                self.reading.people.append(self._sender(meta.with_, to))
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

    def _only_one_named(self) -> str | None:
        """The one person a contact's note names ("Call with Aisha on Tue, she said ..."), when it names one."""
        named = {n for s in self.sentences for n in (*names_in(s), *first_names_in(s))}
        named = {n for n in named if not any(n != m and m.startswith(n + " ") for m in named)}  # "Aisha" of Aisha Chen
        return named.pop() if len(named) == 1 else None

    def _sender(self, name: str, to: object) -> Person:
        """The person an email is from, with the part their signature states ("Talent Acquisition, Brightline");
        `to` is the email's To (name, address), as its front matter keeps it."""
        lines = [ln.strip() for ln in self.note.text.splitlines() if ln.strip()][-4:]
        signature = [ln for ln in lines if len(ln) < 80]
        person = Person(name=name, email=self.meta.email, sources=[self.note.source],
                        name_from=self.ground(f"From: {name}"))
        for line in signature:
            hit = rule_part(line)
            if hit and not person.parts:
                person.parts.append(PartClaim(part=hit[0], ground=self.ground(line), confidence=0.9))
            role, company = signature_role(line)
            mailed = domain_company(self.meta.email)
            if company and mailed and not ORG_WORD.search(company) and not set(company.casefold().split()) & set(
                    mailed.casefold().split()):  # "Director, Clinical Data Management" from @larkspur-bio: a team
                role, company = f"{role}, {company}", mailed
            if company and not person.company:
                person.role, person.company = role, company
        # No signature says where they work: the note's company, else their address's ("p.verdi@kestrelenergy.com").
        person.company = person.company or self.reading.about_company or domain_company(self.meta.email)
        # What they wrote, read as a chat's speaker is: their remarks, and a part said in their own words ("happy
        # to grab a coffee in December" is someone worth following up; a recruiter's kind words are their job).
        user = str(to[0]).split()[0] if isinstance(to, list | tuple) and to and str(to[0]).strip() else None
        if not any(c.part == "recruiter" for c in person.parts):  # a recruiter's words are their job's
            spoken = written_by(self, name, self.note.text, to=user)
            if not person.has_part("manager-i-liked"):
                person.parts += [c for c in spoken.parts if c.part == "manager-i-liked"]
            person.remarks = spoken.remarks
        return person

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
            quoted = quoted_opening(title) if self.sentences and title == self.sentences[0] else None
            title = quoted or title  # '"Data Analyst" is up on their careers page' is titled "Data Analyst"
            urls = URL.findall(self.note.text)
            day = meta.date if isinstance(meta.date, dt.date) else (
                self._first_day() or days_ago(self.note.text, self.reference))
            key = "title" if meta.title else "role" if meta.role else "name" if meta.name else None
            quote = f"{key}: {title}" if key else (heading.group(0).strip() if heading else self.sentences[0]
                                                   if quoted else title)
            manager = next((p.name for p in r.people if p.has_part("hiring-manager")), None)
            r.openings.append(
                opening := Opening(
                    company=company,
                    title=title.strip(),
                    url=meta.url or (urls[0] if urls else None),
                    date=day,
                    hiring_manager=manager,
                    ground=self.ground(quote),
                )
            )
            self._their_company(opening)
            return
        r.openings = openings_in(self.sentences, self.note.source, company=company, today=None)
        for opening in r.openings:  # a date without a year needs the note's reference day: read it only now
            opening.date = opening_day(opening.ground.quote, self.reference)
            self._their_company(opening)

    def _their_company(self, opening: Opening) -> None:
        """An opening on "their careers page" with no company named: the company the note's file name reads as."""
        if opening.company is None and _THEIR.search(opening.ground.quote):
            opening.company = stem_company(self.note.source)

    def progress(self) -> None:
        r = self.reading
        if self.kind == "progress":
            day = self._own_day() or self._first_day()
            # In a note of progress, an item said with a verb of something done is progress, whatever the verb
            # ("Mapped our import flows"); "still need: X" or an open box ("[ ] book the course") is not.
            # ... and so is an item named first, then said done: "Databricks Spark cert, passed Nov 2"
            bullets = [s for s in self.sentences if progress_sentences([s]) or _DONE_VERB.match(s)
                       or progress_sentences([c.strip() for c in s.split(", ")[1:]])]
            listed = bool(bullets) and any(BULLET.match(line) for line in self.note.text.splitlines())
            items = bullets if len(bullets) > 1 or listed else [
                self.meta.title or (self.sentences[0] if self.sentences else "")]
            # "Done since October:" over a list: every item under the label is progress, whatever its first word
            items = self._listed_under_progress() or items
            for item in items:
                if not item:
                    continue
                dates = find_dates(item, reference=self.reference)
                quote = f"title: {item}" if item == self.meta.title else item
                # One of several items has only its own date (or the note's `date:`), never another item's.
                fallback = day if len(items) == 1 else self._own_day()
                r.progress.append(
                    Progress(what=item.rstrip("."), date=dates[0].day if dates else fallback, ground=self.ground(quote))
                )
        elif self.kind is None and r.kind is None:
            done = mostly_progress(self.sentences)
            if done:  # a note that is mostly what the user did: its other items said with a verb of doing too
                done = [s for s in self.sentences if s in done or _DONE_VERB.match(s)]
            if not done and (self.meta.model_extra or {}).get(ENTRY):  # a journal's entry tells events one by one
                done = [s for s in progress_sentences(self.sentences) if not _WEAK_DONE.match(s)]
            done = done or self._listed_under_progress()
            if done:
                self._items_done(done)
                r.kind = "progress"
            else:  # a memo or a brain dump: "..., um, I finished the X course last week and I also ran ..."
                self._items_done([c for c in _clauses(self.sentences) if progress_sentences([c])
                                  and not _WEAK_DONE.match(c) and self._recent(c)] + self._done_on_a_day())
        elif self.kind == "rejection":  # a log that also tells of a no: "done since:", "Since then" over a list
            self._items_done(self._listed_under_progress() + ([] if self.meta.type else self._done_on_a_day() + [
                # "..., and I finished the SCADA fundamentals course on Nov 20": never a step of the search
                c for c in _clauses(self.sentences) if progress_sentences([c]) and not _WEAK_DONE.match(c)
                and not _SEARCH_STEP.search(c) and self._recent(c)]))

    def _done_on_a_day(self) -> list[str]:
        """Sentences that name a thing, then say it was completed on a day: "Booked the 18th edition course,
        passed it 24/11." (never a step of the search: "..., finished the final round 3 Oct")."""
        return [s for s in self.sentences if not progress_sentences([s]) and not _SEARCH_STEP.search(s) and any(
            _COMPLETED.match(c) and find_dates(s, reference=self.reference) for c in s.split(", ")[1:])]

    def _recent(self, clause: str) -> bool:
        """Whether a clause says when it was done ("last week", "on 3 Nov", "just", "finally")."""
        return bool(find_dates(clause, reference=self.reference) or days_ago(clause, self.reference)
                    or _RECENTLY.search(clause))

    def _items_done(self, items: list[str]) -> None:
        """Each item as progress, with its own date ("last week" too), else the note's (a daily note's day,
        `date:`, as "today")."""
        for item in items:
            dates = find_dates(item, reference=self.reference)
            day = dates[0].day if dates else days_ago(item, self.reference) or self._own_day()
            self.reading.progress.append(Progress(what=item.rstrip("."), date=day, ground=self.ground(item)))

    def _own_day(self) -> dt.date | None:
        """The note's own day (`date:`, a daily note's name, an email's Date), as a day."""
        day = self.meta.date
        return day.date() if isinstance(day, dt.datetime) else day if isinstance(day, dt.date) else None

    def _listed_under_progress(self) -> list[str]:
        """The items of a list under a label that means progress ("done since:", "wins:"), in an untyped note."""
        items: list[str] = []
        under = False
        for raw in self.note.text.splitlines():
            line = raw.strip()
            label = _LIST_LABEL.match(line)
            if label:
                under = folder_kind(f"{label.group(1) or label.group(2) or label.group(3)}/x") == "progress"
            elif not line:
                under = under and not items
            elif under and BULLET.match(line):
                if not _OPEN_ITEM.search(line):  # "⏳ Kaggle comp (still going)", "[ ] book the exam": not done yet
                    items.append(BULLET.sub("", line))
            else:
                under = False
        return items

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
                if s != title and not URL.fullmatch(s.strip()) and re.search(
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
