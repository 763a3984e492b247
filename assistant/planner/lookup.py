"""The case file indexed once per plan, so planning each company costs only what concerns that company.

Without it every company scanned every project, opening, article, progress item and note of the case file: at
10,000 notes, with a company per few hundred notes, the plan grew with the square of the notes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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
        # All articles' texts in one string each, a line apart, so a person's name is looked for once per person,
        # not once per person and article (a normed text has no line break; a name has none either).
        self._named = _Joined([a.named for a in self.articles])
        self._normed = _Joined([a.normed for a in self.articles])
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
        for index, item in enumerate(case.progress):
            words = content_words(f"{item.what} {item.ground.quote}")
            self.progress.append((item, words))
            for word in words:
                self.by_word.setdefault(word, []).append(index)

    def elsewhere(self, company: str, sources: set[str]) -> set[str]:
        """Those of `sources` the case file places at another company than `company`."""
        want = norm(company)
        about_here = self.about.get(want, set())
        here = self.staff_sources.get(want, set())
        return {s for s in sources
                if (s in self.about_any and s not in about_here) or (s in self.staff_any and s not in here)}

    def articles_naming(self, name: str, word: re.Pattern[str] | None = None) -> list[ArticleText]:
        """The articles (in case order) whose normed text holds `name` (normed), or whose text `word` matches:
        the same as testing `name in normed or word.search(named)` on each article."""
        if not name or "\n" in name:
            return [a for a in self.articles
                    if name in a.normed or (word is not None and word.search(a.named) is not None)]
        found = set(self._normed.holding(name))
        if word is not None:
            found.update(self._named.matching(word))
        return [self.articles[i] for i in sorted(found)]

    def progress_sharing(self, words: set[str]) -> list[tuple[Progress, set[str]]]:
        """Progress items (in case order) whose content words share one of `words`."""
        found = sorted({i for word in words for i in self.by_word.get(word, [])})
        return [self.progress[i] for i in found]


class _Joined:
    """Texts joined by line breaks, with where each starts: a search over all of them is one C-level scan."""

    def __init__(self, texts: list[str]) -> None:
        self.text = "\n".join(texts)
        self.starts: list[int] = []
        offset = 0
        for text in texts:
            self.starts.append(offset)
            offset += len(text) + 1

    def _owner(self, at: int) -> int:
        return bisect_right(self.starts, at) - 1

    def holding(self, part: str) -> list[int]:
        """The texts that hold `part` (which has no line break, so no match spans two texts)."""
        found: list[int] = []
        at = self.text.find(part)
        while at != -1:
            owner = self._owner(at)
            found.append(owner)
            following = owner + 1
            if following >= len(self.starts):
                break
            at = self.text.find(part, self.starts[following])
        return found

    def matching(self, pattern: re.Pattern[str]) -> list[int]:
        """The texts `pattern` matches in, for a pattern that cannot match a line break and whose edges behave
        at a line break as at the start or end of a text (a `\\b` next to a word: a line break is no word)."""
        return list(dict.fromkeys(self._owner(m.start()) for m in pattern.finditer(self.text)))
