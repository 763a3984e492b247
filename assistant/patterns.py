"""Patterns that skip ahead: a search pattern compiled with a look-ahead for the characters a match can start with
(`guarded`), and a tree of words that says whether any of them is in a text (`any_word`). The reading rules run
hundreds of patterns over every note; most find nothing, and these find that out sooner. Matches are the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def guarded(source: str, flags: int = 0) -> re.Pattern[str]:
    """`source` compiled with a look-ahead for the characters its match can start with: the same matches, faster.

    Python's re tries a pattern at every position of the text (a big alternation, or a pattern that opens with
    `\\b` or a look-behind, even at the end of each word); the look-ahead fails at once where no match can start. It is
    compiled with the pattern's own flags, so it ignores case where the pattern does. A pattern whose first character
    is not known (a class like `\\w`, any character, a match of empty text), or that re skips ahead for by itself (a
    plain first character), is compiled as it is.
    """
    guard = _first_char_guard(source, flags)
    end = "\n)" if flags & re.VERBOSE else ")"  # a verbose pattern's last comment would swallow the ")"
    return re.compile(f"{guard}(?:{source}{end}" if guard else source, flags)


def any_word(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds whether any of `words` is in a text (as a substring, case as given).

    Built as a tree of their letters ("hire|hiring" is "hir(?:e|ing)", and a word that another starts with ends
    the branch), so re tries one branch per letter at each position instead of every word in turn.
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, Any]) -> str:
        if "" in node:  # a word ends here: a longer one through this letter holds it, so is found by it
            return ""
        alternatives = [re.escape(char) + branch(node[char]) for char in sorted(node)]
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return re.compile(branch(tree))


def _first_char_guard(source: str, flags: int) -> str:
    """A look-ahead for the characters a match of `source` can start with, or "" when that is not known."""
    try:  # (re's parser is no public API: whatever it does differently in another Python, the pattern stays plain)
        from re import _constants as op  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]  # the parser re itself compiles with (Python 3.11+)

        items = list(_parser.parse(source, flags))
        if not flags & re.IGNORECASE and _skips_ahead(items, op):
            return ""  # re skips ahead to such a first character by itself
        found = _first_chars(items)
    except (ImportError, re.error, TypeError, ValueError, AttributeError, IndexError):
        return ""
    if found is None or found[1] or not found[0] or len(found[0]) > 80:  # it may match empty text, or start anywhere
        return ""
    return "(?=[" + "".join(c if len(c) > 1 else re.escape(c) for c in sorted(found[0])) + "])"


def _skips_ahead(items: list[tuple[object, object]], op: Any) -> bool:
    """Whether re finds where a match may start by itself: a first character, a class, or plain alternatives."""
    while items and items[0][0] is op.SUBPATTERN:
        items = list(items[0][1][3])  # type: ignore[index]
    if not items:
        return False
    code, value = items[0]
    if code in (op.LITERAL, op.IN):
        return True
    return code is op.BRANCH and all(seq and seq[0][0] is op.LITERAL for seq in value[1])  # type: ignore[index]


_NARROW_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s"}  # as a class writes them (\w is too wide)


def _first_chars(items: list[tuple[object, object]]) -> tuple[set[str], bool] | None:
    """The characters a match of a parsed sequence can start with (or `\\d`, `\\s`), and whether it can match empty
    text; None when unknown or too many (a negated class, a word character, any character, a group's reference)."""
    from re import _constants as op  # type: ignore[attr-defined]

    chars: set[str] = set()
    for code, value in items:
        if code is op.LITERAL:
            return chars | {chr(value)}, False  # type: ignore[arg-type]
        if code is op.IN:
            own = set()
            for kind, item in value:  # type: ignore[attr-defined]
                if kind is op.LITERAL:
                    own.add(chr(item))
                elif kind is op.RANGE and item[1] - item[0] < 400:
                    own.update(map(chr, range(item[0], item[1] + 1)))
                elif kind is op.CATEGORY and str(item) in _NARROW_CATEGORIES:
                    own.add(_NARROW_CATEGORIES[str(item)])
                else:  # a negated class, a wide category (\w), a huge range
                    return None
            return chars | own, False
        if code in (op.AT, op.ASSERT, op.ASSERT_NOT):  # zero-width: what follows starts the match
            continue
        if code is op.BRANCH:
            branches = [_first_chars(list(seq)) for seq in value[1]]  # type: ignore[index]
            if any(b is None for b in branches):
                return None
            chars |= {c for b in branches if b is not None for c in b[0]}
            if not any(b is not None and b[1] for b in branches):
                return chars, False
        elif code is op.SUBPATTERN and not value[1] and not value[2]:  # type: ignore[index]
            inner = _first_chars(list(value[3]))  # type: ignore[index]
            if inner is None:
                return None
            chars |= inner[0]
            if not inner[1]:
                return chars, False
        elif code in (op.MAX_REPEAT, op.MIN_REPEAT, op.POSSESSIVE_REPEAT):
            inner = _first_chars(list(value[2]))  # type: ignore[index]
            if inner is None:
                return None
            chars |= inner[0]
            if value[0] and not inner[1]:  # type: ignore[index]
                return chars, False
        elif code is op.ATOMIC_GROUP:
            inner = _first_chars(list(value))  # type: ignore[call-overload]
            if inner is None:
                return None
            chars |= inner[0]
            if not inner[1]:
                return chars, False
        else:
            return None
    return chars, True
