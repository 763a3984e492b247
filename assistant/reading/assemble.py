"""Merge every note's reading into one case file: one person per name and company, one rejection per company."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from assistant.casefile import (
    CaseFile,
    Hint,
    NoteReading,
    Opening,
    Person,
    Profile,
    Progress,
    Project,
    RedFlag,
    Rejection,
    part_of,
    same_company,
    spelled_out,
)
from assistant.names import Contacts, fold
from assistant.reading.chats import encourages
from assistant.reading.context import place_by_folder
from assistant.reading.who import job_relation
from assistant.text import content_words, first_name

_INITIALS = re.compile(r"\b[A-Z]{2,4}\b")


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _addressee(readings: Sequence[NoteReading]) -> Profile:
    """With no profile note: the one the saved emails from the company were written to, most often (the user)."""
    counts = Counter((r.addressed_to.name, r.addressed_to.email) for r in readings if r.addressed_to is not None)
    if not counts:
        return Profile()
    (name, email), _ = counts.most_common(1)[0]
    return Profile(name=name, email=email)


def assemble(readings: Sequence[NoteReading], *, companies: list[str] | None = None) -> CaseFile:
    """One case file from every note's reading: people merged, companies resolved, red flags attached.

    `companies`, when given, gets every company name a note's `mentions` are matched against (the companies the
    notes state, then those that said no), for `same_for_assembly`.
    """
    _FOLDED.clear()
    case = CaseFile(notes=list(readings))
    case.profile = next((r.profile for r in readings if r.profile is not None), None) or _addressee(readings)
    place_by_folder(readings)  # a note filed under "acme/" is about the Acme other notes name
    _full_company_names(readings)
    _teams_in_brackets(readings)
    case.people = _merge_people(readings)
    known = known_companies(readings, case.people)
    case.people = [p for p in case.people if not _is_company_or_user(p, known, case.profile)]
    _place_people(case.people, readings, known)
    case.people = _join_first_names(case.people, readings)
    for person in case.people:  # a recruiter's kind words ("do apply again") are their job: no one to follow up
        if person.has_part("recruiter"):
            person.parts = [c for c in person.parts if c.part != "manager-i-liked" or not encourages(c.ground.quote)]
    _name_company_notes(readings, known)
    case.rejections = _rejections(readings, known, case.people)
    if companies is not None:
        companies += [*known, *(r.company for r in case.rejections)]
    said_no_by = [r.company for r in case.rejections]  # "Acme said no on 3 Nov": Acme is who said it, nobody
    case.people = [p for p in case.people if not _is_company_or_user(p, said_no_by, case.profile)]
    if len(case.rejections) == 1:  # the one who got "my" job works where the user was turned down
        for person in case.people:
            if person.company is None and not person.example and person.has_part("got-the-job"):
                person.company = case.rejections[0].company
    said_no = {r.source: r.company for r in case.rejections}
    for person in case.people:  # "Leo Park (recruiter ...) called me" in the note of a no works where it came from
        if person.company is None and not person.example and person.sources and person.parts:
            person.company = said_no.get(person.sources[0])
    for rejection in case.rejections:
        rejection.role = rejection.role or _job_applied_for(rejection.company, case.people)
    case.touches = [t for r in readings for t in r.touches]
    _credit_touches(case, {r.source: r for r in readings})
    staff_of: dict[str, list[str]] = {}  # note -> the companies of the people it is about, in people order
    for person in case.people:
        for source in person.sources if person.company else ():
            staff_of.setdefault(source, []).append(person.company or "")
    for reading in readings:
        company = _note_company(reading, staff_of, known)
        for opening in reading.openings:
            opening.company = opening.company or company
        for project in reading.projects:
            project.company = project.company or company
    case.openings = [o for r in readings for o in r.openings]
    case.projects = [p for r in readings for p in r.projects]
    case.promises = [p for r in readings for p in r.promises]
    case.progress = [p for r in readings for p in r.progress]
    case.articles = [a for r in readings for a in r.articles]
    _link_progress(case)
    _article_readers(case, readings)
    _FOLDED.clear()  # it holds the readings: let them go with the case
    return case


# What of a note's reading the assembly never reads across notes: its hash (the case keeps it as is) and what
# `found` lists (written to, never read; the case cache leaves it out).
_OWN = {"hash", "found"}
# What the case file takes of every note's reading as it is, in the notes' order, and nothing else reads: an edit
# that changes only these replaces the note's share of each (`link_progress` fills in what new progress answers).
# Of touches, only whom they are with and their note are read (whom they credit, whose first name is written in
# full): an edit that changes only their date, direction or channel replaces those.
SPLICED = ("progress", "promises", "touches")


def assembly_change(before: NoteReading, after: NoteReading,
                    companies: Sequence[str] | None = None) -> list[str] | None:
    """What assembling `after` in place of `before` (two readings of one note) changes in the case file besides that
    note's hash and `found`: the lists of `SPLICED` that differ ([] for none); None when it may change more, so
    the case is to be assembled again.

    The readings must be equal but for those, and for the capitalised phrases the note holds (`mentions`) where
    they name the same of `companies` (what `assemble` filled in for the notes with `before`) or nothing reads
    them. They are read only to place what the note itself holds (its people, red flags, openings, projects) or
    to name a company note that names none, by the companies they name; a rejection or an article also reads them
    for people's names, so there they must be equal. The companies do not depend on any note's mentions (they are
    gathered before any is read), so the same answers for this note give the same case. This rests on every fact
    of a reading being grounded in its own note, as the rules make them.
    """
    exclude = _OWN | {"mentions", *SPLICED}
    if before.model_dump(exclude=exclude) != after.model_dump(exclude=exclude):
        return None
    if [(t.with_, t.source) for t in before.touches] != [(t.with_, t.source) for t in after.touches]:
        return None
    changed = [name for name in SPLICED if getattr(before, name) != getattr(after, name)]
    if before.mentions == after.mentions or not _reads_mentions(after):
        return changed
    # A rejection reads the note's mentions only when its company is inferred (a stated one is kept as it is), and
    # an article reads them for people's names: there the mentions must be equal.
    if companies is None or after.articles or any(r.company_from or not r.company for r in after.rejections):
        return None
    try:
        same = all(_mentions(before, company) == _mentions(after, company) for company in companies)
    finally:
        _FOLDED.clear()
    return changed if same else None


def link_progress(progress: list[Progress], rejections: list[Rejection]) -> None:
    """Fill in the gap each of `progress` answers, as assembling it with `rejections` does."""
    _link_progress(CaseFile(rejections=rejections, progress=progress))


def _reads_mentions(reading: NoteReading) -> bool:
    """Whether the assembly reads the note's `mentions` (see `_mentions`, `rejection_company`, `_article_readers`)."""
    return bool(reading.people or reading.rejections or reading.red_flags or reading.articles or reading.openings
                or reading.projects or (reading.kind == "company" and not reading.about_company))


