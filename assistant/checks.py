"""Deterministic letter checks: grounding, recipient, tone, tactic, length, placeholders, injection.

No model is needed. Each check returns a CheckResult whose message says what to change when it fails.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, Field

from assistant.phrases import (
    LINK,
    PROSE,
    Phrases,
    anywhere,
    fold_words,
    may_hold,
    positioned_words,
    without_links,
)
from assistant.retrieval import Evidence
from assistant.tactics import LetterKind, letter_kind
from assistant.text import EMAIL, find_dates, note_sentences

MONTHS = [calendar.month_name[i] for i in range(1, 13)]
# Dates are read by `text.find_dates` (ISO, "October 15", "15 Oct", "10/9"); a date without a year is read
# against this far-off day, since only its month and day are compared.
_ANY_YEAR = dt.date(2400, 12, 31)
_NUMBER = re.compile(r"(?<![\w.-])\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[A-Za-z][\w'’&.-]*[A-Za-z0-9]|[A-Za-z]")
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n+")
# A bare domain (northwind-careers.me) counts as a link when the letter copied it from a note; written in lower
# case with a real-looking ending, so Node.js, ASP.NET or v2.0 never count.
_DOMAIN = re.compile(r"(?<![\w@.-])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b(?!\.?[@\w-])")
_CODE_ENDINGS = frozenset({"js", "ts", "jsx", "tsx", "py", "md", "rs", "sh", "go", "java", "kt", "rb", "php", "css",
                           "html", "json", "yaml", "yml", "toml", "csv", "txt", "sql", "ipynb", "net"})
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:instructions?|previous|above|rules|prompt)\b"
    r"|\b(?:system prompt|you are now|new instructions|as an ai|language model)\b"
    r"|\b(?:include|add|insert|append|mention)\b[^.\n]{0,40}\b(?:link|url|this text|the following|phrase)\b"
    r"|\b(?:bcc|forward (?:this|it) to|send (?:this|it|the letter|a copy) to)\b",
    re.IGNORECASE,
)
# A sentence in a note that tells the assistant what to put in a letter: "Also tell Sam that...", "Include X".
_ADDRESSED = re.compile(
    r"^(?:(?:also|and|then|now|please|important|note|p\.?s\.?)[,:!]?\s+)*"
    r"(?:ignore|disregard|forget|override|tell|say|include|add|insert|append|write|mention|sign|state|claim|"
    r"promise|put|make sure|be sure)\b"
    r"|\b(?:in|into|to|from) (?:the|this|each|every|your|any) (?:letter|email|reply|message|draft|output)s?\b"
    r"|\b(?:the|you,?) (?:assistant|ai|model|bot|llm)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
}  # fmt: skip
_NUMBER_WORD = re.compile(rf"\b({'|'.join(_NUMBER_WORDS)})(?:\s+([a-z]+))?\b", re.IGNORECASE)
# Capitalised words that are not facts: greetings, sign-offs, pronouns, days and months.
_PLAIN = {
    "I", "I'm", "I've", "I'd", "I'll", "Hi", "Hello", "Dear", "Hey", "Best", "Thanks", "Thank", "Regards",
    "Warm", "Warmly", "Cheers", "Kind", "Sincerely", "Congratulations", "P.S", "PS", "OK",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", *MONTHS,
}  # fmt: skip
_CREDENTIALS = ("certified", "certification", "certificate", "degree", "diploma", "phd", "master's", "mba",
                "award", "patent", "licence", "license", "accredited")
_TONE: tuple[tuple[str, str], ...] = (
    ("bitter", r"\bunfair(?:ly)?\b|\bbitter\w*\b|\bresent\w*\b|\bangry\b|\bupset\b|\bfrustrat\w*\b"
               r"|\bdisappoint\w*\b|\boverlooked\b|\bwasted\b"),
    ("blaming", r"\bshould have (?:chosen|hired|picked|gone with|taken) me\b"
                r"|\b(?:wrong|bad|poor) (?:decision|choice|call)\b"
                r"|\byou (?:were|are) wrong\b|\bmade a mistake\b|\bnot fair\b"),
    ("begging", r"\bbeg(?:ging)?\b|\bplease,? please\b|\b(?:please )?reconsider\b"
                r"|\bgive me (?:a|another|one more) chance\b"
                r"|\bany (?:job|role|position)(?: at all)?\b|\banything at all\b"),
    ("desperate", r"\bdesperat\w*\b|\bI (?:really|truly|badly) need (?:this|a|the) (?:job|role|position)\b"
                  r"|\blast hope\b|!{2,}|\bwork(?:ing)? (?:for free|for nothing|without pay)\b|\bunpaid\b"
                  r"|\bfor free\b|\bfree of charge\b"),
)  # fmt: skip
_PLACEHOLDERS = re.compile(
    r"\[[^\]\n]{1,40}\](?!\()|\{[^}\n]{1,40}\}|<[A-Za-z][A-Za-z _-]{1,30}>|\b(?:TODO|TBD|FIXME|XXX)\b|lorem ipsum",
)
# What `second-chance init` writes into its example notes: left in a letter, it is a placeholder too.
_SKELETON = re.compile(
    r"\bYour Name\b|\bYour current role\b|\bExample Company\b|\b[A-Z][a-z]+ Example\b|\byou@example\.com\b"
    r"|\bThe role you applied for\b|\bWhat (?:you|they) (?:know|care) about\b",
)
_GENERIC = {"project", "projects", "consultant", "could", "would", "help", "team", "someone", "also", "needs",
            "their", "there", "about", "with", "that", "this", "from", "have", "will", "what", "which"}


class CheckResult(BaseModel):
    """One check on a letter (DESIGN.md section 5: name, passed, message)."""

    name: str
    passed: bool
    message: str


class OtherNote(BaseModel):
    """A note about someone other than the recipient, kept out of the letter's evidence."""

    person: str
    source: str
    text: str


