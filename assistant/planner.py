"""The campaign planner: when to come back, whether to come back at all, and who to write to in what order.

Every rule from the article is data below (TIMING, ROLE_RULES, RED_FLAGS, TACTIC_ORDER); the functions only
apply it. `build_plan` is the one entry point. The rejection is classified by `classify_offline` (words in the
notes) or, with a model configured, by `ModelClassifier` (structured output, quotes checked against the notes).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import ModelError, NotFoundError
from assistant.names import resolve_contact, resolve_name
from assistant.notes import LoadResult, Note
from assistant.people import NextTouch, Person, list_people
from assistant.tactics import LETTER_KINDS, TACTICS

if TYPE_CHECKING:
    from assistant.config import Settings

Status = Literal["wait", "ready", "do-not-reapply"]
Verdict = Literal["egregious", "culture-misfit", "neither"]
Role = Literal["got-the-job", "manager-i-liked", "insider", "hiring-manager"]


# ---------------------------------------------------------------------------------------------------------
# The rules, as data
# ---------------------------------------------------------------------------------------------------------


class Timing(BaseModel):
    """The planner's clock, from the article; change a number here, never in the code."""

    model_config = ConfigDict(frozen=True)

    reapply_after_months: int = Field(default=3, description="'three or four months or more' before reapplying")
    congratulate_after_days: int = Field(default=7, description="congratulate soon after they start")
    ask_after_days: int = Field(default=61, description="the recommendation-ask 'a couple of months' in")
    min_gap_days: int = Field(default=14, description="never two touches to one person within two weeks")
    cadence_days: int = Field(default=28, description="between stay-in-touch touches to one manager")
    max_unanswered: int = Field(default=3, description="stop after this many touches with no reply")
    max_managers: int = Field(default=2, description="'one or two managers you liked'")
    referral_lead_days: int = Field(default=14, description="ask the insider this long before reapplying")
    referral_wait_days: int = Field(default=7, description="give the insider this long before applying")
    max_news: int = Field(default=2, description="research at most this many news items per company")


TIMING = Timing()


class RoleRule(BaseModel):
    """How the notes say what part a person plays: a tag, or words in `relationship`."""

    model_config = ConfigDict(frozen=True)

    role: Role
    tags: tuple[str, ...]
    relationship: tuple[str, ...] = Field(description="Regular expressions matched against `relationship`.")


ROLE_RULES: tuple[RoleRule, ...] = (
    RoleRule(
        role="got-the-job",
        tags=("got-the-job", "hired", "successor"),
        relationship=(r"\bgot (?:the|my) (?:[\w-]+ ){0,5}(?:job|role|position|offer)\b", r"\bwas hired\b",
                      r"\bhired (?:instead|for the role)\b", r"\btook the (?:job|role|position)\b"),
    ),
    RoleRule(
        role="manager-i-liked",
        tags=("manager-i-liked", "liked"),
        relationship=(r"\bwe got on\b", r"\bi liked\b", r"\b(?:great|good) rapport\b", r"\bwe clicked\b"),
    ),
    RoleRule(
        role="insider",
        tags=("insider", "referrer"),
        relationship=(r"\b(?:could|would|can|will) (?:recommend|refer) me\b", r"\bput my name forward\b",
                      r"\brecommend me internally\b", r"\breferral\b"),
    ),
    RoleRule(role="hiring-manager", tags=("hiring-manager",), relationship=(r"\bhiring manager\b",)),
)


# An optional word between "I" and the verb ("I also lost my temper"), never a negation ("I never yelled").
_ADVERB = r"(?:(?!not\b|never\b|didn't\b|did\b)\w+ )?"
# How late, between the verb and "late" ("forty minutes", "over an hour", "a bit"); nothing else may stand
# there, so "I was told late on Friday" is no lateness.
_HOW_LATE = (r"(?:(?:very|really|quite|so|too|badly|extremely|also|in|over|nearly|almost|about|around|more|than|"
             r"half|an?|hours?|minutes?|mins?|bit|little|tad|few|couple|of|several|\d+|five|ten|fifteen|twenty|"
             r"thirty|forty|forty-five|fifty|sixty|ninety)\s+){0,4}")
_MEETING = r"(?:the|my|our) (?:[\w-]+ ){0,2}(?:call|interview|meeting|onsite|round|session)"
_RUDE = r"(?:rude|dismissive|condescending|arrogant|disrespectful)"


class RedFlag(BaseModel):
    """Words in the notes that mean a second try is unwise (the article's two exceptions).

    Every pattern is anchored to the user's own conduct ("I was rude") or to what people said of them or an
    exchange with them ("found me dismissive", "a heated argument with"), never to a bare word ("hostile").
    """

    model_config = ConfigDict(frozen=True)

    verdict: Literal["egregious", "culture-misfit"]
    label: str
    patterns: tuple[str, ...] = Field(description="Case-insensitive regular expressions.")
    unless: tuple[str, ...] = Field(default=(), description=(
        "Case-insensitive regular expressions that, not negated in the same sentence, make the words no red "
        "flag: the article's bar is an egregious mistake, and a short lateness the user apologised for is not."))


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(verdict="egregious", label="late", patterns=(
        rf"\bI {_ADVERB}(?:was|arrived|showed up|turned up|came|joined|got there) {_HOW_LATE}late\b",
        rf"\bI {_ADVERB}(?:joined|dialled into|dialed into|logged into|got to|arrived at|arrived to) {_MEETING} "
        rf"{_HOW_LATE}late\b",
        rf"\bI {_ADVERB}(?:missed|forgot|skipped) {_MEETING}\b",
        rf"\bI {_ADVERB}was a no[- ]show\b", r"\b(?:marked|called|listed) me (?:as )?a no[- ]show\b"),
        unless=(r"\b(?:a (?:bit|little|tad)|slightly|a (?:few|couple of) minutes|(?:[1-5]|one|two|three|four|five) "
                r"minutes?) late\b",
                r"\bapologi[sz](?:ed|ing)\b")),
    RedFlag(verdict="egregious", label="rude", patterns=(
        rf"\bI {_ADVERB}was {_RUDE}\b",
        rf"\b(?:found|thought|felt|called) me {_RUDE}\b",
        rf"\bbeing {_RUDE} to\b",
        rf"\bI {_ADVERB}(?:snapped|swore|rolled my eyes) at\b")),
    RedFlag(verdict="egregious", label="dishonest", patterns=(
        rf"\bI {_ADVERB}(?:lied|fabricated|faked|inflated|padded|exaggerated|overstated|invented)\b",
        rf"\bI {_ADVERB}made up (?!my mind\b|for\b|with\b|the difference\b)",
        r"\bcaught me (?:lying|exaggerating|cheating)\b", rf"\bI {_ADVERB}(?:was|got) caught (?:lying|exaggerating)\b",
        rf"\bI {_ADVERB}(?:was|had been) dishonest\b", r"\b(?:found|thought|felt|called|said) (?:me|I was) dishonest\b",
        r"\breference check (?:contradicted|failed)\b")),
    RedFlag(verdict="egregious", label="hostile exchange", patterns=(
        rf"\bI {_ADVERB}(?:yelled|shouted|lost my temper|got angry|raised my voice|argued with)\b",
        rf"\bI {_ADVERB}(?:sent|wrote|fired off|left) (?:[\w'-]+ ){{0,3}}(?:angry|furious|nasty|rude|hostile|heated|"
        r"abusive) (?:email|e-mail|reply|message|voicemail|letter|note|text)\b",
        r"\b(?:heated|hostile|angry|nasty|tense) (?:exchange|argument|row|confrontation|call|conversation|words)s? "
        r"(?:with|between)\b",
        rf"\bI {_ADVERB}(?:had|got into) (?:a|an) (?:[\w-]+ )?(?:heated|hostile|angry|nasty) "
        r"(?:exchange|argument|row|confrontation)\b",
        rf"\bI {_ADVERB}(?:was|became|got) (?:hostile|aggressive|confrontational)\b",
        rf"\bI {_ADVERB}told (?:them|her|him|the \w+) off\b")),
    RedFlag(verdict="culture-misfit", label="culture misfit", patterns=(
        r"\bnot a (?:good |great |strong )?(?:culture|cultural) fit\b",
        r"\b(?:poor|bad|wrong|no) (?:culture|cultural) fit\b", r"\bculture (?:misfit|clash|mismatch)\b",
        r"\b(?:didn't|did not|don't|do not|wouldn't|would not) fit (?:in(?:to)? )?(?:their|the|its) culture\b",
        r"\bclash(?:ed|es)? with (?:their|the|its) (?:culture|values)\b")),
)

