"""A rejection as a note tells it: which company, when, for which role, the reason they gave and the gap."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from assistant.casefile import Ground, Rejection
from assistant.reading.chats import encourages
from assistant.reading.facts import JOB_WORD
from assistant.reading.kinds import ENTRY, REJECTION_CUE, named_day, tells_of_no
from assistant.reading.properties import OUTCOME
from assistant.reading.who import ORG_WORD, has_job_title, looks_like_name
from assistant.shorthand import expand_for_reading
from assistant.text import (
    COUNTS,
    EMAIL_HEADER,
    HEADING,
    MONTH_WORDS,
    anchored,
    days_ago,
    days_later,
    find_dates,
    note_sentences,
)

if TYPE_CHECKING:
    from assistant.reading.rules import _NoteRead

# "Rejection from Fjord Games, ...", "interviewed at Lumen Robotics": a capitalised name after the cue.
COMPANY_CUE = re.compile(
    r"(?i:\b(?:rejection|rejected|turned down|no|interview(?:ed|s)?|onsite|offer|loop|applied|"
    r"application|debrief|round|panel|screen|call|visit)\s+(?:from|at|with|to|for)|\b(?:rejected|turned down) by)"
    r"\s+([A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*)*)"
)
_AT_PLACE = re.compile(r"\b(?i:at|from|with)\s+(?:[Tt]he\s+)?([A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*)*)")
# "call from Anya (talent partner @ Kestrel Freight)": someone, and in their brackets where they work.
_SOMEONE_AT = re.compile(r"\b([A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)[ \t]*\([^()\n]{0,50}?(?:\s@\s*|\s(?i:at)\s+)"
                         r"([A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*){0,3})\s*\)")
# A name of capitalised words, joined by "of"/"for"/"and"/"the" or "&" ("University of Leeds", "Bank of Kent").
_ORG_NAMED = re.compile(r"\b[A-Z][\w&'’.-]*(?:[ \t]+(?:(?:of|for|and|the|&)[ \t]+)?[A-Z][\w&'’.-]*){1,4}")
_MONTH_WORD = re.compile(r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|HR\b)")
_DEPT_AFTER = re.compile(r"(?:\s+(?:HR|TA|Office|Team|Recruiting|Talent|Careers|People|Hiring))+$|^(?:HR|TA)$")
# The one a sentence starts with: "Ridgeback Energy said no", "Halden Water turned me down on 9 Oct".
_SUBJECT = re.compile(r"^(?:[Tt]he\s+)?([A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*){0,3})\s+(?:has\s+|have\s+|"
                      r"just\s+|finally\s+)?[a-z]")
# ... or in the middle of one: "It's been three weeks since Verdant Grid said no (Nov 6)".
_SAID_NO_BY = re.compile(r"\b([A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*){0,3})\s+(?:has\s+|have\s+|just\s+|"
                         r"finally\s+)?(?:said no|turned me down|rejected me|passed on me)\b")
# "stronger quantitative skills" names the gap "quantitative skills".
_MORE = re.compile(r"^(?:(?:a |an )?(?:stronger|more|deeper|better|broader|wider|solid|some|real)\s+)+", re.I)
_ROLE = re.compile(
    r"\b(?:for|as|on|in|to|about|regarding)\s+(?:the|a|an|your|our)\s+((?:[A-Z][\w/&+.-]*\s+){0,6}?(?:[A-Z][\w/&+.-]*))\s+"
    r"(?:role|position|job|opening|seat|spot|post|vacancy|req|requisition)\b"
)
# "for the claims analyst job", "didn't get the ops planning analyst job"
_ROLE_LOWER = re.compile(rf"\b(?:for|as|get|got|land|landed)\s+(?:the|a|an|your|our)\s+"
                         rf"((?:[a-z][\w/&+.-]*\s+){{0,4}}(?:{JOB_WORD}))\s+"
                         r"(?:role|position|job|opening|post|vacancy)\b")
_VIA = re.compile(r"\bvia\s+([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,2})")  # "(via Hays)": the agency
# "Main gap: ...", "weak spot - budgets", "the deciding factor was X": the gap as the note labels it.
_GAP_LABEL = re.compile(r"\b(?:(?:main|biggest|the|key|one|real)\s+)?(?:gap|weak(?:ness|\s+spot)|what I lacked|missing|"
                        r"(?:deciding|decisive|key|main) factor(?:\s+was)?)"
                        r"\s*(?::|=|\s[-–—]\s|(?<=was)\s)\s*(?P<gap>\S.*)", re.I)
# A title's first word that no name starts with: "Senior Mechanical Engineer" is a role, "Marco Ferri ..." is not.
_RANK = re.compile(r"(?i:senior|junior|lead|staff|principal|head|chief|associate|assistant|deputy|sr|jr|"
                   r"graduate|trainee|mid|entry)\b")
# "Rejection from Fjord Games, Senior Mobile Developer, on ...": a capitalised title that ends in a job word.
_TITLE_PHRASE = re.compile(rf"\b((?:[A-Z][\w/&+.-]*\s+){{1,4}}(?i:{JOB_WORD}))\b")
_STRONG_REASON = re.compile(
    r"\b(?:feedback|fdbk|reason|because|lack|lacked|lacking|wanted|needed|not enough|more experience|concern|gap|"
    r"deciding factor)\b",
    re.I)
_REASON_CUE = re.compile(
    r"\b(?:more|stronger|deeper|lack|because|but|however|feedback|reason|(?-i:said)(?!\s+no\b)|lacked|lacking|needed|wanted|"
    r"looking for (?:more|someone)|went with|gone with|chose|picked|hired|appointed|more experience|not enough|concern|"
    # "whose experience ...", never "a guy whose name I didn't catch"
    r"whose (?:[\w-]+ ){0,2}(?:experience|background|skills?|track record|expertise|profile|knowledge))\b",
    re.I,
)
_GAP_CUE = re.compile(r"\b(?:but|because|however|lacked|lack|lacking|without|needed|needs?|wanted|wants?|more|"
                      r"not enough|looking for)\b|"
                      # "Reason - no hands on Salesforce admin exp.": what the user had none of
                      r"\bno(?=\s+(?:[\w-]+\s+){0,5}?(?:experience|exp|background|knowledge|skills?|exposure|"
                      r"track record)\b)", re.I)


# "I not get the job (Finance Systems Analyst)": the title in brackets after the job.
_ROLE_BRACKETS = re.compile(r"\b(?:the|a|an|my|this|that)\s+(?:job|role|position|post|opening|vacancy)\s*"
                            r"\(([^()\n]{3,60})\)")


def _role_in(text: str) -> re.Match[str] | None:
    bracketed = _ROLE_BRACKETS.search(text)
    return _applied(_ROLE, text) or _applied(_ROLE_LOWER, text) or (
        bracketed if bracketed and has_job_title(bracketed.group(1)) else None)


# A role to go for later is not the one turned down: "wants me to apply for the Managing Editor role when it opens".
_LATER = re.compile(r"\b(?:(?:to|will|'ll|should|could|might|can)\s+(?:re-?)?apply|re-?apply|keep an eye out|look out|"
                    r"go for)\s+(?:again\s+)?$", re.I)  # never "Thank you for applying for the X position"


def _applied(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return next((m for m in pattern.finditer(text) if not _LATER.search(text, 0, m.start())), None)


def role_applied_for(text: str) -> str | None:
    """The role a note says was applied for ("for the Assistant Principal position", "the claims manager job")."""
    found = _role_in(text)
    return found.group(1).strip() if found else None


def read_rejection(self: _NoteRead) -> Rejection:
    """The rejection a note tells of: company, date, role, the reason given and the gap it names."""
    meta, text = self.meta, self.note.text
    company, company_from = (meta.company or (meta.name if meta.type == "rejection" else None) or "").strip(), None
    if not company:
        named = {m.group(1).strip(".'’") for m in COMPANY_CUE.finditer(text)}

        def someone(name: str) -> bool:
            # "call with Ana Lima": she is no company when the note's folder or email says which one it is, and
            # "from Tom Reilly in HR" is someone in a department whatever the note says.
            return looks_like_name(name) and not ORG_WORD.search(name) and bool(
                self.reading.about_company or re.search(
                    rf"\b{re.escape(name)}\s+(?:in|from|at|of)\s+(?:the\s+)?(?:HR|TA|talent|recruiting|recruitment|people)\b",
                    text, re.I))

        bracketed = {m.group(1): m.group(2) for m in _SOMEONE_AT.finditer(text)}
        people = {c for c in named if someone(c)} | {p.name for p in self.reading.people} | set(bracketed)
        # Where someone in the note works, other than the note's company, is theirs: "Gemma Shaw at Hays" is the
        # agency, and so is a company the note came "via".
        elsewhere = {p.company for p in self.reading.people if p.company and p.company != self.reading.about_company}
        elsewhere |= {m.group(1) for m in _VIA.finditer(text)}
        cues = named - people - elsewhere or set(bracketed.values()) - people - elsewhere
        if not cues:  # "Trial day at Pinewood Garage, 14 May", "copied from the Pinewood Garage office"
            opening = "\n".join(self.sentences[:2])  # a company's words stay in their own sentence
            cues = {place for m in _AT_PLACE.finditer(opening) if not _MONTH_WORD.match(m.group(1))
                    and (place := _DEPT_AFTER.sub("", m.group(1).strip(".'’"))) and not someone(m.group(1))} - people
        if not cues:  # "Ridgeback Energy said no on 3 Nov": the company is who said no (a person's name is not)
            cues = {m.group(1) for s in self.sentences[:3] if tells_of_no(s) for m in (_SUBJECT.match(s),
                                                                                      _SAID_NO_BY.search(s))
                    if m and (ORG_WORD.search(m.group(1)) or (" " in m.group(1) and not looks_like_name(m.group(1))))}
        if not cues and not self.reading.about_company:  # "Postdoc application, University of Leeds (School of ...)":
            top = self.sentences[0] if self.sentences else ""  # an organisation's name on top, not in brackets
            cues = {m.group(0) for m in _ORG_NAMED.finditer(top) if ORG_WORD.search(m.group(0))
                    and not someone(m.group(0)) and top.count("(", 0, m.start()) == top.count(")", 0, m.start())}
        cues -= elsewhere
        if len(cues) == 1:
            company = cues.pop()
            company_from = f'its text says "{company}"'
        elif not cues and elsewhere and self.reading.about_company:  # the agency aside, the note's own company
            company = self.reading.about_company
            company_from = f"the note is about {company}"
    date, date_ground = (
        (meta.date, self.ground(f"date: {meta.date}")) if isinstance(meta.date, dt.date) else (None, None)
    )
    outcome = (meta.model_extra or {}).get(OUTCOME)
    said = find_dates(outcome, reference=self.reference) if isinstance(outcome, str) else []
    if said:  # "Date of final: 5 Oct", "Outcome: No - email on 16th October": the no came on the 16th
        date, date_ground = said[0].day, self.ground(said[0].words)
    if (meta.model_extra or {}).get(ENTRY):  # a journal's entry is dated by its day, unless it dates the no itself
        told, told_ground = _rejection_day(self, cued_only=True)
        date, date_ground = (told, told_ground) if told else (date, date_ground)
    if date is None:
        date, date_ground = _rejection_day(self)
    role = meta.role
    if not role:
        # "the Assistant Principal position" is a role, whatever its words look like; "the claims analytics manager
        # job" is one when it ends in a job's word
        found = _role_in(text)
        heading = HEADING.search(text)  # "## Fernleaf Robotics – Senior Mechanical Engineer"
        titled = None if found else (heading and _title_phrase(heading.group(1))) or _title_phrase(
            " ".join(self.sentences[:2]))
        hit = found or titled
        role = hit.group(1).strip() if hit else None
        if titled and role and len(role.split()) > 2 and looks_like_name(" ".join(role.split()[:2])) \
                and not _RANK.match(role):
            role = None  # "Marco Ferri / Engineering Manager at ...": a name and a title, not the role applied for
        role = role or self.titled_role  # "Orbit Labs, data analyst role" on top
    reason, reason_ground = _reason(self)
    gap = None
    labelled = next((m for s in self.sentences if (m := _GAP_LABEL.search(s))), None)
    if labelled:  # "Main gap: no hands-on experience with harmonic drives": the user named it
        gap = re.split(r"\s*(?:[;.!?]|\s[–—-]\s)", labelled.group("gap"), maxsplit=1)[0].strip(" ,.'\"“”") or None
    elif reason:
        cue = _GAP_CUE.search(reason)
        narrowed = _NARROWED.search(reason)  # "... better matches the role, especially around X"
        gap = comparison_gap(reason) or (_MORE.sub("", reason[cue.end() :].strip(" ,.")) if cue else None) or (
            narrowed.group("gap").strip(" ,.") if narrowed else None)
    gap = need_phrase(re.split(r"\s*[;|]\s*|\s[–—-]\s", gap)[0]) if gap else gap  # "X; HM was Carla": X
    if not gap:  # the gap said as what the other candidate had, in a sentence other than the reason's
        for sentence in self.sentences:
            gap = None if sentence.lower().startswith(("i ", "i'm", "my ")) else comparison_gap(sentence)
            if gap:
                gap = need_phrase(gap)
                reason, reason_ground = reason or sentence, reason_ground or self.ground(sentence)
                break
    wait = stated_wait(self.sentences)
    return Rejection(
        wait_months=wait[0] if wait else None,
        wait_ground=self.ground(wait[1]) if wait else None,
        company=company,
        date=date,
        date_ground=date_ground,
        role=role,
        reason=reason,
        reason_ground=reason_ground,
        gap=gap or None,
        source=self.note.source,
        company_from=company_from,
    )

# The gap said as what the user has not done or lacks: "I haven't led X", "I never ran X", "I lacked X", "no X".
_NOT_DONE = re.compile(
    # ... or "she lacked X" in notes kept about the user by someone else (a coach's session notes)
    r"^(?:that\s+)?(?:I|I've|I'd|she|he|she'd|he'd)\s+(?:(?:have|had|do|did|does)\s*(?:not|n't)|haven't|hadn't|"
    r"hasn't|don't|didn't|doesn't|"
    r"(?:have\s+|had\s+)?never|lack(?:ed)?)\s+(?:(?:yet|really|ever|actually|personally)\s+)?(?P<rest>.+)$"
    r"|^(?:no|not enough|little|limited)\s+(?P<bare>.+)$",
    re.I,
)
_WANTED = re.compile(
    r"^(?:(?:they|the team|the panel|the company|she|he)\s+(?:really\s+)?(?:wanted|wants?|needed|needs?|"
    r"were looking for|are looking for|is looking for|"
    r"was looking for|looked for|preferred)\s+)?(?:someone with\s+)?(?:(?:a |an )?(?:more|stronger|deeper|better|"
    r"broader|real)\s+)*(?:(?:evidence|proof|examples?|track record)\s+(?:of|in|with)\s+)?",
    re.I,
)
_ENOUGH = re.compile(r"^(?:enough|much|any|a lot of|real|the)\s+", re.I)
_HAVING = frozenset({"have", "had", "got", "gotten", "have had"})
_GERUNDS = {"led": "leading", "lead": "leading", "run": "running", "ran": "running", "done": "doing", "did": "doing",
            "do": "doing", "built": "building", "build": "building", "made": "making", "make": "making",
            "taught": "teaching", "written": "writing", "wrote": "writing", "get": "getting", "set": "setting",
            "held": "holding", "owned": "owning", "been": "being", "seen": "seeing", "spent": "spending",
            "sold": "selling", "grown": "growing"}


_SOMEONE_WHO = re.compile(r"^(?:someone|somebody|a person|a candidate|an applicant)\s+(?:who|that)(?:['’]d|\s+"
                          r"(?:(?:would|could|can|has|had|have)(?:\s+already)?|already))?\s+(?P<verb>[a-z]+)\s+"
                          r"(?P<rest>.+)$", re.I)
_BEING = frozenset({"was", "is", "are", "were", "be", "lived", "lives", "spoke", "speaks"})  # "someone who was local"


# What a broad reason narrows down to: "closely aligns with our needs, particularly in leading X".
_NARROWED = re.compile(r",?\s*\b(?:particularly|especially|notably|specifically|in particular)\s+"
                       r"(?:in|with|around|on|for|at)\s+(?P<gap>\S.{3,})$", re.I)  # "especially X" lists X of the gap
_SHORTHAND_EXP = re.compile(r"\bexp\.?(?:\s+(?=with\b|in\b|of\b)|\s*$)", re.I)


_WHO_SAID_END = re.compile(r"\s*\([^()]*\b(?:said|says|per|according to|mentioned)\b[^()]*\)\s*$", re.I)
_ALREADY_END = re.compile(r"\s+(?:already(?:\s+(?:done|got|had|in hand|sorted))?|too|as well)\s*$", re.I)


def need_phrase(gap: str) -> str:
    """A gap said as a clause, as the thing itself: "I haven't led governance across sites" -> "leading governance
    across sites"; "I lacked hands-on Kafka" -> "hands-on Kafka"; a gap already a noun phrase is kept."""
    gap = _SHORTHAND_EXP.sub("experience ", expand_for_reading(gap.strip(" \"'“”‘’"))).strip()  # exp w/
    gap = _ALREADY_END.sub("", gap)  # "his MOT tester licence already (done)": the licence
    gap = _WHO_SAID_END.sub("", gap)  # "X (Greta said this was the deciding factor)": X
    gap = _WANTED.sub("", gap)  # "they wanted more evidence of working with X" -> "working with X"
    narrowed = _NARROWED.search(gap)  # "... aligns with our current needs, particularly in X": X
    gap = narrowed.group("gap") if narrowed else gap
    who = _SOMEONE_WHO.match(gap)  # "someone who'd run a design system" -> "running a design system"
    if who and who.group("verb").casefold() not in _BEING:
        verb = who.group("verb").casefold()
        verb = verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb  # "who knows X": knowing X
        return f"{_doing(verb)} {who.group('rest')}"
    match = _NOT_DONE.match(gap)
    if match is None:
        return gap
    if match.group("bare"):
        return _ENOUGH.sub("", match.group("bare"))
    verb, _, rest = match.group("rest").partition(" ")
    low = verb.casefold()
    if not rest or low in _HAVING or gap.casefold().startswith(("i lack", "i've lack", "she lack", "he lack")):
        return _ENOUGH.sub("", rest if low in _HAVING and rest else match.group("rest"))
    return f"{_doing(low)} {rest}"


