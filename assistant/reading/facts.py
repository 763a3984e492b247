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
    r"paramedic|midwife|surgeon|dentist|lawyer|attorney|paralegal|planner|buyer|controller|auditor|cook|baker|"
    r"driver|mechanic|electrician|plumber|carpenter|welder|operator|clerk|cashier|porter|server|barista|"
    r"hygienist|dispatcher|foreman|librarian|curator|archivist|translator|interpreter|surveyor)s?"
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
    r"\b(?:(?:team|they|we|group|shop|department) (?:also |still |really |badly |urgently )?(?:needs?|wants?) "
    r"(?:(?:help|someone|people|a hand|support) (?:(?:with|on|to) |(?=\w+ing\b)))?|"
    r"need(?:s|ed)? (?:help|someone|people|a hand|support) (?:(?:with|on|to)|(?=\w+ing\b))|"
    r"struggl(?:e|es|ing) (?:with|to)|"
    r"(?:is|are|was|were) (?:behind on|stuck on|short-staffed on|short on people for)|"
    r"(?:looking|hoping) for (?:help|someone|a contractor|a consultant|outside help) (?:with|on|to)|"
    r"(?:backlog|pain point|bottleneck|headache) (?:is|was|around|with)|"
    r"(?:project|plan|goal|priority|focus) (?:is|will be|for \w+ is)|"
    r"(?:is|are|will be|'s|'re) (?:rolling out|migrating|moving|switching|launching|rebuilding|overhauling|"
    r"standing up|replacing|redesigning|opening)\b)\s*(?P<what>[^.;!?\n]{8,140})",
    re.IGNORECASE,
)
# The wording that makes a project a need for hands, not just work under way ("X's first project is ...").
_NEED = re.compile(r"\b(?:needs?|needed|wants?|looking for|hoping for|short(?:-staffed)? on|struggl\w+|behind on|"
                   r"stuck on)\b", re.IGNORECASE)
