"""A chat pasted into a note (LinkedIn, Slack, WhatsApp, SMS): who wrote which lines, and what the others' lines say.

Speakers are told apart by the lines that head their messages: a name and a time on a line of its own ("Marta Silva
10:42 AM", LinkedIn and Slack), a time or a stamp before a name and a colon ("[14:02] Marta: ...", "14/10/2026, 14:02 -
Marta: ..."), or, in a plain transcript that has the user's own lines ("Me: ...", "You: ..."), a name and a colon.
"Me", "You" and "I" are the user: their lines are never read as someone else's words, and never make them a contact.
Each other speaker is a person of the note (at the note's company) read from their own lines only, turned into the
user's point of view ("I was on the panel" -> "they were on the panel"): the part the rules or the meaning give, what
they said as remarks, encouragement to apply again as someone worth following up, and a contact on the chat's day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from assistant.casefile import PartClaim, Person, Remark, Touch
from assistant.patterns import guarded
from assistant.reading.who import NAME_WORD, ONE_NAME, PERSON_NAME, SIGN_OFF_WORDS, first_names_in, looks_like_name
from assistant.text import find_dates, fold, folding, is_time_span, line_sentences

if TYPE_CHECKING:
    from assistant.reading.base import NoteBase
    from assistant.reading.rules import _NoteRead

_ME = frozenset({"me", "you", "i", "myself"})
_SPEAKER = rf"(?:{PERSON_NAME}|{NAME_WORD}|Me|You|I)"
_TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?"
# "Marta Silva  10:42 AM", "Marta Silva · 10:42", "You 10:50 AM", "Marta Silva sent the following messages at 10:42 AM"
_PRONOUNS = r"(?:\s*\((?i:she|he|they)/\w+\))?"  # "Marta Silva (She/Her)"
_HEADER = re.compile(rf"^\s*(?P<name>{_SPEAKER}){_PRONOUNS}(?:\s+(?i:sent the following messages? at)|"
                     rf"\s*[·•|,–—-]|\s)\s*\[?(?P<stamp>{_TIME})\]?\s*$")
_NAME_ALONE = re.compile(rf"^\s*(?P<name>{_SPEAKER}){_PRONOUNS}\s*$")
_TIME_ALONE = re.compile(rf"^\s*\[?(?P<stamp>{_TIME})\]?\s*$")
# "[14:02] Marta: hey", "[14/10/2026, 14:02:11] Marta Silva: hey", "14/10/2026, 14:02 - Marta: hey"
_STAMPED = re.compile(rf"^\s*\[?(?P<stamp>(?:\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}},?\s+)?{_TIME})\]?\s*(?:[-–—]\s*)?"
                      rf"(?P<name>{_SPEAKER}):\s*(?P<text>.*)$")
# "Me: thanks for getting back to me", "Marta: no worries" (a chat only when the user's own lines are there too)
_LABELLED = re.compile(rf"^\s*(?P<name>{_SPEAKER}):\s+(?P<text>\S.*)$")
# Lines a chat app puts between messages: a day ("TODAY", "Nov 12", "Tuesday"), "Seen", "Delivered", reactions.
_CHROME = re.compile(r"^\s*(?:today|yesterday|seen|delivered|read|sent|edited|\(edited\)|view (?:\S+ )?profile|"
                     r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s*$", re.I)
# What encourages the user to come back: someone worth following up.
_ENCOURAGES = re.compile(
    r"\b(?:apply again|re-?apply|try again|keep in touch|stay in touch|keep me posted|keep (?:us|me) in mind|"
    r"second choice|runner[- ]up|(?:very|really|so|super) close|close call|"
    r"(?:the )?next (?:[\w-]+ ){0,3}?(?:opening|role|time|vacancy)|"
    r"keep an eye out|(?:would|'d|’d) love to (?:see|have|hear|work|find a way to work)|one of the (?:strongest|best)|"
    r"hope (?:to see|our paths|we can|to work)|"
    r"(?:really |very )?impressed|strong (?:candidate|finalist)|door is (?:always )?open|"
    r"reach out (?:again|any ?time|when|in|after|next|once)|(?:grab|get|have) (?:a )?coffee|"
    r"(?:happy|glad|keen|pleased) to (?:chat|talk|meet|catch up|speak)|"
    r"enjoyed (?:our|the) (?:conversation|chat|talk|call)|"
    r"you were (?:really |so |very )?(?:great|brilliant|excellent|fantastic|strong|close)|"
    r"(?:drop|give) (?:me|him|her|them|us) a (?:line|note|message|bell|call|ring|shout|buzz)|"
    r"(?:write|email|message|ping|text|call) (?:to )?(?:me|him|her|them|us) (?:in|after|next|when|once|again|around)|"
    r"(?:get|be) in touch (?:in|after|next|when|once))\b",
    re.I,
)
_NOT_SO = re.compile(r"\b(?:not|never|don't|do not|wouldn't|would not|won't|no point)\b[^.!?]*$", re.I)
_ENCOURAGES_FOLDED, _NOT_SO_FOLDED = folding(_ENCOURAGES), folding(_NOT_SO)  # on folded text: same matches, faster


def encourages(told: str) -> bool:
    """Whether someone's own words encourage the user to come back or stay in touch ("happy to grab a coffee")."""
    low = fold(told)
    cue = _ENCOURAGES_FOLDED.search(low)
    return cue is not None and not _NOT_SO_FOLDED.search(low[: cue.start()])
