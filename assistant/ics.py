"""Write a plan as an iCalendar file: one all-day event per step, with the draft command in the description.

UIDs hash the company, the letter kind and the recipient (plus the article or news item when one person gets
several of a kind), so importing a newer plan updates the events instead of adding copies. Writing over an
earlier file keeps each unchanged event's SEQUENCE and LAST-MODIFIED and raises the SEQUENCE of every event
that moved or changed, so calendar clients take the new version (RFC 5545 section 3.8.7.4). A step that is
done (its letter was sent) or no longer planned stays in the file as a cancelled event (STATUS:CANCELLED, a
higher SEQUENCE), so a calendar that imported it removes it. Every event exported from a workspace is also
recorded in .second-chance/calendar.json, so a plan written to a new file still cancels what an older one held.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
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
    """What an earlier export said about one event: its content, SEQUENCE, LAST-MODIFIED, company and status."""

    content: tuple[str, ...]
    sequence: int
    modified: dt.datetime
    company: str = ""
    cancelled: bool = False


class IcsReport(NamedTuple):
    """What `write_ics` wrote: planned events, and cancelled ones (done or no longer planned)."""

    events: int
    cancelled: int


def plan_calendar(plan: Plan, *, stamp: dt.datetime | None = None,
                  previous: dict[str, Revision] | None = None, scope: str | None = None) -> bytes:
    """The plan as iCalendar bytes (RFC 5545); `previous` (by UID) decides each event's SEQUENCE, and its events
    that the plan no longer holds (of company `scope` only, when given) come back cancelled."""
    return _calendar(plan, stamp or dt.datetime.now(dt.UTC), previous or {}, scope)[0]


def _calendar(plan: Plan, now: dt.datetime, previous: dict[str, Revision],
              scope: str | None) -> tuple[bytes, dict[str, Revision]]:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "second-chance campaign")
    written: dict[str, Revision] = {}
    for company in plan.companies:
        for step in company.steps:
            event = _event(company, step, now, previous.get(step_uid(company.company, step)))
            calendar.add_component(event)
            written[str(event["UID"])] = _revision(event)
    for uid, before in sorted(previous.items()):
        if uid in written or (scope is not None and before.company.casefold() != scope.casefold()):
            continue
        gone = _cancelled(uid, before, now)
        if gone is not None:
            calendar.add_component(gone)
            written[uid] = _revision(gone)
    return calendar.to_ical(), written


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
            revisions[str(event["UID"])] = _revision(event)
        except (KeyError, ValueError, TypeError):
            continue
    return revisions


def _revision(event: Component) -> Revision:
    modified = event.decoded("LAST-MODIFIED") if "LAST-MODIFIED" in event else event.decoded("DTSTAMP")
    return Revision(_content(event), int(event.get("SEQUENCE", 0)), modified,
                    str(event.get("X-SECOND-CHANCE-COMPANY", "")), str(event.get("STATUS", "")) == "CANCELLED")


def read_record(path: Path) -> dict[str, Revision]:
    """Every event exported from this workspace before (.second-chance/calendar.json), by UID."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {uid: Revision(tuple(item["content"]), int(item["sequence"]),
                              dt.datetime.fromisoformat(item["modified"]), str(item.get("company", "")),
                              bool(item.get("cancelled", False))) for uid, item in data["events"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_record(path: Path, events: dict[str, Revision]) -> None:
    document = {"events": {uid: {"content": list(r.content), "sequence": r.sequence,
                                 "modified": r.modified.isoformat(), "company": r.company,
                                 "cancelled": r.cancelled} for uid, r in sorted(events.items())}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, (json.dumps(document, indent=1) + "\n").encode())
    except OSError:
        pass  # the record only helps a later export; the calendar file itself was written


def write_ics(plan: Plan, path: Path, *, stamp: dt.datetime | None = None, record: Path | None = None,
              scope: str | None = None) -> IcsReport:
    """Write the plan's steps to `path` (replacing it whole), with the events it no longer holds cancelled.

    `record` keeps every event exported so far (so a new file cancels what an older file held); `scope` is the
    company a `--company` plan covers, so the other companies' events are left alone.
    """
    path = path.expanduser()
    if not path.parent.is_dir():
        raise UserError(f"Cannot write {path}: the folder {path.parent} does not exist; create it or pick another.")
    recorded = read_record(record) if record is not None else {}
    previous = recorded | (read_revisions(path) if path.is_file() else {})
    for uid, revision in recorded.items():  # the newer of the two, when both know an event
        if uid in previous and revision.sequence > previous[uid].sequence:
            previous[uid] = revision
    data, written = _calendar(plan, stamp or dt.datetime.now(dt.UTC), previous, scope)
    try:
        _replace(path, data)
    except OSError as exc:
        raise UserError(f"Cannot write {path} ({exc.strerror}); pick a folder you can write to.") from None
    if record is not None:
        _write_record(record, recorded | written)
    planned = sum(len(c.steps) for c in plan.companies)
    return IcsReport(events=planned, cancelled=len(written) - planned)


def _replace(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _cancelled(uid: str, before: Revision, stamp: dt.datetime) -> Event | None:
    """The event a step that is done or no longer planned leaves: cancelled, one SEQUENCE on (once)."""
    from icalendar import Event

    start, summary, description = (*before.content, "", "", "")[:3]
    try:
        day = dt.date.fromisoformat(start[:10])
    except ValueError:
        return None
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    note = "No longer in the plan: done (the letter was sent) or dropped."
    event.add("description", description if description.endswith(note) else f"{description}\n\n{note}".strip())
    event.add("status", "CANCELLED")
    sequence, modified = (before.sequence, before.modified) if before.cancelled else (before.sequence + 1, stamp)
    event.add("sequence", sequence)
    event.add("last-modified", modified)
    if before.company:
        event.add("x-second-chance-company", before.company)
    event.add("transp", "TRANSPARENT")
    return event


def _event(company: CompanyPlan, step: Step, stamp: dt.datetime, before: Revision | None) -> Event:
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", step_uid(company.company, step))
    event.add("dtstamp", stamp)
    event.add("dtstart", step.date)
    event.add("dtend", step.date + dt.timedelta(days=1))
    event.add("summary", _summary(company.company, step))
    event.add("description", _description(step))
    if before is not None and before.content == _content(event) and not before.cancelled:
        sequence, modified = before.sequence, before.modified
    else:
        sequence, modified = (before.sequence + 1 if before else 0), stamp
    event.add("sequence", sequence)
    event.add("last-modified", modified)
    event.add("status", "CONFIRMED")
    event.add("x-second-chance-company", company.company)
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
    if step.overdue_since:
        lines.append(f"Overdue since {step.overdue_since.isoformat()}.")
    if step.why:
        lines.append(f"Why: {step.why}")
    if step.command:
        lines.append(f"Draft it: {step.command}")
    if step.sources:
        lines.append(f"Notes: {', '.join(step.sources)}")
    return "\n".join(lines)
