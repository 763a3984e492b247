"""Match a name the user typed to the one person or company it means."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import TypeVar

from assistant.errors import AmbiguousError, NotFoundError

T = TypeVar("T")


def pick(query: str, items: Sequence[T], *, name: Callable[[T], str], label: Callable[[T], str],
         what: str = "person") -> T:
    """Return the one item `query` names: by full label, full name, then a word or prefix of the name."""
    wanted = " ".join(query.split()).casefold()
    for key in (label, name):
        exact = _unique_by_label([i for i in items if key(i).casefold() == wanted], label)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise _ambiguous(query, exact, label, what)
    partial = _unique_by_label(
        [i for i in items if wanted in name(i).casefold().split() or name(i).casefold().startswith(wanted)],
        label,
    )
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise _ambiguous(query, partial, label, what)
    labels = sorted({label(i) for i in items})
    close = difflib.get_close_matches(query, labels, n=3, cutoff=0.5)
    hint = f"Did you mean: {', '.join(close)}?" if close else f"Known: {', '.join(labels) or 'none'}."
    raise NotFoundError(f'No {what} named "{query}" in your notes. {hint}')


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