# "I was on the panel", "I interviewed you", "I sat in on your final round": they interviewed the user.
_INTERVIEWED = re.compile(r"\b(?:on (?:the|your) (?:interview )?panel|interviewed (?:you|me)|sat in on|"
                          r"your interviewer|(?:ran|led|did) (?:your|my|the) (?:\w+ )?"
                          r"(?:round|interview|screen|loop))\b", re.I)
# The user's point of view: the other's "I" is the speaker by name (a letter then says "you"), "we" their team,
# their "you" the user ("I").
_VOICE = {"i": "{}", "i'm": "{} is", "i’m": "{} is", "i've": "{} has", "i'd": "{} would", "i’d": "{} would",
          "i'll": "{} will", "i’ll": "{} will", "me": "{}", "my": "{}'s", "mine": "{}'s", "myself": "{}",
          "i was": "{} was", "i am": "{} is",
          "we": "they", "we're": "they're", "we've": "they've", "we'd": "they'd", "we'll": "they'll", "us": "them",
          "our": "their", "ours": "theirs",
          "you": "me", "your": "my", "yours": "mine", "you're": "I'm", "you’re": "I’m", "you've": "I've",
          "you'd": "I'd", "you'll": "I'll", "yourself": "myself",
          "you were": "I was", "you are": "I am", "were you": "was I", "are you": "am I",
          # "you" as the one who does something is "I": "what you hoped" is "what I hoped"
          **{f"you {verb}": f"I {verb}" for verb in (
              "hoped", "wanted", "did", "had", "have", "can", "could", "will", "would", "might", "should", "applied",
              "said", "asked", "mentioned", "sent", "do", "know", "need", "get", "got", "made", "showed")}}
_VOICE_WORD = guarded(r"(?<![\w'’])(?:" + "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in _VOICE),
                                                           key=len, reverse=True)) + r")(?![\w'’])", re.I)
# What only the company's side writes to a candidate: "your interview", "your application", "you apply again".
_TO_CANDIDATE = re.compile(r"\b(?:your (?:interview|application|candidacy|cv|resume|profile|background|panel|"
                           r"final round|loop)|you (?:apply|reapply)|see you apply|to apply again|refer you|"
                           r"you were (?:\w+ ){0,2}(?:close|strong|our|a great|great|impressive)|we (?:have )?decided|"
                           r"keep your (?:cv|resume|details) on file|thank you for (?:applying|your interest))\b", re.I)
_GREETED = re.compile(r"^(?:hi|hey|hello|dear)\s+[A-Z][\w'’-]*\s*[,!]\s*", re.I)  # "Hi Aisha, sorry ..."
_TALK = re.compile(r"\b(?:I|I'm|I'd|I'll|you|your|you're|we|we're|our|me|my|thanks|thank you)\b", re.I)
_SMALL_TALK = re.compile(r"^(?:hi|hey|hello|thanks|thank you|cheers|ok|okay|sure|np|no worries|great|"
                         r"sounds good|of course|you're welcome)\b[^.!?]{0,20}[.!?]*$", re.I)


