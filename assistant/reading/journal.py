"""A journal: one note in dated sections ("## 3 Nov 2026", "**12/11**", "Tuesday 20 Oct: ..."), each an event.

Each entry is read as a note of its own, dated by its section, about the company its words name ("Final round at
Acme", "Acme's recruiter") or, when they name none, the company of the entry before it; the entries' readings are
then merged back into the one note's reading. A note with fewer than two dated sections is no journal, and a
note of a kind that is read item by item already (a list of dated wins, a person's or a company's note) is not split.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from assistant.casefile import Ground, NoteReading
from assistant.notes import Note
from assistant.reading.context import could_be_company, folder_company
from assistant.reading.initials import credit
from assistant.reading.kinds import ENTRY, note_kind, reference_date
from assistant.reading.rejections import COMPANY_CUE
from assistant.reading.who import ORG_WORD, is_org_name, looks_like_name
from assistant.text import MONTH_WORDS, WEEKDAY_WORDS, find_dates

# A line that opens a section: a heading, a bold line, or a line that starts with its date and a colon or dash.
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|[-*•]\s+)?(?:\*\*|__)?\s*")
_WEEKDAY = re.compile(rf"^{WEEKDAY_WORDS}\.?,?\s+",
                      re.I)
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?\b")
_DAY_ALONE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\b(?![/.]\d)")
_AFTER_DATE = re.compile(r"^\s*(?:\*\*|__)?\s*(?:[:–—-]\s*(?:\*\*|__)?\s*(?P<rest>.*)|(?:\*\*|__)?\s*#*\s*)$")
# "Halden's recruiter", "Acme’s HR", "the Acme team": a company named by whom it employs.
_POSSESSIVE = re.compile(
    r"\b([A-Z][\w&.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&.-]*){0,3})['’]s\s+(?i:(?:\w+\s+)?"
    r"(?:recruiter|recruiting|hr|ta|talent|hiring|team|people|panel|manager|offer|interview|final|onsite)\b)"
)
_HEADING_LINE = re.compile(r"^\s*#{1,6}\s+\S")
_OWNER = re.compile(r"['’]s$")
_DIGIT_NEAR_START = re.compile(r"^[^\n\d]{0,24}\d")
_KINDS = {None, "interaction", "rejection"}  # a list of wins, a person's or a company's log: read as it was


@dataclass
class Entry:
    """One dated section of a journal (or a titled section of a whole-search file: no day): heading, day, text."""

    heading: str
    day: dt.date | None
    text: str


def _level(line: str) -> int:
    """A Markdown heading's level (`##` is 2), 0 for a line that is no heading."""
    match = _HEADING_LINE.match(line)
    return len(line.strip()) - len(line.strip().lstrip("#")) if match else 0


def journal_entries(note: Note, today: dt.date) -> list[Entry] | None:
    """The note's dated sections when it is a journal (two or more of them), else None."""
    if note.meta.type:
        return None
    lines = note.text.splitlines(keepends=True)
    maybe = [i for i, line in enumerate(lines) if _DIGIT_NEAR_START.match(line)]  # a quick test first, for speed
    if len(maybe) < 2 or note_kind(note) not in _KINDS:
        return None
    reference = reference_date(note, today)
    month = _page_month(note, reference)
    starts: list[tuple[int, str, tuple[int, int, int | None] | dt.date]] = []
    for i in maybe:
        line = lines[i]
        when = _section_date(line, reference, month)
        if when is not None:  # the heading, or an inline entry's words up to its colon ("Tuesday 20 Oct")
            label = re.split(r"\s*(?::|\s[–—-])\s", line.strip() + " ", maxsplit=1)[0].strip()
            starts.append((i, label or line.strip(), when))
    if len(starts) < 2:
        return None
    days = _days([w for _, _, w in starts], reference)
    if days is None or len(set(days)) < 2:
        return None
    entries = []
    for n, ((i, heading, _), day) in enumerate(zip(starts, days, strict=True)):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        # An undated heading inside ("## Since then") ends the entry: what follows is of no entry's day (a heading
        # under the entry's own, "### Panel" under "## 3 Nov", is part of it).
        level = _level(lines[i]) or 7
        cut = next((j for j in range(i + 1, end) if _HEADING_LINE.match(lines[j]) and _level(lines[j]) <= level), end)
        entries.append(Entry(heading=heading, day=day, text="".join(lines[i:cut])))
        if cut < end and "".join(lines[cut + 1 : end]).strip():
            entries.append(Entry(heading=lines[cut].strip(), day=None, text="".join(lines[cut:end])))
    return entries


