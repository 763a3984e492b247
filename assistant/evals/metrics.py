"""The numbers the suite reports: ranking scores, grounding share, check precision and recall."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_MONTHS = set(re.findall(r"\S+", "january february march april may june july august september october november "
                                  "december jan feb mar apr jun jul aug sep sept oct nov dec"))
_COMMON = _MONTHS | set(re.findall(r"\S+", (
    "i i'm i've i'd i'll monday tuesday wednesday thursday friday saturday sunday hi hello dear best thanks "
    "thank regards kind warm cheers sincerely subject re fwd ps congratulations congrats "
    # Ordinary words that open a sentence and run into a name: "Since September", "Last June", "At Lumen".
    "since after before until during in on at by for from this that these those last next our your my the a an "
    "as if and but so we you it when while once today yesterday tomorrow")))
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w-])\d[\d,]*(?:\.\d+)?(?![\w-])")
# A name never runs across a line break: "... Field Tools" ending a subject is not one name with "Hi Alex".
_NAME = re.compile(r"\b[A-Z][\w'’.-]*[A-Za-z0-9](?:[^\S\n]+(?:of[^\S\n]+|for[^\S\n]+|&[^\S\n]+)?[A-Z][\w'’.-]*"
                   r"[A-Za-z0-9])*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|[\"“(]\s*)$")


def recall_at_k(ranked: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """Share of the relevant items found in the first `k` ranked ones."""
    wanted = set(relevant)
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 1.0


def reciprocal_rank(ranked: Sequence[str], relevant: Iterable[str]) -> float:
    """1 / the rank of the first relevant item (0 when none is ranked)."""
    wanted = set(relevant)
    return next((1.0 / (i + 1) for i, item in enumerate(ranked) if item in wanted), 0.0)


def letter_facts(text: str) -> list[str]:
    """The checkable facts in a letter: names, organisations, credentials, dates and numbers."""
    facts = [m.group(0) for m in _ISO.finditer(text)]
    stripped = _ISO.sub(" ", text)
    facts += [m.group(0).replace(",", "") for m in _NUMBER.finditer(stripped)]
    for match in _NAME.finditer(stripped):
        phrase = match.group(0).rstrip(".'’")
        words = phrase.split()
        if len(words) == 1 and (phrase.casefold() in _COMMON or _SENTENCE_START.search(stripped[: match.start()])):
            continue
        while words and words[0].casefold() in _COMMON:
            words = words[1:]
        if words:
            facts.append(" ".join(words))
    return list(dict.fromkeys(facts))


def grounded_share(text: str, evidence: str) -> tuple[float, list[str]]:
    """Share of the letter's facts that appear in `evidence`, and the facts that do not."""
    facts = letter_facts(text)
    haystack = _normalise(evidence)
    missing = [f for f in facts if _normalise(f) not in haystack and not _all_words_in(f, haystack)]
    share = 1.0 - len(missing) / len(facts) if facts else 1.0
    return share, missing


def _normalise(text: str) -> str:
    text = text.replace("’", "'").casefold()
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return " ".join(text.split())


def _all_words_in(fact: str, haystack: str) -> bool:
    # A name split across a line or with a possessive ("Dana's") still counts when every word is there.
    words = [re.sub(r"'s$", "", w) for w in _normalise(fact).split()]
    return len(words) > 1 and all(re.search(rf"\b{re.escape(w)}\b", haystack) for w in words)


def precision_recall(pairs: Iterable[tuple[bool, bool]]) -> tuple[float | None, float | None, dict[str, int]]:
    """Precision and recall of (fired, should_fire) pairs; None where there is nothing to divide by.

    A check that never fires on letters that should make it fire scores zero recall, and a check with no
    labelled bad letter has no recall at all, which the report shows as missing, not perfect.
    """
    tp = fp = fn = tn = 0
    for fired, should in pairs:
        tp += fired and should
        fp += fired and not should
        fn += should and not fired
        tn += not fired and not should
    precision = tp / (tp + fp) if tp + fp else (0.0 if tp + fn else None)
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall, {"tp": tp, "fp": fp, "fn": fn, "tn": tn}


def mean(values: Iterable[float]) -> float | None:
    """The mean, or None for no values."""
    items = list(values)
    return sum(items) / len(items) if items else None
