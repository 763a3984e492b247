"""A person named again by first name and initial ("Ben H.", "Priyanka R") after their full name in the same note.

What the later words say of them (an offer to recommend, that they would have been the boss) is credited to the
person with that full name; "Priya R." is nobody's short form when the note names only "Priyanka Rao".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.casefile import Ground, PartClaim, Person
from assistant.patterns import guarded
from assistant.reading.parts import rule_part

if TYPE_CHECKING:
    from assistant.reading.rules import _NoteRead

# "Ben H.", "Ben H", "Priyanka R.," : a capitalised first name and one capital letter, maybe with a dot.
_SHORT = guarded(r"\b(?P<first>[A-Z][a-z]+)\s+(?P<initial>[A-Z])\.?(?![\w'’-])")
# Where what is said of them ends: a sentence's end (not the initial's own dot), a new bullet, heading or paragraph
# (a line wrapped inside a paragraph goes on), a new clause's subject.
_END = re.compile(r"[.!?](?=\s|$)|\n(?=[ \t]*(?:[-*•#]|\d+[.)]|\n|$))|;|\s+(?:but|and then|whereas)\s+", re.I)


def credit_initials(read: _NoteRead) -> None:
    """Give each person named in full the parts said of them under their short name later in the note."""
    credit(read.reading.people, read.note.text, read.note.source)


def credit(people: list[Person], text: str, source: str) -> None:
    """Give each of `people` the parts `text` says of them under their short name after their full name."""
    by_name = {p.name: p for p in people}
    if not by_name:  # no one named in full: no short name to look for
        return
    for match in _SHORT.finditer(text):
        full = [name for name in by_name if _short_of(name, match.group("first"), match.group("initial"))
                and -1 < text.find(name) < match.start()]
        if len(full) != 1 or text.startswith(full[0], match.start()):
            continue
        person = by_name[full[0]]
        end = _END.search(text, match.end())
        stop = end.start() if end else len(text)
        hit = rule_part(text[match.end() : stop].strip(" ,:-–—"))
        if hit is None or person.has_part(hit[0]) or hit[0] == "got-the-job":
            continue
        quote = text[match.start() : stop].strip()
        person.parts.append(PartClaim(part=hit[0], ground=Ground(source=source, quote=quote), confidence=0.9))


def _short_of(name: str, first: str, initial: str) -> bool:
    """Whether "First I." is a short form of `name` (same first name, surname starting with that letter)."""
    words = name.split()
    return len(words) >= 2 and words[0] == first and words[-1][:1] == initial