def _teams_in_brackets(readings: Sequence[NoteReading]) -> None:
    """"Leo Marsh (Eng Manager, Actuation)": one word that no note names as a company is his team, at the company his
    note is about, or else where another note places him ("Eng Manager, Actuation" at Fernleaf Robotics)."""
    stated = {_norm(r.about_company) for r in readings if r.about_company}
    stated |= {_norm(x.company) for r in readings for x in r.rejections if x.company}
    placed: dict[str, set[str]] = {}
    for reading in readings:
        for person in reading.people:
            if person.company and (_norm(person.company) in stated or " " in person.company.strip()):
                placed.setdefault(fold(person.name), set()).add(person.company)
    for reading in readings:
        for person in reading.people:
            company = (person.company or "").strip()
            if not company or " " in company or not person.role or _norm(company) in stated:
                continue
            homes = {reading.about_company} if reading.about_company else placed.get(fold(person.name), set())
            if len(homes) == 1:
                home = homes.pop() or ""
                if not same_company(home, company):
                    person.role, person.company = f"{person.role}, {company}", home


def _full_company_names(readings: Sequence[NoteReading]) -> None:
    """Write a company by the one full name the notes give it: "Harbourside" is "Harbourside Animal Hospital"."""
    def items(reading: NoteReading) -> list[Person | Rejection | Opening | Project]:
        return [*reading.people, *reading.rejections, *reading.openings, *reading.projects]

    given = [r.about_company for r in readings] + [x.company for r in readings for x in items(r)]
    names = {n.strip() for n in given if n and n.strip()}
    said_no = {x.company.strip() for r in readings for x in r.rejections if x.company}
    full: dict[str, str] = {}
    for name in names:
        longer = {_norm(m): m for m in names if _norm(m).startswith(_norm(name) + " ")}
        # ... and "Acmelabs" (an email's domain) is "Acme Labs": the same letters, written with spaces.
        spaced = {_norm(m): m for m in names if _squash(m) == _squash(name) and m.count(" ") > name.count(" ")}
        # ... and "HP Middle" is "Harbor Point Middle": initials for the words they stand for.
        spelled = {_norm(m): m for m in names if len(m) > len(name) and same_company(name, m)
                   and spelled_out(name.split(), _norm(m).split()) is not None} if _INITIALS.search(name) else {}
        # ... and a school is planned with the district that said no: "Harbor Point Middle" of "Harbor Point Schools"
        whole = {_norm(m): m for m in said_no if part_of(name, m)}
        if len(whole) == 1:
            full[name] = next(iter(whole.values()))
        elif len(longer) == 1:
            full[name] = next(iter(longer.values()))
        elif len(spaced) == 1:
            full[name] = next(iter(spaced.values()))
        elif len(spelled) == 1:
            full[name] = next(iter(spelled.values()))
    for name, target in full.items():  # "HP Middle" is "Harbor Point Middle", of "Harbor Point Schools"
        wholes = {m for m in said_no if part_of(target, m)}
        if len(wholes) == 1:
            full[name] = wholes.pop()
    if not full:
        return
    for reading in readings:
        if reading.about_company:
            reading.about_company = full.get(reading.about_company, reading.about_company)
        for item in items(reading):
            if item.company:
                item.company = full.get(item.company, item.company)


