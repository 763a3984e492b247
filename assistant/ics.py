"""Write a plan as an iCalendar file: one all-day event per step, with the draft command in the description.

UIDs hash the company, the letter kind and the recipient (plus the article or news item when one person gets
several of a kind), so importing a newer plan updates the events instead of adding copies. Writing over an
earlier file keeps each unchanged event's SEQUENCE and LAST-MODIFIED and raises the SEQUENCE of every event
that moved or changed, so calendar clients take the new version (RFC 5545 section 3.8.7.4).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from assistant.errors import UserError
from assistant.planner import CompanyPlan, Plan, Step

PRODID = "-//second-chance//campaign planner//EN"
UID_DOMAIN = "second-chance.plan"
REMIND_AT = dt.timedelta(hours=9)  # a reminder at 09:00 on the step's day

if TYPE_CHECKING:
    from icalendar import Component, Event


def step_uid(company: str, step: Step) -> str:
    """A UID that stays the same across runs for the same company, kind, recipient (and article or topic)."""
    parts = (company, step.kind or "research", step.to or "", step.key)
    digest = hashlib.sha256("\x1f".join(p.casefold() for p in parts).encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


class Revision(NamedTuple):
    """What an earlier file said about one event: its content, SEQUENCE and LAST-MODIFIED."""

    content: tuple[str, ...]
    sequence: int
    modified: dt.datetime


def plan_calendar(plan: Plan, *, stamp: dt.datetime | None = None,
                  previous: dict[str, Revision] | None = None) -> bytes:
    """The plan as iCalendar bytes (RFC 5545); `previous` (by UID) decides each event's SEQUENCE."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "second-chance campaign")
    now = stamp or dt.datetime.now(dt.UTC)
    for company in plan.companies:
        for step in company.steps:
            calendar.add_component(_event(company, step, now, (previous or {}).get(step_uid(company.company, step))))
    return calendar.to_ical()


def read_revisions(path: Path) -> dict[str, Revision]:
    """The events of an earlier calendar file at `path`, by UID; empty when there is none or it is unreadable."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(path.read_bytes())
    except (OSError, ValueError):
        return {}
    revisions = {}
    for event in calendar.walk("VEVENT"):
        try:
            modified = event.decoded("LAST-MODIFIED") if "LAST-MODIFIED" in event else event.decoded("DTSTAMP")
            revisions[str(event["UID"])] = Revision(_content(event), int(event.get("SEQUENCE", 0)), modified)
        except (KeyError, ValueError, TypeError):
            continue
    return revisions


def write_ics(plan: Plan, path: Path, *, stamp: dt.datetime | None = None) -> int:
    """Write the plan's steps to `path` (replacing it whole); return how many events it holds."""
    path = path.expanduser()
    if not path.parent.is_dir():
        raise UserError(f"Cannot write {path}: the folder {path.parent} does not exist; create it or pick another.")
    data = plan_calendar(plan, stamp=stamp, previous=read_revisions(path) if path.is_file() else None)
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise UserError(f"Cannot write {path} ({exc.strerror}); pick a folder you can write to.") from None
    return sum(len(c.steps) for c in plan.companies)


def _event(company: CompanyPlan, step: Step, stamp: dt.datetime, before: Revision | None) -> Event:
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", step_uid(company.company, step))
    event.add("dtstamp", stamp)
    event.add("dtstart", step.date)
    event.add("dtend", step.date + dt.timedelta(days=1))
    event.add("summary", _summary(company.company, step))
    event.add("description", _description(step))
    if before is not None and before.content == _content(event):
        sequence, modified = before.sequence, before.modified
    else:
        sequence, modified = (before.sequence + 1 if before else 0), stamp
    event.add("sequence", sequence)
    event.add("last-modified", modified)
    event.add("categories", [step.tactic])
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _summary(company.company, step))
    alarm.add("trigger", REMIND_AT)
    event.add_component(alarm)
    return event


def _content(event: Component) -> tuple[str, ...]:
    """What a change to raises SEQUENCE for: the day and the text a person sees."""
    return tuple(str(event.decoded(key)) if key in event else "" for key in ("DTSTART", "SUMMARY", "DESCRIPTION"))


def _summary(company: str, step: Step) -> str:
    if step.kind is None:
        return f"Research {company}: {step.action}"
    who = f" to {step.to}" if step.to else ""
    return f"{step.kind.capitalize()}{who} ({company})"


def _description(step: Step) -> str:
    lines = [step.action]
    if step.why:
        lines.append(f"Why: {step.why}")
    if step.command:
        lines.append(f"Draft it: {step.command}")
    if step.sources:
        lines.append(f"Notes: {', '.join(step.sources)}")
    return "\n".join(lines)