@dataclass
class Turn:
    """One speaker's message: who (as written), whether it is the user, its lines, and the stamp or day above it."""

    speaker: str
    mine: bool
    lines: list[str] = field(default_factory=list)
    stamp: str = ""


def chat_turns(text: str) -> list[Turn] | None:
    """The turns of a pasted chat, or None when the text is no chat."""
    turns: list[Turn] = []
    days: list[str] = []
    headed = 0
    rows = _joined_headers(text.splitlines())
    labelled = [m for m in (_LABELLED.match(r) for r in rows) if m and _speaker_like(m.group("name"))]
    names = [m.group("name") for m in labelled]
    # "Me: ..." and someone's lines; or two full names taking turns ("Marta Silva: ..." / "Ola Nowak: ..." / ...)
    plain = len(labelled) >= 2 and len(set(names)) >= 2 and (any(n.casefold() in _ME for n in names) or (
        len(set(names)) == 2 and all(" " in n for n in names) and len(names) >= 3 and any(
            a == c != b for a, b, c in zip(names, names[1:], names[2:], strict=False))
        and sum(bool(_TALK.search(m.group("text"))) for m in labelled) * 2 >= len(labelled)))
    for row in rows:
        header, stamped = _HEADER.match(row), _STAMPED.match(row)
        label = _LABELLED.match(row) if plain else None
        match = header or stamped or label
        if match and _speaker_like(match.group("name")):
            name = match.group("name")
            turns.append(Turn(name, name.casefold() in _ME, stamp=match.groupdict().get("stamp") or ""))
            headed += bool(header or stamped)
            rest = (match.groupdict().get("text") or "").strip()
            if rest:
                turns[-1].lines.append(rest)
        elif turns and row.strip() and not _CHROME.match(row):
            if is_time_span(row) or (find_dates(row) and len(row.split()) <= 4):
                days.append(row.strip())  # "Nov 12", "12 November 2026": the day the next messages were sent
            else:
                turns[-1].lines.append(row.strip())
    others = {t.speaker for t in turns if not t.mine}
    # A schedule ("Debrief 4:00 PM") is no chat: the user's lines, a full name, or two speakers taking turns are.
    talk = any(t.mine for t in turns) or any(" " in n for n in others) or (len(others) == 2 and len(turns) >= 3)
    if not turns or not (headed or plain) or not talk or len(others) > 3:
        return None
    if days:
        turns[-1].stamp = turns[-1].stamp or days[-1]
    _find_the_user(turns)
    return turns


def chat_lines(text: str) -> list[tuple[str, list[str]]]:
    """A chat's lines and sentences as `line_sentences` gives them, each message on its own (a wrapped message is
    still joined, a next message never is)."""
    blocks: list[list[str]] = [[]]
    for row in _joined_headers(text.splitlines()):
        if _HEADER.match(row) or _STAMPED.match(row) or _LABELLED.match(row):
            blocks.append([])
        blocks[-1].append(row)
    return [line for block in blocks if block for line in line_sentences("\n".join(block))]


def _joined_headers(rows: list[str]) -> list[str]:
    """Rows with a name alone and a time alone under it ("Marta Silva" / "10:42 AM", LinkedIn) made one header."""
    out: list[str] = []
    for row in rows:
        if out and _TIME_ALONE.match(row) and _NAME_ALONE.match(out[-1]):
            out[-1] = f"{out[-1].strip()}  {row.strip()}"
        else:
            out.append(row)
    return out


@lru_cache(maxsize=256)  # asked of an interaction note twice: for its contact, then for the people it names
def message_parties(text: str) -> tuple[str | None, str | None]:
    """(the contact, the user) of a pasted message that greets one first name and is signed by another: the one who
    writes to a candidate ("your application", "we decided") is the contact, else the one greeted is."""
    greeting, signer = greeted(text), signed_by(text)
    if greeting is None or signer is None or greeting == signer:
        return greeting, None
    return (signer, greeting) if _TO_CANDIDATE.search(text) else (greeting, signer)