def _merge_people(readings: Sequence[NoteReading]) -> list[Person]:
    people: dict[tuple[str, str], Person] = {}
    by_name: dict[str, list[tuple[str, str]]] = {}
    everyone = [p for r in readings for p in r.people]
    # People from their own notes first, so that a name only mentioned elsewhere joins them.
    ordered = sorted(everyone, key=lambda p: _mentioned_only(p))
    for person in ordered:
        key = (fold(person.name), fold(person.company))  # one person whether or not a note writes the accents
        if key not in people and not person.company:
            same = by_name.get(key[0], [])
            if len(same) == 1:
                key = same[0]
        if key not in people and person.company:
            bare = (key[0], "")
            if bare in people:
                people[key] = people.pop(bare)
                people[key].company = person.company
                by_name[key[0]] = [key if k == bare else k for k in by_name[key[0]]]
        existing = people.get(key)
        if existing is None:
            # A copy with its own lists: merging must not change the note's own reading.
            people[key] = person.model_copy(update={
                "parts": list(person.parts), "remarks": list(person.remarks), "sources": list(person.sources)})
            by_name.setdefault(key[0], []).append(key)
            continue
        _merge(existing, person)
    return sorted(people.values(), key=lambda p: (p.name.casefold(), _norm(p.company)))


