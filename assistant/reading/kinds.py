"""What a note is about, by its folder's meaning and its own words, when its front matter does not say."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from pathlib import PurePosixPath

from assistant.casefile import NoteKind
from assistant.notes import FOLDER_TYPES, Note, infer_type
from assistant.shorthand import expand_for_reading
from assistant.text import find_dates, fold, folding

ENTRY = "journal_entry"  # set in an entry's front matter: an entry is about no one person (no name from the file)

# Folder names by the idea they carry: a word of the folder's name starting with one of these stems.
# (FOLDER_TYPES in notes.py holds exact names; these stems also catch ppl/, folks/, debriefs/, postings/ ...)
_FOLDER_STEMS: dict[str, tuple[str, ...]] = {
    "person": ("people", "person", "ppl", "folk", "contact", "network", "colleague", "humans", "who"),
    "company": ("compan", "co", "cos", "employer", "org", "firm", "target"),
    "rejection": ("reject", "debrief", "turned", "no", "outcome", "post-mortem", "postmortem"),
    "progress": ("progress", "wins", "learning", "course", "cert", "growth", "portfolio", "achievement", "since"),
    "interaction": ("interaction", "email", "mail", "message", "inbox", "sent", "convo", "corresp", "call",
                    "linkedin", "dm", "dms", "chat", "whatsapp", "texts", "sms"),  # before "link" (an article's)
    "article": ("article", "reading", "read", "link", "bookmark", "clipping"),
    "opening": ("opening", "job", "posting", "role", "vacanc", "listing", "req"),
    "profile": ("me", "profile", "about"),
}
_PROFILE_FILES = re.compile(r"^(?:me|about[-_ ]?me|profile|myself|about|bio|who[-_ ]?i[-_ ]?am)$", re.I)
_SELF = re.compile(r"^\s*(?:#[^\n]*\n\s*)?(?:I am|I'm|I’m|My name is|About me)\b", re.I)
REJECTION_CUE = re.compile(
    r"\b(?:turned (?:me|us|my [\w-]+) down|(?:was|were|got|been|being|I'm|I am) turned down|"
    r"turned down (?:for|by|after|at)|rejected (?:me|my)|rejected (?:after|at|by|for|following)|"
    r"(?:a|got|their) rejection|rejection (?:from|by|email|letter|call)|"
    r"not (?:moving|going) forward|won't be moving forward|(?:said|says) no\b(?!\s+to\b)|a no from|"
    r"decided to (?:go|move forward) with|went with (?:another|someone|an internal|a different)|"
    r"didn't get (?:it|the (?:job|role|offer|position))|did not get (?:it|the (?:job|role|offer|position))|"
    # ... as someone writes it in a language not their first: "I not get the job", "they take other guy"
    r"\bI (?:not|no) (?:get|got) (?:it|the (?:job|role|offer|position))|"
    r"(?:take|took|takes) (?:other|another|a different) (?:guy|person|candidate|one|girl|woman|man|applicant)|"
    # a debrief: "Q: why not me? A: the other finalist had managed a team of 10+"
    r"why not me\b|(?:the )?other (?:finalist|candidate) (?:had|has|was|brought)\b|"
    # the company telling the user it chose between them and someone: "a tough call between you and the other finalist"
    r"(?:tough|hard|difficult|close|narrow) (?:call|decision|choice) between you and|"
    r"no offer|not selected|unsuccessful|chose (?:another|someone)|pass(?:ed)? on me|they passed|"
    r"(?:got|received|had|heard) (?:the|their|a firm|a polite) no\b|"
    r"not to (?:move|go|proceed) forward|not (?:be )?(?:moving|proceeding|progressing|advancing)|"
    r"(?:it's|it is|it was|got|was) a (?:no|pass)|"
    r"not (?:a|the right) (?:match|fit)|(?:don't|do not) see a fit|"
    # Someone else was chosen, or the user is told they will not go on, in any wording of the idea.
    r"(?:chose|chosen|picked|selected|appointed|hired|went with|gone with|go with|going with|took|taken|"
    r"offered (?:it|the [\w-]+) to|"
    r"(?:move|moving|proceed|proceeding|continue|continuing) (?:ahead |forward )?with) (?:someone|somebody|another|"
    r"other (?:applicants|candidates)|a different|an? (?:other|internal|external|stronger) (?:candidate|applicant)|"
    r"an? (?:candidate|applicant|lad|lass|bloke|chap|guy|girl|woman|man|person) (?:with|who|whose|that))|"
    r"(?:not|n't|unable to|no longer) (?:be )?(?:offer|hire|hiring|progress|proceed|advanc|tak|mov|consider|"
    r"shortlist)\w* (?:me|you|your|my|with (?:your|my))|"
    r"(?:wasn't|was not|were not|weren't|not) (?:successful|selected|chosen|shortlisted)|"
    r"(?:didn't|did not) make it (?:past|through|to)|(?:a|another|different) direction|"
    r"(?:role|position|post|job|vacancy) (?:has been |was |is |got )?filled|thanks,? but no|"
    # Said kindly, by someone on the panel: "sorry the outcome wasn't what you hoped", "that tipped it".
    r"outcome (?:wasn't|was not|isn't|is not) what (?:you|I) (?:hoped|wanted|wished)|(?:that|which) tipped it|"
    # Second place, said kindly: "you were a close second", "our runner-up" (who was hired is told elsewhere: a
    # note about the hire is no rejection).
    r"(?:a |the )?(?:very )?close second|runner[- ]up\b|(?:not|no luck|a no) this time|"
    # A tracker's line: "- [x] Rejected 9/15", "rejected on 3 Oct", "Rejected today :(".
    r"(?<!\bI )(?<!\bwe )rejected(?:\s+(?:on|by email|by phone|via email))?\s+(?=\d{1,4}[/.-]\d{1,2}|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|today|yesterday|this\s+(?:week|morning))|"
    # A tracker's status: "Status: Rejected 2026-09-12", "outcome - declined".
    r"(?:status|outcome|result)\s*(?::|=|\s-)\s*(?:rejected|declined|turned down|no offer|unsuccessful))\b",
    re.IGNORECASE,
)
_CUE_FOLDED = folding(REJECTION_CUE)


@lru_cache(maxsize=256)  # a note's kind is asked of its first lines more than once while it is read
def tells_of_no(text: str) -> bool:
    """Whether `text` holds the usual words of being turned down (REJECTION_CUE, run on folded text for speed)."""
    return _CUE_FOLDED.search(fold(expand_for_reading(text))) is not None  # "went w/ another candidate"


@lru_cache(maxsize=4096)
def note_path(source: str) -> PurePosixPath:
    """A note's source as a path, parsed once (its kind is asked of its folders and its name several times)."""
    return PurePosixPath(source)