def _find_the_user(turns: list[Turn]) -> None:
    """In a chat of two named speakers and no "Me", the user is the one the other writes to as a candidate."""
    names = list(dict.fromkeys(t.speaker for t in turns))
    if len(names) != 2 or any(t.mine for t in turns):
        return
    company_side = [n for n in names if any(_TO_CANDIDATE.search(line) for t in turns if t.speaker == n
                                            for line in t.lines)]
    if len(company_side) == 1:
        user = next(n for n in names if n != company_side[0])
        for turn in turns:
            turn.mine = turn.speaker == user


# Words that label a line of notes, not a speaker ("Pros: ...", "Standup 9:30", "Mood: ok").
_LABEL_WORDS = frozenset(
    """
pros cons notes note todo to-do status role next action actions question answer summary feedback result outcome
date time location where when what why how who salary comp pay mood energy standup debrief prep agenda topics
goal goals plan plans idea ideas thoughts takeaways learnings lesson lessons tldr update reminder followup
follow-up deadline tip tips pitch story stories strengths weaknesses questions answers ask asks result results
""".split()  # noqa: SIM905
)


def _speaker_like(name: str) -> bool:
    """Whether a label is someone: the user, a full name, or a first name that is no word of a note's label."""
    from assistant.reading.who import first_names_in

    if name.casefold() in _ME or looks_like_name(name):
        return True
    return " " not in name and name.casefold() not in _LABEL_WORDS and bool(first_names_in(f"Hi {name},"))


def third_person(line: str, speaker: str) -> str:
    """A line `speaker` wrote to the user, as the user would tell it ("I'd like to see you apply" -> "Marta would
    like to see me apply")."""
    first = speaker.split()[0]

    def swap(match: re.Match[str]) -> str:
        word = _VOICE[" ".join(match.group(0).casefold().split())].format(first)
        opens = match.start() == 0 or line[: match.start()].rstrip().endswith((".", "!", "?"))
        return word[:1].upper() + word[1:] if opens else word

    return _VOICE_WORD.sub(swap, line)


def is_speaker(name: str, turns: list[Turn], *, mine: bool) -> bool:
    """Whether `name` heads lines of the chat: the user's (`mine`) or another speaker's."""
    return any(t.mine == mine and (t.speaker == name or t.speaker == name.split()[0]) for t in turns)


def read_chat(read: _NoteRead, turns: list[Turn]) -> set[str]:
    """Make each other speaker of a chat a person read from their own lines; return every speaker's name."""
    reading = read.reading
    said = [line for t in turns for line in t.lines]
    for person in reading.people:  # the note's subject keeps nothing read from the chat's lines as if told of them
        person.parts = [c for c in person.parts if not any(c.ground.quote in line for line in said)]
        person.remarks = [r for r in person.remarks if not any(r.ground.quote in line for line in said)]
        quote = person.name_from.quote if person.name_from is not None else ""
        if any(p.match(quote) for p in (_HEADER, _NAME_ALONE, _STAMPED, _LABELLED)) and (
                person.role is None or person.role in quote):
            person.role = person.relationship = None  # "Marta Silva (She/Her)" heads a message: no role, no relation
    others: dict[str, list[str]] = {}
    for turn in turns:
        if not turn.mine:
            others.setdefault(turn.speaker, []).extend(turn.lines)
    theirs = {line for lines in others.values() for line in lines}
    for project in reading.projects:  # work a speaker told of is theirs to be helped with
        project.person = project.person or next((name for name, lines in others.items()  # (a sentence may wrap)
                                                 if project.ground.quote[:40] in " ".join(lines)), None)
    # What another speaker writes in the first person is never the user's progress or promise.
    reading.progress = [p for p in reading.progress if not any(p.ground.quote in line for line in theirs)]
    reading.promises = [p for p in reading.promises if not any(p.ground.quote in line for line in theirs)]
    from assistant.reading.who import find_person

    # A chat saved with its header: "Rhea Kapoor" / "Engineering Manager at Quillon" over the messages
    headed = find_person(read.note) if read.note.meta.type is None else None
    for name, lines in others.items():
        person = _speaker(read, name, [line for line in lines if line.strip()])
        if headed is not None and headed.name == name and headed.company:
            person.role, person.company = person.role or headed.role, person.company or headed.company
        existing = next((p for p in reading.people if name in (p.name, p.name.split()[0])), None)
        if existing is None:
            reading.people.append(person)
        else:
            existing.parts += [c for c in person.parts if not existing.has_part(c.part)]
            known = {r.ground.quote for r in existing.remarks}
            existing.remarks += [r for r in person.remarks if r.ground.quote not in known]
            existing.relationship = existing.relationship or person.relationship
    if len(others) == 1 and not reading.touches:
        today = read.context.today
        day = next((d for turn in reversed(turns) if (d := _day(turn.stamp, today))), None) or read._own_day()
        reading.touches.append(Touch.model_validate(
            {"with": next(iter(others)), "date": day, "channel": "chat", "source": read.note.source}))
        reading.hints = [h for h in reading.hints if not h.message.startswith("no person found for this contact")]
    return {turn.speaker for turn in turns}


