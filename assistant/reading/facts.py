"""Facts inside a note's sentences: openings, projects, progress, articles, remarks and promises.

Each reader here takes the note's sentences (see `text.note_sentences`) and keeps the sentence as the quote.
The rules are about ideas ("a team posted a role", "I offered to send"), never a sample's exact words.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, cast

from assistant.casefile import Ground, Opening, Project, Promise, Remark
from assistant.text import find_dates

URL = re.compile(r"\bhttps?://[^\s)>\]]*[^\s)>\].,;:!?'\"]")
# A role title: up to six words that end in a word for a job ("Senior AE", "Staff Product Designer").
JOB_WORD = (
    r"(?:engineer|developer|designer|manager|mgr|nurse|lead|director|analyst|scientist|ae|sdr|bdr|"
    r"executive|specialist|consultant|architect|researcher|writer|editor|coordinator|officer|associate|"
    r"administrator|admin|technician|therapist|teacher|producer|marketer|strategist|head|vp|partner|"
    r"representative|rep|advisor|counsel|accountant|recruiter|owner|pm|tpm|ux|sre|intern|assistant|"
    r"supervisor|practitioner|physician|pharmacist|chef|agent|educator|instructor|trainer|clinician|"
    r"paramedic|midwife|surgeon|dentist|lawyer|attorney|paralegal|planner|buyer|controller|auditor)s?"
)
# A title is capitalised words before "role" ("a Clinical Nurse Educator role"), or words ending in a job word.
_TITLE = (rf"((?:[A-Z][\w/&+.-]*\s+){{0,5}}[A-Z][\w/&+.-]*(?=\s+(?:role|position|opening|job|req|seat|spot|post)s?\b)"
          rf"|(?:[\w/&+.-]+\s+){{0,5}}?{JOB_WORD})\b(?:\s+(?:role|position|opening|job|req|seat|spot|post)s?)?")
_OPENING = re.compile(
    rf"\b(?:(?:just\s+)?(?:post|open|list|advertis|put up|re-?open)(?:s|es|ed|ing|e)?\s+(?:a|an|the|another|two|new)\s+"
    rf"(?:new\s+)?|(?:hiring|recruiting)\s+(?:for\s+(?:a|an|the|two|new)?\s*|a\s+|an\s+|another\s+|two\s+)"
    rf"|(?:opening|vacancy|posting|req|job ad|listing)\s+for\s+(?:(?:a|an|the)\s+)?"
    rf"|(?:new|open)\s+(?=[\w/&+.-]+(?:\s+[\w/&+.-]+){{0,5}}?\s+(?:role|position|req|seat)s?\b))"
    rf"{_TITLE}",
    re.IGNORECASE,
)
# Words every opening sentence holds: a quick test before the slower pattern.
_OPENING_NEEDS = re.compile(r"post|open|list|advertis|put up|hiring|recruiting|vacanc|\breqs?\b|job ad", re.I)
_PROJECT = re.compile(
    r"\b(?:need(?:s|ed)? (?:help|someone|people|a hand|support) (?:with|on|to)|struggl(?:e|es|ing) (?:with|to)|"
    r"(?:is|are|was|were) (?:behind on|stuck on|short-staffed on|short on people for)|"
    r"(?:looking|hoping) for (?:help|someone|a contractor|a consultant|outside help) (?:with|on|to)|"
    r"(?:backlog|pain point|bottleneck|headache) (?:is|was|around|with)|"
    r"(?:project|plan|goal|priority|focus) (?:is|will be|for \w+ is)|"
    r"(?:is|are|will be|'s|'re) (?:rolling out|migrating|moving|switching|launching|rebuilding|overhauling|"
    r"standing up|replacing|redesigning|opening)\b)\s*(?P<what>[^.;!?\n]{8,140})",
    re.IGNORECASE,
)
_PROGRESS = re.compile(
    r"^(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?[:,]?\s+|\d{4}-\d{2}-\d{2}[:,]?\s+"
    r"|[A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?[:,]?\s+)?"
    r"(?:(?:since|after|in|on|by|over)\b[^,]{0,40},\s*)?(?:I(?:'ve| have)?|just|finally|recently)?\s*(?:also\s+)?"
    r"(?:finished|completed|passed|earned|got (?:certified|my|a|an|the)|shipped|launched|built|published|ran|led|"
    r"wrote|started|took|designed|delivered|closed|grew|cut|reduced|increased|won|presented|taught|volunteered|"
    r"joined|became|certified|learned|studied|mentored|organi[sz]ed|created|set up|migrated|automated|"
    r"re(?:built|designed|wrote|wrote|organi[sz]ed|launched)|trained|coached|achieved|gained|secured|landed|"
    r"streamlined|improved|introduced|implemented|raised|saved|exceeded|hit|qualified|attended|spoke|shadowed|"
    r"handled|managed|produced|developed|drafted|restored|sat|covered|obtained|graduated|enrolled|signed up|"
    r"got (?:promoted|accepted|licensed|registered))\b",
    re.IGNORECASE,
)
_PROMISE = re.compile(
    r"\bI(?: also)? (?:offered|promised|said I(?:'d| would)|told (?:her|him|them) I(?:'d| would)|will|'ll|owe)\b"
    r"(?:\s+to)?\s*(?P<what>[^.;!?\n]{6,140})",
    re.IGNORECASE,
)
_REMARK = re.compile(
    r"^(?:(?P<who>(?:she|he|they|[A-Z]\w+(?: [A-Z]\w+)?))\s+)(?P<verb>said|says|mentioned|told me|asked|asks|wondered|"
    r"cares(?: a lot)? about|care about|is (?:keen|passionate|excited|worried|focused) (?:on|about)|"
    r"wants|wanted|worries about|is struggling with|struggles with|offered|loves|values)\b\s*(?P<what>.+)$"
)
RemarkKind = Literal["said", "asked", "cares", "offered", "struggles"]
_REMARK_KIND = {
    "said": "said",
    "says": "said",
    "mentioned": "said",
    "told me": "said",
    "asked": "asked",
    "asks": "asked",
    "wondered": "asked",
    "offered": "offered",
    "is struggling with": "struggles",
    "struggles with": "struggles",
}
_CARES_SENTENCE = re.compile(
    r"^(?:what (?:she|he|they) cares? about|(?:she|he|they) cares? about|cares about)"
    r"\s*[:-]?\s*(?P<what>.+)$",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|you're|you'd|you'll)\b", re.IGNORECASE)


def openings_in(sentences: list[str], source: str, *, company: str | None, today: dt.date | None) -> list[Opening]:
    """Openings a sentence mentions: "they just posted a Senior AE role", "hiring a charge nurse"."""
    found: list[Opening] = []
    for sentence in sentences:
        match = _OPENING.search(sentence) if _OPENING_NEEDS.search(sentence) else None
        if match is None or re.search(r"\b(?:not|no longer|stopped|freeze|closed|filled)\b", sentence, re.I):
            continue
        title = _tidy_title(match.group(1))
        if _NOT_TITLE.search(title) or sentence[match.end(1) : match.end(1) + 1] == "-":
            continue
        if not title or any(o.title.casefold() == title.casefold() for o in found):
            continue
        urls = URL.findall(sentence)
        dates = find_dates(sentence, reference=today)
        found.append(
            Opening(
                company=company,
                title=title,
                url=urls[0] if urls else None,
                date=dates[0].day if dates else None,
                ground=Ground(source=source, quote=sentence),
            )
        )
    return found


# Words no job title holds: "posts a lot about nurse-led care" is no opening.
_NOT_TITLE = re.compile(r"\b(?:about|lot|of|on|with|to|in|from|my|his|her|their|our|your|who|that|is|are)\b", re.I)


def _tidy_title(title: str) -> str:
    words = title.split()
    while words and words[0].casefold() in {"a", "an", "the", "new", "for", "another", "open", "two"}:
        words = words[1:]
    return " ".join(words).strip(" ,.")


def projects_in(sentences: list[str], source: str, *, company: str | None, person: str | None) -> list[Project]:
    """Work a team needs help with, as a noun phrase."""
    found = []
    for sentence in sentences:
        if sentence.lstrip().lower().startswith("i "):
            continue
        for match in _PROJECT.finditer(sentence):
            what = re.split(r",? (?:and|but|which|so|while) |[:;–—]| - ", match.group("what"))[0].strip(" ,:")
            if len(what) >= 8:
                found.append(
                    Project(company=company, person=person, what=what, ground=Ground(source=source, quote=sentence))
                )
    return found


def progress_sentences(sentences: list[str]) -> list[str]:
    """The sentences in which the user says what they did (I finished, I shipped, passed the exam ...)."""
    return [s for s in sentences if _PROGRESS.match(s)]


def promises_in(sentences: list[str], source: str, *, to: str | None) -> list[Promise]:
    """What the user said they would do for someone."""
    found = []
    for sentence in sentences:
        match = _PROMISE.search(sentence)
        if match and not re.search(r"\b(?:reapply|apply again|try again)\b", sentence, re.I):
            found.append(
                Promise(to=to, what=match.group("what").strip(" ,"), ground=Ground(source=source, quote=sentence))
            )
    return found


def remarks_in(sentences: list[str], source: str, *, person: str | None) -> list[Remark]:
    """What a person said, asked or cares about, as a neutral clause; second-person text is never copied."""
    if not person:
        return []
    first = person.split()[0]
    found = []
    for sentence in sentences:
        cares = _CARES_SENTENCE.match(sentence)
        match = _REMARK.match(sentence)
        if cares:
            kind, what = "cares", "cares about " + cares.group("what")
        elif match and match.group("who") in {"she", "he", "they", "She", "He", "They", first, person}:
            verb = match.group("verb")
            kind = _REMARK_KIND.get(verb, "cares")
            what = f"{verb} {match.group('what')}"
        else:
            continue
        what = what.strip().rstrip(".")
        if _SECOND_PERSON.search(what) or len(what) < 12:
            continue
        found.append(Remark(kind=cast(RemarkKind, kind), text=what, ground=Ground(source=source, quote=sentence)))
    return found