def _doing(verb: str) -> str:
    """The -ing form of a verb as a gap says it: led -> leading, managed -> managing, manage -> managing."""
    low = verb.casefold()
    if low in _GERUNDS:
        return _GERUNDS[low]
    if low.endswith("ed") and not low.endswith("eed") and len(low) > 3:
        return low[:-2] + "ing"  # managed -> managing, shipped -> shipping, scaled -> scaling
    if low.endswith("e") and not low.endswith("ee"):
        return low[:-1] + "ing"  # manage -> managing
    return low + "ing"


# How long they said to wait before applying again: "can reapply after 6 months", "try again in a year", "a
# 12-month cooling-off period", "wait six months before reapplying".
_AMOUNT = r"(?P<n>\d{1,2}|an?|one|two|three|four|five|six|nine|twelve|eighteen)[\s-]+(?P<unit>months?|years?|weeks?)"
_STATED_WAIT = re.compile(
    r"\b(?:re-?apply\w*|apply(?:ing)? again|try(?:ing)? again|come back|reapplication)\b[^.;]{0,40}?"
    r"\b(?:after|in|within|for|once)\s+(?:(?:at least|about|around|another)\s+)?" + _AMOUNT
    + r"|\b(?:wait|cooling[- ]off|cool[- ]off)\s+(?:(?:period\s+)?of\s+)?(?:(?:at least|about|around)\s+)?"
    + _AMOUNT.replace("?P<n>", "?P<n2>").replace("?P<unit>", "?P<unit2>")
    + r"|\b" + _AMOUNT.replace("?P<n>", "?P<n3>").replace("?P<unit>", "?P<unit3>") + r"\s+(?:cooling[- ]off|wait)",
    re.I,
)
_MY_PLAN = re.compile(r"\bI\s*(?:'ll|’ll|will|plan|want|might|may|am going|'m going|intend|hope)\b", re.I)