def entry_notes(note: Note, entries: list[Entry]) -> list[Note]:
    """Each entry as a note of its own: dated by its section, about the company it (or an entry before it) names."""
    notes = []
    filed = folder_company(note.source)[0]  # a log kept in the company's own folder is about it, or titled by it
    top = next((line.strip(" #*") for line in note.text.splitlines() if line.strip()), "")
    titled = is_org_name(top) and bool(ORG_WORD.search(top) or (" " in top and not looks_like_name(top)))
    filed = filed or (top if titled and not find_dates(top) and could_be_company(top) else None)
    company = note.meta.company or filed
    for entry in entries:
        # ... where "Leo's team" is someone's team there, not a company called Leo
        named = None if note.meta.company else _company_named(entry.text, company, possessive=filed is None)
        company = named or company
        meta = note.meta.model_copy(update={"date": entry.day, "company": company, ENTRY: True})
        notes.append(Note(source=note.source, meta=meta, text=entry.text, hash=note.hash))
    return notes


def merge(note: Note, entries: list[Entry], readings: list[NoteReading]) -> NoteReading:
    """The journal's one reading: every entry's facts, a section's heading as the ground of the day it gives."""
    merged = NoteReading(source=note.source, hash=note.hash, reader=readings[0].reader)
    for entry, reading in zip(entries, readings, strict=True):
        for rejection in reading.rejections:
            if rejection.date_ground is not None and rejection.date_ground.quote.startswith("date: "):
                rejection.date_ground = Ground(source=note.source, quote=entry.heading)
        for item in reading.progress:  # what an entry tells takes the entry's day
            item.date = item.date or entry.day
        for touch in reading.touches:
            touch.date = touch.date or entry.day
        if reading.rejections:  # flags told with a no belong to that no, not to another section's company
            for rejection in reading.rejections:
                rejection.red_flags += [f for f in reading.red_flags if f not in rejection.red_flags]
        else:
            merged.red_flags += reading.red_flags
        merged.rejections += reading.rejections
        merged.progress += reading.progress
        merged.openings += reading.openings
        merged.projects += reading.projects
        merged.articles += reading.articles
        merged.promises += reading.promises
        merged.touches += reading.touches
        merged.about_company = merged.about_company or reading.about_company
        merged.profile = merged.profile or reading.profile
        merged.example = merged.example or reading.example
        known = {p.name: p for p in merged.people}
        for person in reading.people:
            same = known.get(person.name)
            if same is None:
                merged.people.append(person)
                continue
            have = {c.part for c in same.parts}
            same.parts += [c for c in person.parts if c.part not in have]
            same.remarks += person.remarks
            same.role, same.company = same.role or person.role, same.company or person.company
        merged.mentions = sorted(set(merged.mentions) | set(reading.mentions))[:200]
        merged.found += [f"{entry.day or entry.heading}: {line}" for line in reading.found]
        merged.hints += [h for h in reading.hints if h.message not in {m.message for m in merged.hints}]
    credit(merged.people, note.text, note.source)  # "Ruth A." in one entry is the Ruth Ade met in another
    for person in merged.people:  # what `notes` shows of them says the parts credited just now
        parts = ", ".join(c.part for c in person.parts)
        if parts:
            merged.found = [line.replace(f"person {person.label}: no part in the campaign found",
                                         f"person {person.label}: {parts}") for line in merged.found]
    if any(r.role is None for r in merged.rejections) and len({r.company for r in merged.rejections}) == 1:
        from assistant.reading.rejections import role_applied_for  # the rules of a no: read only here

        role = role_applied_for(note.text)  # "interview ... for the claims manager job" in an earlier entry
        for rejection in merged.rejections:
            rejection.role = rejection.role or role
    kinds = [r.kind for r in readings if r.kind]
    merged.kind = "rejection" if merged.rejections else (kinds[0] if kinds else None)
    if merged.found:  # one entry understood is enough: "nothing understood" was said of another entry alone
        merged.hints = [h for h in merged.hints if not h.message.startswith("nothing in it was understood")]
    return merged


