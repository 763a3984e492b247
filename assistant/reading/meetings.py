"""Notes about several people: a meeting, an onsite, a team described in bullets or prose.

Each person written with a role beside their name ("w/ Jane Roe (Head of Ops)", "met John Doe, engineer on her
team", "- Ana Lima - recruiter", "their hiring mgr Bo Chen") becomes a person, with the note's company (or the
company of their role, "Head of Ops at Acme"), that role, and their part and remarks read from the words about
them: the clauses that name them, what follows in the same bullet, and a next sentence that opens with "she"/"he".
A name with no role beside it is a person only when a rule says their part ("Tom Becker offered to refer me");
a name mentioned once in passing is nobody. A first name alone is someone only where the words around it say so
(`who.first_names_in`: "Priya from ops said", "coffee w/ Sam (recruiter)", "Per Jonas,"); the first name of the one
full name the note gives is that person ("spoke w/ Ingrid, eng manager" in a note naming Ingrid Solberg).

The one who got the job, in any of the usual wordings ("<Name> started as <role> at <company>", "joined as",
"is the new <role>", "took the role"), gets the part `got-the-job`, the role, the company and the start date; such a
sentence is never an opening, and no opening is ever titled with a person's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.casefile import Ground, Part, PartClaim, Person
from assistant.patterns import guarded
from assistant.reading.attribution import GOES_ON, SHE_OR_HE, attribute, clauses, led_by
from assistant.reading.chats import asks_back
from assistant.reading.context import fill_rejections
from assistant.reading.facts import JOB_WORD, remarks_in
from assistant.reading.parts import rule_part
from assistant.reading.who import (
    HONORIFICS,
    ORG_WORD,
    RELATION_AFTER,
    company_after,
    first_names_in,
    has_job_title,
    is_team,
    job_relation,
    names_in,
    split_role_company,
)
from assistant.text import BULLET, find_dates, first_name, split_sentences

if TYPE_CHECKING:
    from assistant.reading.rules import _NoteRead

_ROLE_WORD = re.compile(
    rf"\b(?:{JOB_WORD}|chief|ceo|cto|cfo|coo|cpo|cmo|founder|co-?founder|principal|president|hr|ta|hm|dir|"
    r"recruiting|talent)\b",
    re.I,
)
# Words that end what stands before a name as its role ("met the ops manager Jane Roe": "ops manager").
_STOP = frozenset(
    """the our their her his my a an with w/ met and to by from saw called spoke also plus incl including
    me i we us or of at for in on is was are were =""".split()  # noqa: SIM905  (a word list reads better as text)
)
# Where a role written after a name ends: "analyst on her team" is an analyst.
_ROLE_END = re.compile(
    r"\s+(?:on|in|for|who|that|which|with|from|and|but|since|when|while|whom|whose|i|we|she|he|they|said|says|"
    r"would|was|is|will|has|had)\b.*$",
    re.I,
)
# A company's words stay on one line: "at Halden Freight" over a blank line and "Final interview ..." is Halden Freight.
_AT = guarded(r"\s+(?:at|@)\s+(?:the\s+)?"
              r"(?P<company>[A-Z0-9][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z0-9][\w&'’.-]*){0,3})")
_THING_AFTER = re.compile(r"^\s+(?:opening|role|position|job|post|vacancy|team|project|app|program|programme|"
                          r"product|platform|department|group|unit|office|site|store|account|initiative)s?\b", re.I)
_THEIRS = re.compile(r"\b(?:his|her|their)\b", re.I)
_USER = re.compile(r"\b(?:I|I'd|I'll|I'm|me|my)\b")
# "<Name> started as <role> at <company>", "joined as", "is the new <role>", "took the role", "was hired as".
_HIRE_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:[,–—]\s*|\s-\s*)?(?:(?:has|had|have|just|recently|finally|officially|apparently|now)\s+){0,3}"
    r"(?:(?:started|starts|starting|began|begins|joined|joins|is joining|is starting|was hired|got hired|"
    r"has been hired|came on(?: board)?|signed on)\s+(?:as|at|there as|in the role)\b"
    r"|is\s+(?:now\s+)?(?:the|their|our|its)\s+new\b"
    r"|took\s+(?:the|my|that|over the|over my)\s+(?:[\w-]+\s+){0,3}?(?:role|job|position|seat|spot|post)\b"
    r"|(?:got|landed|accepted|won)\s+(?:the|my|that)\s+(?:[\w-]+\s+){0,3}?(?:role|job|position|offer|seat|spot)\b)",
    re.I,
)
# "the new ops analyst is <Name>", "they hired <Name> as ...", "brought on <Name>".
_HIRE_BEFORE = guarded(
    r"(?:\bnew\s+[\w /&-]{2,40}?\s+(?:is|will be)|\b(?:hired|brought (?:on|in)|took on|onboarded))\s+$"
    # A label before the name: "The person who got it: <Name>", "Successful candidate - <Name>", "New hire: <Name>".
    # Or a clause: "the person they hired is <Name>", "the one the panel picked was <Name>".
    r"|\b(?:(?:person|one|candidate|applicant|guy|woman|man|girl|lady|bloke|chap)\s+(?:(?:who|that)\s+(?:got|landed|"
    r"took|won)\s+(?:it|the (?:job|role|offer|position|post|seat))|(?:who|that\s+)?(?:they|she|he|the team|"
    r"the panel)\s+(?:hired|picked|chose|went with|offered it to|gave it to|selected))|successful (?:candidate|"
    r"applicant)|new hire|hired instead|^\s*(?:the\s+)?hire)\s*(?::|\s[–—-]|\s+(?:is|was|=))\s*$"
    # Told in passing: "she told me who got the AP job (<Name>, ...", "who landed it - <Name>".
    r"|\bwho\s+(?:got|landed|took|won)\s+(?:it|(?:the|my|that)(?:\s+[\w-]+){0,3}?\s+(?:job|role|position|post|offer|"
    r"seat|spot))\s*(?:\(|:|\s[–—-]|\s+(?:is|was|=))\s*$"
    # The one chosen, named after: "they went with another candidate, <Name>", "They take other guy, <Name>"
    r"|\b(?:hired|picked|chose|selected|went with|took|take|takes|gave it to|offered it to)\s+(?:an?\s+|the\s+)?"
    r"(?:other|another|different|internal|external)\s+(?:guy|candidate|person|applicant|woman|man|girl|one|finalist)"
    r"\s*(?:,|:|\s[–—-]|\()\s*$", re.I
)
# A fragment after a sentence naming someone that says they got the job: "probably the hire.", "she got it."
_HIRE_FRAGMENT = re.compile(r"^(?:(?:probably|prob|must be|likely|surely|I think|I guess)\s+)?"
                            r"(?:(?:she|he|they)['’](?:s|re)\s+)?the (?:new )?hire\b"
                            r"|^(?:she|he|they) got (?:it|the job|the role)\b", re.I)
_HIRE_ROLE = re.compile(
    r"\b(?:as|new)\s+(?:an?\s+|the\s+|their\s+|our\s+)?(?P<role>[A-Za-z][\w /&+'-]{1,60}?)"
    r"(?=\s+(?:at|@|in|on|last|this|from|since|after|back|two|three|is|was|\d)\b|\s*[,.;:()!]|\s[-–—]\s|\s*$)",
    re.I,
)
# "started mid-October", "joined in March": the day someone started, not another date in the sentence.
_STARTED_BEFORE = re.compile(r"\b(?:since|start(?:ed|s|ing)?|joined|joining|began|begins)\s+"
                             r"(?:in\s+|on\s+|around\s+)?$", re.I)
# A job someone had before: "was a dean at Westbrook", "used to be at Kiva", "ex-Monzo".
_PAST_JOB = re.compile(r"\b(?:was\s+(?:an?|once)|used to(?: be| work)?|formerly|previously|ex-)\s[^,;()]*", re.I)
# What says a start was long ago: "joined as an analyst back in 2019", "was promoted", "used to".
_LONG_AGO = re.compile(r"\b(?:years? ago|back in|since (?:19|20)\d\d|promoted|used to|way back|originally|"
                       r"first joined|decade)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_POSSESSIVE_END = guarded(r"['’]s$")
# Compiled once (each was looked up in re's cache on every call, tens of thousands of times a read).
_BRACKETS_AFTER = re.compile(r"^\s*\(([^()]{2,120})\)")
_ROLE_BRACKETS = re.compile(r"^\s*\(([^()]{2,80})\)")
_ARTICLE_BEFORE = guarded(r"\b(?:a|an|the|new|our|their|its|his|her|my)\s+$", re.I)
_PLACE_BEFORE = guarded(r"(?:\b(?:at|in|of|joined|joining|joins|lists|listing|listed(?: as)?|titled|as)|@)\s+$", re.I)
_ROLE_BESIDE = re.compile(r"^\s*(?:,|:|=|[-–—]|\s[-–—])\s*(?!was\s+(?:a|an|once)\s|used to\s)"
                          r"(?:who(?:'s| is)\s+|is\s+|was\s+)?(?:(?:the|a|an|our|their|"
                          r"her|his|my)\s+)?(?P<role>(?:(?!\s[-–—]\s)[^,;:.()\n]){2,70})")
_PRONOUN = re.compile(r"(?:she|he|they|we|I)\b", re.I)
_FROM_HR = re.compile(r"^\s+(?:from|in)\s+(?:the\s+)?"
                      r"(?P<team>HR|TA|talent acquisition|recruiting|recruitment|people team)\b")
_WHO_RUNS = re.compile(r"^\s*,\s*who\s+(?:runs|heads|leads|manages|oversees)\s+(?:the\s+)?(?P<what>[^,;:.()\n]{3,50})")
_IS_ROLE = re.compile(
    r"^\s+(?:is|was)\s+(?:the|a|an|our|their|her|his|my)\s+(?!new\b|one\b)(?P<role>[^,;:.()\n]{2,60})")
_LABEL_BEFORE = re.compile(r"^\s*(?P<label>[A-Za-z][^:=]{1,60}?)\s*(?::|=|\s[-–—])\s*$")
_SPACES = re.compile(r"\s+")
_ROLE_WORD_SHAPE = re.compile(r"^[\w/&-]+$")
_ARTICLE_START = re.compile(r"^(?:the|a|an)\s+", re.I)
_STARTED_WORDS = re.compile(r"(?:since|started|joined|began)\b", re.I)
_CONTRACTION = re.compile(r"(\w)['’]ve\b")


@dataclass
class _Found:
    name: str
    role: str | None = None
    company: str | None = None
    quote: str = ""
    clauses: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)  # clauses that name them (rules read only these when no role)
    hire: tuple[str, str | None, str | None, dt.date | None] | None = None  # (sentence, role, company, started)
    alone: bool = False  # a first name alone, where the words around it say it is someone ("Priya from ops said")


def read_several(read: _NoteRead, speakers: set[str] | None = None) -> None:
    """Add the people a note describes beside its subject, the hire it tells of; drop openings that are hires.

    The `speakers` of a pasted chat are read from their own lines already (see `chats.py`): never again here."""
    reading = read.reading
    fill_rejections(reading, read.note)
    if read.kind == "profile":
        return
    subject = reading.about_person
    found = _find(read.sentences, subject, reading.about_company, lambda: read.reference)
    if speakers:
        found = {n: f for n, f in found.items() if n not in speakers and first_name(n) not in speakers}
    roles = {p.role for p in reading.people if p.role}  # "Met Idris Kamara (Research Lead)": no "Research Lead"
    found = {name: f for name, f in found.items() if name not in roles}
    if not found and subject is None:
        return
    if found:
        lines = [(sentences, bool(BULLET.match(line)) or led_by(line, found)) for line, sentences in read.lines]
        attribute(lines, found, subject)
    hires = {f.hire[0] for f in found.values() if f.hire}
    for person in found.values():
        _add(read, person)
    _subjects_own(read, subject, found)
    hired = {p.name for p in reading.people if p.has_part("got-the-job")}
    named = {p.name for p in reading.people if p.parts} | hired
    reading.openings = [  # "Marco Silva started as ..." is no opening, and no opening is titled "Marco"
        o for o in reading.openings
        if o.ground.quote not in hires and not any(n in o.title for n in named)
        and not any(first_name(n) in o.title.split() for n in hired)
    ]
    for hire in [f for f in found.values() if f.hire]:
        _started(read, hire)


def _subjects_own(read: _NoteRead, subject: str | None, found: dict[str, _Found]) -> None:
    """The note's subject keeps no part or remark read from words about someone else the note describes, and gains
    the parts its own clauses state one by one ("I'd have reported to him and we had a great connection")."""
    people = read.reading.people
    person = next((p for p in people if p.name == subject), None)
    if person is None:
        return
    others = {c for name, f in found.items() for c in f.clauses if any(p.name == name for p in people)}
    if others:
        person.parts = [c for c in person.parts if not any(o in c.ground.quote for o in others)]
        person.remarks = [r for r in person.remarks if not any(o in r.ground.quote for o in others)]
    if read.meta.tags or read.meta.relationship:  # front matter says the part: the body is not read for more
        return
    have = {c.part for c in person.parts}
    def after_subject(sentence: str) -> str:  # "looked him up: Sione Taufa, started as ..." -> ", started as ..."
        at = sentence.find(subject) if subject else -1
        return sentence[at + len(subject or ""):] if at >= 0 else sentence

    hire = next((s for s in read.sentences if _HIRE_AFTER.match(after_subject(s).strip(" ,:-"))
                 and ((subject and subject in s) or s[:1].islower())
                 and not _long_ago(s, read.reference)), None)  # "- started as Ops Analyst (Nov 2026)"
    if hire is not None and "got-the-job" not in have and not have - {"recruiter"}:
        person.parts.append(PartClaim(part="got-the-job", ground=read.ground(hire), confidence=0.9))
        dates = find_dates(hire, reference=read.reference)
        person.started = person.started or (dates[0].day if dates else None)
        have.add("got-the-job")
    for sentence in read.sentences:
        if any(n != subject and sentence.startswith(n) for n in found):
            continue
        for clause in clauses(sentence):
            hit = _rule(clause) if clause not in others else None
            if hit is not None and hit[0] not in have and hit[0] != "got-the-job":
                person.parts.append(PartClaim(part=hit[0], ground=read.ground(clause), confidence=0.9))
                have.add(hit[0])


def _find(
    sentences: list[str], subject: str | None, company: str | None, reference: Callable[[], dt.date]
) -> dict[str, _Found]:
    found: dict[str, _Found] = {}
    # A first name alone is someone only when no full name of the note starts with it (then it is that person)
    # and it is no word of the note's company ("Acme said no").
    full = {n for s in sentences for n in names_in(s)} | ({subject} if subject else set())
    taken = {first_name(n) for n in full} | set((company or "").split())
    # ... and a first name of one full name the note gives is that person ("spoke w/ Ingrid, eng manager")
    given = Counter(first_name(n) for n in full)
    alias = {first_name(n): n for n in full if n != subject and given[first_name(n)] == 1}
    for at, sentence in enumerate(sentences):
        after = sentences[at + 1] if at + 1 < len(sentences) else ""
        firsts = first_names_in(sentence)
        alone = [n for n in firsts if n not in taken]
        written = [(n, n) for n in [*names_in(sentence), *alone]]
        written += [(n, alias[n]) for n in firsts if n in alias and alias[n] not in sentence]
        for as_written, name in written:
            own = _POSSESSIVE_END.sub("", name)  # "Brightwater Insurance's talent partner": the company's, nobody
            if name in (subject, company) or (company and own in company) or not _could_be_person(as_written,
                                                                                                 sentence):
                continue
            person = found.setdefault(name, _Found(name, alone=name in alone))
            if person.role is None:
                role = _role_beside(as_written, sentence)
                if role is not None:
                    person.role, person.company = role
                    person.quote = person.quote or sentence
                    relation = _relation_in_brackets(as_written, sentence)
                    if relation:  # "Priyanka Rao (Design Director, would be my manager) and Ben ...": hers alone
                        person.clauses.append(relation)
                        person.named.append(relation)
            if person.hire is None and as_written == name:
                person.hire = _hire(name, sentence, reference)
                if person.hire is None and _HIRE_FRAGMENT.match(after):  # "X lists Y since Oct. probably the hire."
                    person.hire = _hire(name, f"{sentence} {after}", reference)
                if person.hire is not None and person.role and _HIRE_AFTER.match(person.role):
                    person.role = person.hire[1]  # "started as Senior Planner" says how, the role is the title
            person.quote = person.quote or sentence
    # "Orbital Maps" in "Halima Yusuf (staff designer, Orbital Maps)" is where someone works, not someone.
    companies = {p.company for p in found.values() if p.company} | {company}
    roles = {p.role for p in found.values() if p.role}  # "(Research Lead)" is someone's role, not someone
    return {name: p for name, p in found.items() if name not in companies and name not in roles}


def _relation_in_brackets(name: str, sentence: str) -> str | None:
    """What the user says of `name` in the brackets after their role: "(Design Director, would be my manager)"."""
    paren = _BRACKETS_AFTER.match(sentence[sentence.find(name) + len(name) :])
    relation = RELATION_AFTER.search(paren.group(1)) if paren else None
    return relation.group(0).lstrip(", ") if relation else None


def _could_be_person(name: str, sentence: str) -> bool:
    """Whether a capitalised pair is a person here: never after "a"/"the" ("lists a Staff Technical Writer")."""
    before = sentence[: sentence.find(name)]
    if _ARTICLE_BEFORE.search(before):
        return False
    # inside quotes: a job's or a talk's title ("Designer (Data Science)")
    if (before.count('"') + before.count("“") + before.count("”")) % 2:
        return False
    # "we met at Brightline Retail", "his profile lists Controls Engineer @ Orla", "started as Senior Planner"
    if _PLACE_BEFORE.search(before):
        return False
    after = sentence[sentence.find(name) + len(name) :]
    # "a Product Designer, Field Tools opening"; "shows Process Engineer @ Halden": a thing's name or a title, nobody's
    # ("Ana Ruiz @ Vireo" is someone at a company)
    if _THING_AFTER.match(after) or (after.lstrip().startswith("@") and has_job_title(name)):
        return False
    return not (len(name.split()) > 2 and _ROLE_WORD.search(name.split()[-1]))


def _role_beside(name: str, sentence: str) -> tuple[str, str | None] | None:
    """The role written next to `name` in `sentence` (in parentheses, after a comma or dash, or before it)."""
    at = sentence.find(name)
    after = sentence[at + len(name) :]
    candidates = []
    paren = _ROLE_BRACKETS.match(after)
    if paren:
        candidates.append(paren.group(1))
    # "Ana Lima, was a dean at Westbrook": a past job is no role ("was the recruiter" is her part in the process)
    beside = _ROLE_BESIDE.match(after)
    if beside and not paren and not _PRONOUN.match(beside.group("role")):
        candidates.append(_role_text(beside.group("role")))  # "- she leads lab automation" is a clause, no role
    hr = _FROM_HR.match(after)
    if hr:  # "Clara Voss from HR": recruiting is her part
        return hr.group("team"), None
    runs = _WHO_RUNS.match(after)
    if runs:  # "Gwen Tallis, who runs category management": the head of it
        return f"head of {runs.group('what').strip()}", None
    is_role = _IS_ROLE.match(after)
    if is_role:
        candidates.append(_role_text(is_role.group("role")))
    for text in candidates:
        role = _split(text)
        if role is not None:
            return role
    label = _LABEL_BEFORE.match(sentence[:at])
    relation = job_relation(label.group("label")) if label else None
    if relation is not None:  # "HM for the Data Lead role: Dana Wu"
        return relation[0], None
    words = _SPACES.split(sentence[:at].rstrip(" ,(–—-").strip())  # "recruiter - Paul Otieno": "recruiter"
    kept: list[str] = []
    for word in reversed(words[-5:]):
        if not word or word.casefold().strip(",;:()") in _STOP or not _ROLE_WORD_SHAPE.match(word):
            break
        kept.insert(0, word)
    if kept and len(kept) <= 4 and _ROLE_WORD.search(kept[-1] if len(kept) == 1 else " ".join(kept)):
        return " ".join(kept), None
    return None


def _role_text(text: str) -> str:
    """The role words of a phrase after a name, with the company it names: "analyst on her team" -> "analyst"."""
    at = _AT.search(text)
    return _ROLE_END.sub("", text[: at.start()] if at else text) + (at.group(0) if at else "")


def _split(text: str) -> tuple[str, str | None] | None:
    """(role, company) from "Head of Ops", "Head of Ops at Acme", "Head of Ops, Acme"; None if it is no role."""
    text = " ".join(text.split()).strip(" ,.;-")
    at = _AT.search(text)
    role, company = (text[: at.start()].strip(" ,"), at.group("company").strip(" .,")) if at else (text, None)
    if company is None and "," in role:
        first, _, second = role.partition(",")
        split = split_role_company(first, second)
        role, company = split if split is not None else (first, None)
    relation = job_relation(role)
    role = relation[0] if relation else role  # "(recruiter for the Buyer position)": their part, not their title
    role = _ARTICLE_START.sub("", role.strip())
    # "(Finance Ops, Norvik Energy)": a team at a company the words say is one is where they work, role word or none
    if not role or len(role.split()) > 6 or not (_ROLE_WORD.search(role) or (company and (
            ORG_WORD.search(company) or is_team(role)))):
        return None
    return role, company


def _hire(
    name: str, sentence: str, reference: Callable[[], dt.date]
) -> tuple[str, str | None, str | None, dt.date | None] | None:
    """(sentence, role, company, start day) when the sentence says `name` got the job (lately, not years ago)."""
    at = sentence.find(name)
    after, before = sentence[at + len(name) :], sentence[:at]
    if _HIRE_AFTER.match(after) is None and _HIRE_BEFORE.search(before) is None and not any(
            _HIRE_FRAGMENT.match(s) for s in split_sentences(after)[1:]):
        return None
    if _long_ago(sentence, reference()):
        return None
    dates = find_dates(sentence, reference=reference())
    started = [d for d in dates if _STARTED_WORDS.match(d.words)
               or _STARTED_BEFORE.search(sentence[: d.start])]
    dates = started or dates  # "Nov 20 - X lists Y since Oct. probably the hire": started in October
    rest = _PAST_JOB.sub("", after if _HIRE_AFTER.match(after) else sentence)  # "(X, was a dean at Y, ...)"
    role = _HIRE_ROLE.search(rest)
    company = _AT.search(rest)
    title = role.group("role").strip() if role else None
    if title and not _ROLE_WORD.search(title):
        title = None
    return sentence, title, company.group("company").strip(" .,") if company else None, (
        dates[0].day if dates else None)


def _long_ago(sentence: str, reference: dt.date) -> bool:
    """Whether a start the sentence tells of was long ago ("back in 2019", "years ago", "was promoted")."""
    years = [int(y) for y in _YEAR.findall(sentence)]
    return bool(_LONG_AGO.search(sentence)) or (bool(years) and max(years) < reference.year - 1)


def _add(read: _NoteRead, found: _Found) -> None:
    """Make `found` a person of the note (or add to the one it already has), when their part or role says so."""
    reading = read.reading
    existing = next((p for p in reading.people if p.name == found.name), None)
    texts = [_CONTRACTION.sub(r"\1 have", c) if "ve" in c else c for c in found.clauses]  # "'ve" in every match
    # "HM = Paolo Verdi", "rec: Samira Okafor": a label naming this very person says their part (not in passing).
    # ... and what a clause says after the name and its brackets: "HM Olga Petrova (Finance Ops) v nice"
    ruled = [_rule(_as_them(t, found.name) or t) or _rule(_after_name(t, found.name)) for t in texts]
    # A first name alone in a note about someone else ("According to Lena, Sam's first project ...") is a source of
    # what it says, not someone the note is about: a person only with a part or a role.
    # Their part is then read by the rules only: what the note says around a bare name is not all about them.
    alone = found.alone and reading.about_person is None
    with_role = found.role is not None or (existing is not None and existing.role is not None)
    if with_role:
        named = set(found.named)
        # The clause with their name is read by the rules only: "w/ Jane Roe (Head of Ops)" says no part by meaning.
        meaning = [i for i, c in enumerate(found.clauses) if ruled[i] is None and c not in named]
        hits = read.context.matcher.by_meaning([texts[i] for i in meaning]) if meaning else []
        by_meaning = dict(zip(meaning, hits, strict=True))
    else:
        by_meaning = {}
        ruled = [hit if c in found.named or GOES_ON.match(c) or SHE_OR_HE.search(c) else None
                 for c, hit in zip(found.clauses, ruled, strict=True)]  # "..., told me she'd write me a reference"
    claims: dict[str, PartClaim] = {}
    role_part = rule_part(found.role) if found.role else None
    if role_part is None and found.role and _RECRUITING.fullmatch(found.role):  # "Clara Voss from HR"
        role_part = ("recruiter", found.role)
    if role_part is not None and found.quote:
        claims[role_part[0]] = PartClaim(part=role_part[0], ground=read.ground(found.quote), confidence=0.9)
    labelled = _rule(them) if (them := _as_them(found.quote or "", found.name)) else None
    if labelled is not None and labelled[0] != "got-the-job":  # "HM: Dr. Lucia Romano (Director, QA)"
        claims.setdefault(labelled[0], PartClaim(part=labelled[0], ground=read.ground(found.quote), confidence=0.9))
    for i, clause in enumerate(found.clauses):
        hit, meant = ruled[i], by_meaning.get(i)
        part, confidence = (hit[0], 0.9) if hit else (meant[0], meant[1]) if meant else (None, 0.0)
        if part is not None and part not in claims and part != "got-the-job":
            claims[part] = PartClaim(part=part, ground=read.ground(clause), confidence=confidence)
    if not claims.keys() & {"manager-i-liked", "recruiter", "insider"} and not (
            found.role and _RECRUITING.search(found.role)):
        asked = asks_back(found.clauses)  # 'he replied: "I'd love to see you apply again"' (as in a chat)
        if asked is not None:
            claims["manager-i-liked"] = PartClaim(part="manager-i-liked", ground=read.ground(asked), confidence=0.8)
    if found.hire is not None and not set(claims) - {"recruiter"}:
        claims["got-the-job"] = PartClaim(part="got-the-job", ground=read.ground(found.hire[0]), confidence=0.9)
    if not claims and not with_role and not alone:
        return
    company = found.company or (found.hire[2] if found.hire and "got-the-job" in claims else None)
    company = company or company_after(found.name, found.quote or "")  # "Gemma Shaw at Hays": an agency
    role = found.role or (found.hire[1] if found.hire and "got-the-job" in claims else None)
    if existing is not None:
        existing.role = existing.role or role
        existing.relationship = existing.relationship or found.quote or None
        existing.company = existing.company or company or reading.about_company
        have = {c.part for c in existing.parts}
        existing.parts += [c for p, c in claims.items() if p not in have]
        said = {r.ground.quote for r in existing.remarks}
        existing.remarks += [r for r in remarks_in(found.clauses, read.note.source, person=found.name)
                             if r.ground.quote not in said]
        return
    # Named in a note about someone else (a friend's note), the hire works where the user was turned down: no
    # company of the note's; `assemble` places them.
    elsewhere = "got-the-job" in claims and reading.kind == "person" and reading.about_person not in {None, found.name}
    person = Person(
        name=found.name,
        company=company or (None if elsewhere else reading.about_company),
        role=role,
        relationship=found.quote or None,
        parts=list(claims.values()),
        example=reading.example,
        sources=[read.note.source],
        name_from=Ground(source=read.note.source, quote=found.quote),
        remarks=remarks_in(found.clauses, read.note.source, person=found.name),
    )
    reading.people.append(person)


_RECRUITING = re.compile(r"\b(?:recruit\w*|talent|ta|hr|sourcer|people partner)\b", re.I)
# A label before a name: "HM = ", "rec: ", "HM: Dr. " (a title between them is no part of the label).
_LABEL_HEAD = re.compile(rf"(\s*[A-Za-z][\w ]{{0,30}}?\s*(?:=|:|is|was)\s*)(?:(?:{'|'.join(HONORIFICS)})\.?\s+)?")


_NEXT_ONE = re.compile(r"[,;]\s*(?=[A-Z])|\s+(?:and|&|\+)\s+(?=[A-Z])")


def _as_them(text: str, name: str) -> str | None:
    """`text` with `name` written "them" when a label names them ("HM = Paolo Verdi": "HM = them"), else None."""
    at = text.find(name)
    head = _LABEL_HEAD.fullmatch(text[:at]) if at > 0 else None
    after = text[at + len(name) :]
    if head is None or (after[:1].isalnum() or after[:1] == "_"):
        return None
    after = _NEXT_ONE.split(after, maxsplit=1)[0]  # "Panel: X (Head of Category), Sam Ives (recruiter)": X's part only
    return f"{head.group(1)}them{after}"


def _after_name(text: str, name: str) -> str:
    """What `text` says of `name` after their name (or first name), its brackets and its role, or "" when it does not
    name them:
    "Sophie Laurent the sales director was really lovely" -> "they was really lovely" (read by the part rules)."""
    written = name if name in text else first_name(name)  # "Anne was lovely", of Anne Whitaker
    at = text.find(written)
    if at < 0:
        return ""
    rest = _BRACKETED.sub("", text[at + len(written) :], count=1).strip(" ,:–—-")
    role = _ROLE_THEN_IS.match(rest)
    if role is None and _IS_START.match(rest):  # "Anne was lovely": "they was lovely"
        return f"they {rest}"
    return f"they {rest[role.end():]}" if role else rest


_BRACKETED = re.compile(r"^\s*\([^()]*\)")
_IS_START = re.compile(r"(?:was|is|were|seemed)\b")
_ROLE_THEN_IS = re.compile(r"^(?:(?:the|a|an|our|their|my)\s+)?[\w-]+(?:\s+[\w-]+){0,3}?\s+"
                           r"(?=(?:was|is|were|seemed)\b)")


def _rule(text: str) -> tuple[Part, str] | None:
    """The part a clause states by rule; "an engineer who sits in her team" is in someone else's team, no boss."""
    hit = rule_part(text)
    if hit and hit[0] == "hiring-manager" and _THEIRS.search(hit[1]) and not _USER.search(text):
        return None
    return hit


def _started(read: _NoteRead, found: _Found) -> None:
    """The hire's start day, from the sentence that says they started."""
    person = next((p for p in read.reading.people if p.name == found.name), None)
    if person is not None and found.hire is not None and person.has_part("got-the-job"):
        person.started = person.started or found.hire[3]
