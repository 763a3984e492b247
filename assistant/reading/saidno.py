"""Being turned down, read by meaning: a sentence that tells the user no, or that they would not fit or will not be
considered again (a company's final no).

Rules catch the usual words (`kinds.REJECTION_CUE`, the culture-misfit rules in `flags`); this reads the rest: each
candidate sentence is compared by meaning (the bundled WordLlama embeddings) with short descriptions of each idea,
and the best idea counts when close enough (THRESHOLD) and clearly ahead of the next (MARGIN). Both were chosen on
the labelled sentences in tests/data/rejection_phrasings.yaml (`python scripts/rejection_phrasings.py` prints
precision and recall); the descriptions below are written for the idea, not copied from that set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.text import fold, folding

if TYPE_CHECKING:
    from assistant.reading.parts import PartMatcher

THRESHOLD = 0.3
MARGIN = 0.08
Idea = Literal["no", "misfit"]

DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "no": (
        "they went with another candidate",
        "we will not be moving forward with your application",
        "I was turned down for the job",
        "they rejected me after the interview",
        "sadly I did not get the position",
        "they gave the job to someone else",
        "we regret to inform you that you were unsuccessful",
        "they decided not to hire me",
    ),
    "misfit": (
        "you would not fit the way we work here",
        "we will not consider you for future positions",
        "your approach does not match our culture",
        "do not reapply to us",
    ),
    "other": (
        "we had a nice chat about the team",
        "they invited me to the next interview round",
        "I declined their offer",
        "they will get back to me next week",
        "the company is hiring for a new role",
        "I finished a course and earned a certificate",
        "the team needs help with a project",
        "they said I am welcome to apply again later",
        "a friendly person, we talked about hobbies",
        "the company changed its policy",
    ),
}
# A sentence read by meaning is short and about the user or addressed to them (the words of a no always are).
_ABOUT_USER = re.compile(r"\b(?:I|me|my|I'm|I've|you|your|you'd|we|us|our)\b", re.I)
MAX_SENTENCES = 12
# The user saying no to them is no rejection ("I turned down their offer", "I'm not interested"), nor is what
# the user sent ("the email I sent ...").
_USER_DECLINED = re.compile(
    r"\bI\s+(?:\w+\s+)?(?:turned (?:down|it down|them down)|declined|said no|withdrew|rejected|passed on|pulled out)\b"
    r"|\bI(?:'m| am)\s+(?:\w+\s+)?(?:not|no longer) interested\b|\bI\s+(?:\w+\s+)?sent\b",
    re.I)

_ABOUT_USER_FOLDED, _USER_DECLINED_FOLDED = folding(_ABOUT_USER), folding(_USER_DECLINED)  # same matches, faster


def candidates(sentences: Sequence[str], limit: int = MAX_SENTENCES) -> list[str]:
    """The sentences worth reading by meaning: short enough, and about the user or spoken to them."""
    found = (s for s in sentences if 12 <= len(s) <= 320
             and _ABOUT_USER_FOLDED.search(low := fold(s)) and not _USER_DECLINED_FOLDED.search(low))
    return list(islice(found, limit))


class NoMatcher:
    """Scores sentences against the ideas of a no and a final no, sharing the part matcher's embedder."""

    def __init__(self, parts: PartMatcher, *, threshold: float = THRESHOLD, margin: float = MARGIN) -> None:
        self.parts, self.threshold, self.margin = parts, threshold, margin
        self._protos: Any = None
        self._labels: list[str] = []
        self._seen: dict[str, dict[str, float]] = {}

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """For each text, its best similarity to each idea (one embedding call for those not seen yet)."""
        if not texts:
            return []
        import numpy as np

        from assistant.reading.blas import similarity_matrix
        from assistant.reading.parts import best_by_label

        embedder = self.parts.embedder
        if self._protos is None:
            self._labels = [idea for idea in DESCRIPTIONS for _ in DESCRIPTIONS[idea]]
            flat = [t for idea in DESCRIPTIONS for t in DESCRIPTIONS[idea]]
            self._protos = np.asarray(embedder.embed_documents(flat), dtype="float32")
        missing = list(dict.fromkeys(t for t in texts if t not in self._seen))
        if missing:
            vectors = np.asarray(embedder.embed_documents(missing), dtype="float32")
            similar = similarity_matrix(vectors, self._protos)
            for text, best in zip(missing, best_by_label(similar, self._labels), strict=True):
                self._seen[text] = best
            if len(self._seen) > 50_000:
                self._seen.clear()
        return [self._seen[t] for t in texts]

    def classify(self, texts: Sequence[str]) -> list[Idea | None]:
        """For each text: `no`, `misfit` (a final no) or None when neither is clear."""
        found: list[Idea | None] = []
        for best in self.scores(texts):
            ranked = sorted(best.items(), key=lambda item: -item[1])
            (idea, top), (_, second) = ranked[0], ranked[1]
            good = idea != "other" and top >= self.threshold and top - second >= self.margin
            found.append(idea if good else None)  # type: ignore[arg-type]
        return found


def measure(matcher: NoMatcher, labelled: Path) -> dict[str, tuple[float, float, int]]:
    """Precision, recall and count for `no` (a misfit is also a no) and `misfit` on a labelled YAML file."""
    import yaml

    from assistant.reading.flags import find_red_flags
    from assistant.reading.kinds import REJECTION_CUE

    data: dict[str, list[str]] = yaml.safe_load(labelled.read_text(encoding="utf-8"))
    pairs = [(idea, text) for idea, texts in data.items() for text in texts]
    read = candidates([text for _, text in pairs], limit=len(pairs))  # what the reader would compare by meaning
    by_meaning = [hit if text in read else None
                  for (_, text), hit in zip(pairs, matcher.classify([text for _, text in pairs]), strict=True)]
    said: list[set[str]] = []
    for (_, text), hit in zip(pairs, by_meaning, strict=True):
        misfit = hit == "misfit" or any(f.kind == "culture-misfit" for f in find_red_flags(text, "x"))
        no = misfit or hit == "no" or bool(REJECTION_CUE.search(text))
        said.append({idea for idea, yes in (("no", no), ("misfit", misfit)) if yes})
    table = {}
    for idea, wanted in (("no", {"rejection", "misfit"}), ("misfit", {"misfit"})):
        predicted = sum(1 for s in said if idea in s)
        actual = sum(1 for want, _ in pairs if want in wanted)
        correct = sum(1 for (want, _), s in zip(pairs, said, strict=True) if idea in s and want in wanted)
        table[idea] = (correct / predicted if predicted else 0.0, correct / actual if actual else 0.0, actual)
    return table