def _page_month(note: Note, reference: dt.date) -> dt.date | None:
    """The month a page of a diary is titled by ("# October" in 2026/, "Nov 2026.md"), as its first day, or None."""
    top = next((line.strip(" #*") for line in note.text.splitlines() if line.strip()), "")
    for title in (top, PurePosixPath(note.source).stem):
        named = _MONTH_TITLE.fullmatch(title.strip())
        if named:
            year = int(named.group(2)) if named.group(2) else next(
                (int(p) for p in reversed(PurePosixPath(note.source).parts[:-1]) if re.fullmatch(r"20\d\d", p)), None)
            found = find_dates(f"1 {named.group(1)} {year or reference.year}")
            if found:
                day = found[0].day
                return day if year or day <= reference else day.replace(year=day.year - 1)
    return None


_MONTH_TITLE = re.compile(rf"((?i:{MONTH_WORDS}))\.?(?:[ \t,]+(\d{{4}}))?")


def _section_date(line: str, reference: dt.date, month: dt.date | None = None
                  ) -> tuple[int, int, int | None] | dt.date | None:
    """The date a section-opening line starts with (numbers are left to `_days`), or None. On a page titled by its
    `month`, a weekday and a day number ("**Thu 15** —") is that month's day."""
    head = _MARKUP.sub("", line.rstrip("\n"), count=1)
    marked = head != line.strip()
    weekday = _WEEKDAY.match(head.strip())
    head = _WEEKDAY.sub("", head.strip())
    numeric = _NUMERIC.match(head)
    alone = _DAY_ALONE.match(head) if weekday and month else None
    when: tuple[int, int, int | None] | dt.date
    if alone and month:
        try:
            rest, when = head[alone.end() :], month.replace(day=int(alone.group(1)))
        except ValueError:
            return None
    elif numeric:
        rest, when = head[numeric.end() :], (int(numeric.group(1)), int(numeric.group(2)),
                                              int(numeric.group(3)) if numeric.group(3) else None)
    else:
        dates = find_dates(head[:40], reference=reference)
        if not dates or dates[0].start != 0 or not dates[0].has_day:
            return None
        rest, when = head[dates[0].end :], dates[0].day
    after = _AFTER_DATE.match(rest.rstrip())
    if after is None:
        return None
    if after.group("rest") is None and not marked and rest.strip():
        return None
    return when


def _days(found: list[tuple[int, int, int | None] | dt.date], reference: dt.date) -> list[dt.date] | None:
    """Each section's day; "12/11" reads month first unless the sections then go back and forth in time."""
    for month_first in (True, False):
        days = []
        for when in found:
            if isinstance(when, dt.date):
                days.append(when)
                continue
            a, b, year = when
            month, day = (a, b) if month_first else (b, a)
            text = f"{year or reference.year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 else ""
            parsed = _safe(text)
            if parsed is not None and year is None and parsed > reference:
                parsed = _safe(f"{reference.year - 1:04d}-{month:02d}-{day:02d}")
            if parsed is None:
                break
            days.append(parsed)
        else:
            if days == sorted(days) or days == sorted(days, reverse=True):
                return days
    return None


def _safe(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _company_named(text: str, before: str | None, *, possessive: bool = True) -> str | None:
    """The company an entry's words name ("Final round at Acme", "Acme's recruiter" when `possessive`); a short
    form of `before` ("Halden" after "Halden Works") is `before`."""
    # ... not a first name met "with": "final round with Ifeoma" is a person, "round with Acme Bank" a company
    names = [_OWNER.sub("", re.split(r"\.\s", m.group(1))[0]).strip(".'’") for m in COMPANY_CUE.finditer(text)
             if not (re.search(r"\bwith\s+$", text[: m.start(1)], re.I) and not ORG_WORD.search(m.group(1))
                     and (" " not in m.group(1).strip() or looks_like_name(m.group(1).strip())))]
    names += [m.group(1) for m in _POSSESSIVE.finditer(text)] if possessive else []
    names = [n for n in names if n and n.split()[0] not in {"I", "My", "The", "Their", "Her", "His", "Our"}]
    if not names:
        return None
    name = names[0]
    if before and (before.startswith(name) or name.startswith(before)):
        return before
    return name
