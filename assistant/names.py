"""Match a name the user typed to the one person or company it means."""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from assistant.errors import AmbiguousError, NotFoundError

T = TypeVar("T")


class Named(Protocol):
    """Anything with a person's name and (maybe) their company."""

    @property
    def name(self) -> str: ...

    @property
    def company(self) -> str | None: ...


N = TypeVar("N", bound=Named)


def pick(query: str, items: Sequence[T], *, name: Callable[[T], str], label: Callable[[T], str],
         what: str = "person") -> T:
    """Return the one item `query` names: by full label, full name, then a word or prefix of the name."""
    wanted = fold(query)
    for key in (label, name):
        exact = _unique_by_label([i for i in items if fold(key(i)) == wanted], label)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise _ambiguous(query, exact, label, what)
    partial = _unique_by_label(
        [i for i in items if wanted in fold(name(i)).split() or fold(name(i)).startswith(wanted)],
        label,
    )
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise _ambiguous(query, partial, label, what)
    labels = sorted({label(i) for i in items})
    close = _close_labels(wanted, items, name=name, label=label)
    hint = f"Did you mean: {', '.join(close)}?" if close else f"Known: {', '.join(labels) or 'none'}."
    raise NotFoundError(f'No {what} named "{query}" in your notes. {hint}')


def _close_labels(wanted: str, items: Sequence[T], *, name: Callable[[T], str], label: Callable[[T], str],
                  n: int = 3, cutoff: float = 0.5) -> list[str]:
    """Labels of the items whose name or label is spelled like `wanted`, closest first."""
    # Compare with the bare name too: "Dana Reyez" is close to "Dana Reyes" but not to
    # "Dana Reyes (Northwind Analytics)", and the label is what tells two Danas apart in the hint.
    # A single word is compared with each word of the name too: "Hana" is close to "Hanna Nováková".
    scores: dict[str, float] = {}
    matcher = difflib.SequenceMatcher(b=wanted)
    for item in items:
        words = fold(name(item)).split() if " " not in wanted else []
        for key in {fold(name(item)), fold(label(item)), *words}:
            matcher.set_seq1(key)
            score = matcher.ratio()
            if score >= cutoff:
                scores[label(item)] = max(score, scores.get(label(item), 0.0))
    return sorted(scores, key=lambda key: (-scores[key], key))[:n]


def resolve_name(query: str, candidates: Sequence[str], *, what: str = "person") -> str:
    """Match `query` to one of the plain names in `candidates`."""
    return pick(query, sorted(set(candidates)), name=str, label=str, what=what)


def _unique_by_label(items: list[T], label: Callable[[T], str]) -> list[T]:
    seen: dict[str, T] = {}
    for item in items:
        seen.setdefault(label(item), item)
    return list(seen.values())


def _ambiguous(query: str, items: list[T], label: Callable[[T], str], what: str) -> AmbiguousError:
    names = ", ".join(sorted(label(i) for i in items))
    plural = {"person": "people", "company": "companies"}.get(what, f"{what}s")
    return AmbiguousError(f'{len(items)} {plural} match "{query}": {names}; use the full name or add the company.')


@dataclass(frozen=True)
class Contact(Generic[N]):
    """Who a name in a note means: the one person, or the people it could mean when it is ambiguous."""

    person: N | None = None
    candidates: tuple[N, ...] = ()


class Contacts(Generic[N]):
    """The people a written name can mean, indexed once by full and first name (and company), so resolving
    every interaction of a large folder costs one lookup each instead of a pass over everyone."""

    def __init__(self, people: Sequence[N]) -> None:
        self.people = list(people)
        self._full: dict[tuple[str | None, str], list[N]] = {}
        self._first: dict[tuple[str | None, str], list[N]] = {}
        for person in self.people:
            name, company = fold(person.name), fold(person.company)
            for key in ((None, name), (company, name)):
                self._full.setdefault(key, []).append(person)
            first = name.split()[:1]
            if first:
                for key in ((None, first[0]), (company, first[0])):
                    self._first.setdefault(key, []).append(person)

    def resolve(self, written: str, *, company: str | None = None) -> Contact[N]:
        """The person `written` means; see `resolve_contact`."""
        wanted, pool = _wanted(written, company)
        same = self._full.get((pool, wanted), [])
        if not same and wanted and " " not in wanted:
            same = self._first.get((pool, wanted), [])
        return _contact(same)


def _wanted(written: str, company: str | None) -> tuple[str, str | None]:
    """The folded name `written` gives, and the folded company it is at (None: any)."""
    name, _, labelled = written.partition(" (")
    company = company or labelled.rstrip(")") or None
    return fold(name), None if company is None else fold(company)


def _contact(same: Sequence[N]) -> Contact[N]:
    return Contact(person=same[0]) if len(same) == 1 else Contact(candidates=tuple(same))


def _scan(written: str, people: Sequence[N], company: str | None) -> Contact[N]:
    """`Contacts(people).resolve(written)` without building the index: one pass, for a name resolved once."""
    wanted, pool = _wanted(written, company)
    here = people if pool is None else [p for p in people if fold(p.company) == pool]
    same = [p for p in here if fold(p.name) == wanted]
    if not same and wanted and " " not in wanted:
        same = [p for p in here if fold(p.name).split()[:1] == [wanted]]
    return _contact(same)


def resolve_contact(written: str, people: Sequence[N] | Contacts[N], *, company: str | None = None) -> Contact[N]:
    """The person a note's `with:` (or a draft's `to:`) means, the same way everywhere.

    A full name (or a label, "Dana Reyes (Northwind Analytics)") means that person; a bare first name means
    the one person with that first name at `company`, or among everyone when no company is given.
    Two or more matches leave the name unresolved, with the candidates, so the caller can say so.
    Resolving many names against the same people: pass `Contacts(people)`, built once.
    """
    if isinstance(people, Contacts):
        return people.resolve(written, company=company)
    return _scan(written, people, company)


# Letters NFKD does not take apart into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "æ": "ae", "Æ": "AE",
                               "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"})


@functools.lru_cache(maxsize=1 << 16)  # the same few names are folded again for every note that mentions them
def fold(text: str | None) -> str:
    """A name as it is compared: accents dropped, case folded, spaces collapsed ("Tomasz Wójcik" -> "tomasz wojcik")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_UNDECOMPOSED))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split()).casefold()


def closest(typed: str, options: Sequence[str], *, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The options spelled most like `typed` (accents, case and punctuation aside), closest first."""
    def bare(text: str) -> str:
        return "".join(c for c in fold(text) if c.isalnum())

    by_bare = {bare(option): option for option in options}
    return [by_bare[key] for key in difflib.get_close_matches(bare(typed), list(by_bare), n=n, cutoff=cutoff)]

