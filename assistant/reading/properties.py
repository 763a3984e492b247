"""A page's properties written as lines on top, the way Notion and similar apps export a page without front matter.

    # Interview - Assistant Principal          Company: Orla Health
                                               Role: Staff Engineer
    Date: September 9, 2026                    Status: rejected
    Attendees: Marcus Obi, Renee Castillo

A block of "Label: value" lines on top or right under the title (two or more, or one whose label is in
`_LABELS`: "Works at: ...") says what front matter would: the company, the role, the day, who was there, the
relationship, what kind of page it is. The reading takes them as the note's metadata where the note has none of its
own; the text is left as it is (it is what is indexed and quoted). A block of an email's headers (From, To,
Subject) is an email, not properties.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, get_args

from assistant.notes import FOLDER_TYPES, Note, NoteType
from assistant.reading.kinds import folder_kind, tells_of_no
from assistant.reading.who import role_at
from assistant.text import EMAIL_HEADER_NAMES, HEADING, parse_date

_LINE = re.compile(r"^\s*(?:[-*]\s+)?(?:\*\*)?(?P<label>[A-Za-z][A-Za-z'’ /]{0,30}?)(?:\*\*)?\s*:(?:\*\*)?[ \t]+"
                   r"(?P<value>\S.{0,300}?)\s*$")
_TITLE = re.compile(r"^\s*(?:#{1,6}\s+\S.*|[^:\n]{1,120})$")
_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")
_EMAIL_HEADERS = set(EMAIL_HEADER_NAMES) - {"date"}  # a page has a date too

# Each label a person gives a property, by the metadata key it means.
_LABELS: dict[str, tuple[str, ...]] = {
    "company": ("company", "employer", "organisation", "organization", "org", "works at", "workplace", "firm",
                "where", "company name"),
    "role": ("role", "position", "job title", "job", "current role", "applied for", "role applied"),
    "date": ("date", "created", "when", "meeting date", "interview date", "date of call", "day", "last edited"),
    "relationship": ("relationship", "relation", "connection", "how i know them", "how we met"),
    "email": ("email", "e-mail", "mail"),
    "tags": ("tags", "labels", "tag"),
    "type": ("type", "category", "kind", "page type"),
    "with_": ("attendees", "participants", "with", "people", "met with", "interviewers", "panel"),
    "name": ("name", "contact", "person", "full name", "contact name"),
    "reason": ("why", "reason", "feedback", "rejection reason", "reason given"),
    "last_contact": ("last contact", "last talked", "last spoke", "last contacted", "last touch", "last chat"),
}
_KEY_OF = {label: key for key, labels in _LABELS.items() for label in labels}
_NAME_LABEL = re.compile(rf"^\s*(?:{'|'.join(_LABELS['name'])})\s*:", re.I | re.M)  # a card's first line


def _labelled(lines: list[str]) -> tuple[dict[str, str], int]:
    """The "Label: value" lines `lines` start with (labels folded, the first of a label kept), and how many."""
    found: dict[str, str] = {}
    count = 0
    for line in lines:
        match = _LINE.match(line)
        if not match:
            break
        found.setdefault(" ".join(match.group("label").casefold().split()), match.group("value").strip(" *"))
        count += 1
    return found, count


# An outcome said in a word: "Outcome: No - email from Greta", "Result: unsuccessful", "Status: declined".
_NO_VALUE = re.compile(r"^\W*(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}|[a-z]{3,9}\s+\d{1,2}|\d{1,2}[/.]\d{1,2}"
                       r"(?:[/.]\d{2,4})?|\d{4}-\d{2}-\d{2})\s*[,–—-]?\s*)?"  # "2 Oct — no."
                       r"(?:no(?!\s+(?:news|reply|response|word|update|answer|decision|idea|contact|date)\b)|nope|declined|"
                       r"unsuccessful|not (?:selected|successful|progressed|offered)|rejected|"
                       r"turned down|didn'?t get it)\b", re.I)


def properties(text: str) -> dict[str, str]:
    """The "Label: value" block on top of `text` (labels folded), or {} when there is none or it is an email's."""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and not _LINE.match(lines[start]) and _TITLE.match(lines[start]):
        start += 1  # the page's title
        while start < len(lines) and not lines[start].strip():
            start += 1
    found, _ = _labelled(lines[start:])
    if _EMAIL_HEADERS.intersection(found) or not (len(found) >= 2 or set(found) <= set(_KEY_OF)):
        return {}  # one line is a property only when its label is one ("Works at: ..."), not "Note: she was late"
    return found


OUTCOME = "outcome_line"  # the words of a page's "Outcome:"/"Status:" line that made it a rejection


