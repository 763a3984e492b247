"""Red flags: the article's two reasons never to reapply, read from any note (typed, untyped, debriefs).

`egregious` is the user's own serious mistake (late or absent, rude, dishonest, a hostile exchange); `culture
misfit` is a clear misfit in anyone's words, the company's own included ("we don't believe you'd be a culture
fit"). Every pattern is anchored to the user's conduct ("I was rude", "I snapped at him") or to what people said
of them, never to a bare word; a negation before it ("nobody said I was rude") or after it ("which is not
true") cancels it, except for a fit, where the negation is the finding ("not a fit").
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from assistant.casefile import Ground, RedFlag, RedFlagKind
from assistant.patterns import guarded
from assistant.text import sentence_around

# An optional word between "I" and the verb ("I also lost my temper"), never a negation ("I never yelled").
_ADVERB = r"(?:(?!not\b|never\b|didn't\b|did\b|wasn't\b)\w+ ){0,3}"
# How late, between the verb and "late" ("forty minutes", "over an hour", "a bit"); nothing else may stand
# there, so "I was told late on Friday" is no lateness.
_HOW_LATE = (
    r"(?:(?:very|really|quite|so|too|badly|extremely|also|in|over|nearly|almost|about|around|more|than|"
    r"half|an?|hours?|hrs?|minutes?|mins?|bit|little|tad|few|couple|of|several|\d+|five|ten|fifteen|twenty|"
    r"thirty|forty|forty-five|fifty|sixty|ninety)\s+){0,4}"
)
_MEETING = r"(?:the|my|our|their) (?:[\w-]+ ){0,2}(?:call|interview|meeting|onsite|round|session|panel|screen)"
_RUDE = r"(?:rude|dismissive|condescending|arrogant|disrespectful|curt|snippy|short with)"
_I = r"\b(?:I|I'd|I've)\s"
_PLAIN = r"(?!but\b|now\b|yet\b|currently\b|right\b)[\w']+"  # a word of a final no ("be taking forward any")
_LATER = r"(?:any |a )?(?:future|further|subsequent) (?:applications?|candidacy|roles?|positions?|openings?|vacanc\w+)"


class FlagRule(BaseModel):
    """Words in the notes that mean a second try is unwise, with what cancels them."""

    model_config = ConfigDict(frozen=True)

    kind: RedFlagKind
    label: str
    patterns: tuple[str, ...] = Field(description="Case-insensitive regular expressions.")
    unless: tuple[str, ...] = Field(
        default=(),
        description=(
            "Case-insensitive regular expressions that, not negated in the same sentence, make the words no red "
            "flag: the article's bar is an egregious mistake, and a short lateness the user apologised for is not."
        ),
    )
    negation_is_the_flag: bool = Field(default=False, description="For fit: 'not a fit' is the finding.")
    needs: tuple[str, ...] = Field(description=(
        "Lower-case words one of which every match holds: only sentences with one are read (for speed)."))


FLAG_RULES: tuple[FlagRule, ...] = (
    FlagRule(
        kind="egregious",
        label="late",
        needs=(
            "late", "show", "missed", "forgot", "skipped", "slept", "blew off",
        ),
        patterns=(
            rf"{_I}{_ADVERB}(?:was|arrived|showed up|turned up|came|joined|got there|rolled in) {_HOW_LATE}late\b",
            rf"{_I}{_ADVERB}(?:joined|dialled into|dialed into|logged into|got to|arrived at|arrived to) {_MEETING} "
            rf"{_HOW_LATE}late\b",
            rf"{_I}{_ADVERB}(?:missed|forgot|skipped|slept through|blew off|no-showed) {_MEETING}\b",
            rf"{_I}{_ADVERB}(?:was|got marked as) a no[- ]show\b",
            r"\b(?:marked|called|listed) me (?:as )?a no[- ]show\b",
            rf"{_I}{_ADVERB}(?:never showed|didn't show|did not show)(?: up)?\b",
        ),
        unless=(
            r"\b(?:a (?:bit|little|tad)|slightly|a (?:few|couple of) minutes|(?:[1-5]|one|two|three|four|five) "
            r"min(?:ute)?s? late)\b",
            r"\bapologi[sz](?:ed|ing)\b",
        ),
    ),
    FlagRule(
        kind="egregious",
        label="rude",
        needs=(
            "rude", "dismissive", "condescend", "arrogant", "disrespect", "curt", "snippy", "short with",
            "snapped", "swore", "cursed", "eyes", "scoffed", "sneered", "hung up", "walked out", "stormed",
            "waste of", "joke", "stupid", "pointless", "ridiculous", "mess", "incompetent", "clueless",
            "amateur", "came across", "come across", "coming across", "badmouth", "bad-mouth", "trash-talk",
            "slagged", "ran down", "rubbished",
        ),
        patterns=(
            rf"{_I}{_ADVERB}was (?:(?!not\b|never\b)\w+ )?{_RUDE}\b",
            rf"\b(?:found|thought|felt|called|said) me {_RUDE}\b",
            # what the panel saw: "they felt I came across as arrogant", "I seemed dismissive to them"
            rf"{_I}{_ADVERB}(?:came|come|coming) across as (?:(?:a bit|quite|very|really|rather|too) )?{_RUDE}\b",
            # running down an employer to the panel: "I badmouthed my current boss in the final round"
            rf"{_I}{_ADVERB}(?:badmouthed|bad-mouthed|trash-talked|slagged off|ran down|rubbished) "
            r"(?:my|our) (?:current|old|last|previous|former|ex-)?\s?"
            r"(?:boss|manager|employer|company|team|colleagues?)\b",
            rf"\bbeing {_RUDE} to\b",
            rf"{_I}{_ADVERB}(?:snapped|swore|cursed|rolled my eyes|scoffed|sneered) at\b",
            rf"{_I}{_ADVERB}(?:snapped|swore|hung up on|walked out of|stormed out)\b",
            # Running down their work to them: "I told the interviewer that her exercise was a waste of my time".
            rf"{_I}{_ADVERB}(?:told|called|said)\b[^.!?\n]{{0,60}}\b(?:their|his|her|your|its|the company's)\b"
            r"[^.!?\n]{0,50}\b(?:a waste of (?:my|our) time|a joke|stupid|pointless|ridiculous|a mess|incompetent|"
            r"clueless|amateur(?:ish|s)?)\b",
            r"\bcall(?:ed|ing) (?:the|their) (?:process|interview|exercise|test|team|company) (?:a joke|a waste|stupid|"
            r"pointless|ridiculous|a mess)\b",
        ),
    ),
    FlagRule(
        kind="egregious",
        label="dishonest",
        needs=(
            "lied", "fabricat", "faked", "inflated", "padded", "exaggerat", "overstated", "invented", "fudged",
            "made up", "caught", "dishonest", "untruthful", "reference check",
        ),
        patterns=(
            rf"{_I}{_ADVERB}(?:lied(?! awake| down| in\b| low)|fabricated|faked|inflated|padded|exaggerated|"
            r"overstated|invented|fudged)\b",
            rf"{_I}{_ADVERB}made up (?!my mind\b|for\b|with\b|the difference\b)",
            r"\bcaught me (?:lying|exaggerating|cheating|out)\b",
            rf"{_I}{_ADVERB}(?:was|got) caught (?:lying|exaggerating|cheating)\b",
            rf"{_I}{_ADVERB}(?:was|had been) (?:dishonest|untruthful)\b",
            r"\b(?:found|thought|felt|called|said) (?:me|I was) dishonest\b",
            r"\breference check (?:contradicted|failed)\b",
        ),
    ),
    FlagRule(
        kind="egregious",
        label="hostile exchange",
        needs=(
            "yell", "shout", "scream", "temper", "cool", "angry", "voice", "argu", "blew up", "went off",
            "furious", "nasty", "rude", "hostile", "heated", "abusive", "snarky", "scathing", "tense",
            "aggressive", "confrontational", "combative", " off", "lost it",
        ),
        patterns=(
            rf"{_I}{_ADVERB}(?:yelled|shouted|screamed|lost my temper|lost my cool|lost it with|got angry|"
            r"raised my voice (?:at|with|to)|argued with|blew up|went off)\b",
            rf"{_I}{_ADVERB}(?:sent|wrote|fired off|left|posted) (?:[\w'-]+ ){{0,3}}(?:angry|furious|nasty|rude|"
            r"hostile|heated|abusive|snarky|scathing) "
            r"(?:email|e-mail|reply|message|voicemail|letter|note|text|review|post)\b",
            r"\b(?:heated|hostile|angry|nasty|tense) (?:exchange|argument|row|confrontation|call|conversation|words)s? "
            r"(?:with|between)\b",
            rf"{_I}{_ADVERB}(?:had|got into) (?:a|an) (?:[\w-]+ )?(?:heated|hostile|angry|nasty) "
            r"(?:exchange|argument|row|confrontation)\b",
            rf"{_I}{_ADVERB}(?:was|became|got) (?:hostile|aggressive|confrontational|combative)\b",
            rf"{_I}{_ADVERB}told (?:them|her|him|the \w+) off\b",
        ),
    ),
    FlagRule(
        kind="culture-misfit",
        label="culture misfit",
        patterns=(
            r"\b(?:poor|bad|wrong) (?:culture|cultural|values|team) fit\b",
            r"\b(?:culture|cultural|values?) (?:misfit|clash|mismatch)\b",
            r"\bmismatch (?:in|of|on) (?:values|culture)\b",
            r"\bclash(?:ed|es)? with (?:their|the|its|our) (?:culture|values|way of working)\b",
            r"\b(?:didn't|did not|don't|do not|wouldn't|would not|won't|doesn't|does not) fit (?:in(?:to)? )?"
            r"(?:with )?(?:their|the|its|our|how we)\b",
            r"(?:\bnot|n't|\bno|\bnever)\b[^.!?\n]{0,50}\b(?:culture|cultural|values|team) fit\b",
            r"(?:\bnot|n't|\bno|\bnever)\b[^.!?\n]{0,30}\bsee (?:a|any) fit\b",
            r"\bno fit for (?:future|other|any) (?:roles|positions|openings)\b",
            # Would not fit how they work, in the company's words: "you wouldn't gel with the way we run things".
            r"(?:\bnot|n't|\bnever)\s+(?:[\w']+\s+){0,2}(?:mesh|gel|suit|match|fit|thrive|click|sit well|blend|"
            r"settle|adapt|belong)\s+"
            r"(?:in\s+|with\s+|into\s+)?(?:how|the way|our|their|its|the [\w ]{0,25}\bof (?:our|their))\b",
            r"\b(?:don't|do not|can't|cannot)\s+see (?:you|me) (?:fitting|fit|working out)\b",
            # A final no: they will not consider the user again.
            r"(?:\bnot|n't|\bnever)\s+(?:be\s+)?(?:re)?consider(?:ing)?\s+(?:you|me|your|my)\b[^.!?\n]{0,40}"
            r"\b(?:future|again|other|any)\b",
            r"(?:\bnot|n't|\bnever)\s+(?:re)?consider(?:ing)?\s+(?:a |any )?(?:future|further|another) "
            r"(?:application|applications|candidacy)\b",
            r"(?:\bnot|n't|\bnever)\s+(?:re-?apply|apply (?:to us |with us |here )?again)\b",
            # ... for any future role, said to the user: "won't be taking forward any future application from you".
            rf"(?:\bnot|n't|\bnever)\s+(?:{_PLAIN}\s+){{0,4}}(?:you|your|me|my)\s+(?:{_PLAIN}\s+){{0,3}}{_LATER}\b",
            rf"(?:\bnot|n't|\bnever)\s+(?:{_PLAIN}\s+){{0,5}}{_LATER}\b(?=[^.!?\n]{{0,30}}\b(?:you|me)\b)",
        ),
        negation_is_the_flag=True,
        needs=(
            "fit", "clash", "mismatch", "mesh", "gel", "suit", "match", "thrive", "click", "sit well", "blend",
            "consider", "apply", "settle", "adapt", "belong", "future", "further", "subsequent",
        ),
    ),
)

# A red flag preceded by one of these in the same sentence is reported as absent ("nobody said I was rude").
_NEGATION = re.compile(r"\b(?:not|never|no|nobody|wasn't|weren't|didn't|without|denied|if)\b[^.!?]{0,30}$", re.I)
# ... and so is one these follow: "it was not a culture fit problem", "I was late, which is not true".
_NEGATED_AFTER = re.compile(
    r"^\s*(?:problems?|issues?|concerns?|questions?|worr(?:y|ies))\b"
    r"|^[^.!?;]{0,40}?\b(?:(?:was|is|were)(?: not|n't) (?:true|the case|the (?:issue|problem|reason))|not true"
    r"|never happened)\b",
    re.I,
)
# A fit the note says was fine: "great culture fit", "a strong fit", "nobody doubted I'd be a culture fit".
_FIT_DOUBLE_NEGATION = re.compile(
    r"\b(?:nobody|no one|never (?:said|thought|doubted)|not that|no (?:concerns?|doubts?|issues?|problems?|questions?)"
    r"|(?:was|is|were)(?:n't| not) (?:an? )?(?:issue|concern|problem|question)"
    r"|fit (?:concerns?|issues?|problems?|worr(?:y|ies)|questions?))\b",
    re.I,
)


def find_red_flags(text: str, source: str) -> list[RedFlag]:
    """Every red flag in `text`, at most one per label, each with the sentence that shows it."""
    found: list[RedFlag] = []
    text = _unwrapped(text)  # "not a\nculture fit": a line that does not end a sentence goes on
    low = text.casefold()
    sentences: list[tuple[str, str]] | None = None
    for rule in FLAG_RULES:
        present = [*filter(low.__contains__, rule.needs)]  # a sentence can only hold words the whole text holds
        if not present:
            continue
        if sentences is None:  # split once, only for a note that may hold a flag
            sentences = [(s, s.casefold()) for s in _SENTENCE_END.split(text) if s.strip()]
        words = next((hit for s, s_low in sentences if any(map(s_low.__contains__, present))
                      if (hit := _flag_in(s, rule))), None)
        if words:
            found.append(RedFlag(kind=rule.kind, label=rule.label, ground=Ground(source=source, quote=words)))
    return found


# A line break after a word that ends no sentence (a lower-case letter or a comma, then spaces), before a line that
# starts none (spaces, then a lower-case letter: no bullet, heading, blank): one space, as the words run on.
_RUNS_ON_FROM = frozenset("abcdefghijklmnopqrstuvwxyz,")
_RUNS_ON_TO = frozenset("abcdefghijklmnopqrstuvwxyz")


def _unwrapped(text: str) -> str:
    """`text` with each line break inside a sentence made one space (with the spaces and tabs around it)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    kept = [lines[0]]
    for line in lines[1:]:
        head, rest = kept[-1].rstrip(" \t"), line.lstrip(" \t")
        if head and rest and head[-1] in _RUNS_ON_FROM and rest[0] in _RUNS_ON_TO:
            kept[-1] = f"{head} {rest}"
        else:
            kept.append(line)
    return "\n".join(kept)


_SENTENCE_END = guarded(r"(?<=[.!?])\s+|\n")


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Each pattern compiled, and all of them as one alternation that says quickly whether any can match."""
    return (tuple(guarded(p, re.I) for p in patterns),  # type: ignore[return-value]
            guarded("|".join(f"(?:{p})" for p in patterns), re.I))


def _flag_in(text: str, rule: FlagRule) -> str | None:
    each, any_of = _compiled(rule.patterns)
    if any_of.search(text) is None:
        return None
    for pattern in each:  # type: ignore[attr-defined]
        for match in pattern.finditer(text):
            sentence = sentence_around(text, match.start(), match.end())
            if rule.negation_is_the_flag:
                if _FIT_DOUBLE_NEGATION.search(sentence):
                    continue
                return sentence
            if _negated(text, match.start()) or _NEGATED_AFTER.search(_clause_after(text, match.end())):
                continue
            if any(not _negated(sentence, m.start()) for u in rule.unless for m in re.finditer(u, sentence, re.I)):
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
    return text[end : min(stops) if stops else len(text)]