def _join_first_names(people: list[Person], readings: Sequence[NoteReading]) -> list[Person]:
    """A person a note names by first name alone is the one with that first name (at their company) another names
    in full: "Priya" from ops is Priya Nair at the same company, or the one Priya of the notes whose company is not
    known; two Priyas there leave "Priya" on her own, and her note says so."""
    alone = [p for p in people if " " not in p.name.strip()]
    if not alone:
        return people
    by_source = {r.source: r for r in readings}
    contacts = Contacts([p for p in people if " " in p.name.strip()])
    joined = []
    same: dict[tuple[str, str], Person] = {}  # "Aisha" in two notes, placed at one company only now: one person
    for person in alone:
        key = (fold(person.name), fold(person.company))
        if key in same:
            _merge(same[key], person)
            joined.append(person)
            continue
        contact = contacts.resolve(person.name, company=person.company)
        anywhere = contacts.resolve(person.name) if person.company and contact.person is None else contact
        into = contact.person or (anywhere.person if anywhere.person and not anywhere.person.company else None)
        same[key] = into or person  # a later "Aisha" there joins whom this one joined
        if into is not None:
            _merge(into, person)
            joined.append(person)
            for source in person.sources:  # "Coffee with Rosa": a contact with Rosa Kim
                if source in by_source:
                    by_source[source].touches = [t.model_copy(update={"with_": into.name})
                                                 if fold(t.with_) == fold(person.name) else t
                                                 for t in by_source[source].touches]
        elif len(contact.candidates) > 1:
            who = " or ".join(sorted(p.name for p in contact.candidates))
            for source in person.sources:
                if source in by_source:
                    by_source[source].hints.append(Hint(source=source, message=(
                        f'"{person.name}" could be {who} ({person.company}): write the full name')))
    return [p for p in people if not any(p is j for j in joined)]


def _is_company_or_user(person: Person, known: list[str], profile: Profile) -> bool:
    """Whether a person is the user (a chat's speaker, "Hi Ola," on a reply), or a company: a first name alone that
    is a company's first word, or a full name other notes give as a company ("Nordlicht Energie" on top of a log)."""
    name = _norm(person.name)
    if " " in name:  # the user, named in a pasted chat ("Ola Nowak  10:50 AM")
        return name == _norm(profile.name) or any(name == _norm(c) for c in known if c)
    return any(name == _norm(c).split()[0] for c in known if c) or name == _norm(first_name(profile.name or ""))


def _mentioned_only(person: Person) -> bool:
    return (
        bool(person.parts) and person.name_from is not None and person.name_from.quote == person.parts[0].ground.quote
    )


def _merge(into: Person, other: Person) -> None:
    for attr in ("company", "role", "email", "relationship", "started", "name_from"):
        if getattr(into, attr) is None:
            setattr(into, attr, getattr(other, attr))
    have = {c.part for c in into.parts}
    into.parts += [c for c in other.parts if c.part not in have]
    into.remarks += other.remarks
    into.sources += [s for s in other.sources if s not in into.sources]
    into.example = into.example and other.example


def _place_people(people: list[Person], readings: Sequence[NoteReading], known: list[str]) -> None:
    """A person whose note names no company works where their note says: "TA partner, Kestrel Cloud"."""
    by_source = {r.source: r for r in readings}
    for person in people:
        if person.company:
            continue
        if person.role:
            sides = _role_and_company(person.role, known)
            if sides is not None:
                person.role, person.company = sides
                continue
        own = by_source.get(person.sources[0]) if person.sources else None
        if own is not None and person.has_part("got-the-job") and own.about_person not in {None, person.name}:
            continue  # the hire, told of in a friend's note, is not where the friend works
        if own is not None and own.about_company and own.about_person is None:  # "Pell Marine/people.md"
            person.company = own.about_company
            continue
        named = [c for c in known if own is not None and _mentions(own, c)] or (
            _filed_under(own.source, known) if own is not None else [])  # "2026-10-02 Quartz Media final.md"
        if len(named) == 1:
            person.company = named[0]
            continue
        # "senior analyst on Zoë's team": where Zoë works, when one person of that first name works somewhere
        team = _ON_TEAM.search(" ".join(filter(None, [person.role, person.relationship])))
        leads = [p for p in people if p.company and p is not person and team and first_name(p.name) == team.group(1)]
        if len({p.company for p in leads}) == 1:
            person.company = leads[0].company


