"""The case file indexed once per plan, so planning each company costs only what concerns that company.

Without it every company scanned every project, opening, article, progress item and note of the case file: at
10,000 notes, with a company per few hundred notes, the plan grew with the square of the notes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
from collections import Counter
from dataclasses import dataclass

from assistant.casefile import Article, CaseFile, Opening, Person, Progress, Project
from assistant.planner.rules import norm
from assistant.text import content_words


@dataclass(frozen=True)
class ArticleText:
    """An article with the text that says whom it is for, compared once per person."""

    article: Article
    named: str  # its readers and why, as written
    normed: str  # the same, case and spacing ignored


class CaseLookup:
    """Projects, openings, people and notes by company (`norm`), and each progress item's content words."""

    def __init__(self, case: CaseFile) -> None:
        self.projects: dict[str, list[Project]] = {}
        for project in case.projects:
            self.projects.setdefault(norm(project.company), []).append(project)
        self.project_people = {norm(p.person) for p in case.projects}
        self.openings: dict[str, list[Opening]] = {}
        for opening in case.openings:
            self.openings.setdefault(norm(opening.company), []).append(opening)
        self.people: dict[str, list[Person]] = {}
        for person in case.people:
            if not person.example:
                self.people.setdefault(norm(person.company), []).append(person)
        names = Counter(norm(p.name) for p in case.people if not p.example)
        self.ambiguous = {name for name, count in names.items() if count > 1}
        texts = [" ".join([*a.for_people, a.why or ""]) for a in case.articles]
        self.articles = [ArticleText(a, text, norm(text)) for a, text in zip(case.articles, texts, strict=True)]
        # Every article's text in one string each way, to find the few that name someone in one scan.
        self._texts = {False: _Joined([a.named for a in self.articles]),
                       True: _Joined([a.normed for a in self.articles])}
        # Which notes the case file places at a company: about it, or about someone who works there.
        self.about: dict[str, set[str]] = {}
        for note in case.notes:
            if note.about_company:
                self.about.setdefault(norm(note.about_company), set()).add(note.source)
        self.about_any = {s for sources in self.about.values() for s in sources}
        self.staff_sources: dict[str, set[str]] = {}
        for person in case.people:
            if person.company:
                self.staff_sources.setdefault(norm(person.company), set()).update(person.sources)
        self.staff_any = {s for sources in self.staff_sources.values() for s in sources}
        self.progress: list[tuple[Progress, set[str]]] = []
        self.by_word: dict[str, list[int]] = {}
        words_of = functools.cache(content_words)  # notes repeat their sentences (a weekly log, a copied line)
        for index, item in enumerate(case.progress):
            words = words_of(f"{item.what} {item.ground.quote}")
            self.progress.append((item, words))
            for word in words:
                self.by_word.setdefault(word, []).append(index)
        # Progress by date, so a company's window (rejection to today) is two bisections, not a test of each item.
        self._by_date = sorted((item.date, index) for index, item in enumerate(case.progress) if item.date)
        self._undated = [index for index, item in enumerate(case.progress) if not item.date]

    def elsewhere(self, company: str, sources: set[str]) -> set[str]:
        """Those of `sources` the case file places at another company than `company`."""
        want = norm(company)
        about_here = self.about.get(want, set())
        here = self.staff_sources.get(want, set())
        return {s for s in sources
                if (s in self.about_any and s not in about_here) or (s in self.staff_any and s not in here)}

    def progress_sharing(self, words: set[str], *, since: dt.date | None = None,
                         until: dt.date | None = None) -> list[tuple[Progress, set[str]]]:
        """Progress items (in case order) whose content words share one of `words`, undated or dated from `since`
        to `until` (either end open when None)."""
        found = {i for word in words for i in self.by_word.get(word, [])}
        if since is not None or until is not None:
            dated = self._by_date
            low = 0 if since is None else bisect.bisect_left(dated, (since, -1))
            high = len(dated) if until is None else bisect.bisect_right(dated, (until, len(self.progress)))
            found &= {*self._undated, *(index for _, index in dated[low:high])}
        return [self.progress[i] for i in sorted(found)]

    def articles_containing(self, words: str, *, normed: bool) -> list[int]:
        """The indices (in case order) of the articles whose text (`normed`, or as written) contains `words`."""
        return self._texts[normed].containing(words)


class _Joined:
    """Texts joined into one string, searched at once: which of them contain a given piece of text."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0)) if texts else []
        self.joined = "\0".join(texts)

    def containing(self, piece: str) -> list[int]:
        """Indices of the texts that contain `piece`, in order."""
        if not piece or "\0" in piece:
            return [i for i, text in enumerate(self.texts) if piece in text]
        found: list[int] = []
        at = self.joined.find(piece)
        while at >= 0:
            index = bisect.bisect_right(self.starts, at) - 1
            found.append(index)
            at = self.joined.find(piece, self.starts[index] + len(self.texts[index]) + 1)  # the next text on
        return found