# "the team needs that for X", "they need someone w/ ...": a pronoun or a person is not a project.
_PRONOUN = re.compile(r"(?:that|this|it|them|these|those|more|me|us|you|someone|somebody|people)\b", re.IGNORECASE)
_PROGRESS = re.compile(
    r"^(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?[:,]?\s+|\d{4}-\d{2}-\d{2}[:,]?\s+"
    r"|[A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?[:,]?\s+)?"
    r"(?:(?:since|after|in|on|by|over)\b[^,]{0,40}?(?:,\s*|\s+(?=I\b)))?(?:I(?:'ve| have)?|just|finally|recently)?\s*"
    r"(?:also\s+)?"
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
# "She asked ...", and in a bullet under the person's name, with no subject: "- kept asking how I'd ...".
_REMARK = re.compile(
    r"^(?:(?P<who>(?:she|he|they|She|He|They|[A-Z]\w+(?: [A-Z]\w+)?))\s+)?(?i:(?:kept(?: on)?|keeps|was|is)\s+)?"
    r"(?i:(?P<verb>said|says|mentioned|told me|asked|asks|asking|wondered|wondering|"
    r"cares(?: a lot)? (?:about|abt)|care (?:about|abt)|is (?:keen|passionate|excited|worried|focused) (?:on|about)|"
    r"wants|wanted|worries|worried|worrying|is struggling with|struggles with|struggling with|offered|loves|"
    r"values))\b[\s:]*(?P<what>.+)$"
)
# The plain form of a verb as a remark says it: "kept asking how ..." is "asked how ...".
_VERB_FORM = {"asking": "asked", "wondering": "wondered", "worried": "worries", "worrying": "worries",
              "struggling with": "struggles with"}
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
    "struggling with": "struggles",
    "asking": "asked",
    "wondering": "asked",
}
_CARES_SENTENCE = re.compile(
    r"^(?:what (?:she|he|they) cares? (?:about|abt)|(?:she|he|they) cares? (?:about|abt)|cares (?:about|abt))"
    r"\s*[:-]?\s*(?P<what>.+)$",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(r"\b(?:you're|you'd|you'll|yours|your|you)\b", re.IGNORECASE)
_ANYONE = {"you": "one", "your": "one's", "yours": "one's", "you're": "one is", "you'd": "one would",
           "you'll": "one will"}


def openings_in(sentences: list[str], source: str, *, company: str | None, today: dt.date | None) -> list[Opening]:
    """Openings a sentence mentions: "they just posted a Senior AE role", "hiring a charge nurse"."""
    found: list[Opening] = []
    for sentence in sentences:
        match = _OPENING.search(sentence) if _OPENING_NEEDS.search(sentence) else None
        board = (_BOARD.match(sentence) or _LISTED.match(sentence)) if match is None else None
        if (match is None and board is None) or re.search(
                r"\b(?:not|no longer|stopped|freeze|closed|filled)\b", sentence, re.I):
            continue
        if board is not None:  # a listed title ends in a job word; one after "careers page:" need not
            title = board.group("title").strip()
            if (board.re is _LISTED and not _JOB_END.search(title)) or _NOT_TITLE.search(title):
                continue
        else:
            assert match is not None
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
_NOT_TITLE = re.compile(r"\b(?:about|lot|of|on|with|to|in|from|my|his|her|their|our|your|who|that|is|are|future|"
                        r"further|other|any|more|some|all)\b", re.I)
# A job board line in a company note: "careers page: Junior Sous Chef, posted Apr 2", "Line Cook listed 3/4".
_CAPS_TITLE = r"(?P<title>[A-Z][\w/&+.-]*(?:\s+(?:&\s+)?[A-Z][\w/&+.-]*){0,5})"
_BOARD = re.compile(
    r"^[^:]{0,40}\b(?:careers?|jobs?|job board|posting|posted|listing|opening|vacanc\w*|linkedin|indeed|site|"
    r"page|board|ad)\b[^:]{0,20}[:–-]\s*" + _CAPS_TITLE + r"\b")
_LISTED = re.compile(r"^" + _CAPS_TITLE + r",?\s+(?:role\s+|position\s+|job\s+)?(?:was\s+|is\s+|got\s+)?"
                     r"(?:posted|listed|advertised|re-?opened|went up)\b")
_JOB_END = re.compile(rf"{JOB_WORD}$|\b(?:role|position)$", re.I)


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
        at = 0
        while (match := _PROJECT.search(sentence, at)) is not None:
            # The first clause only; the rest is read again ("... menus, and the team also needs someone to X").
            what = re.split(r",? (?:and|but|which|so|while) |[:;–—]| - |,\s+(?:a|an|one|something)\s+"
                            r"(?:project|job|task|thing)\b", match.group("what"))[0].strip(" ,:")
            at = match.start("what") + max(len(what), 1)
            if len(what) >= 8 and not _PRONOUN.match(what):
                need = _NEED.search(sentence[match.start():match.start("what")]) is not None
                found.append(Project(company=company, person=person, what=what, need=need,
                                     ground=Ground(source=source, quote=sentence)))
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
        elif match and match.group("who") in {None, "she", "he", "they", "She", "He", "They", first, person}:
            verb = match.group("verb").casefold()
            kind = _REMARK_KIND.get(verb, "cares")
            what = f"{_VERB_FORM.get(verb, verb)} {match.group('what')}".replace("cares abt", "cares about")
        else:
            continue
        # A general "you" ("she said your docs are your product") is kept, said of anyone, never of the reader.
        what = _SECOND_PERSON.sub(lambda m: _ANYONE[m.group(0).casefold()], what.strip().rstrip("."))
        if len(what) < 12:
            continue
        found.append(Remark(kind=cast(RemarkKind, kind), text=what, ground=Ground(source=source, quote=sentence)))
    return found