_ON_TEAM = re.compile(r"\b(?:on|in|of|under|joins?|joined)\s+([A-Z][\w'’-]+)['’]s\s+(?:team|group|squad|org)\b")


def _filed_under(source: str, known: Sequence[str]) -> list[str]:
    """The known companies whose first word the note's file name holds ("quartz-outcome.md": Quartz Media)."""
    stem = set(re.split(r"[-_ .]+", source.rsplit("/", 1)[-1].casefold()))
    return [c for c in known if _norm(c).split()[0] in stem]


def _role_and_company(role: str, known: list[str]) -> tuple[str, str] | None:
    """("content designer", "Acme Labs") from a role written "Acme, content designer" or "VP Sales | Acme Labs"."""
    parts = re.split(r",\s*|\s+[|–—-]\s+", role, maxsplit=1)
    if len(parts) != 2:
        return None
    for company, rest in (parts[::-1], parts):
        match = next((c for c in known if _norm(c) == _norm(company)), None) or next(
            iter([c for c in known if _norm(c).startswith(_norm(company) + " ")][:1]), None)
        if match and rest.strip():
            return rest.strip(), match
    return None


def _name_company_notes(readings: Sequence[NoteReading], known: list[str]) -> None:
    """A company note without a name is about the one known company it names ("how Northwind works")."""
    from assistant.reading.rules import NO_COMPANY

    for reading in readings:
        if reading.kind != "company" or reading.about_company:
            continue
        named = [c for c in known if _mentions(reading, c)]
        if len(named) == 1:
            reading.about_company = named[0]
            reading.hints = [h for h in reading.hints if h.message != NO_COMPANY]
            reading.found.insert(0, f"about {named[0]} (its text names it)")


def _note_company(reading: NoteReading, staff_of: dict[str, list[str]], known: list[str]) -> str | None:
    """The company a note is about: its own, its person's, or the one company it names."""
    if reading.about_company:
        return reading.about_company
    mine = staff_of.get(reading.source, [])
    if len(set(mine)) == 1:
        return mine[0]
    named = [c for c in known if _mentions(reading, c)]
    return named[0] if len(named) == 1 else None


def known_companies(readings: Sequence[NoteReading], people: Sequence[Person]) -> list[str]:
    """Company names the notes state: company notes, `company:` keys, people's companies, rejections."""
    names: dict[str, str] = {}
    for reading in readings:
        for name in [reading.about_company, *(r.company for r in reading.rejections if not r.company_from)]:
            if name and name.strip():
                names.setdefault(_norm(name), name.strip())
    for person in people:
        if person.company:
            names.setdefault(_norm(person.company), person.company.strip())
    return list(names.values())


# Each reading's mentions, case-folded once: whether a note names a company is then a set look-up or a substring
# test, and only a note whose text holds the name is searched with the pattern (was every note x every company).
_FOLDED: dict[int, tuple[NoteReading, str, frozenset[str]]] = {}


def _mentions(reading: NoteReading, company: str) -> bool:
    first = company.split()[0]
    entry = _FOLDED.get(id(reading))
    if entry is None or entry[0] is not reading:
        folded = [m.casefold() for m in reading.mentions]
        entry = _FOLDED[id(reading)] = (reading, "\n".join(folded), frozenset(folded))
    _, text, whole = entry
    if len(first) > 3 and first.casefold() in whole:
        return True
    return company.casefold() in text and any(_company_pattern(company).search(m) for m in reading.mentions)