class CheckContext(BaseModel):
    """What the checks compare a letter with: its kind, recipient, sender and the evidence it may use."""

    kind: str
    recipient: str
    user: str | None = None
    known: list[str] = Field(default_factory=list, description="Facts always allowed: names, titles, signature.")
    own_contacts: list[str] = Field(default_factory=list, description="The user's own email addresses and links.")
    evidence: list[Evidence] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list, description="Titles of the notes the evidence comes from.")
    others: list[OtherNote] = Field(default_factory=list)
    projects: list[str] = Field(default_factory=list, description=(
        "The case file's projects for the recipient's company or person: the reading stage found them even when "
        "no sentence says 'project'."))

    @property
    def letter_kind(self) -> LetterKind:
        """The kind's data from tactics.py."""
        return letter_kind(self.kind)

    @property
    def corpus(self) -> str:
        """Every text the letter may draw facts from, in one string."""
        parts = [*self.known, *(e.text for e in self.evidence)]
        parts += [str(v) for e in self.evidence for v in e.metadata.values()]
        return "\n".join(parts)


Check = Callable[[str, str, CheckContext, list[str]], CheckResult]


def run_checks(subject: str, body: str, context: CheckContext, *, cited: Iterable[str] = ()) -> list[CheckResult]:
    """Run every check on a letter, in a fixed order."""
    ids = list(cited)
    return [check(subject, body, context, ids) for check in CHECKS]


def check_grounding(subject: str, body: str, context: CheckContext, cited: list[str]) -> CheckResult:
    """Every name, organisation, date, number and credential in the letter appears in the evidence."""
    missing = ungrounded(f"{subject}\n{body}", context.corpus)
    known_ids = {e.id for e in context.evidence}
    unknown = [i for i in cited if i not in known_ids]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"not in your notes: {', '.join(missing)}; remove them or add a note that says so")
        if unknown:
            parts.append(f"cites {', '.join(unknown)}, which is not among the notes used; drop the citation")
        return CheckResult(name="grounding", passed=False, message=_sentence("; ".join(parts)))
    return CheckResult(name="grounding", passed=True, message="Every name, date and number comes from your notes.")