def _day(stamp: str, reference: dt.date) -> dt.date | None:
    """The day of a message's stamp; "12/11/2026" is the 12th of November when the 11th of December is yet to come
    (chat apps write the day first or the month first, as the phone's language does)."""
    found = find_dates(stamp, reference=reference)
    if not found:
        return None
    day = found[0].day
    numeric = re.match(r"\D*(\d{1,2})[/.](\d{1,2})[/.]", stamp)
    if numeric and not re.search(r"[AaPp]\.?[Mm]\b", stamp) and int(numeric.group(1)) <= 12 and day.day <= 12:
        day = dt.date(day.year, day.day, day.month)  # "03/11/2026, 18:22": a 24-hour clock writes the day first
    if day > reference and day.day <= 12:
        swapped = dt.date(day.year, day.day, day.month)
        return swapped if swapped <= reference else None
    return day


# What they told the user, reported: "Leo said he'd be glad to see me apply again", "she asked me to stay in touch".
_SAID_TO_ME = guarded(r"\b(?:said|says|told me|asked me|wrote|replied|messaged|texted|emailed|wants|wanted)\b", re.I)
# Their reply, quoted: 'he replied: "..."', "she texted back “...”".
_REPLIED = guarded(r"\b(?:replied|wrote back|messaged back|texted back|texted|emailed back)\s*$", re.I)


def _quoted_reply(clauses: list[str]) -> set[str]:
    """The clauses of a quoted reply that follows "he replied:" (a note's clauses split at its colon and commas)."""
    found: set[str] = set()
    inside = False
    for before, clause in zip(["", *clauses], clauses, strict=False):
        if not inside and _REPLIED.search(before) and clause.lstrip()[:1] in {'"', "“"}:
            inside = True
        if inside:
            found.add(clause)
            if clause.rstrip(" .!?").endswith(('"', "”")) and len(clause.strip()) > 1:
                inside = False
    return found


def asks_back(clauses: list[str]) -> str | None:
    """The clause in which someone's own words, told or quoted, ask the user back ("Leo said he'd be glad to see me
    apply again", 'he replied: "you were great"'); None when none does."""
    quoted = _quoted_reply(clauses)
    return next((c for c in clauses if (c in quoted or _SAID_TO_ME.search(c)) and encourages(c)), None)


# Where a message's own words end: a forwarded or quoted message, an "On ... wrote:" line, a signature's "--".
_MESSAGE_ENDS = re.compile(r"^\s*(?:-{2,}|_{3,}|>|On\b.*\bwrote:\s*$|From:\s)", re.I)