@lru_cache(maxsize=4096)
def _company_pattern(company: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(company)}(?![\w-])", re.IGNORECASE)


def rejection_company(
    reading: NoteReading, rejection: Rejection, known: Sequence[str], people: Sequence[Person] = ()
) -> tuple[str | None, str]:
    """The company a rejection is about and why, when inferred ("" when it says); or None and why not."""
    if rejection.company and not rejection.company_from:
        return rejection.company, ""
    named = [c for c in known if _mentions(reading, c)]
    named = [c for c in named if not any(_norm(c) in _norm(o) and c != o for o in named)]  # "Northwind Analytics"
    if len(named) == 1:
        return named[0], f"its text names {named[0]}, a company in your notes"
    sender = [c for c in named if rejection.company and _norm(c) == _norm(rejection.company)] or [
        c for c in named if rejection.company and same_company(c, rejection.company)]
    if len(sender) == 1:  # it names two, but one of them sent it (a school in the subject, signed by its trust)
        return sender[0], rejection.company_from or f"its text names {sender[0]}"
    if named:
        return None, f"it names {' and '.join(sorted(named))}"
    if rejection.company:
        return rejection.company, rejection.company_from or ""
    in_name = _filed_under(reading.source, known)
    if len(in_name) == 1:
        return in_name[0], f"its file name says {in_name[0]}"
    firsts = {m.split()[0] for m in reading.mentions}
    via = {p.company for p in people if p.company and not p.example and first_name(p.name) in firsts}
    if len(via) == 1:
        company = via.pop()
        return company, f"the people it names work at {company}"
    if len(known) == 1:
        return known[0], f"{known[0]} is the only company in your notes"
    return None, "your notes do not make clear which company it is about"


def _rejections(readings: Sequence[NoteReading], known: list[str], people: list[Person]) -> list[Rejection]:
    by_company: dict[str, Rejection] = {}
    for reading in readings:
        for rejection in reading.rejections:
            company, why = rejection_company(reading, rejection, known, people)
            if company is None:
                reading.hints.append(
                    Hint(
                        source=reading.source,
                        message=(f"a rejection without `company:` and {why}: name the company on the note's "
                                 "first line or add `company: NAME`"),
                    )
                )
                continue
            found = rejection.model_copy(update={"company": company, "company_from": why or None}, deep=True)
            if why:
                reading.found = [f.replace("rejection by ?", f"rejection by {company} ({why})") for f in reading.found]
            found.red_flags = _dedupe(found.red_flags + reading.red_flags)
            current = by_company.get(_norm(company))
            if current is None:
                by_company[_norm(company)] = found
            else:
                newer, older = (
                    (found, current)
                    if (found.date or dt.date.min) >= (current.date or dt.date.min)
                    else (current, found)
                )
                for attr in ("role", "reason", "reason_ground", "gap", "date", "date_ground"):
                    if getattr(newer, attr) is None:
                        setattr(newer, attr, getattr(older, attr))
                newer.red_flags = _dedupe(newer.red_flags + older.red_flags)
                by_company[_norm(company)] = newer
    # Red flags in other notes (a debrief, an email, a person note) count for the company they are about.
    for reading in readings:
        if reading.rejections or not reading.red_flags:
            continue
        target = _flag_company(reading, by_company, people)
        if target is not None:
            target.red_flags = _dedupe(target.red_flags + reading.red_flags)
    return sorted(by_company.values(), key=lambda r: r.company.casefold())


def _job_applied_for(company: str, people: list[Person]) -> str | None:
    """The job the people of `company` were part of hiring for, when one is named ("Bo Chen, HM on the X req")."""
    jobs = set()
    for person in people:
        if _norm(person.company) != _norm(company) or person.name_from is None:
            continue
        quote = person.name_from.quote
        at = quote.find(person.name)
        if at < 0:
            continue
        # "Dana Wu, hiring manager for the X role", "HM for the X role: Dana Wu"
        for side in (quote[at + len(person.name):].lstrip(" ,:;(–—-"), quote[:at].rstrip(" :=–—-")):
            relation = job_relation(side)
            if relation is not None:
                jobs.add(relation[1])
                break
    return jobs.pop() if len(jobs) == 1 else None


