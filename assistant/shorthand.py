"""Shorthand people use in notes and never in a letter, with what it stands for: one list for the reader, the
writer and the lint."""

from __future__ import annotations

import re
from typing import Any

from assistant.text import fold, folding

# Matched as whole words. Lower-case keys match any case ("Mgr", "MGR"); keys with capitals match only as written,
# so "NA" (North America) never touches "na" and "AE" never touches "ae".
ABBREVIATIONS: dict[str, str] = {
    "mgr": "manager", "mgrs": "managers", "mngr": "manager", "mgmt": "management", "sls": "sales",
    "acct": "account", "accts": "accounts", "dept": "department", "depts": "departments", "eng": "engineering",
    "engr": "engineer", "engrs": "engineers", "sr": "senior", "jr": "junior", "yrs": "years", "yr": "year",
    "mos": "months", "mo": "month", "cert": "certification", "certs": "certifications", "abt": "about",
    "qtr": "quarter", "qtrs": "quarters", "v": "very", "fwd": "forward", "ish": "or so",
    "wks": "weeks", "wk": "week", "hrs": "hours", "w/": "with", "w/o": "without",
    "b/c": "because", "approx": "about", "mtg": "meeting", "mtgs": "meetings", "reqs": "requirements",
    "govt": "government", "intl": "international", "cust": "customer", "custs": "customers", "svc": "service",
    "svcs": "services", "mktg": "marketing", "biz": "business", "convo": "conversation", "pls": "please",
    "thx": "thanks", "prev": "previous", "perf": "performance", "dev't": "development", "devt": "development",
    "mgmnt": "management", "exp": "experience", "co-ord": "coordination", "recs": "recommendations",
    "AE": "Account Executive", "AEs": "Account Executives", "SDR": "sales development representative",
    "NA": "North America", "Ent": "Enterprise", "HM": "hiring manager",
    "TA": "talent acquisition", "ppl": "people", "tho": "though", "thru": "through", "f/u": "follow up",
}  # fmt: skip
# What the reading rules see written out before they read a note ("not moving fwd", "went w/ someone", "in 6 mos"):
# only shorthand that is never part of a name or a title the rules read as written ("Mo", "HM", "Sr.", "TA" stay).
READ_WRITTEN_OUT = ("w/", "w/o", "b/c", "f/u", "fwd", "thru", "mos", "wks", "yrs", "v", "abt", "convo", "mtg", "mtgs")


def _pattern(keys: list[str]) -> str:
    """The keys as whole words (not after "$" when they end in a letter or digit), the longest that fits first.

    Written as a tree of shared prefixes ("m(?:gr(?:s|)|tg...)"): the same matches as a plain alternation of the
    keys longest first, about fifteen times faster, and every progress line of a folder is expanded per letter.
    """
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = key

    def branch(node: dict[str, Any]) -> str:
        options = [re.escape(char) + branch(child) for char, child in node.items() if char]
        if key := node.get(""):
            options.append(rf"(?<!\${re.escape(key)})(?![\w/])" if key[-1].isalnum() else r"(?!\w)")
        return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"

    return rf"(?<![\w/]){branch(root)}"


_LOWER = {k: v for k, v in ABBREVIATIONS.items() if k == k.lower()}
_EXACT = {k: v for k, v in ABBREVIATIONS.items() if k != k.lower()}
_ANY_CASE = re.compile(_pattern(list(_LOWER)), re.IGNORECASE)
_AS_WRITTEN = re.compile(_pattern(list(_EXACT)))


def expand(text: str) -> str:
    """Write every shorthand in `text` out in full ("hiring mgr" -> "hiring manager")."""

    def lower(match: re.Match[str]) -> str:
        word = match.group(0)
        full = _LOWER.get(word.casefold())
        if full is None:  # matched only through a Unicode case pairing ("İ" is "i" to the pattern): not shorthand
            return word
        return full[:1].upper() + full[1:] if word[:1].isupper() and word[1:2].islower() else full

    text = _ANY_CASE.sub(lower, text)
    return _AS_WRITTEN.sub(lambda m: _EXACT[m.group(0)], text)


def abbreviations_in(text: str) -> list[str]:
    """The shorthand words `text` still carries, as written."""
    found = [m.group(0) for m in _ANY_CASE.finditer(text)] + [m.group(0) for m in _AS_WRITTEN.finditer(text)]
    return list(dict.fromkeys(found))


_READ_WORDS = [k for k in READ_WRITTEN_OUT if k[-1].isalpha()]
_READ_SLASHED = sorted((k for k in READ_WRITTEN_OUT if not k[-1].isalpha()), key=len, reverse=True)
# "Fwd:" on a subject and "v." stay as written
_READ = re.compile(rf"(?<![\w/])(?:({'|'.join(map(re.escape, _READ_WORDS))})(?![\w/:'’]|(?<=[vV])\.)"
                   rf"|({'|'.join(map(re.escape, _READ_SLASHED))})(?!/)(?=(\w?)))", re.IGNORECASE)
_READ_FOLDED = folding(_READ)  # the same matches on folded text, several times faster: the test most texts fail


def expand_for_reading(text: str) -> str:
    """`text` with the shorthand in READ_WRITTEN_OUT written out ("not moving fwd" -> "not moving forward");
    "w/Sam" is "with Sam"."""
    if not _READ_FOLDED.search(fold(text)):
        return text
    return _READ.sub(lambda m: ABBREVIATIONS[m.group(1).casefold()] if m.group(1)
                     else ABBREVIATIONS[m.group(2).casefold()] + (" " if m.group(3) else ""), text)