def check_recipient(subject: str, body: str, context: CheckContext, cited: list[str]) -> CheckResult:
    """The letter greets the recipient and carries no facts from notes about other people."""
    first = context.recipient.split()[0]
    greeting = next((line.strip() for line in body.splitlines() if line.strip()), "")
    match = re.match(r"(?:Hi|Hello|Dear|Hey|Good (?:morning|afternoon))\s+([^,!:\n]+)", greeting, re.IGNORECASE)
    if not match:
        return _fail("recipient", f'Start the letter with a greeting to {context.recipient}, e.g. "Hi {first},".')
    greeted = match.group(1).strip()
    if greeted.split()[0].casefold() != first.casefold() or (
        len(greeted.split()) > 1 and greeted.casefold() != context.recipient.casefold()
    ):
        return _fail("recipient", f'The letter greets "{greeted}" but goes to {context.recipient}; fix the greeting.')
    text = f"{subject}\n{body}"
    # A date ("since July 10") was checked against the recipient's notes by the grounding check: its day is no
    # number borrowed from someone else's note.
    text = _blank(text, find_dates(text, reference=_ANY_YEAR))
    corpus = context.corpus
    own = Phrases(corpus)
    # Only a note that holds a fact the letter says and the recipient's notes do not, or every word of a run only
    # the letter has, can give anything away: the rest cost a few substring searches each instead of being split
    # into phrases (at 10,000 notes, 0.2 s instead of 4.5 s).
    unsaid, runs = _unsaid_facts(text, corpus), own.unshared_runs(text)
    folded = [fold_words(other.text) for other in context.others] if runs else []
    if runs:
        runs = anywhere(runs, "\n".join(folded))
    for number, other in enumerate(context.others):
        about = f"{other.person}. {other.text}"
        leaked = [fact for fact in _facts(about) if _mentions(text, fact) and not _mentions(corpus, fact)
                  ] if any(fact in about for fact in unsaid) else []
        # A namesake is the easiest mix-up to make and the hardest to spot, so one new word gives it away.
        namesake = other.person.casefold().split()[:1] == context.recipient.casefold().split()[:1]
        if runs and may_hold(folded[number], runs, new_words=1 if namesake else 2):
            leaked += [f'"{phrase}"' for phrase in Phrases(other.text).borrowed_by(text, unless_in=own,
                                                                                     new_words=1 if namesake else 2)]
        if leaked:
            return _fail("recipient", f"Mentions {', '.join(leaked)}, which comes from notes about {other.person} "
                                      f"({other.source}), not {context.recipient}; remove it.")
    return CheckResult(name="recipient", passed=True, message=f"Addressed to {context.recipient}; nothing from "
                                                              "notes about other people.")


def check_tone(subject: str, body: str, context: CheckContext, cited: list[str]) -> CheckResult:
    """No bitterness, blame, begging or desperation."""
    text = f"{subject}\n{body}"
    found = [f'{label}: "{m.group(0)}"' for label, pattern in _TONE
             for m in [re.search(pattern, text, re.IGNORECASE)] if m]
    if found:
        return _fail("tone", f"Sounds {'; '.join(found)}. Let go of the rejection and write with quiet confidence; "
                             "rephrase or remove it.")
    return CheckResult(name="tone", passed=True, message="Warm and confident; no bitterness or begging.")


def check_tactic(subject: str, body: str, context: CheckContext, cited: list[str]) -> CheckResult:
    """The letter has every element its kind requires (tactics.py)."""
    kind = context.letter_kind
    missing = []
    for element in kind.required:
        present = any(re.search(cue, body, re.IGNORECASE) for cue in element.cues)
        present = present or (element.titled and _names_a_title(body, context.titles))
        if present and element.grounded:
            present, hint = _grounded_element(body, element.cues, context.evidence, context.projects)
        else:
            hint = ""
        if not present:
            missing.append(element.description + (f' (your notes mention: "{hint.rstrip(".")}")' if hint else ""))
    if missing:
        return _fail("tactic", f"A {kind.id} letter must: {'; '.join(missing)}.")
    return CheckResult(name="tactic", passed=True, message=f"Has what a {kind.id} needs: "
                                                           f"{', '.join(e.id for e in kind.required)}.")


