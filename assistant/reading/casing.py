"""Notes typed all in lower case ("got the no from lumen today. hm was jordan blake"): names the note's own place says.

Names are found by their capitals, so a note without any reads as nobody and no company. What such a note still
tells is where it lives: a folder named like a company ("lumen/") names the company, and a file named like a first
name ("lumen/jordan.txt") names the person its first line is about. Those words are given their capitals wherever
the note writes them (a first name with the surname after it, "jordan blake"), and the note is read as usual.
Everything else stays as written; what cannot be told from place is said by `second-chance notes` as before.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from assistant.notes import Note
from assistant.reading.context import could_be_company
from assistant.reading.kinds import folder_kind
from assistant.text import content_words

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TWO_CAPITALISED = re.compile(r"\b[A-Z][a-z]+[ \t]+[A-Z][a-z]+\b")
_LOWER_SHARE = 0.02  # at most this share of words start with a capital ("I" aside): the note is in lower case


def lower_case(text: str) -> bool:
    """Whether `text` is written without capitals (a few words of it at least)."""
    if _TWO_CAPITALISED.search(text):
        return False  # a name or a title written with capitals: quick to see, and most notes have one
    words = [w for w in _WORD.findall(text) if w != "I"]
    return len(words) >= 5 and sum(1 for w in words if w[0].isupper()) <= _LOWER_SHARE * len(words)


def recased(note: Note) -> Note:
    """`note` with the company its folder names and the person its file names capitalised; the same note when it
    is not in lower case or its place names nobody."""
    if not lower_case(note.text):
        return note
    text = note.text
    path = PurePosixPath(note.source)
    for folder in path.parts[:-1]:
        if could_be_company(folder) and folder_kind(f"{folder}/x") is None:
            for word in re.split(r"[-_ .]+", folder):
                if len(word) > 2 and word.isalpha():
                    text = re.sub(rf"(?<![\w@./-]){re.escape(word.casefold())}(?![\w-])", word.capitalize(), text)
    stem = path.stem
    if stem.isalpha() and len(stem) > 2 and stem.casefold() not in _EVERYDAY and folder_kind(f"{stem}/x") is None:
        # "jordan.txt" whose text says "jordan blake - design director": Jordan Blake
        text = re.sub(rf"(?<![\w@./-]){re.escape(stem.casefold())}(?:\s+([a-z][a-z'’-]+))?(?![\w-])",
                      lambda m: stem.capitalize() + (f" {_surname(m.group(1))}" if m.group(1) else ""), text)
    return note if text == note.text else note.model_copy(update={"text": text})


def _surname(word: str) -> str:
    """The word after a first name: a surname unless it is an everyday word ("jordan said")."""
    if word in _EVERYDAY or not content_words(word) or re.search(r"(?:ed|ing)$", word):
        return word  # "acme launched ...", "jordan thinks ...": a verb, no surname
    return word.capitalize()


# Words that follow a first name without being a surname, and file names that name a kind of note, not a person.
_EVERYDAY = frozenset("""
said says told asked wants wanted was is will would could should has had and or but from at of in on to the a an
who which that thinks thought mentioned offered emailed called notes note call meeting chat interview rejection
update news feedback followup follow up todo stuff misc draft drafts since got hired thinks works runs leads
manages likes knows seems sounds looks
""".split())  # noqa: SIM905