def with_properties(note: Note) -> Note:
    """The note with its properties as metadata where it has none of its own; the same note when it has none.

    Front matter in the user's own words counts the same way: `org:`, `position:`, `contact:`, `why:`, `when:`,
    `status: rejected` say what `company:`, `role:`, `name:`, `reason:`, `date:`, `type: rejection` would.
    """
    own = {" ".join(re.split(r"[-_\s]+", str(k).casefold())).strip(): v
           for k, v in (note.meta.model_extra or {}).items()}
    found: dict[str, Any] = {**own, **{k: v for k, v in properties(note.text).items() if k not in own}}
    update: dict[str, Any] = {}
    category = outcome = None
    status = found.get("status") or found.get("outcome")
    kinds = [v for k, v in found.items() if _KEY_OF.get(k) == "type"]
    if note.meta.type is None and not kinds and isinstance(status, str) and (
            tells_of_no(f"status: {status}") or _NO_VALUE.match(status)):
        update["type"] = "rejection"  # "status: rejected", "Outcome: not selected" (on a page of no other kind)
        outcome = status  # "Outcome: No - email on Friday 16th October": the day of the no (read in rejections.py)
    if kinds and folder_kind(f"{kinds[0]}/x") == "company" and not note.meta.company:
        heading = HEADING.search(note.text)
        if heading:  # "# Harbor Point Schools" / "Type: Employer": the page is the company's, by its title
            update["company"] = heading.group(1).strip()
    for label, raw in found.items():
        key = _KEY_OF.get(label)
        if key is None or key in update or (key != "type" and getattr(note.meta, key)):
            continue
        value = ", ".join(map(str, raw)) if isinstance(raw, list) else raw if isinstance(raw, dt.date) else str(raw)
        if key in {"date", "last_contact"}:
            day = value if isinstance(value, dt.date) else parse_date(value)
            if isinstance(day, dt.datetime):
                day = day.date()
            if day is not None:
                update[key] = day
            continue
        value = str(value)
        if key == "tags":
            update["tags"] = [t.strip().casefold() for t in re.split(r"[,;]", value) if t.strip()]
        elif key == "type":
            kind = value.casefold().strip()
            if note.meta.type is None and (kind in get_args(NoteType) or kind in FOLDER_TYPES):
                update["type"] = FOLDER_TYPES.get(kind, kind)
            else:
                category = value  # "Employer", "Contact": what it means is read by reading.kinds
        elif key in {"role", "company"}:
            value = _ASIDE.sub("", value).strip()  # "(started Oct 2026)"
            role, company = role_at(value)
            role, company = (role, company) if key == "role" or company else (None, value)
            if role and not note.meta.role:
                update.setdefault("role", role)
            if company and not note.meta.company:
                update.setdefault("company", company)
        else:
            update[key] = value
    if not update and category is None:
        return note
    meta = note.meta.model_copy(update=update)
    if category is not None:
        meta.__pydantic_extra__ = {**(meta.model_extra or {}), "category": category}
    if outcome is not None:
        meta.__pydantic_extra__ = {**(meta.model_extra or {}), OUTCOME: outcome}
    return note.model_copy(update={"meta": meta})


_BLOCKS = re.compile(r"\n[ \t]*\n")


def with_cards(note: Note) -> Note:
    """A list of contact cards ("Name: ... / Title: ... / Company: ... / Notes: ...", a blank line between them) as
    one line per person, the way a contacts list is read: "- Name (Title, Company) - notes"; the same note when it
    holds fewer than two cards. (One card on its own is the note's properties.)"""
    if note.text.count("\n") < 3 or not _NAME_LABEL.search(note.text):
        return note
    blocks = _BLOCKS.split(note.text)
    lines: list[str] = []
    cards = 0
    for block in blocks:
        rows = block.strip().splitlines()
        found, count = _labelled(rows)
        if count < len(rows):  # a card is labelled lines only
            found = {}
        name = next((v for k, v in found.items() if _KEY_OF.get(k) == "name"), None)
        if not name or len(found) < 2:
            lines.append(block.strip())
            continue
        cards += 1
        title = next((v for k, v in found.items() if k in {"title", "job title"} or _KEY_OF.get(k) == "role"), "")
        company = next((v for k, v in found.items() if _KEY_OF.get(k) == "company"), "")
        said = next((v for k, v in found.items() if k in {"notes", "note", "about", "comments"}), "")
        beside = ", ".join(part for part in (title, company) if part)
        lines.append(f"- {name}{f' ({beside})' if beside else ''}{f' - {said}' if said else ''}")
    if cards < 2:
        return note
    return note.model_copy(update={"text": "\n".join(lines)})
