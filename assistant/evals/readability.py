"""A readability lint for letters: would a person send this? Problems a reader notices at once, per sentence.

Rules: `long` (a sentence over 35 words), `quotes` (quote marks or brackets that do not pair up in a paragraph),
`fragment` (a bullet, a lower-case start, no closing stop, a dash list "Takahashi - VP", a trailing colon, an
ellipsis), `abbreviation` (note shorthand such as "hiring mgr"), `second-person` (a "you" that came from a note,
where it meant the user: a sentence sharing five words in a row with a note's "you" sentence, "you" before a
name, or "you" before a third-person verb), `dangling` (a paragraph that opens by pointing back at nothing:
"That ...", "I took that seriously"), and across letters `repeated` (a paragraph sent to two people, or a
sentence sent to three or more).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, Field

from assistant.shorthand import abbreviations_in

MAX_WORDS = 35
RULES = ("long", "quotes", "fragment", "abbreviation", "second-person", "dangling", "repeated")
_SPLIT = re.compile(r"(?<=[.!?])[\"”)]?\s+(?=[\"“(]?[A-Z0-9])")
_GREETING = re.compile(r"^(?:Hi|Hello|Dear|Hey)\b[^\n]*,$")
_SIGN_OFF = re.compile(r"^(?:Best|Best wishes|Thanks|Thank you|Regards|Kind regards|Warmly|Cheers|Sincerely|"
                       r"All the best)[,!]?$")
_URL_END = re.compile(r"https?://\S+$|\bwww\.\S+$")
_YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
_THIRD_PERSON = re.compile(r"\byou (?:is|was|has|does|says|cares|wants|needs|likes|thinks|runs|leads|struggles|"
                           r"values|knows|seems|loves|hates|complains)\b", re.IGNORECASE)
_YOU_NAME = re.compile(r"\byou,? (?!I\b)[A-Z][a-z]+\b")
_DANGLING = re.compile(r"^(?:That|This|It|These|Those|They|He|She|Which|Such)\b(?! is (?:a|an|the) )"
                       r"|^I (?:took|take|did|fixed|closed|addressed|heard|noted) (?:that|this|it|them)\b")
_RUN = 5


class Problem(BaseModel):
    """One thing a reader would stumble on."""

    rule: str
    text: str = Field(description="The sentence or paragraph, as the letter has it.")


class Lint(BaseModel):
    """A letter's problems and how many sentences it has."""

    sentences: int
    problems: list[Problem] = Field(default_factory=list)

    @property
    def clean(self) -> bool:
        """No problem at all."""
        return not self.problems

    @property
    def sentence_score(self) -> float:
        """Share of sentences with no problem (1.0 for a clean letter)."""
        bad = {p.text for p in self.problems}
        return 1.0 - min(len(bad), self.sentences) / self.sentences if self.sentences else 1.0


def paragraphs(body: str) -> list[str]:
    """The letter's paragraphs between the greeting and the sign-off, each on one line."""
    out = []
    for block in (b.strip() for b in re.split(r"\n\s*\n", body.strip()) if b.strip()):
        first_line = block.splitlines()[0].strip()
        if _GREETING.match(first_line) and len(block.splitlines()) == 1:
            continue
        if _SIGN_OFF.match(first_line):
            break
        out.append(" ".join(block.split()))
    return out


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences."""
    return [s.strip() for s in _SPLIT.split(paragraph) if s.strip()]


def lint_letter(body: str, *, notes: Sequence[str] = ()) -> Lint:
    """Lint one letter body; `notes` are the texts of the notes it was written from (to catch a borrowed "you")."""
    noted_you = [s for text in notes for s in _note_sentences(text) if _YOU.search(s)]
    runs = {run for s in noted_you for run in _runs(s)}
    problems: list[Problem] = []
    count = 0
    for paragraph in paragraphs(body):
        if paragraph.count('"') % 2 or paragraph.count("“") != paragraph.count("”") or \
                paragraph.count("(") != paragraph.count(")"):
            problems.append(Problem(rule="quotes", text=paragraph))
        for number, sentence in enumerate(sentences(paragraph)):
            count += 1
            problems += [Problem(rule=rule, text=sentence) for rule in _sentence_rules(sentence, number, runs)]
    return Lint(sentences=count, problems=problems)


def _sentence_rules(sentence: str, number: int, runs: set[tuple[str, ...]]) -> list[str]:
    found = []
    words = sentence.split()
    if len(words) > MAX_WORDS:
        found.append("long")
    if (re.match(r"[-*•>]|[a-z]", sentence) or not (sentence.endswith((".", "!", "?", '."', '?"', ".”", "?”", ".)"))
                                                  or _URL_END.search(sentence))
            or re.search(r"\s[-–]\s[A-Z]", sentence) or re.search(r"\.\.\.|…|:$", sentence) or len(words) < 3):
        found.append("fragment")
    if abbreviations_in(sentence):
        found.append("abbreviation")
    if _YOU.search(sentence) and (_THIRD_PERSON.search(sentence) or _YOU_NAME.search(sentence)
                                  or any(run in runs for run in _runs(sentence))):
        found.append("second-person")
    if number == 0 and _DANGLING.match(sentence):
        found.append("dangling")
    return found


def lint_letters(letters: Sequence[tuple[str, str]], *, notes: Sequence[str] = ()) -> list[Lint]:
    """Lint letters written together, as (recipient, body): each alone, then what they repeat to different people."""
    results = [lint_letter(body, notes=notes) for _, body in letters]
    para_to: dict[str, set[str]] = defaultdict(set)
    sent_to: dict[str, set[str]] = defaultdict(set)
    for to, body in letters:
        for paragraph in paragraphs(body):
            if len(paragraph.split()) >= 12:
                para_to[_key(paragraph)].add(to)
            for sentence in sentences(paragraph):
                if len(sentence.split()) >= 8:
                    sent_to[_key(sentence)].add(to)
    for (_, body), result in zip(letters, results, strict=True):
        for paragraph in paragraphs(body):
            if len(para_to.get(_key(paragraph), ())) >= 2:
                result.problems.append(Problem(rule="repeated", text=paragraph))
                continue
            result.problems += [Problem(rule="repeated", text=s) for s in sentences(paragraph)
                                if len(sent_to.get(_key(s), ())) >= 3]
    return results


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _note_sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n\s*\n|\n[-*•]\s*", text) if s.strip()]


def _runs(sentence: str) -> set[tuple[str, ...]]:
    tokens = re.findall(r"[a-z0-9']+", sentence.casefold())
    return {tuple(tokens[i:i + _RUN]) for i in range(len(tokens) - _RUN + 1) if set(tokens[i:i + _RUN]) & {
        "you", "your", "yours", "yourself"}}