def _flag_company(reading: NoteReading, rejections: dict[str, Rejection], people: list[Person]) -> Rejection | None:
    if reading.about_company and _norm(reading.about_company) in rejections:
        return rejections[_norm(reading.about_company)]
    for person in people:
        if reading.source in person.sources and _norm(person.company) in rejections:
            return rejections[_norm(person.company)]
    named = [r for key, r in rejections.items() if _mentions(reading, r.company)]
    if len(named) == 1:
        return named[0]
    return next(iter(rejections.values())) if len(rejections) == 1 else None


def _dedupe(flags: list[RedFlag]) -> list[RedFlag]:
    seen: dict[tuple[str, str], RedFlag] = {}
    for flag in flags:
        seen.setdefault((flag.label, flag.ground.quote), flag)
    return list(seen.values())


def _credit_touches(case: CaseFile, reading_of: dict[str, NoteReading]) -> None:
    """Give each person the notes of their contacts (interactions, emails), resolved as `names` does."""
    people = [p for p in case.people if not p.example]
    by_first: dict[str, list[Person]] = {}
    for person in people:
        by_first.setdefault(first_name(person.name).casefold(), []).append(person)
    pools = {first: Contacts(pool) for first, pool in by_first.items()}  # indexed once, not once per touch
    nobody: Contacts[Person] = Contacts([])
    for touch in case.touches:
        # Only people who share the first name can be meant; `Contacts.resolve` decides among them.
        contact = pools.get(first_name(touch.with_.partition(" (")[0]).casefold(), nobody).resolve(touch.with_)
        if contact.person is not None and touch.source not in contact.person.sources:
            contact.person.sources.append(touch.source)
        elif len(contact.candidates) > 1 and reading_of.get(touch.source) is not None and not any(
                h.message.startswith(f'"{touch.with_}" could be') for h in reading_of[touch.source].hints):
            who = " or ".join(sorted(p.label for p in contact.candidates))
            reading_of[touch.source].hints.append(Hint(source=touch.source, message=(
                f'"{touch.with_}" could be {who}: write the full name in `with:`')))


def _link_progress(case: CaseFile) -> None:
    gaps = [(r.gap or r.reason or "", r) for r in case.rejections]
    for item in case.progress:
        if item.answers:
            continue
        words = content_words(item.what)
        for gap, _rejection in gaps:
            if gap and len(words & content_words(gap)) >= 1:
                item.answers = gap
                break


def _article_readers(case: CaseFile, readings: Sequence[NoteReading]) -> None:
    """Whom an article is for: people it names in full, or by a first name only one person has."""
    by_source = {r.source: r for r in readings}
    people = [p for p in case.people if not p.example]
    rejected = {_norm(r.company) for r in case.rejections}
    by_first: dict[str, list[Person]] = {}
    for person in people:
        by_first.setdefault(first_name(person.name).casefold(), []).append(person)
    by_full = {_norm(p.name): p.name for p in people}
    for article in case.articles:
        reading = by_source.get(article.ground.source)
        if reading is None:
            continue
        words = {w.casefold().removesuffix("'s").removesuffix("’s") for m in reading.mentions for w in m.split()}
        names = {by_full[_norm(m)] for m in reading.mentions if _norm(m) in by_full}
        for first in words & by_first.keys():
            namesakes = by_first[first]
            if len(namesakes) > 1:  # two Danas: the one at a company that turned the user down
                namesakes = [p for p in namesakes if _norm(p.company) in rejected]
            if len(namesakes) == 1:
                names.add(namesakes[0].name)
        article.for_people = sorted(names | set(article.for_people))