# A red flag preceded by one of these in the same sentence is reported as absent ("nobody said I was rude").
_NEGATION = re.compile(r"\b(?:not|never|no|nobody|wasn't|weren't|didn't|without|denied)\b[^.!?]{0,30}$", re.I)
# ... and so is one these follow: "it was not a culture fit problem", "I was late, which is not true".
_NEGATED_AFTER = re.compile(
    r"^\s*(?:problems?|issues?|concerns?|questions?|worr(?:y|ies))\b"
    r"|^[^.!?;]{0,40}?\b(?:(?:was|is|were)(?: not|n't) (?:true|the case|the (?:issue|problem|reason))|not true"
    r"|never happened)\b", re.I)

# Words that open the part of the rejection reason that names the gap.
_GAP_CUE = re.compile(r"\b(?:but|because|however|lacked|lack|lacking|without|needed|wanted)\b", re.I)
# Words too common to show that a progress note answers the gap.
_STOP_WORDS = (
    "about after also been before being candidate chose could decided experience first from good great have "
    "into jobs just more much need needs needed other panel said says second she they that their them then "
    "there these this those team what when where which while will with work would your role move close "
    "strong stay touch told"
)
_STOP = frozenset(_STOP_WORDS.split())

# Order of steps that fall on the same day: research first, the reapplication last.
TACTIC_ORDER = ("be-strategic", "build-bridges", "stay-in-touch", "show-progress", "overcome-rejection")
# One mark per letter kind in the terminal timeline.
MARKS: dict[str | None, str] = {
    "follow-up": "F", "consultant-offer": "C", "referral-request": "R", "progress-update": "P",
    "article-share": "A", "recommendation-ask": "K", "reapplication": "★", None: "?",
}  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# The plan's shape (DESIGN.md section 5, `plan --json`; extra keys allowed)
# ---------------------------------------------------------------------------------------------------------


class Quote(BaseModel):
    """Words copied from one note that led to a verdict."""

    source: str = Field(description="The note's path relative to the knowledge folder.")
    words: str = Field(description="The exact words from that note.")
    label: str | None = Field(default=None, description="What the words show: late, rude, culture misfit ...")


class Classification(BaseModel):
    """What the rejection notes show: an egregious mistake, a clear culture misfit, or neither."""

    verdict: Verdict = "neither"
    evidence: list[Quote] = Field(default_factory=list)
    by: str = Field(default="offline", description="'offline' or the model's name.")
    note: str | None = Field(default=None, description="Anything the classifier dropped, and why.")


Classifier = Callable[[str, Sequence[Note]], Classification]


class Readiness(BaseModel):
    """Whether to reapply yet: wait, ready, or do-not-reapply, with the reason and the evidence."""

    status: Status
    reason: str
    earliest_reapply: dt.date | None
    rejection_date: dt.date | None = None
    source: str = Field(description="The rejection note the dates come from.")
    evidence: list[Quote] = Field(default_factory=list)
    classified_by: str = "offline"
    suggestion: str | None = None


class Step(BaseModel):
    """One dated thing to do: a letter to draft and send, or something to research."""

    date: dt.date
    tactic: str
    kind: str | None = Field(description="A letter kind (`draft KIND`), or null for research.")
    to: str | None
    action: str
    command: str | None = Field(default=None, description="The `second-chance draft` command that writes it.")
    why: str = ""
    sources: list[str] = Field(default_factory=list)
    overdue_since: dt.date | None = None
    key: str = Field(default="", exclude=True,
                     description="What tells two steps of one kind and person apart (an article, a news item).")


class Contact(BaseModel):
    """A person the campaign considered, their part in it, and whether more touches make sense."""

    name: str
    roles: list[Role]
    sent: int = Field(description="Touches the user sent (interaction notes and sent drafts).")
    unanswered: int = Field(description="Touches sent since their last reply.")
    last_touch: dt.date | None = None
    status: str = Field(description="Why they get the next step, or why they get none.")


class ProgressMatch(BaseModel):
    """A progress note that answers the rejection reason, and the words that connect them."""

    source: str
    words: list[str]


class CompanyPlan(BaseModel):
    """The campaign for one company that turned the user down."""

    company: str
    readiness: Readiness
    steps: list[Step] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    progress: list[ProgressMatch] = Field(default_factory=list)
    gap: list[str] = Field(default_factory=list, description="Key words of the reason they gave.")
    hints: list[str] = Field(default_factory=list, description="What to add to the notes for a fuller plan.")


class Plan(BaseModel):
    """Every company's campaign, dated from `today`."""

    today: dt.date
    companies: list[CompanyPlan] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list,
                                description="Rejection notes the plan could not use, and what to add to them.")