def folder_kind(source: str) -> NoteKind | None:
    """The kind the nearest folder's name means (people/, ppl/, debriefs/ ...), or None."""
    for folder in reversed(note_path(source).parts[:-1]):
        kind = _one_folder_kind(folder)
        if kind is not None:
            return kind
    return None


@lru_cache(maxsize=1024)  # the same few folders hold every note
def _one_folder_kind(folder: str) -> NoteKind | None:
    """The kind one folder's name means, or None (for a folder of the whole search too)."""
    name = folder.casefold()
    exact = FOLDER_TYPES.get(name)
    if exact:
        return exact
    words = _NAME_SPLIT.split(name)
    if WHOLE_SEARCH.intersection(words):  # "Job Search 2026/", "hunt-notes/": the whole search, of every kind
        return None
    # "Brightpath Learning": a word of a kind after a name is the company's own word (learning, not progress)
    named = len(words) > 1 and folder[:1].isupper() and words[-1] in _ORG_KIND_WORDS
    for kind, stems in _FOLDER_STEMS.items():
        if any(w == s or (len(s) > 2 and w.startswith(s)) for w in (words[:-1] if named else words)
               for s in stems):
            return kind  # type: ignore[return-value]
    return None


_NAME_SPLIT = re.compile(r"[-_ .]+")  # the words of a folder's or a file's name


# Words of a kind that end many a company's name: "Brightpath Learning", "Northside Growth", "Acme Connect".
_ORG_KIND_WORDS = frozenset({"learning", "growth", "connect", "networks"})
# Words that name a file as the log of the whole search, not one kind of note.
WHOLE_SEARCH = frozenset({"hunt", "search", "log", "logs", "tracker", "tracking", "journal", "diary", "campaign",
                           "notes", "everything", "master", "all",
                           # a catch-all: "Job stuff/", "career misc/"; every application: "apps.md", "Applications"
                           "stuff", "things", "misc", "general", "random", "various", "etc", "applications",
                           "apps"})