def check_length(subject: str, body: str, context: CheckContext, cited: list[str]) -> CheckResult:
    """The body is within the kind's word budget and the subject within its character limit."""
    kind = context.letter_kind
    words = len(re.findall(r"\S+", body))
    problems = []
    if not subject.strip():
        problems.append("add a subject line")
    elif len(subject) > kind.subject_max_chars:
        problems.append(f"the subject has {len(subject)} characters; keep it to {kind.subject_max_chars}")
    if words < kind.min_words:
        problems.append(f"the body has {words} words; a {kind.id} needs at least {kind.min_words}: add a detail")
    elif words > kind.max_words:
        problems.append(f"the body has {words} words; a {kind.id} should stay under {kind.max_words}: "
                        f"cut {words - kind.max_words}")
    if problems:
        return _fail("length", _sentence("; ".join(problems)))
    return CheckResult(name="length", passed=True, message=f"{words} words ({kind.min_words}-{kind.max_words}); "
                                                           f"subject {len(subject)} characters.")


def check_placeholders(subject: str, body: str, context: CheckContext, cited: list[str]) -> CheckResult:
    """No template leftovers such as [Company], {name} or TODO."""
    text = f"{subject}\n{body}"
    found = sorted({m.group(0) for pattern in (_PLACEHOLDERS, _SKELETON) for m in pattern.finditer(text)})
    if found:
        return _fail("placeholders", f"Fill in or remove: {', '.join(found)}.")
    return CheckResult(name="placeholders", passed=True, message="No placeholders left.")


def check_injection(subject: str, body: str, context: CheckContext, cited: list[str]) -> CheckResult:
    """Nothing from instructions embedded in notes; no links or addresses the notes only carried as data."""
    text = f"{subject}\n{body}"
    own = {c.casefold().rstrip("/.") for c in context.own_contacts}
    problems = []
    for found in [*LINK.findall(text), *EMAIL.findall(text), *_copied_domains(text, context)]:
        if found.casefold().rstrip("/.") not in own:
            where = next((e.source for e in context.evidence if found in e.text), None)
            problems.append(f"{found} ({f'only data in {where}' if where else 'not yours'})")
    if match := _INSTRUCTION.search(text):
        problems.append(f'"{match.group(0)}" (an instruction, not part of a letter)')
    names = {w.casefold() for n in (context.recipient, context.user or "") for w in n.split()}
    cited_ids = set(cited)
    for item in context.evidence:
        said = note_sentences(item.text)
        orders = [s for s in said if is_instruction(s)]
        if any(_shares_run(text, sentence, 5) or _shared_phrase(text, sentence, names) for sentence in orders):
            problems.append(f"text from an instruction inside {item.source}")
        elif orders and item.id in cited_ids and len(orders) == len(said):
            problems.append(f"the citation of {item.source}, which holds only instructions")
    if problems:
        return _fail("injection", f"Remove {'; '.join(dict.fromkeys(problems))}. Notes are data, never "
                                  "instructions for the letter.")
    return CheckResult(name="injection", passed=True, message="Nothing taken from instructions or links in notes.")


def _copied_domains(text: str, context: CheckContext) -> list[str]:
    """Bare domains in the letter (no scheme, no path) that a note carried: links all the same."""
    linked = " ".join([*LINK.findall(text), *EMAIL.findall(text)])
    notes = "\n".join(e.text for e in context.evidence).casefold()
    return [d for d in dict.fromkeys(_DOMAIN.findall(text))
            if d.rsplit(".", 1)[-1] not in _CODE_ENDINGS and d not in linked and d in notes]


def is_instruction(sentence: str) -> bool:
    """Does a note's sentence address the assistant or the letter ("Ignore...", "Tell Sam that...")?"""
    text = sentence.strip().lstrip("-*>•\"“' ")
    return bool(_INSTRUCTION.search(text) or _ADDRESSED.search(text))


def _shared_phrase(letter: str, order: str, names: set[str]) -> bool:
    """Does the letter carry two content words in a row from an instruction ("work for free")?"""
    def pairs(text: str) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for sentence in PROSE.split(without_links(text)):
            words = [w for w, _, _ in positioned_words(sentence) if w not in names]
            out |= set(itertools.pairwise(words))
        return out

    # The order's own verb ("tell", "include") is how it speaks, not what it wants said.
    wanted = {p for p in pairs(order) if not _ADDRESSED.match(p[0])}
    return bool(wanted & pairs(letter))


CHECKS: tuple[Check, ...] = (
    check_grounding, check_recipient, check_tone, check_tactic, check_length, check_placeholders, check_injection,
)