class SentLetter(BaseModel):
    """A draft the user marked as sent (`second-chance sent FILE`): the planner counts it as a touch."""

    to: str
    date: dt.date
    kind: str | None = None


# ---------------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------------


def build_plan(
    loaded: LoadResult,
    *,
    today: dt.date,
    company: str | None = None,
    classifier: Classifier | None = None,
    sent: Sequence[SentLetter] = (),
    timing: Timing = TIMING,
) -> Plan:
    """Plan a campaign for every company with a rejection note (or only `company`), dated from `today`."""
    loaded = loaded.without_examples()  # init's example notes plan nothing
    rejections, warnings = find_rejections(loaded)
    if company is not None:
        rejections = [pick_company(company, rejections, loaded, warnings=warnings)]
    people = list_people(loaded)
    classify = classifier or classify_offline
    plans = [
        plan_company(r, loaded, people, today=today, classifier=classify, sent=sent, timing=timing)
        for r in rejections
    ]
    return Plan(today=today, companies=plans, warnings=warnings)


class Rejection(BaseModel):
    """Everything the rejection notes say about one company."""

    company: str
    date: dt.date | None
    source: str
    sources: list[str]
    role: str | None = None
    reason: str = ""
    company_from: str | None = Field(
        default=None, description="Why the notes point to `company` when the rejection note does not say it.")


def find_rejections(loaded: LoadResult) -> tuple[list[Rejection], list[str]]:
    """One entry per company with a rejection note, and a warning for each note whose company cannot be told.

    The latest dated note of a company is the one that counts. A note without `company:` counts for the company
    its notes make clear; a note that leaves it open is never dropped silently.
    """
    known = _KnownCompanies.of(loaded)
    by_company: dict[str, list[tuple[Note, str, str]]] = {}
    warnings = []
    for note in loaded.notes:
        if note.meta.type != "rejection" or note.meta.example:
            continue
        name, why = _rejection_company(note, known)
        if name is None:
            warnings.append(_left_out(note.source, why))
            continue
        by_company.setdefault(_norm(name), []).append((note, name, why))
    rejections = []
    for notes in by_company.values():
        latest, name, why = max(notes, key=lambda n: (_day(n[0]) or dt.date.min, n[0].source))
        rejections.append(Rejection(
            company=name, date=_day(latest), source=latest.source, sources=[n.source for n, _, _ in notes],
            role=latest.meta.role, reason=rejection_reason(latest), company_from=why or None,
        ))  # fmt: skip
    return sorted(rejections, key=lambda r: r.company.casefold()), warnings


class _KnownCompanies(BaseModel):
    """Company names the notes give: in front matter, and as the heading of a company note without any."""

    stated: list[str]
    headed: list[str]

    @classmethod
    def of(cls, loaded: LoadResult) -> _KnownCompanies:
        stated: dict[str, str] = {}
        headed: dict[str, str] = {}
        for note in loaded.notes:
            meta = note.meta
            for name in [meta.company, meta.name if meta.type == "company" else None]:
                if name and name.strip():
                    stated.setdefault(_norm(name), name.strip())
            heading = _HEADING.search(note.text)
            if meta.type == "company" and not (meta.company or meta.name) and heading:
                headed.setdefault(_norm(heading.group(1)), heading.group(1).strip())
        return cls(stated=list(stated.values()), headed=[h for k, h in headed.items() if k not in stated])


# "Rejection from Fjord Games, ...", "interviewed at Lumen Robotics": a capitalised name after the cue.
_COMPANY_CUE = re.compile(r"(?i:\b(?:rejection|rejected|turned down|interview(?:ed|s)?|onsite|offer)\s+(?:from|at))"
                          r"\s+([A-Z][\w&'.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'.-]*)*)")