def stem_kind(source: str) -> NoteKind | None:
    """The kind a file's own name says, word for word (progress.md, harbourside-outcome.txt), or None."""
    words = _NAME_SPLIT.split(note_path(source).stem.casefold())
    if WHOLE_SEARCH.intersection(words):  # "job hunt 2026.txt", "search-log.md": the whole search, of every kind
        return None
    for kind, (whole, starts) in _STEM_WORDS.items():
        if any(w in whole or w.startswith(starts) for w in words):
            return kind  # type: ignore[return-value]
    return None


# A file's name says a kind by a word equal to a stem of more than two letters, or starting with one of more than four
# (a person, a company or the profile is never told by a file's name this way).
_STEM_WORDS = {kind: (frozenset(s for s in stems if len(s) > 2), tuple(s for s in stems if len(s) > 4))
               for kind, stems in _FOLDER_STEMS.items() if kind not in {"profile", "person", "company"}}


def is_profile(note: Note) -> bool:
    """Whether the user clearly writes about themself: `type: profile`, me.md, about-me.md, "I am a ..." on top."""
    if note.meta.type == "profile":
        return True
    path = note_path(note.source)
    if _PROFILE_FILES.match(path.stem) and len(path.parts) <= 2:
        return True
    return len(path.parts) == 1 and note.meta.type is None and bool(_SELF.match(note.text))


def profile_by_folder_only(note: Note) -> bool:
    """Whether only the note's folder (me/, profile/) calls it the profile: its file name and first words do not."""
    path = note_path(note.source)
    return (note.meta.type in {None, "profile"} and infer_type(note.source) == "profile"
            and not _PROFILE_FILES.match(path.stem) and not _SELF.match(note.text))


def note_kind(note: Note) -> NoteKind | None:
    """The note's kind: front matter, else profile words, else an email, else the folder's meaning, else words."""
    if note.meta.type and note.meta.type != "profile" and note.meta.type != infer_type(note.source):
        return note.meta.type
    if is_profile(note):
        return "profile"
    if note.meta.channel == "email":
        return "interaction"
    category = getattr(note.meta, "category", None)  # a page's own "Type: Employer" (reading.properties)
    if isinstance(category, str) and note.meta.type in {None, infer_type(note.source)}:
        kind = folder_kind(f"{category}/x")
        if kind is not None:
            return kind
    kind = folder_kind(note.source) or stem_kind(note.source)
    if kind is not None:
        return kind
    if tells_of_no(note.text[:1500]):
        return "rejection"
    return None


def reference_date(note: Note, today: dt.date) -> dt.date:
    """The day a date without a year counts back from: the note's own date, its latest full date, else today."""
    if isinstance(note.meta.date, dt.date):
        return note.meta.date
    named = [d.day for d in find_dates(note_path(note.source).stem.replace("_", "-")) if d.has_year]
    if named:
        return max(named)
    day = named_day(note, today)  # "voice memo 14 nov.txt": the latest 14 Nov on or before today
    if day is not None:
        return day
    full = [d.day for d in find_dates(note.text) if d.has_year and d.has_day]  # readmore: not "Sept '26"
    if not full:
        return today
    # A tracker gives the year once ("Applied 8/4/2026", then "Rejected 9/15"): later days of that year count too.
    return min(today, dt.date(max(full).year, 12, 31))


def named_day(note: Note, today: dt.date) -> dt.date | None:
    """The day a note's own `date:` or its file's name gives ("voice memo 14 nov.txt"), or None."""
    if isinstance(note.meta.date, dt.date):
        return note.meta.date.date() if isinstance(note.meta.date, dt.datetime) else note.meta.date
    named = find_dates(note_path(note.source).stem.replace("_", "-"), reference=today)
    return named[-1].day if named and named[-1].has_day else None


@cache
def _example_hashes() -> frozenset[str]:
    from assistant.notes import parse_note
    from assistant.workspace import SKELETON

    root = SKELETON / "knowledge"
    found = set()
    for path in root.rglob("*"):
        if path.is_file():
            try:
                found.add(parse_note(path.relative_to(root).as_posix(), path.read_bytes()).hash)
            except Exception:
                continue
    return frozenset(found)


def is_example(note: Note) -> bool:
    """Whether the note is one of `init`'s examples, unchanged."""
    return note.hash in _example_hashes()