def written_by(read: NoteBase, name: str, text: str, *, to: str | None = None) -> Person:
    """The person who wrote an email to the user (`to`, their first name), read from its body as a chat's speaker
    is from their lines: what they said, and whether they asked the user to stay in touch. Greeting, closing,
    signature, anything forwarded or quoted, and any line that gives orders to an assistant are left out."""
    from assistant.checks import is_instruction
    from assistant.reading.who import CLOSING

    if greeted(text) == name.split()[0]:  # "Hi Tom, thanks so much ..." over Tom's quoted message: the user's reply
        return Person(name=name, sources=[read.note.source], name_from=read.ground(name))
    lines: list[str] = []
    for line in text.splitlines():
        if _MESSAGE_ENDS.match(line):
            break
        if to and not lines:  # "yuki - thanks for the note": the user's name, as a greeting
            line = re.sub(rf"^\s*{re.escape(to)}\s*[-–—,:!]\s*", "", line, flags=re.I)
        if _GREETED.sub("", line).strip() and not is_instruction(line):
            lines.append(line)
    end = next((i for i, ln in enumerate(lines) if CLOSING.match(ln.strip())), None)
    if end is not None:
        lines = lines[:end]
    else:  # no closing: the signature is the short lines that end no sentence ("Priyanka", "Head of X, Acme")
        while lines and len(lines[-1].split()) <= 8 and not lines[-1].rstrip().endswith((".", "!", "?")):
            lines.pop()
    return _speaker(read, name, lines, parts=False)


def _speaker(read: NoteBase, name: str, lines: list[str], *, parts: bool = True) -> Person:
    """The person one speaker is, from their own lines only (their part by meaning too, when `parts`)."""
    # A line wrapped in the middle of a sentence is one with the next ("... the other\ncandidate had ..."), as in
    # any note; a short line is a message of its own.
    said = [(sentence, third_person(_GREETED.sub("", sentence), name))
            for _, sentences in line_sentences("\n".join(lines)) for sentence in sentences
            if not _SMALL_TALK.match(sentence)]
    person = Person(name=name, company=read.reading.about_company, example=read.reading.example,
                    sources=[read.note.source], name_from=read.ground(name))
    claims: dict[str, PartClaim] = {}
    if parts:
        for (line, _), hit in zip(said, read.context.matcher.classify([t for _, t in said]), strict=True):
            if hit is not None and hit[0] not in claims and hit[0] != "got-the-job":
                claims[hit[0]] = PartClaim(part=hit[0], ground=read.ground(line), confidence=hit[1])
    for line, told in said:
        if encourages(told) and "manager-i-liked" not in claims and set(claims) != {"recruiter"}:
            claims["manager-i-liked"] = PartClaim(part="manager-i-liked", ground=read.ground(line), confidence=0.8)
        if _INTERVIEWED.search(line) and person.relationship is None:
            person.relationship = line  # "I was on the panel for your interview": they interviewed the user
    person.parts = list(claims.values())
    for line, told in said[:6]:
        kind: Literal["said", "asked"] = "asked" if told.rstrip().endswith("?") else "said"
        told = told if told.startswith(("I ", "I'", name.split()[0])) else told[:1].lower() + told[1:]
        person.remarks.append(Remark(kind=kind, text=f"{kind} {told.rstrip('.!')}", ground=read.ground(line)))
    return person


# How a pasted message greets and signs off: whom it was written to, and by whom.
_GREETING = re.compile(rf"^\s*(?i:hi|hello|hey|dear|morning|good morning|good afternoon)\s+{ONE_NAME}\s*[,!:–—]", re.M)


def greeted(text: str) -> str | None:
    """The first name a pasted message is written to ("Hi Marta,"), when its first lines greet someone."""
    match = _GREETING.search("\n".join(text.lstrip().splitlines()[:8]))
    return match.group("name") if match and first_names_in(match.group(0).strip()) else None


_SIGN_OFF = re.compile(rf"^(?i:{SIGN_OFF_WORDS})[,!.]?(?:\s*[-–—]?\s*(?P<name>{NAME_WORD}))?$")


def signed_by(text: str) -> str | None:
    """The first name a pasted message is signed with ("Best,\\nMarta", "Cheers - Sam"), from its last lines."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()][-3:]
    for at, line in enumerate(lines):
        match = _SIGN_OFF.match(line)
        if match is None:
            continue
        name = match.group("name") or (lines[at + 1].split()[0] if at + 1 < len(lines) else "")
        if re.fullmatch(NAME_WORD, name) and first_names_in(f"Hi {name},"):
            return name
    return None