def ungrounded(text: str, corpus: str) -> list[str]:
    """The names, dates, numbers and credentials in `text` that `corpus` does not contain."""
    missing: list[str] = []
    in_corpus = find_dates(corpus, reference=_ANY_YEAR)
    # A note's ISO date gives its year as a number, not its month and day ("2026-10-15" is no "10").
    iso = [f for f in in_corpus if f.has_year and f.words[:4].isdigit()]
    corpus_numbers = {n.replace(",", "") for n in _NUMBER.findall(_blank(corpus, iso))}
    corpus_numbers |= {str(f.day.year) for f in in_corpus if f.has_year}
    known_days = {(f.day.month, f.day.day) for f in in_corpus if f.has_day}
    known_months = {f.day.month for f in in_corpus}  # "Back in November" needs a date in November, any day
    written = find_dates(text, reference=_ANY_YEAR)
    missing += [f.words for f in written
                if (f.has_day and (f.day.month, f.day.day) not in known_days) or f.day.month not in known_months
                or (f.has_year and str(f.day.year) not in corpus_numbers)]
    text = without_links(_blank(text, written))
    for number in _NUMBER.findall(text):
        if number.replace(",", "") not in corpus_numbers:
            missing.append(number)
    low = corpus.casefold()
    for match in _NUMBER_WORD.finditer(text):
        if not _number_in(match, low, corpus_numbers):
            missing.append(match.group(0))
    for name in _proper_words(text):
        if not _mentions(corpus, name):
            missing.append(name)
    low_corpus = corpus.casefold()
    missing += [w for w in _CREDENTIALS if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)
                and w not in low_corpus]
    unique: dict[str, str] = {}  # "Award" once, not "Award, award"
    for word in missing:
        unique.setdefault(word.casefold(), word)
    return list(unique.values())


def _number_in(match: re.Match[str], low_corpus: str, numbers: set[str]) -> bool:
    """Is "three months" in the notes, as words or as "3 months"? A bare "three" needs the number anywhere."""
    word, unit = match.group(1).casefold(), (match.group(2) or "").casefold()
    value = str(_NUMBER_WORDS[word])
    if unit in _UNITS:
        stem = unit.rstrip("s")
        return re.search(rf"\b(?:{word}|{value})[\s-]+{stem}s?\b", low_corpus) is not None
    return re.search(rf"\b{word}\b", low_corpus) is not None or value in numbers


_UNITS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "people",
          "engineers", "times", "interviews", "rounds", "projects", "teams", "clients", "customers"}


def _blank(text: str, dates: list[Any]) -> str:
    """`text` with the words of `dates` blanked out, so their numbers are not checked again as numbers."""
    for found in sorted(dates, key=lambda f: f.start, reverse=True):
        text = text[: found.start] + " " * (found.end - found.start) + text[found.end:]
    return text


def _proper_words(text: str) -> list[str]:
    """Capitalised words that name something: mid-sentence, or starting a run of capitalised words."""
    words: list[str] = []
    for sentence in _sentences(text):
        tokens = [t.strip(".'’") for t in _WORD.findall(sentence.lstrip("\"“'‘(- "))]
        for position, token in enumerate(tokens):
            if not token or not token[0].isupper() or token in _PLAIN or token.split("'")[0] in _PLAIN:
                continue
            if position == 0:
                # Without a dictionary a sentence's first word cannot be told from a name ("Since", "Contoso");
                # the capitalised words after it are still checked, so "Contoso Health ..." is caught by "Health".
                continue
            words.append(token.split("'")[0].split("’")[0])
    return words


def _facts(text: str) -> list[str]:
    """Names (runs of capitalised words) and numbers in a note: what would give it away in a letter."""
    facts = []
    for sentence in _sentences(text):
        for run in re.findall(r"(?:[A-Z][\w&-]+(?:\s+(?:of|for|and)?\s*[A-Z][\w&-]+)*)", sentence):
            if run.split()[0] not in _PLAIN and (len(run.split()) > 1 or not sentence.startswith(run)):
                facts.append(run)
    facts += _NUMBER.findall(text)
    return list(dict.fromkeys(facts))


