"""Runs of content words: what gives away where a letter's detail came from.

The recipient check compares the letter's runs of three content words with other people's notes (`Phrases`), and
the injection check the pairs an instruction in a note wanted said; both judge text without its links.
"""

from __future__ import annotations

import functools
import re

from assistant.text import EMAIL

# A link never takes the sentence's closing punctuation with it: "see www.example.com. Really useful."
# A link: with a scheme, www., or any host.tld followed by a path (t.me/x, evil.co.uk/x, careers.me/apply).
LINK = re.compile(r"\bhttps?://[^\s)>\]]*[^\s)>\].,;:!?]|\bwww\.[^\s)>\]]*[^\s)>\].,;:!?]|"
                  r"\b[a-z0-9][\w-]*(?:\.[\w-]+)*\.[a-z]{2,24}/(?:[^\s)>\]]*[^\s)>\].,;:!?])?", re.IGNORECASE)
# Words that say nothing about where a detail came from; the rest make up the runs the recipient check compares.
FUNCTION_WORDS = frozenset({
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but",
    "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "here", "him",
    "his", "how", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "it", "it's", "its", "just", "me",
    "more", "most", "my", "no", "not", "now", "of", "on", "or", "our", "out", "over", "she", "so", "some", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too", "up", "us",
    "very", "was", "we", "were", "what", "when", "where", "which", "who", "will", "with", "would", "you", "your"
})  # fmt: skip
PROSE = re.compile(r"(?<=[.!?:;])\s+|\n\s*\n")  # sentences; a line break inside a paragraph is only a wrap
TOKEN = re.compile(r"[A-Za-z0-9][\w'’-]*")
RUN = 3  # content words in a row that a letter must share with a note to have taken a detail from it


def fold_words(text: str) -> str:
    """`text` as `positioned_words` compares its words: each such word is a substring of it."""
    return text.casefold().replace("’", "'")


def anywhere(runs: dict[tuple[str, ...], set[str]], folded: str) -> dict[tuple[str, ...], set[str]]:
    """The runs whose every word occurs somewhere in `folded` (all the other notes): a word no note has rules
    out its runs with one scan of the folder, instead of one look per note."""
    known = seen_in(folded)
    kept = {}
    for run, fresh in runs.items():
        for word in sorted(run, key=lambda w: (w not in fresh, -len(w))):  # the letter's own words: likely absent
            if word not in known:
                known[word] = word in folded
            if not known[word]:
                break
        else:
            kept[run] = fresh
    return kept


@functools.lru_cache(maxsize=2)  # the next letter in the same process looks in the same notes
def seen_in(folded: str) -> dict[str, bool]:
    """Which words `anywhere` found in `folded` so far (it fills this in)."""
    return {}


def may_hold(low: str, runs: dict[tuple[str, ...], set[str]], *, new_words: int) -> bool:
    """Could a note (`fold_words`ed) share runs with the letter that bring `new_words` new words? Only if it holds
    every word of such runs somewhere (a word inside another counts too: this only rules notes out)."""
    has: dict[str, bool] = {}
    new: set[str] = set()
    for run, fresh in runs.items():
        if all(has[word] if word in has else has.setdefault(word, word in low) for word in run):
            new |= fresh
            if len(new) >= new_words:
                return True
    return False


class Phrases:
    """The runs of three content words in a text: what gives away where a detail came from."""

    def __init__(self, text: str) -> None:
        self.words: set[str] = set()
        self.runs: set[tuple[str, ...]] = set()
        for sentence in PROSE.split(without_links(text)):
            content = positioned_words(sentence)
            self.words.update(word for word, _, _ in content)
            self.runs.update(word_runs(content))

    def unshared_runs(self, letter: str) -> dict[tuple[str, ...], set[str]]:
        """The letter's runs this text lacks that carry words it never uses, with those words: all that
        `borrowed_by(letter, unless_in=self)` can ever report is made of them."""
        runs = (run for _, content in letter_sentences(letter) for run in word_runs(content))
        return {run: set(run) - self.words for run in runs if run not in self.runs and not self.words.issuperset(run)}

    def borrowed_by(self, letter: str, *, unless_in: Phrases, new_words: int = 2) -> list[str]:
        """The letter's phrases that share a run with this text and not with `unless_in`, as the letter words them.

        Overlapping runs make one phrase, and it counts only when `new_words` of its words never occur in
        `unless_in`: "build a data-quality test suite" may restate the recipient's notes in other words, "never run
        usability tests with technicians in the field" cannot.
        """
        found: list[str] = []
        for sentence, content in letter_sentences(letter):
            spans: list[tuple[int, int, set[str]]] = []
            for i, run in enumerate(word_runs(content)):
                if run in self.runs and run not in unless_in.runs:
                    start, end, new = content[i][1], content[i + RUN - 1][2], set(run) - unless_in.words
                    if spans and start <= spans[-1][1]:
                        spans[-1] = (spans[-1][0], end, spans[-1][2] | new)
                    else:
                        spans.append((start, end, new))
            found += [" ".join(sentence[start:end].split()) for start, end, new in spans if len(new) >= new_words]
        return list(dict.fromkeys(found))


@functools.lru_cache(maxsize=4)  # one letter is compared with every note that may share a run with it
def letter_sentences(letter: str) -> tuple[tuple[str, list[tuple[str, int, int]]], ...]:
    """The letter's sentences (links blanked), each with its content words."""
    return tuple((sentence, positioned_words(sentence)) for sentence in PROSE.split(without_links(letter)))


def without_links(text: str) -> str:
    """Links and addresses blanked out: the injection check judges those."""
    return EMAIL.sub(" ", LINK.sub(" ", text))


def positioned_words(sentence: str) -> list[tuple[str, int, int]]:
    """The words of a sentence that carry meaning, casefolded, with where each starts and ends."""
    words = [(m.group(0).casefold().replace("’", "'").rstrip("'"), m.start(), m.end())
             for m in TOKEN.finditer(sentence)]
    return [w for w in words if w[0] not in FUNCTION_WORDS]


def word_runs(content: list[tuple[str, int, int]]) -> list[tuple[str, ...]]:
    """Every run of `RUN` content words in a row."""
    return [tuple(word for word, _, _ in content[i:i + RUN]) for i in range(len(content) - RUN + 1)]
