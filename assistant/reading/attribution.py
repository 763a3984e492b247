"""Whom each clause of a note is about: the people a note describes, given the clauses that name them and those
that go on about them (to the end of a bullet or a line led by their name, a next sentence that opens with "she").

Split from `meetings.py`, which finds the people and reads their parts from what this module gives each of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from assistant.patterns import guarded
from assistant.text import first_name


class Described(Protocol):
    """Someone a note describes: the clauses about them, and those of them that name them."""

    clauses: list[str]
    named: list[str]


# A clause that goes on about the person just named: "said he'd ...", "would've been my boss", "really liked her".
GOES_ON = re.compile(
    r"^(?:and\s+)?(?:she|he|they|who|said|says|offered|offers|would|wd|wld|wud|should|shd|will|could|can|might|wants|"
    r"cares|asked|kept|"
    r"really|genuinely|v\.?|very|super|seems|seemed|is|was|liked|loved|mentioned|told|promised|runs|leads|manages|"
    r"owns|reports|works|'d|’d|prob|probably|maybe|def|definitely)\b",
    re.I,
)
_OTHER_SUBJECT = guarded(r"\b(?:she|he|they|her|his|their)\b", re.I)
# A name after these words is the object of someone else's clause ("offered to mention me to Jane").
_AS_OBJECT = guarded(
    r"\b(?:to|with|w/|for|about|from|cc|ask|asked|tell|told|ping|email|introduce|introduced)\s+$", re.I)
_CLAUSE_END = guarded(r"[;,:]|(?<= )[-–—](?= )")
_NEW_SUBJECT_WORDS = ("and", "but")  # ... and a quick test for them before the pattern
_NEW_SUBJECT = guarded(rf"\s+(?:{'|'.join(_NEW_SUBJECT_WORDS)})\s+(?=(?:I|we|she|he)\b)")
_PRONOUN_START = re.compile(r"^(?:(?:and|also|but|plus)\s+)?(?:she|he|her|his|him|we)\b", re.I)
# A sentence with its subject left out that only the other person does: "Offered to put in a word." goes on
# about whoever the sentence before was about ("Asked about the timeline" may be the user: never read so).
_THEIR_ACT = re.compile(r"^(?:offered|promised) to\b", re.I)
SHE_OR_HE = re.compile(r"\b(?:she|he|her|him|hers|his)\b", re.I)
_CAPITALISED = re.compile(r"[A-Z][\w'’-]+")
_OWNERS = re.compile(r"['’]s$")


# A line that opens with a name and a dash or colon describes that person to its end, like a bullet does:
# "Ruth Okafor - head of planning. Ran the panel. Really warm." (a list of people, one line each).
_NAME_LEADS = re.compile(r"^[\s*_]*(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})[\s*_]*(?:[:=–—]|\s-\s|\s\()")


def led_by(line: str, found: Mapping[str, Described]) -> bool:
    """Whether `line` opens with the name of someone the note describes, then a dash, a colon or brackets."""
    led = _NAME_LEADS.match(line)
    return led is not None and (led.group("name") in found or any(first_name(n) == led.group("name") for n in found))


def attribute(lines: list[tuple[list[str], bool]], found: Mapping[str, Described], subject: str | None) -> None:
    """Give each person the clauses about them: those naming them, what goes on after (to the end of a bullet),
    and a next sentence that opens with "she", "he" or "we"."""
    by_first: dict[str, list[str]] = {}
    for name in [*found, *([subject] if subject else [])]:
        by_first.setdefault(first_name(name), []).append(name)
    previous: str | None = None
    carried: str | None = None  # whom the last bullet was about, for a next bullet that names no one
    quoted: str | None = None  # whose reply is quoted across sentences, until its quote closes
    for sentences, bullet in lines:
        follows = bool(bullet and carried and sentences and _speaks_of_someone_unnamed(sentences[0], by_first))
        if follows:
            previous = carried  # "- w/ Jane Roe (Head of Ops)" then "- really liked her": Jane's
        for i, sentence in enumerate(sentences):
            if quoted is not None:  # 'She replied: "Thanks for the note. It was close. I'd love to see you again."'
                found[quoted].clauses.append(sentence)
                quoted = None if _closes_quote(sentence) else quoted
                continue
            previous = _attribute_sentence(sentence, found, by_first, previous,
                                           goes_on=bullet and (i > 0 or follows), loose=subject is None)
            quoted = previous if previous in found and _opens_quote(sentence) else None
        if bullet:
            carried, previous = previous, None  # the next bullet is about whoever it names


def _opens_quote(sentence: str) -> bool:
    """Whether `sentence` opens a quotation it does not close."""
    return sentence.count('"') % 2 == 1 or sentence.count("“") > sentence.count("”")


def _closes_quote(sentence: str) -> bool:
    return sentence.count('"') % 2 == 1 or "”" in sentence


def _speaks_of_someone_unnamed(sentence: str, by_first: dict[str, list[str]]) -> bool:
    """Whether a bullet names no one the note describes and speaks of someone ("really liked her")."""
    return not any(map(sentence.__contains__, by_first)) and SHE_OR_HE.search(sentence) is not None


def _attribute_sentence(
    sentence: str, found: Mapping[str, Described], by_first: dict[str, list[str]], previous: str | None, *,
    goes_on: bool, loose: bool = False,
) -> str | None:
    """Attribute one sentence's clauses; return whom the sentence was about (for a next "she ..." sentence).

    `loose`: the note is about no one person, so a sentence with its subject left out ("Offered to put in a word.")
    or one that speaks of "her" goes on about whoever the sentence before was about (in a note about someone, such a
    sentence is read as about them)."""
    current: str | None = None
    owner_early = False
    # A next sentence that opens with "she"/"he", or a short fragment with no subject ("probably the hire."), goes on.
    fragment = (previous is not None and sentence[:1].islower() and len(sentence.split()) <= 6
                and not any(map(sentence.__contains__, found)))  # (read only where a sentence before names someone)
    continues = previous is not None and (goes_on or _PRONOUN_START.match(sentence) is not None or fragment or (
        loose and (_THEIR_ACT.match(sentence) is not None or _speaks_of_someone_unnamed(sentence, by_first))))
    if not continues and not any(map(sentence.__contains__, by_first)):
        return None  # names no one the note describes: nothing to attribute (most sentences of most notes)
    pieces = clauses(sentence)
    for clause in pieces:
        words = _CAPITALISED.findall(clause)
        named = [n for n in found if n in clause] or [
            by_first[w][0] for w in words if len(by_first.get(w, [])) == 1] or [  # "Ruth's feedback": Ruth's, when
            by_first[w][0] for w in (_OWNERS.sub("", c) for c in words)  # no one else is named ("Luis said he'd
            if len(by_first.get(w, [])) == 1]  # pass my CV to Gemma's director": Luis's)
        named = list(dict.fromkeys(named))
        if named and named[0] not in found:  # the note's own subject ("Lena and I ..."): read by its own rules
            current = None
            break
        if len(named) == 1 and current is not None and current != named[0] and _AS_OBJECT.search(
                clause[: clause.find(first_name(named[0]))]):
            found[current].clauses.append(clause)  # "met John Doe, ... offered to mention me to Jane": John's words
        elif len(named) == 1:
            current = named[0]
            owner_early = owner_early or sentence.find(clause) < 25
            if not _OTHER_SUBJECT.search(clause[: clause.find(first_name(current))]):
                found[current].clauses.append(clause)  # "she offered to walk my CV to Sam": Sam's part it is not
                found[current].named.append(clause)
        elif named:
            current = None  # two people in one clause: whose part it says is unclear
        elif current is not None and (owner_early or GOES_ON.match(clause)):
            found[current].clauses.append(clause)
        elif current is None and previous is not None and clause is pieces[0] and (
                goes_on or _PRONOUN_START.match(clause) or fragment
                or (loose and (_THEIR_ACT.match(clause) or SHE_OR_HE.search(clause)))):
            current, owner_early = previous, True  # "She would have been my boss, and I liked her a lot."
            found[current].clauses.append(clause)
    return current if current is not None else (previous if _PRONOUN_START.match(sentence) else None)


def clauses(sentence: str) -> list[str]:
    """A sentence's clauses: split at ; , : and dashes, never inside parentheses."""
    if "(" not in sentence:
        return _split_and([p for p in _CLAUSE_END.split(sentence)])
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(sentence):
        depth += char == "("
        depth -= char == ")" and depth > 0
        if depth == 0 and (char in ";,:" or (char in "-–—" and sentence[i - 1 : i] == " " and
                                              sentence[i + 1 : i + 2] == " ")):
            pieces.append(sentence[start:i])
            start = i + 1
    pieces.append(sentence[start:])
    return _split_and(pieces)


def _split_and(pieces: list[str]) -> list[str]:
    """Split at "and"/"but" before a new subject ("to him and we had a great connection"); drop empty pieces."""
    pieces = [q for p in pieces
              for q in (_NEW_SUBJECT.split(p) if any(map(p.__contains__, _NEW_SUBJECT_WORDS)) else [p])]
    return [p.strip() for p in pieces if len(p.strip()) > 1]