# What `_facts` finds, whole: a run of capitalised words, or a number.
_RUN_FACT = re.compile(r"[A-Z][\w&-]+(?:\s+(?:of|for|and)?\s*[A-Z][\w&-]+)*")
_NUMBER_FACT = re.compile(r"\d[\d,]*(?:\.\d+)?")
_FACT_START = re.compile(r"(?<![\w-])(?:[A-Z]|\d)")
_NOT_IN_RUN = re.compile(r"[^\w&\s-]|\n")  # a sentence of a note never spans a line
_NOT_IN_NUMBER = re.compile(r"[^\d,.]")
_WORD_CHAR = re.compile(r"[\w-]")


def _unsaid_facts(letter: str, corpus: str) -> set[str]:
    """Every string `_facts` could find in a note that the letter mentions and `corpus` does not.

    A note whose text holds none of them cannot leak a fact into the letter: `_facts` only finds these shapes,
    and a leaked fact is one the letter mentions and the recipient's notes do not.
    """
    found: set[str] = set()
    for start in _FACT_START.finditer(letter):
        begin = start.start()
        shape, stop = (_RUN_FACT, _NOT_IN_RUN) if "A" <= start.group(0) <= "Z" else (_NUMBER_FACT, _NOT_IN_NUMBER)
        limit = stop.search(letter, begin)
        for end in range(begin + 1, (limit.start() if limit else len(letter)) + 1):
            if end < len(letter) and _WORD_CHAR.match(letter, end):
                continue  # `_mentions` wants the fact to end where a word ends
            piece = letter[begin:end]
            if piece not in found and shape.fullmatch(piece) and piece.split()[0] not in _PLAIN \
                    and not _mentions(corpus, piece):
                found.add(piece)
    return found


def _mentions(text: str, fact: str) -> bool:
    r"""Does `text` hold `fact` as whole words: an occurrence with no word character or hyphen on either side?

    The same as searching `(?<![\w-])FACT(?![\w-])`, without a regex that tries every position of a long text.
    """
    at = text.find(fact)
    while at != -1:
        end = at + len(fact)
        if (at == 0 or not _WORD_CHAR.match(text, at - 1)) and (end == len(text) or not _WORD_CHAR.match(text, end)):
            return True
        at = text.find(fact, at + 1)
    return False


def _grounded_element(body: str, cues: tuple[str, ...], evidence: list[Evidence],
                      phrases: Iterable[str] = ()) -> tuple[bool, str]:
    """Does the letter share three key words with one evidence sentence that matches the cues, or with a phrase?

    `phrases` are what the reading stage found (a project's noun phrase): a shorter phrase counts when the letter
    has all of its key words.
    """
    letter_words = _key_words(body)
    for phrase in phrases:
        words = _key_words(phrase)
        if words and len(words & letter_words) >= min(3, len(words)):
            return True, ""
    hint = ""
    for item in evidence:
        # Whole sentences here: "needs someone to build X: a project I could help with" is one thought.
        for sentence in (s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", item.text) if s.strip()):
            if any(re.search(cue, sentence, re.IGNORECASE) for cue in cues):
                hint = hint or (sentence if len(sentence) <= 160 else sentence[:159].rsplit(" ", 1)[0] + "…")
                if len(_key_words(sentence) & letter_words) >= 3:
                    return True, ""
    return False, hint


def _names_a_title(body: str, titles: list[str]) -> bool:
    """Does the letter name one of the titles, whole or up to its colon or comma ("Designing for gloves")?"""
    text = " ".join(body.split()).casefold()
    for title in titles:
        whole = " ".join(title.split()).strip("\"“”").casefold()
        # The main part alone names it too, if it is long enough not to be a common term ("Kafka Streams").
        short = re.split(r"[:,;–—]| - ", whole)[0].strip()
        if (len(whole.split()) >= 2 and _mentions(text, whole)) or (len(short.split()) >= 3 and _mentions(text, short)):
            return True
    return False


def _key_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{3,}", text.casefold()) if w not in _GENERIC}


def _shares_run(text: str, sentence: str, size: int) -> bool:
    words = re.findall(r"\w+", sentence.casefold())
    haystack = " ".join(re.findall(r"\w+", text.casefold()))
    return any(f" {' '.join(words[i:i + size])} " in f" {haystack} " for i in range(len(words) - size + 1))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _fail(name: str, message: str) -> CheckResult:
    return CheckResult(name=name, passed=False, message=message)