def stated_wait(sentences: list[str]) -> tuple[int, str] | None:
    """(months, sentence) when the note says how long the company asked them to wait before reapplying."""
    for sentence in sentences:
        match = _STATED_WAIT.search(sentence)
        if match is None or _MY_PLAN.search(sentence[: match.start() + 12]):
            continue  # "I'll reapply in 3 weeks" is the user's plan, not what they were told
        n = match.group("n") or match.group("n2") or match.group("n3")
        unit = (match.group("unit") or match.group("unit2") or match.group("unit3")).casefold()
        count = int(n) if n.isdigit() else COUNTS[n.casefold()]
        months = count * 12 if unit.startswith("year") else -(-count // 4) if unit.startswith("week") else count
        if 0 < months <= 36:
            return months, sentence
    return None


def _title_phrase(text: str) -> re.Match[str] | None:
    """The first job title in `text` that is not someone's own, in brackets after their name ("(Talent Partner)")."""
    return next((m for m in _TITLE_PHRASE.finditer(text) if not _SOMEONES_BRACKET.search(text[: m.start()])), None)


# "Rhea Kapoor (" opens someone's title; "said no on Nov 12 (" opens the role's
_SOMEONES_BRACKET = re.compile(rf"(?<![\w'’])(?!(?i:{MONTH_WORDS}))[A-Z][a-z'’-]+\s*\(\s*$")


_NO_REASON = re.compile(r"\b(?:no|without|didn't give|did not give|never gave|zero)\s+(?:any\s+)?(?:feedback|reason)\b",
                        re.I)
_NO_WORD = re.compile(r"\b(?:rejected|rejection|turned down|unsuccessful|declined|no offer)\b", re.I)


_TODAY = re.compile(r"\b(?:today|this morning|this afternoon|tonight)\b", re.I)


def _rejection_day(self: _NoteRead, *, cued_only: bool = False) -> tuple[dt.date | None, Ground | None]:
    """The day the no came: a date in a sentence that tells of it, else (unless `cued_only`) the note's dates."""
    found = anchored([find_dates(s, reference=self.reference) for s in self.sentences], self.reference)
    dated = list(zip(self.sentences, found, strict=True))
    for sentence, dates in dated:
        if dates and REJECTION_CUE.search(sentence):
            return dates[0].day, self.ground(dates[0].words)
    for sentence, dates in dated:  # a log's terse line: "2026-10-12 rejected.", "10/9 - rejection email"
        if dates and _NO_WORD.search(sentence):
            return dates[0].day, self.ground(dates[0].words)
    for sentence, dates in dated:  # "they said no a fortnight ago", "got the rejection yesterday"
        ago = days_ago(sentence, self.reference) if not dates and REJECTION_CUE.search(sentence) else None
        if ago is None and not dates and _TODAY.search(sentence) and REJECTION_CUE.search(sentence):
            ago = named_day(self.note, self.context.today)  # "heard back today" in "voice memo 14 nov.txt"
        if ago is not None:
            return ago, self.ground(sentence)
    before = None  # "About two weeks later their HR lady phoned: they'd picked ...": the day told before, and after
    for sentence, dates in dated:
        later = days_later(sentence, before) if REJECTION_CUE.search(sentence) else None
        if later is not None:
            return later, self.ground(sentence)
        before = dates[-1].day if dates else before
    for _sentence, dates in dated if not cued_only else ():
        if dates:
            return dates[-1].day, self.ground(dates[-1].words)
    return None, None

def _reason(self: _NoteRead) -> tuple[str | None, Ground | None]:
    if self.meta.reason:
        return self.meta.reason.strip(), self.ground(f"reason: {self.meta.reason}")
    headings = list(HEADING.finditer(self.note.text))
    for i, heading in enumerate(headings):
        if re.search(r"reason|feedback|why", heading.group(1), re.I):
            end = headings[i + 1].start() if i + 1 < len(headings) else len(self.note.text)
            body = " ".join(self.note.text[heading.end() : end].split())
            if body:
                first = note_sentences(self.note.text[heading.end() : end])
                labelled = body, self.ground(first[0] if first else body)
                # ... unless all it holds is kind words ('Tom: "she really liked you, it was close"'), and another
                # sentence gives a reason: "They went with someone who had more GMP audit experience."
                if _REASON_CUE.search(body) or comparison_gap(body):
                    return labelled
                other = next((s for s in self.sentences if s not in body and not s.lower().startswith(("i ", "my "))
                              and (_STRONG_REASON.search(s) or comparison_gap(s))), None)
                return (other, self.ground(other)) if other else labelled
    # The sentence that gives the reason: one that names it (feedback, lacked, more ...) before one that only
    # reports it ("Dana said ...", "they went with ..."); never the user's own feelings ("I was gutted").
    candidates = [s for s in self.sentences  # nor a header, nor "No feedback." (that no reason was given)
                  if not s.lower().startswith(("i ", "i'm", "my ")) and not EMAIL_HEADER.match(s)
                  and not _NO_REASON.search(s) and not s.rstrip().endswith("?")]  # nor "any feedback?" asked
    # what the one they chose had is the reason, before a sentence that only says "because" or "said"
    compared = next((s for s in candidates if comparison_gap(s)), None)
    for cue in (_STRONG_REASON, _REASON_CUE):  # never kind words: "he said to reapply in spring" gives no reason,
        sentence = next((s for s in candidates if cue.search(s) and not (  # nor "glad to talk if I want feedback"
            encourages(s) and not _WHY_WORDS.search(s) and not comparison_gap(s))), None)
        if sentence and compared and compared != sentence and not _GAP_WORDS.search(sentence):
            return compared, self.ground(compared)
        if sentence:
            return sentence, self.ground(sentence)
    return None, None


# Words that say why, beside kind words: "it was close, but they wanted more X, and I should reapply".
_WHY_WORDS = re.compile(r"\b(?:lack|lacked|lacking|not enough|more|wanted|needed|because|gap|concern|reason)\b", re.I)
# Words that name what the user lacked: a sentence with one gives the reason itself.
_GAP_WORDS = re.compile(r"\b(?:feedback|fdbk|reason|lack|lacked|lacking|not enough|more|experience|gap|concern|"
                        r"deciding factor|wanted|needed)\b", re.I)


# The gap said as a comparison with the one they chose: "went with someone whose background in X was a closer
# match", "the other finalist had more hands-on Y", "they chose a candidate with deeper Z". X, Y, Z is the gap.
_BETTER = (r"(?:a\s+)?(?:lot\s+|bit\s+|much\s+|far\s+|slightly\s+|way\s+)?(?:more|deeper|stronger|broader|wider|"
           r"greater|better|longer|richer|extra|additional|heavier|closer)\s+")
_OTHER = (r"\b(?:candidate|someone|somebody|person|finalist|applicant|other one|internal|guy|woman|man|hire|"
          r"they|she|he|them|her|him|[A-Z][a-z]+)\b")
_COMPARISONS = (
    re.compile(r"(?:\bwhose|\b(?:candidate|applicant|finalist|hire|person|one|other)['’]s)\s+(?:[\w-]+\s+){0,2}?"
               r"(?:background|experience|track record|skills?|expertise|profile|history|"
               r"portfolio|cv|resume|knowledge|exposure|work)\s+(?:(?:in|with|on|around|across|of)\s+|(?=[a-z]+ing\s))"
               r"(?P<gap>.+?)\s+(?:(?:more|better|most)\s+)?(?:closely\s+|directly\s+)?"
               r"(?:was|were|is|are|matched|fit|fitted|aligned|felt|seemed|looked|lined up|suited)\b", re.I),
    re.compile(r"\b(?:closer|better|stronger|tighter|more direct)\s+(?:match|fit)\s+(?:on|in|for|with|around|regarding|"
               r"in terms of|when it came to)\s+(?P<gap>.+)", re.I),
    re.compile(_OTHER + r"[^.;]{0,40}?\b(?:had|has|with|brought|brings|bring|showed|shows|offered|offers|having|"
               r"bringing|"
               r"(?:(?:'d|’d|had|has)\s+)?(?:done|run|led|managed|built|shipped|sold|spent|gained|got))\s+" + _BETTER
               + r"(?P<gap>.+)"),
    re.compile(r"\b" + _BETTER + r"(?P<gap>.+?)\s+than\s+(?:me|I|mine|I did|I had|I have|I do)\b", re.I),
    # No comparative, but what the one they chose had: "they hired someone who already had their PRINCE2".
    re.compile(r"\b(?:went with|going with|chose|picked|hired|preferred|selected|appointed|took|taken|"
               r"offered (?:it|the (?:job|role|post|position)) to|gave (?:it|the (?:job|role|post|position)) to)\s+"
               r"(?:someone|somebody|"
               r"a candidate|an applicant|a person|another candidate|an internal candidate|the other candidate|a guy|"
               r"a woman|a man|a lad|a lass|a bloke|a chap|a girl)\s+"
               r"(?:with|who (?:already )?(?:had|has|knew|knows)|who['’]d|that (?:already )?(?:had|has|knew|knows))"
               r"\s+(?:already\s+)?"
               r"(?!(?:run|done|led|managed|worked|been|got|gone|spent|built|shipped|sold)\b)"
               r"(?:(?:their|his|her|a|an)\s+)?(?P<gap>.+)", re.I),
    # What the one chosen had done: "the other candidate had shipped a payments ledger at scale and that tipped it".
    re.compile(r"\b(?:other|successful|chosen|winning)\s+(?:candidate|applicant|finalist|person|one)\s+(?:had|has|'d|’d)\s+"
               r"(?:already\s+)?(?P<verb>shipped|built|led|run|managed|launched|scaled|owned|delivered|designed|migrated|"
               r"implemented|deployed|sold|grown)\s+(?P<gap>.+)", re.I),
)
_GAP_END = re.compile(r"\s*(?:[,.;:!?()]|\s[–—-]\s|\s+than\b|\s+(?:and|but|so|which|who|while|though|because|since|"
                      r"whereas|that I|than|would|could|will|to the (?:table|role|team|job))\b|$)", re.I)
# Words no gap is: "the other finalist had more fun", "a candidate with more experience" (which experience?).
_NO_GAP = re.compile(r"^(?:(?:experience|time|people|years|of (?:it|that|the same))$|(?:fun|luck|energy|charm|presence|"
                     r"confidence|money|questions|people|been|a bit|less|no|nothing|lower|cheaper|fewer|closely|"
                     r"matched|suited)\b)",
                     re.I)


def comparison_gap(sentence: str) -> str | None:
    """The gap a sentence names by comparing the user with the one chosen ("whose background in X ...": X)."""
    if re.match(r"\s*(?:I|I'm|I’m|I've|I’ve|my)\b", sentence):
        return None
    for pattern in _COMPARISONS:
        match = pattern.search(sentence)
        if match is None or re.search(r"\b(?:I|[Ww]e)\s+(?:had|have|\w+ly|just|then|finally)?\s*$",
                                      sentence[: match.start()]):
            continue  # the user's own comparison or choice: "I had more ...", "we picked a guy with a van"
        gap = _GAP_END.split(match.group("gap"), maxsplit=1)[0].strip(" ,.'\"“”")
        gap = _MORE.sub("", gap)
        if gap and match.groupdict().get("verb"):
            gap = f"{_doing(match.group('verb'))} {gap}"  # "had shipped X": shipping X
        if gap and not _NO_GAP.match(gap) and len(gap.split()) <= 10:
            return gap
    return None