def _rejection_company(note: Note, known: _KnownCompanies) -> tuple[str | None, str]:
    """The company a rejection note is about and why, when inferred ("" when it says); or None and why not."""
    stated = (note.meta.company or note.meta.name or "").strip()
    if stated:
        return stated, ""
    named = [c for c in [*known.stated, *known.headed]
             if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", note.text, re.IGNORECASE)]
    named = [c for c in named if not any(_norm(c) in _norm(o) and c != o for o in named)]  # "Northwind Analytics"
    if len(named) == 1:
        return named[0], f"its text names {named[0]}, a company in your notes"
    if named:
        return None, f"it names {' and '.join(sorted(named))}"
    cues = {m.group(1).strip(".'"): m.group(0) for m in _COMPANY_CUE.finditer(note.text)}
    if len(cues) == 1:
        (name, words), = cues.items()
        return name, f'its text says "{words}"'
    if cues:
        return None, f"it could be {' or '.join(sorted(cues))}"
    if len(known.stated) == 1 and not known.headed:  # a heading alone is too weak to name the only company
        return known.stated[0], f"{known.stated[0]} is the only company in your notes"
    return None, "your notes do not make clear which company it is about"


def _left_out(source: str, why: str) -> str:
    return (f"{source} is a rejection note without `company:` and {why}, so it was left out of the plan: add "
            "`company: NAME` to it (front matter: a first line `---`, then `company: NAME`, then `---`) and plan "
            "again.")


def pick_company(query: str, rejections: list[Rejection], loaded: LoadResult, *,
                 warnings: Sequence[str] = ()) -> Rejection:
    """The rejection for the company `query` names; a company without a rejection note gets its own message."""
    names = [r.company for r in rejections]
    try:
        chosen = resolve_name(query, names, what="company")
    except NotFoundError:
        known = sorted({n.meta.company for n in loaded.notes if n.meta.company} - set(names))
        other = _match_any(query, known)
        if other is None:
            if not rejections:
                raise NotFoundError(" ".join(warnings) or _no_rejections_message()) from None
            raise
        raise NotFoundError(
            f'{other} is in your notes but has no rejection note, so there is no campaign to plan; add a note '
            f"with `type: rejection`, `company: {other}` and `date:`, or plan for: {', '.join(names) or 'none'}."
        ) from None
    return next(r for r in rejections if r.company == chosen)


def _match_any(query: str, names: list[str]) -> str | None:
    try:
        return resolve_name(query, names, what="company") if names else None
    except NotFoundError:
        return None


def _no_rejections_message() -> str:
    return ("No rejection notes in your knowledge folder: add one with `type: rejection`, `company:` and "
            "`date:` for each company that turned you down, then run `second-chance plan` again.")


NO_REJECTIONS = _no_rejections_message()


# ---------------------------------------------------------------------------------------------------------
# One company
# ---------------------------------------------------------------------------------------------------------


def plan_company(
    rejection: Rejection,
    loaded: LoadResult,
    people: list[Person],
    *,
    today: dt.date,
    classifier: Classifier,
    sent: Sequence[SentLetter] = (),
    timing: Timing = TIMING,
) -> CompanyPlan:
    """Readiness, contacts and dated steps for the company in `rejection`."""
    staff = [p for p in people if _norm(p.company) == _norm(rejection.company)]
    classification = classifier(rejection.company, company_notes(loaded, rejection, staff))
    readiness = assess_readiness(rejection, classification, today=today, timing=timing)
    gap = gap_words(rejection.reason)
    progress = answering_progress(loaded, gap, since=rejection.date, until=today)
    plan = CompanyPlan(company=rejection.company, readiness=readiness, gap=gap, progress=progress)
    if rejection.company_from:
        plan.hints.append(f"{rejection.source} does not say `company:`; planned for {rejection.company} because "
                          f"{rejection.company_from}. Add `company: {rejection.company}` to it to be sure.")
    plan.hints.extend(_unresolved_names(people, staff))
    if readiness.status == "do-not-reapply":
        return plan
    if rejection.date and today < rejection.date:
        plan.hints.append(f"Today ({today}) is before the rejection on {rejection.date}: no step is planned "
                          "before it.")
    histories = {p.name: touch_history(p, loaded, sent, people, today=today) for p in staff}
    campaign = _Campaign(plan, rejection, loaded, staff, histories, today=today, timing=timing)
    campaign.run()
    return plan


def company_notes(loaded: LoadResult, rejection: Rejection, staff: list[Person]) -> list[Note]:
    """The notes a classifier reads: the rejections, the company's notes, and the notes on and with its people.

    People's notes and interactions are the ones `list_people` gave them (the same names `people` shows); a
    note without any front matter counts when it names the company. Company news bullets are left out: they
    say what the company did, not how the user behaved.
    """
    sources = {source for person in staff for source in person.sources}
    chosen = []
    for note in loaded.notes:
        meta = note.meta
        about = meta.type in {"company", "person", "interaction"} and _about(note, rejection.company) and (
            meta.type == "company" or not (meta.name or meta.with_))
        if note.source in rejection.sources or note.source in sources or about:
            chosen.append(_without_news(note) if meta.type == "company" else note)
    return chosen


def _without_news(note: Note) -> Note:
    return note.model_copy(update={"text": _NEWS_BULLET.sub("", note.text)})


def _unresolved_names(people: list[Person], staff: list[Person]) -> list[str]:
    """A hint for each interaction name that could mean someone at this company and someone else."""
    labels = {p.label for p in staff}
    return [
        f"{', '.join(p.sources)} {'is' if len(p.sources) == 1 else 'are'} with \"{p.name}\", who could be "
        f"{' or '.join(p.could_be)}; it counts for no one: write the full name in `with:`."
        for p in people if labels & set(p.could_be)
    ]


def _about(note: Note, company: str) -> bool:
    if note.meta.company or note.meta.name:
        return _norm(note.meta.company or note.meta.name) == _norm(company)
    return company.split()[0].casefold() in note.text.casefold()


# ---------------------------------------------------------------------------------------------------------
# Readiness (overcome-rejection) and the offline classifier
# ---------------------------------------------------------------------------------------------------------


def classify_offline(company: str, notes: Sequence[Note]) -> Classification:
    """Find the article's two exceptions in the notes by their words; egregious wins over culture misfit."""
    found: list[Quote] = []
    for note in notes:
        for flag in RED_FLAGS:
            words = _first_flag(note.text, flag)
            if words:
                found.append(Quote(source=note.source, words=words, label=flag.label))
    by_verdict = {v: [q for q in found if _verdict_of(q.label) == v] for v in ("egregious", "culture-misfit")}
    for verdict in ("egregious", "culture-misfit"):
        if by_verdict[verdict]:
            return Classification(verdict=verdict, evidence=by_verdict[verdict])  # type: ignore[arg-type]
    return Classification()


def _first_flag(text: str, flag: RedFlag) -> str | None:
    for pattern in flag.patterns:
        for match in re.finditer(pattern, text, re.I):
            if _negated(text, match.start()) or _NEGATED_AFTER.search(_clause_after(text, match.end())):
                continue
            sentence = _sentence_around(text, match.start(), match.end())
            if any(not _negated(sentence, m.start()) for u in flag.unless for m in re.finditer(u, sentence, re.I)):
                continue
            return sentence
    return None


def _negated(text: str, start: int) -> bool:
    """Whether a negation comes shortly before `start` in the same sentence ("nobody said I was rude")."""
    before = text[:start]
    sentence_start = max(before.rfind(c) for c in ".!?\n") + 1
    return bool(_NEGATION.search(before[sentence_start:]))


def _clause_after(text: str, end: int) -> str:
    stops = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    return text[end: min(stops) if stops else len(text)]


class _ModelQuote(BaseModel):
    """Exact words from one note that show the problem."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="The note's source, exactly as written in its <note source=...> tag.")
    words: str = Field(description="The exact words copied from that note, one sentence or less.")
    label: str = Field(description="What they show: late, rude, dishonest, hostile exchange or culture misfit.")


class ModelVerdict(BaseModel):
    """Whether the notes show an egregious mistake by the user, a clear culture misfit, or neither."""

    model_config = ConfigDict(extra="forbid")

    verdict: Verdict = Field(description="egregious, culture-misfit, or neither (the default when unsure).")
    evidence: list[_ModelQuote] = Field(description="The quotes behind the verdict; empty for neither.")


class ModelClassifier:
    """Ask a chat model to classify the rejection notes; keep only quotes that really are in the notes."""

    def __init__(self, settings: Settings, name: str, *, user_name: str = "the user", http_client: Any = None) -> None:
        self.settings, self.name, self.user_name, self.http_client = settings, name, user_name, http_client

    def __call__(self, company: str, notes: Sequence[Note]) -> Classification:
        """Classify `company`'s notes; a reply that stays malformed after one re-ask is a ModelError."""
        from langchain_core.messages import HumanMessage

        from assistant.chains import structured_call
        from assistant.llm import chat_model, model_errors
        from assistant.prompts import load_prompt

        model = chat_model(self.settings, self.name, http_client=self.http_client)
        text = load_prompt("planner-classify", workspace=self.settings.home).render(
            company=company, user_name=self.user_name, notes=_notes_block(notes))
        with model_errors(self.name):
            verdict = structured_call(model, [HumanMessage(text)], ModelVerdict, what="verdict",
                                      workspace=self.settings.home)
        return verify_quotes(verdict, notes, by=self.name)


class FallbackClassifier:
    """Classify with a model; once it fails with a service error, classify offline and say why in `by`.

    A configuration error (a refused key, an unknown model) is not caught: the user has to fix it.
    """

    def __init__(self, primary: Classifier) -> None:
        self.primary = primary
        self.failure: str | None = None

    def __call__(self, company: str, notes: Sequence[Note]) -> Classification:
        """Classify `company`'s notes with the model, or offline when the model is unavailable."""
        if self.failure is None:
            try:
                return self.primary(company, notes)
            except ModelError as exc:
                self.failure = str(exc)  # do not wait for a failing model again for the next company
        found = classify_offline(company, notes)
        return found.model_copy(update={"by": f"offline (model unavailable: {self.failure})"})


def _notes_block(notes: Sequence[Note]) -> str:
    # Data, not instructions: each note in a tag the prompt tells the model to treat as quoted text. Angle
    # brackets are escaped so that no note can close its own fence ("</note> Now ignore the rules").
    return "\n\n".join(f'<note source="{_escape(n.source, quote=True)}">\n{_escape(n.text)}\n</note>'
                        for n in notes)


def _escape(text: str, *, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def verify_quotes(answer: ModelVerdict, notes: Sequence[Note], *, by: str) -> Classification:
    """Keep the model's quotes that appear in the notes; a verdict with none left falls back to neither."""
    kept, dropped = [], []
    for quote in answer.evidence:
        source = _find_quote(quote.words, notes, prefer=quote.source)
        if source is None:
            dropped.append(quote.words)
        else:
            kept.append(Quote(source=source, words=" ".join(quote.words.split()), label=quote.label))
    note = f"dropped {len(dropped)} quote(s) not found in the notes" if dropped else None
    if answer.verdict == "neither" or not kept:
        if answer.verdict != "neither":
            note = f"the model said {answer.verdict} but quoted nothing found in the notes; treated as neither"
        return Classification(by=by, note=note)
    return Classification(verdict=answer.verdict, evidence=kept, by=by, note=note)


def _find_quote(words: str, notes: Sequence[Note], *, prefer: str) -> str | None:
    words = words.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")  # as `_notes_block` showed it
    wanted = _norm(words.strip(" .\"'"))
    if len(wanted) < 4:
        return None
    ordered = sorted(notes, key=lambda n: n.source != prefer)
    return next((n.source for n in ordered if wanted in _norm(n.text)), None)


def _verdict_of(label: str | None) -> str:
    return next((f.verdict for f in RED_FLAGS if f.label == label), "neither")


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return " ".join(text[left:right].split()).rstrip("\n")


def assess_readiness(rejection: Rejection, classification: Classification, *, today: dt.date,
                     timing: Timing = TIMING) -> Readiness:
    """Wait, ready or do-not-reapply, with the reason in words a person can check against the note."""
    def verdict(status: Status, earliest: dt.date | None, reason: str) -> Readiness:
        return Readiness(status=status, earliest_reapply=earliest, reason=reason, source=rejection.source,
                         rejection_date=rejection.date, classified_by=classification.by,
                         evidence=classification.evidence,
                         suggestion=_FOCUS_ELSEWHERE if status == "do-not-reapply" else None)

    if classification.verdict != "neither":
        return verdict("do-not-reapply", None, _red_flag_reason(classification))
    months = timing.reapply_after_months
    if rejection.date is None:
        earliest = add_months(today, months)
        return verdict("wait", earliest, (
            f"{rejection.source} has no date, so the rejection is treated as recent: wait about {months} months "
            f"(until {earliest}). Add `date:` to its front matter for an exact plan."))
    earliest = add_months(rejection.date, months)
    if today < earliest:
        return verdict("wait", earliest, (
            f"Turned down on {rejection.date} ({rejection.source}); give it about {months} months, until "
            f"{earliest} (in {_days((earliest - today).days)}), and come back calm and with progress to show."))
    return verdict("ready", earliest, (
        f"Turned down on {rejection.date} ({rejection.source}); {months} months have passed (since {earliest}) "
        "and no note shows an egregious mistake or a culture misfit: you can reapply, openly, as someone "
        "coming back."))


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


_FOCUS_ELSEWHERE = ("Put this energy into other companies that fit you; a second try here would start from "
                    "the same impression. No outreach is planned for this company.")


def _red_flag_reason(classification: Classification) -> str:
    what = "an egregious mistake" if classification.verdict == "egregious" else "a clear culture misfit"
    quotes = "; ".join(f'{q.source} says "{q.words}"' + (f" ({q.label})" if q.label else "")
                       for q in classification.evidence)
    return f"The notes show {what}: {quotes}. Do not reapply here."


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole calendar months, clamped to the month's last day (Nov 30 + 3 months = Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------------------------------------
# Show progress: which progress notes answer the reason they gave
# ---------------------------------------------------------------------------------------------------------

_HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.M)
# A bullet in a company note, with its indented continuation lines: a news item.
_NEWS_BULLET = re.compile(r"^\s*[-*]\s+(.+(?:\n\s{2,}\S.*)*)", re.M)


def rejection_reason(note: Note) -> str:
    """The reason they gave: `reason:` in the front matter, a section headed 'reason', or the note's text."""
    if note.meta.reason:
        return note.meta.reason.strip()
    headings = list(_HEADING.finditer(note.text))
    for i, heading in enumerate(headings):
        if "reason" in heading.group(1).casefold() or "feedback" in heading.group(1).casefold():
            end = headings[i + 1].start() if i + 1 < len(headings) else len(note.text)
            return " ".join(note.text[heading.end(): end].split())
    return " ".join(_HEADING.sub("", note.text).split())


def gap_words(reason: str) -> list[str]:
    """The key words of the gap behind the rejection: the sentence after 'but', 'because', 'lacked' ..."""
    cue = _GAP_CUE.search(reason)
    if cue:
        ends = [i for i in (reason.find(c, cue.end()) for c in ".!?") if i != -1]
        reason = reason[cue.end(): min(ends) if ends else len(reason)]
    seen: dict[str, str] = {}
    for word in re.findall(r"[A-Za-z][A-Za-z+#-]{3,}", reason):
        stem = _stem(word)
        if stem not in _STOP:
            seen.setdefault(stem, word)
    return list(seen.values())


def _stem(word: str) -> str:
    word = word.casefold()
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def answering_progress(loaded: LoadResult, gap: list[str], *, since: dt.date | None,
                       until: dt.date | None = None) -> list[ProgressMatch]:
    """Progress notes (since the rejection, and by `until`) that share key words with the gap, and which words."""
    if not gap:
        return []
    matches = []
    for note in loaded.notes:
        day = _day(note)
        if note.meta.type != "progress" or (since and day and day < since) or (until and day and day > until):
            continue
        words = {_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z+#-]{3,}", note.text)}
        shared = [g for g in gap if _stem(g) in words]
        if shared:
            matches.append(ProgressMatch(source=note.source, words=shared))
    return matches


# ---------------------------------------------------------------------------------------------------------
# Who plays which part, and what has already been sent
# ---------------------------------------------------------------------------------------------------------


def roles_of(person: Person) -> list[Role]:
    """The parts a person plays in the campaign, by their tags or relationship (ROLE_RULES)."""
    tags = {t.casefold() for t in person.tags}
    relationship = person.relationship or ""
    return [
        rule.role for rule in ROLE_RULES
        if tags & set(rule.tags) or any(re.search(p, relationship, re.I) for p in rule.relationship)
    ]  # fmt: skip


class History(BaseModel):
    """The touches between the user and one person."""

    sent: list[dt.date] = Field(default_factory=list)
    received: list[dt.date] = Field(default_factory=list)
    other: list[dt.date] = Field(default_factory=list, description="Contacts of unknown direction.")

    @property
    def unanswered(self) -> int:
        """Touches sent since their last reply."""
        last_reply = max(self.received, default=dt.date.min)
        return sum(1 for d in self.sent if d > last_reply)

    @property
    def last_touch(self) -> dt.date | None:
        """The last day the user was in contact with them, either way."""
        return max([*self.sent, *self.received, *self.other], default=None)

    def sent_since(self, day: dt.date | None) -> list[dt.date]:
        """Touches the user sent on or after `day` (all of them when `day` is None)."""
        return [d for d in self.sent if day is None or d >= day]


def touch_history(person: Person, loaded: LoadResult, sent: Sequence[SentLetter], people: list[Person], *,
                  today: dt.date | None = None) -> History:
    """Sent and received touches with `person` up to `today`: interactions, sent drafts, and `last_contact`.

    Interactions are the ones `list_people` gave this person; a draft's `to:` is matched the same way
    (`names.resolve_contact`), so `plan` and `people` never disagree about who a touch was with.
    """
    history = History()
    mine = set(person.sources)
    for note in loaded.notes:
        day = _day(note)
        if note.meta.type != "interaction" or note.source not in mine or day is None or not _by(day, today):
            continue
        {"sent": history.sent, "received": history.received}.get(note.meta.direction or "", history.other).append(day)
    history.sent.extend(letter.date for letter in sent
                        if _by(letter.date, today) and resolve_contact(letter.to, people).person is person)
    last = person.last_contact
    if last and _by(last, today) and last not in [*history.sent, *history.received]:
        history.other.append(last)
    return history


def _by(day: dt.date, today: dt.date | None) -> bool:
    return today is None or day <= today


# ---------------------------------------------------------------------------------------------------------
# The steps
# ---------------------------------------------------------------------------------------------------------


class _Calendar:
    """Books touches so that no person gets two within `gap` days, counting past touches too."""

    def __init__(self, gap: int) -> None:
        self.gap = gap
        self.booked: dict[str, list[dt.date]] = {}

    def add_past(self, name: str, days: Iterable[dt.date]) -> None:
        self.booked.setdefault(name, []).extend(days)

    def book(self, name: str, earliest: dt.date) -> dt.date:
        day = earliest
        taken = self.booked.setdefault(name, [])
        while clashes := [t for t in taken if abs((day - t).days) < self.gap]:
            day = max(clashes) + dt.timedelta(days=self.gap)
        taken.append(day)
        return day


class _Campaign:
    """Turns one company's notes into dated steps, tactic by tactic, in the order the article implies."""

    def __init__(self, plan: CompanyPlan, rejection: Rejection, loaded: LoadResult, staff: list[Person],
                 histories: dict[str, History], *, today: dt.date, timing: Timing) -> None:
        self.plan, self.rejection, self.loaded, self.staff = plan, rejection, loaded, staff
        self.histories, self.today, self.timing = histories, today, timing
        # The first day a step may fall on: today, but never before the rejection itself.
        self.start = max(today, rejection.date) if rejection.date else today
        self.calendar = _Calendar(timing.min_gap_days)
        self.roles = {p.name: roles_of(p) for p in staff}
        self.status: dict[str, str] = {}
        self.budget: dict[str, int] = {}
        for person in staff:
            history = histories[person.name]
            self.calendar.add_past(person.name, [*history.sent, *history.other])
            self.budget[person.name] = timing.max_unanswered - history.unanswered
        self.opening = self._latest_opening()

    def run(self) -> None:
        self.research()
        self.build_bridges()
        self.stay_in_touch()
        referral = self.referral()
        self.reapplication(referral)
        self.plan.steps.sort(key=lambda s: (s.date, TACTIC_ORDER.index(s.tactic), s.to or ""))
        self.plan.contacts = [self._contact(p) for p in self.staff if self.roles[p.name]]

    # -- be-strategic: research the company's news and the opening ---------------------------------------------

    def research(self) -> None:
        news = sorted(self._news(), key=lambda item: item[0] or dt.date.min, reverse=True)[: self.timing.max_news]
        for day, line, source in news:
            self._step(date=self.start, tactic="be-strategic", kind=None, to=None, sources=[source],
                       action=f"Read up on {line}", why=f"company news from {day or 'your notes'}", key=line)
        if self.opening is not None:
            self._step(date=self.start, tactic="be-strategic", kind=None, to=None, sources=[self.opening.source],
                       key=self.opening.source, why="an opening in your notes: know what it asks before you write",
                       action=f"Study the {_opening_title(self.opening)} opening ({self.opening.source}): what it "
                       "asks for, who hires, how the team works.")
        else:
            later = any(n.meta.type == "opening" and _norm(n.meta.company) == _norm(self.rejection.company)
                        and (_day(n) or self.today) > self.today for n in self.loaded.notes)
            yet = f" yet (as of {self.today})" if later else ""
            self.plan.hints.append(f"No opening at {self.rejection.company} in your notes{yet}: watch their careers "
                                   "page and add one under openings/ when it appears.")

    def _news(self) -> list[tuple[dt.date | None, str, str]]:
        items = []
        for note in self.loaded.notes:
            if note.meta.type != "company" or not _about(note, self.rejection.company) or not note.meta.company:
                continue
            for bullet in _NEWS_BULLET.findall(note.text):
                line = " ".join(bullet.split())
                day = re.match(r"(\d{4}-\d{2}-\d{2})", line)
                when = dt.date.fromisoformat(day.group(1)) if day else _day(note)
                items.append((when, _one_line(line), note.source))
        return [(d, line, s) for d, line, s in items if d is None or d <= self.today]

    # -- build-bridges: congratulate the person who got the job, then ask them --------------------------------

    def build_bridges(self) -> None:
        hired = [p for p in self.staff if "got-the-job" in self.roles[p.name]]
        if not hired:
            self.plan.hints.append("No note about the person who got the job: add one with `relationship: got "
                                   "the job I applied for` and `started:` to plan congratulations.")
        for person in hired:
            start = person.started or self.rejection.date or self.today
            done = len(self.histories[person.name].sent_since(start))
            when = "started" if person.started else "rejection date (no `started:` in their note)"
            if done == 0:
                due = start + dt.timedelta(days=self.timing.congratulate_after_days)
                self._letter(person, "consultant-offer", "build-bridges", due=due,
                             why=f"{_first(person)} {when} {start}: congratulate soon after",
                             action=f"Congratulate {person.name} on the new role and offer to help with a project "
                             "as a consultant.")
            if done <= 1:
                due = start + dt.timedelta(days=self.timing.ask_after_days)
                self._letter(person, "recommendation-ask", "build-bridges", due=due,
                             why=f"a couple of months after {_first(person)} {when.split(' ')[0]} ({start})",
                             action=f"Ask {person.name} which other teams at {self.rejection.company} might fit you.")
            else:
                self.status.setdefault(person.name, "congratulated and asked already; no more bridge letters")

    # -- stay-in-touch and show-progress: the managers the user liked -----------------------------------------

    def stay_in_touch(self) -> None:
        liked = [p for p in self.staff if "manager-i-liked" in self.roles[p.name]]
        liked.sort(key=lambda p: ("hiring-manager" not in self.roles[p.name], p.name))
        if not liked:
            self.plan.hints.append("No manager you liked is tagged: add `tags: [manager-i-liked]` to one or two "
                                   "people notes to plan follow-ups.")
        for person in liked[self.timing.max_managers:]:
            self.status[person.name] = (f"more than {self.timing.max_managers} managers you liked; the article "
                                        "says pick one or two")
        for person in liked[: self.timing.max_managers]:
            self._touches_for(person)

    def _touches_for(self, person: Person) -> None:
        history = self.histories[person.name]
        due = self.start
        if not history.sent_since(self.rejection.date):
            planned = self._letter(person, "follow-up", "stay-in-touch", due=due, not_before_today=True,
                                   why="no letter since the rejection: remind them what you could do for the team",
                                   action=f"Thank {person.name}, and remind them what you could do for their team.")
            due = planned + dt.timedelta(days=self.timing.cadence_days) if planned else due
        last_sent = max(history.sent, default=None)
        if self.plan.progress and self._progress_is_new(last_sent):
            sources = [p.source for p in self.plan.progress]
            words = list(dict.fromkeys(w for p in self.plan.progress for w in p.words))
            planned = self._letter(person, "progress-update", "show-progress", due=due, sources=sources,
                                   not_before_today=True,
                                   why=f"your progress answers the reason they gave ({', '.join(words)})",
                                   action=f"Tell {person.name} how you closed the gap ({', '.join(words)}), "
                                   "and why it matters to their team.")
            due = planned + dt.timedelta(days=self.timing.cadence_days) if planned else due
        for article in self._articles_for(person, last_sent):
            planned = self._letter(person, "article-share", "stay-in-touch", due=due, sources=[article.source],
                                   about=_title(article), key=article.source, not_before_today=True,
                                   why=f"{article.source} mentions {_first(person)}",
                                   action=f'Forward "{_title(article)}" to {person.name}, with one line on why.')
            due = planned + dt.timedelta(days=self.timing.cadence_days) if planned else due
        if last_sent is not None:  # no rule planned a letter (a planned one has set its own reason already)
            self.status.setdefault(person.name, f"you wrote on {last_sent}; nothing new to send yet: add progress "
                                   "that answers the rejection reason, or an article that names them")

    def _progress_is_new(self, last_sent: dt.date | None) -> bool:
        days = [d for d in (_day(n) for n in self.loaded.notes if n.source in {p.source for p in self.plan.progress})]
        newest = max((d for d in days if d), default=None)
        return last_sent is None or newest is None or newest > last_sent

    def _articles_for(self, person: Person, last_sent: dt.date | None) -> list[Note]:
        first = _first(person)
        same_first = [p for p in self.staff if _first(p) == first]
        chosen = []
        for note in self.loaded.notes:
            if note.meta.type != "article":
                continue
            day = _day(note)
            if day and ((last_sent and day <= last_sent) or day > self.today):
                continue
            mentions = person.name in note.text or (len(same_first) == 1 and re.search(rf"\b{re.escape(first)}\b",
                                                                                         note.text))
            if mentions:
                chosen.append(note)
        return chosen

    # -- be-strategic: the referral before any reapplication ----------------------------------------------------

    def referral(self) -> dt.date | None:
        insiders = [p for p in self.staff if "insider" in self.roles[p.name]]
        if not insiders:
            self.plan.hints.append("No one inside who could recommend you: tag a contact `insider` (or say "
                                   "`could recommend me` in their relationship) before you reapply.")
            return None
        if self.opening is None:
            for person in insiders:
                self.status[person.name] = "ask for a referral once an opening appears in your notes"
            return None
        insider = insiders[0]
        earliest = self.plan.readiness.earliest_reapply or self.start
        due = earliest - dt.timedelta(days=self.timing.referral_lead_days)
        title = _opening_title(self.opening)
        return self._letter(insider, "referral-request", "be-strategic", due=due, not_before_today=True,
                            sources=[self.opening.source], about=title,
                            why=f"{_first(insider)} could recommend you; ask before you reapply",
                            action=f"Ask {insider.name} whether they would recommend you for the {title} opening.")

    # -- overcome-rejection: the reapplication, when ready and after the referral -----------------------------

    def reapplication(self, referral: dt.date | None) -> None:
        readiness = self.plan.readiness
        if self.opening is None or readiness.earliest_reapply is None:
            return
        if referral is None and any("insider" in r for r in self.roles.values()):
            # An insider we could not ask (no replies): applying cold behind their back wastes the referral.
            self.plan.hints.append("No reapplication planned: the referral request could not be planned first.")
            return
        due = max(readiness.earliest_reapply, self.start)
        if referral is not None:
            due = max(due, referral + dt.timedelta(days=self.timing.referral_wait_days))
        manager = self._hiring_manager()
        title = _opening_title(self.opening)
        why = f"ready from {readiness.earliest_reapply}" + (f", after the referral request on {referral}"
                                                            if referral else "")
        action = f"Reapply for the {title} opening, open that you applied before, with your progress since."
        if manager is None:
            self._step(date=due, tactic="overcome-rejection", kind="reapplication", to=None, action=action,
                       why=why, sources=[self.opening.source])
            return
        self._letter(manager, "reapplication", "overcome-rejection", due=due, about=title, why=why,
                     sources=[self.opening.source], action=action, ignore_budget=True)

    def _hiring_manager(self) -> Person | None:
        assert self.opening is not None
        named = re.search(r"hiring manager:?\s*([A-Z][\w'-]+(?: [A-Z][\w'-]+)+)", self.opening.text, re.I)
        if named:
            person = next((p for p in self.staff if _norm(p.name) == _norm(named.group(1))), None)
            if person:
                return person
        return next((p for p in self.staff if "hiring-manager" in self.roles[p.name]), None)

    def _latest_opening(self) -> Note | None:
        openings = [
            n for n in self.loaded.notes
            if n.meta.type == "opening" and _norm(n.meta.company) == _norm(self.rejection.company)
            and (self.rejection.date is None or (_day(n) or self.rejection.date) >= self.rejection.date)
            and (_day(n) or self.today) <= self.today
        ]  # fmt: skip
        return max(openings, key=lambda n: (_day(n) or dt.date.min, n.source), default=None)

    # -- helpers ------------------------------------------------------------------------------------------------

    def _letter(self, person: Person, kind: str, tactic: str, *, due: dt.date, action: str, why: str,
                sources: list[str] | None = None, about: str | None = None, key: str = "",
                not_before_today: bool = False, ignore_budget: bool = False) -> dt.date | None:
        """Book a letter to `person` on the first free day from `due`; None when they are out of touches."""
        assert kind in LETTER_KINDS and tactic in TACTICS, (kind, tactic)
        if not ignore_budget and self.budget[person.name] <= 0:
            unanswered = self.histories[person.name].unanswered
            self.status[person.name] = (f"{unanswered} touches with no reply: stop writing until they answer"
                                        if unanswered >= self.timing.max_unanswered else
                                        f"{self.timing.max_unanswered} touches planned with no reply yet; "
                                        "wait for an answer before planning more")
            return None
        # A letter whose moment passed (a congratulation) is still worth sending: today, marked overdue.
        overdue = due if due < self.today and not not_before_today else None
        day = self.calendar.book(person.name, max(due, self.start))
        self.budget[person.name] -= 1
        self.status.setdefault(person.name, why)
        self._step(date=day, tactic=tactic, kind=kind, to=person.name, action=action, why=why,
                   sources=sources or person.sources[:1], key=key,
                   command=draft_command(kind, person.name, about), overdue_since=overdue)
        return day

    def _step(self, **fields: object) -> None:
        self.plan.steps.append(Step.model_validate(fields))

    def _contact(self, person: Person) -> Contact:
        history = self.histories[person.name]
        return Contact(name=person.name, roles=self.roles[person.name], sent=len(history.sent),
                       unanswered=history.unanswered, last_touch=history.last_touch,
                       status=self.status.get(person.name, "no step for this part of the campaign"))


def draft_command(kind: str, to: str, about: str | None = None) -> str:
    """The `second-chance draft` command that writes one step's letter."""
    command = f"second-chance draft {kind} --to {_quoted(to)}"
    return command + (f" --about {_quoted(about)}" if about else "")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'


# ---------------------------------------------------------------------------------------------------------
# Sent drafts (DESIGN.md: `status: sent`, `sent: DATE` in a draft's front matter)
# ---------------------------------------------------------------------------------------------------------


def read_sent_drafts(folder: Path) -> list[SentLetter]:
    """Drafts under `folder` marked as sent, as touches; unreadable or unsent drafts are skipped."""
    import frontmatter
    import yaml

    letters = []
    for path in sorted(folder.glob("**/*.md")) if folder.is_dir() else []:
        try:
            meta = frontmatter.loads(path.read_text(encoding="utf-8")).metadata
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        sent_on = meta.get("sent")
        if meta.get("status") != "sent" or not meta.get("to") or not isinstance(sent_on, dt.date | str):
            continue
        try:
            day = sent_on if isinstance(sent_on, dt.date) else dt.date.fromisoformat(sent_on)
        except ValueError:
            continue
        kind = meta.get("kind")
        letters.append(SentLetter(to=str(meta["to"]), date=day, kind=kind if isinstance(kind, str) else None))
    return letters


# ---------------------------------------------------------------------------------------------------------
# Next touch per person (for `second-chance people`)
# ---------------------------------------------------------------------------------------------------------


def with_next_touches(people: list[Person], plan: Plan) -> list[Person]:
    """Copies of `people`, each with their next planned letter and why, or why none is planned."""
    by_company = {_norm(c.company): c for c in plan.companies}
    return [p.model_copy(update={"next_touch": _next_for(p, by_company.get(_norm(p.company)))}) for p in people]


def _next_for(person: Person, company: CompanyPlan | None) -> NextTouch:
    if person.could_be:
        return NextTouch(why=f"could be {' or '.join(person.could_be)}; write the full name in the note's "
                             "`with:` so the touch counts for them")
    if company is None:
        where = person.company or "their company"
        return NextTouch(why=f"no rejection note for {where}, so no campaign there")
    if company.readiness.status == "do-not-reapply":
        return NextTouch(why=f"{company.company}: do not reapply, so no outreach")
    step = next((s for s in company.steps if s.to == person.name), None)
    if step is not None:
        return NextTouch(date=step.date, kind=step.kind, why=step.why)
    contact = next((c for c in company.contacts if c.name == person.name), None)
    if contact is not None:
        return NextTouch(why=contact.status)
    return NextTouch(why="not a manager you liked, an insider, or the person who got the job")


# ---------------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------------


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _day(note: Note) -> dt.date | None:
    value = note.meta.date
    return value.date() if isinstance(value, dt.datetime) else value


def _first(person: Person) -> str:
    return person.name.split()[0]


def _title(note: Note) -> str:
    if note.meta.title:
        return note.meta.title
    heading = _HEADING.search(note.text)
    return heading.group(1).strip() if heading else Path(note.source).stem.replace("-", " ")


def _opening_title(note: Note) -> str:
    return note.meta.role or note.meta.title or _title(note)


def _one_line(text: str, limit: int = 110) -> str:
    """`text` in at most `limit` characters, cut at a word boundary ("built on the new…")."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ") if not text[limit - 1].isspace() else len(cut)
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:-") + "…"
