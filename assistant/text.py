"""Text helpers, in one place: sentences, content words, first names, and dates as people write them.

Dates: ISO (`2026-07-22`), month names (`July 22nd`, `22 July 2026`, `Sept 3`, `the 22nd of July`), a month and
a year (`Nov 2026`, `Sept '26`: the month's first day), a past month alone (`started in November`, `since
mid-Oct`: its first day) and numbers (`10/9`, `10/9/26`, `(14/10)`; month first, as
`date` on a US keyboard writes them, unless the first number cannot be a month). A date without a year takes its
year from the `reference` date (the note's own date, an email's Date): the most recent such day not after it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.patterns import guarded

# Sentences: after . ! or ? and white space. Chunking and the letter writer split prose this way.
# ... never after a title or a short form that a name or a word follows ("Dr. Lucia Romano", "e.g. Kafka",
# "(Dir. Product Ops)").
_SENTENCE = guarded(r"(?<=[.!?])(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bMx\.)(?<!\bSt\.)(?<!\bProf\.)"
                    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bDir\.)(?<!\bMgr\.)(?<!\bSr\.)(?<!\bJr\.)"
                    r"(?<!\bAsst\.)(?<!\bDept\.)\s+")
# A Markdown heading line, and its text.
HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$", re.M)
# An email address, wherever one is looked for in a note or a letter.
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# A pasted email's header line: "From: Acme Talent <jobs@acme.com>", "> To: me", "**Subject:** ...".
EMAIL_HEADER_NAMES = ("from", "to", "cc", "bcc", "subject", "sent", "date", "reply-to")
EMAIL_HEADER = re.compile(rf"^[ \t>*]*({'|'.join(EMAIL_HEADER_NAMES)})\**:[ \t]*(.*)$", re.M | re.I)
# A list item's mark at a line's start: "- ", "* ", "• ", "+ ", "1. ", "2) ", with a ticked box ("- [x] ") if any
# (an open box, "- [ ] send the deck", stays: it is still to do).
BULLET = re.compile(r"^\s*(?:[-*•+]\s+|\d+[.)]\s+)(?:\[[xX✓✔]\]\s+)?")


# Case-insensitive matching, fast: Python's re.IGNORECASE checks each branch of a big alternation slowly at every
# position, while a case-sensitive pattern skips a branch on its first letter. So text is folded once (lower case,
# character for character, as re.IGNORECASE compares it with ASCII letters) and a pattern written in ASCII is
# compiled case-sensitively in lower case (`folding`): the same matches, at the same offsets, several times faster.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})  # İ, dotless ı, long ſ (K lowers to k)
# What `folding` cannot carry over: escapes that stand for a letter, inline flags, a negated class that names letters.
_UNFOLDABLE = re.compile(r"\\[NUuxX0]|\(\?[aiLmsux]+(?:-[imsx]+)?[:)]|\(\?-[imsx]+:|\[\^(?:\\.|[^\]\\A-Za-z])*[A-Za-z]")
# Characters a folded pattern may hold: ASCII, accented lower-case Latin letters (re.IGNORECASE pairs each with its
# capital only, and `fold` lowers that capital) and typographic punctuation, which has no case.
_FOLDABLE = frozenset(map(chr, range(128))) | frozenset("àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ’‘“”–—•")
_TO_LOWER = re.compile(r"\\.|\(\?P[<=]\w+[>)]|[A-Z]+")  # escapes and group names keep their case


def fold(text: str) -> str:
    """`text` in lower case, one character for each (offsets kept), as a case-insensitive pattern sees it."""
    if not text.isascii():
        text = text.translate(_FOLD)
    return text.lower()


def folding(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The case-insensitive ASCII `pattern` compiled to run case-sensitively on `fold`ed text, with the same matches."""
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or not _FOLDABLE.issuperset(source) or _UNFOLDABLE.search(source):
        raise ValueError(f"cannot fold {source[:40]!r}: not case-insensitive, not ASCII, or holds an escape or a flag")
    lowered = _TO_LOWER.sub(lambda m: m.group() if m.group()[0] in "\\(" else m.group().lower(), source)
    return guarded(lowered, pattern.flags & ~re.IGNORECASE)


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences at . ! or ? followed by white space (pieces keep their punctuation)."""
    if "." not in text and "!" not in text and "?" not in text:  # no sentence ends: one piece
        return [text]
    return _SENTENCE.split(text)


def note_sentences(text: str) -> list[str]:
    """The sentences of a note: prose split into sentences, and each bullet or short line on its own.

    A line break inside a paragraph is only a wrap when the line is long and does not end a sentence; a bullet,
    a short line ("VP Sales NA") or a heading always stands alone. Headings and `---` rules are left out.
    """
    return [sentence for _, sentences in line_sentences(text) for sentence in sentences]


def line_sentences(text: str) -> list[tuple[str, list[str]]]:
    """Each line of `note_lines(text)` with its sentences as `note_sentences` splits them (none for a heading or a
    rule): a reader that needs both splits the note once."""
    found: list[tuple[str, list[str]]] = []
    for line in note_lines(text):
        body = BULLET.sub("", line).strip()
        if not body or body.startswith("#") or not body.strip("-*=_"):
            found.append((line, []))
        elif "." in body or "!" in body or "?" in body:  # a sentence ends only after one of them
            found.append((line, [s.strip() for s in _SENTENCE.split(body) if s.strip()]))
        else:
            found.append((line, [body]))
    return found


# A line that ends like this goes on, even when the next one starts with a capital ("met with\nDana Reyes").
_OPEN_END = re.compile(r"(?:,|\b(?:a|an|the|and|or|to|of|with|at|in|for|on|by|from|my|her|his|their))$", re.I)
# A line that starts with a label ("still to do: ...", "role: ...") starts anew, however the line before it ends.
_LABEL_START = re.compile(r"^[A-Za-z][\w'’ ]{0,18}\w:\s")
_WRAP_AT = 60  # a line at least this long that does not end a sentence continues on the next line


def note_lines(text: str) -> list[str]:
    """A note's lines with wrapped prose joined: each bullet, short line or paragraph line once.

    A Markdown table's rows read as bullets (see `table_rows`), so a table of contacts reads like a list of them.
    """
    lines: list[str] = []
    joinable = False
    if "|" in text:
        text = table_rows(text)
    raws = text.splitlines()
    prose = _prose_lines(raws)
    for n, raw in enumerate(raws):
        line = raw.strip()
        if not line:
            joinable = False
            continue
        if (
            joinable
            # a terse list's next line starts anew, unless it is indented or the line before stops mid-phrase
            and (prose[n] or raw[:1].isspace() or _OPEN_END.search(lines[-1]) is not None)
            and lines
            and not BULLET.match(raw)
            and not line.startswith("#")
            and (not line[0].isupper() or _OPEN_END.search(lines[-1]))
            and not _LABEL_START.match(line)
        ):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
        joinable = (
            len(lines[-1]) >= _WRAP_AT
            and not lines[-1].endswith((".", "!", "?", ":"))
            and not lines[-1].startswith("#")
        )
        if BULLET.match(raw) and len(line) < _WRAP_AT:
            joinable = False
    return lines


# A Markdown table: a header row, a rule row (`|---|:--:|`), then rows; cells split at unescaped `|`.
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
# Columns by what they hold: the one that names the row, and one that says its role (shown in brackets).
_LEAD_COLUMN = re.compile(r"^(?:name|who|person|contact|people|full name)$", re.I)
ROLE_COLUMN = re.compile(r"^(?:role|title|job|job title|position|what they do)$", re.I)


@dataclass(frozen=True)
class Table:
    """A Markdown table in a text: its lines (first and past the last), its header cells and its rows' cells."""

    start: int
    end: int
    header: list[str]
    rows: list[list[str]]

    def column(self, pattern: re.Pattern[str]) -> int | None:
        """The first column whose header matches `pattern`."""
        return next((n for n, h in enumerate(self.header) if pattern.match(h)), None)


def tables(text: str) -> list[Table]:
    """The Markdown tables in `text`: a header row, a rule row (`|---|:--:|`), then rows up to a line without `|`."""
    lines = text.split("\n")
    found: list[Table] = []
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and "|" in lines[i] and _TABLE_RULE.match(lines[i + 1]):
            start, header, i = i, _cells(lines[i]), i + 2
            rows = []
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                rows.append(_cells(lines[i]))
                i += 1
            found.append(Table(start, i, header, rows))
            continue
        i += 1
    return found


def table_rows(text: str) -> str:
    """`text` with each Markdown table written as bullets: `- Ana Lima (Recruiter): met twice; replies fast`.

    The row's name cell leads (a `name`/`who` column, else the first), a `role`/`title` cell follows in brackets,
    and the other cells follow a colon, in their order. The header and rule rows are left out.
    """
    lines = text.split("\n")
    for table in reversed(tables(text)):
        lead = table.column(_LEAD_COLUMN) or 0
        role = next((n for n, h in enumerate(table.header) if ROLE_COLUMN.match(h) and n != lead), None)
        bullets = []
        for cells in table.rows:
            named = cells[lead] if lead < len(cells) else ""
            rest = [c for n, c in enumerate(cells) if n not in {lead, role} and c]
            row = named + (f" ({cells[role]})" if role is not None and role < len(cells) and cells[role] else "")
            bullets.append("- " + ": ".join(part for part in (row, "; ".join(rest)) if part))
        lines[table.start : table.end] = bullets
    return "\n".join(lines)


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(row)]


def _prose_lines(raws: list[str]) -> list[bool]:
    """For each line, whether its paragraph is wrapped prose: at least half its lines are long. In a terse list of
    short lines ("rec = Samira", "rejected 9/30 - ...") one long line does not swallow the next."""
    prose = [False] * len(raws)
    start = 0
    for end in [*(i for i, raw in enumerate(raws) if not raw.strip()), len(raws)]:
        block = [raw.strip() for raw in raws[start:end] if not raw.lstrip().startswith("#")]
        if block:
            wrapped = 2 * sum(len(line) >= _WRAP_AT for line in block) >= len(block)
            prose[start:end] = [wrapped] * (end - start)
        start = end + 1
    return prose


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) of `text` that holds `text[start:end]`, with white space collapsed."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return " ".join(text[left:right].split())


_WORD = re.compile(r"[a-z0-9]+")
# Words that say what kind of question it is, not what it is about; they never make a passage relevant.
_STOPWORDS = frozenset(
    """a about after again all also am an and any are as at be been before being but by can could did do does
    doing done for from had has have he her here hers him his how i if in into is it its just know let me more
    most my no not note notes now of on or our out say should she so some tell than that the their them then
    there these they this those to too up us was we were what when where which who whom why will with would
    you your""".split()  # noqa: SIM905  (a word list reads better as text)
)


def content_words(text: str) -> set[str]:
    """Crude stems of the words that carry meaning, to tell whether a passage is about the question at all."""
    stems = set()
    for word in _WORD.findall(text.lower()):
        if len(word) < 3 or word in _STOPWORDS:
            continue
        if len(word) > 3 and word.endswith("s"):
            word = word[:-1]
        stems.add(word[:6])
    return stems


_TITLES = frozenset(["dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "sir"])


@lru_cache(maxsize=8192)  # asked of the same few names over and over while a note is read
def first_name(name: str) -> str:
    """The first name of a full name ("Dr. Tamsin Ebbers" -> "Tamsin"); the name itself when it is one word."""
    words = [w for w in name.split() if w.casefold() not in _TITLES]
    return words[0] if words else name.strip()


# ---------------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].casefold()] = _number
    _MONTHS[calendar.month_abbr[_number].casefold()] = _number
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
MONTH_WORDS = rf"\b(?:{_MONTH})\b"  # every month's name and short name, lower case: use with re.IGNORECASE
# every weekday's name and short name ("thu", "thurs", "Thursday"), lower case: use with re.IGNORECASE
WEEKDAY_WORDS = r"\b(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\b"
_A_MONTH = guarded(MONTH_WORDS, re.IGNORECASE)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4})\b)?"
_ISO = guarded(r"\b(\d{4})([-/.])(\d{1,2})\2(\d{1,2})\b")  # 2026-10-14, 2026/10/14, 2026.10.14
# A day, a month and a year with dots, as much of Europe writes them: "14.10.2026" (never "3.11", a version).
_DOTTED = guarded(r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\w]|\.\d)")
# "17.10 mail from Norvik": a day and a month with a dot and no year, as a line's date (day first, as it is written
# where the dot is); never a number of things ("3.5 years", "4.2 stars").
_DOTTED_SHORT = re.compile(r"^[ \t]*(?:[-*•][ \t]+)?(?P<when>(\d{1,2})\.(\d{1,2}))\.?(?=[ \t:–—-]+)"
                           r"(?![ \t]*(?i:years?|yrs?|hours?|hrs?|days?|weeks?|months?|k|m|x|%|stars?|points?|pts|gpa|"
                           r"out of|/)\b)", re.M)
_MONTH_DAY = guarded(rf"\b({_MONTH})\.?\s+{_DAY}\b{_YEAR}", re.IGNORECASE)
_DAY_MONTH = guarded(rf"\b(?:the\s+)?{_DAY}(?:\s+of)?\s+({_MONTH})\b\.?{_YEAR}", re.IGNORECASE)
_NUMERIC = guarded(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\w/])")
# A month and a year without a day ("Nov 2026", "(November 2026)", "Sept '26"): read as the month's first day.
_MONTH_YEAR = guarded(rf"\b({_MONTH})\.?,?\s+(?:of\s+)?(\d{{4}}|['’]\d{{2}})(?![\w/])", re.IGNORECASE)
# A month alone, where the words say it is past: "started in November", "since mid-Oct", "back in March". (A month
# after "in" alone may be a plan, "reapply in January", so it is no date.) The most recent such month's first day.
_MONTH_ALONE = guarded(
    rf"\b(?:since|back in|(?:started|began|joined|finished|completed|posted|hired|moved|launched|passed|graduated|"
    rf"met|applied|interviewed|heard back|rejected|opened|left)\s+(?:in|during|around))\s+"
    rf"(?:(?:early|mid|late|the end of|the start of)[\s-]+)?({_MONTH})\b(?!\.?\s*(?:\d|['’]\d))",
    re.IGNORECASE,
)
# A month a few words after a verb that says something was done or happened: "finished the AWS cert in oct", "the
# course wrapped up mid March", "got my PMP back in September". The words between name what was done, on one line and
# in one clause: a comma, "and", "to", "will", "until", "by", "next" ends it, so a plan ("finished my CV and will
# reapply in January") is no date. The most recent such month's first day, as for a month alone.
_DONE_VERB = (r"finished|finishing|completed|passed|earned|got|gained|obtained|received|wrapped up|wrapped|ended|"
              r"shipped|launched|graduated|started|began|joined|moved|left|hired|applied|interviewed|heard back|"
              r"rejected|opened|posted|met|published|presented|delivered|built|won|sat|took|did|done|finally|"
              r"qualified|certified|renewed|enrolled|signed up|landed|closed|released|went live|kicked off|"
              r"made it|reached|attended|visited")
_GAP_STOP = (r"and|but|or|then|so|will|would|'ll|’ll|until|till|before|after|by|next|reapply|apply|plan|planning|"
             r"going|gonna|hope|hoping|want|wants|should|must|need|needs|if|when|once|since|not|never|have|has|able|"
             r"ready|due|scheduled|planned|expect|expected|aim|aiming|try|trying|meant|supposed|who|which|where|whose|"
             r"while|because|though|although|unless")
_MONTH_AFTER_DONE = guarded(
    rf"\b(?:{_DONE_VERB})\b(?:[ \t]+(?!(?:{_GAP_STOP})\b)[\w'’/&+-]+(?:\.\w+)*){{0,6}}?[ \t]+"
    r"(?P<when>(?:(?:back[ \t]+)?(?:in|during|around|over)[ \t]+(?:(?:early|mid|late|the end of|the start of)[ \t-]+)?"
    r"|(?:back[ \t]+)?(?:early|mid|late)[ \t-]+|(?:back[ \t]+in[ \t]+|in[ \t]+)?(?:the[ \t]+)?(?:end|start|"
    r"beginning|middle|(?:first|second|third|last)[ \t]+(?:week|days|half))[ \t]+of[ \t]+|last[ \t]+)"
    rf"({_MONTH}))\b(?!\.?\s*(?:\d|['’]\d))",
    re.IGNORECASE,
)
# A month alone in brackets after what was done ("built a rig at home (Oct)"): then, as a label says it.
_MONTH_BRACKET = guarded(rf"\(\s*({_MONTH})\.?\s*\)", re.IGNORECASE)
# A month that labels a line ("Oct: migrated the line to ROS 2", "- Nov - gave a talk"): what the line tells was then.
_MONTH_LABEL = guarded(rf"^[ \t]*(?:[-*•][ \t]*)?({_MONTH})\.?[ \t]*(?::|[ \t][–—-])[ \t]",
                                  re.IGNORECASE | re.M)
_NO_DAY = {_MONTH_YEAR, _MONTH_ALONE, _MONTH_LABEL, _MONTH_BRACKET, _MONTH_AFTER_DONE}  # a month without a day
# A bare `3/4` is a date only where a date is expected ("on 10/9", a line that starts with it), never a ratio.
_DATE_CUE = re.compile(
    r"(?:\b(?:on|since|by|from|until|till|before|after|dated|of|due|sent|met|start(?:s|ed)?|join(?:s|ed)?)\s+|"
    r"^\s*(?:[-*•]\s*)?)$",
    re.IGNORECASE,
)


# A tracker's list item: a few words of what happened, then the day, then the line goes on with no more words of
# it ("- [x] Rejected 9/15 :(", "- Onsite 9/2 - panel"); "- scored 3/4 in the test" is a score.
_TRACKED = re.compile(r"^\s*(?:[-*•]\s+)?(?:\[[xX ]\]\s*)?(?:[A-Za-z][\w-]*\s+){1,3}$")
_TRACKED_END = re.compile(r"\s*(?:$|[–—:;,.()!?]|-\s)")
# "led the RFP (done 11/14)", "finished 11/14.": a day after what was done, where a number would not end the clause.
_DONE_CUE = re.compile(r"\b(?:done|finished|completed|submitted|applied|rejected|interviewed|called|emailed|"
                       r"launched|shipped|wrapped|posted|passed)(?:\s+(?:it|them|that|this))?\s+$", re.IGNORECASE)


_SPAN_WORD = re.compile(
    rf"^(?:{_MONTH}|\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?|q[1-4]|h[12]|spring|summer|autumn|fall|winter|to|till|until|"
    r"and|through|thru|early|mid|late|week|weeks|month|months|this|last|next|year)\.?$",
    re.IGNORECASE,
)


def is_time_span(text: str) -> bool:
    """Whether `text` only names a stretch of time ("Sep-Nov", "Q3 2026", "Spring 2025", "March to May")."""
    words = [w for w in re.split(r"[\s/–—-]+", text.strip(" #*_:()[]")) if w]
    return bool(words) and all(_SPAN_WORD.match(w) for w in words)


@dataclass(frozen=True)
class FoundDate:
    """A date read from text: the day, and where its words are."""

    day: dt.date
    words: str
    start: int
    end: int
    has_year: bool
    has_day: bool = True  # False for a month and a year ("Nov 2026"): no day to count other dates back from


def find_dates(text: str, *, reference: dt.date | None = None) -> list[FoundDate]:
    """Every date written in `text`, in order; a date without a year needs `reference` to be read."""
    return list(_dates(text, reference))


@lru_cache(maxsize=512)  # a note's text is read for its dates by several rules (its reference day, its first day)
def _dates(text: str, reference: dt.date | None) -> tuple[FoundDate, ...]:
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for match, year, month, day in _candidates(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        day_read = _resolve(year, month, day, reference)
        if day_read is None:
            continue
        taken.append((match.start(), match.end()))
        # The date's own words: "in oct" of "finished the AWS cert in oct" (the words between are no date)
        start, end = match.span("when") if "when" in match.re.groupindex else match.span()
        found.append(FoundDate(day_read, text[start:end].strip(), start, end, year is not None,
                               match.re not in _NO_DAY))
    for match in _THE_NTH.finditer(text) if reference is not None and "the" in text else ():
        if reference is None or any(s < match.end() and match.start() < e for s, e in taken):
            continue
        day_read = _day_of_last(int(match.group("day")), reference)
        if day_read is not None:
            start, end = match.span("when")
            found.append(FoundDate(day_read, text[start:end], start, end, False))
    return tuple(sorted(found, key=lambda f: f.start))


# "On the 14th Lena called": a day of the month alone, after a word that dates something; never "the 3rd round".
_THE_NTH = guarded(r"\b(?i:on|by|since|until|till|before|after|from)\s+"
                   r"(?P<when>the\s+(?P<day>\d{1,2})(?:st|nd|rd|th))\b"
                   r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:[A-Z]|(?:she|he|they|we|it|you|and|but|so|then|when|at|in)\b))")


def anchored(dated: list[list[FoundDate]], reference: dt.date) -> list[list[FoundDate]]:
    """Each sentence's dates, with a day of the month said alone ("rang on the 12th") read as the first such day
    after the latest date an earlier sentence gives ("Trial day on 6 Oct ... rang on the 12th": 12 Oct), when that
    day is not after `reference`."""
    latest: dt.date | None = None
    out: list[list[FoundDate]] = []
    for dates in dated:
        if latest is not None and any(_ALONE.match(d.words) for d in dates):
            dates = [_after(d, latest, reference) for d in dates]
        latest = max([latest, *(d.day for d in dates if d.has_day)], key=lambda x: x or dt.date.min)
        out.append(dates)
    return out


_ALONE = re.compile(r"^the\s+(\d{1,2})(?:st|nd|rd|th)$")


def _after(found: FoundDate, anchor: dt.date, reference: dt.date) -> FoundDate:
    alone = _ALONE.match(found.words)
    day = _day_of_next(int(alone.group(1)), anchor) if alone else found.day
    return replace(found, day=day) if day <= reference else found


def _day_of_next(day: int, anchor: dt.date) -> dt.date:
    """The first `day` of a month on or after `anchor` (the 12th, after 6 Oct: 12 Oct)."""
    month_start = anchor.replace(day=1)
    if day < anchor.day:
        month_start = (month_start + dt.timedelta(days=32)).replace(day=1)
    while _safe(month_start.year, month_start.month, day) is None:
        month_start = (month_start + dt.timedelta(days=32)).replace(day=1)
    return _safe(month_start.year, month_start.month, day) or anchor


def _day_of_last(day: int, reference: dt.date) -> dt.date | None:
    """The latest `day` of a month on or before `reference` (the 14th, said on the 18th: this month's)."""
    if not 1 <= day <= 31:
        return None
    month_start = reference.replace(day=1)
    if day > reference.day:
        month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
    while _safe(month_start.year, month_start.month, day) is None:  # "the 31st", said in October: August's
        month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
    return _safe(month_start.year, month_start.month, day)


def first_date(text: str, *, reference: dt.date | None = None) -> FoundDate | None:
    """The first date written in `text`, or None."""
    dates = find_dates(text, reference=reference)
    return dates[0] if dates else None


def parse_date(text: str, *, reference: dt.date | None = None) -> dt.date | None:
    """Read `text` as one date (any of the written forms), or None when it is not one."""
    found = first_date(text.strip(), reference=reference)
    return found.day if found else None


def _candidates(text: str) -> Iterator[tuple[re.Match[str], int | None, int, int]]:
    for match in _ISO.finditer(text):
        yield match, int(match.group(1)), int(match.group(3)), int(match.group(4))
    for match in _DOTTED.finditer(text):
        yield match, int(match.group(3)), int(match.group(2)), int(match.group(1))
    for match in _DOTTED_SHORT.finditer(text) if "." in text else ():
        yield match, None, int(match.group(3)), int(match.group(2))
    named = _A_MONTH.search(text) is not None  # a month's name is a word of every pattern that names one
    for match in _MONTH_DAY.finditer(text) if named else ():
        yield match, _year(match.group(3)), _MONTHS[match.group(1).casefold()], int(match.group(2))
    for match in _DAY_MONTH.finditer(text) if named else ():
        yield match, _year(match.group(3)), _MONTHS[match.group(2).casefold()], int(match.group(1))
    for match in _NUMERIC.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        year = _year(match.group(3))
        line_start = text.rfind("\n", 0, match.start()) + 1
        # "(14/10)", "(3/10, onsite)": a day and month alone in parentheses date the line they are on.
        before = text[line_start : match.start()]
        dated = before.rstrip().endswith("(") and text[match.end() : match.end() + 1] in {")", ","}
        after = text[match.end() :]
        cue = _DATE_CUE.search(before) or ((_TRACKED.match(before) or _DONE_CUE.search(before))
                                           and _TRACKED_END.match(after))
        # "3/4 of" is a share; "20/11" after a word that dates it ("launched 20/11") is the 20th of November
        if year is None and (first, second) == (24, 7):  # "24/7 support": round the clock, no day
            continue
        if year is None and not dated and ((first > 12 and (first > 31 or second > 12)) or not cue
                                           or re.match(r"\s+of\b", after)):
            continue
        month, day = (first, second) if first <= 12 else (second, first)
        yield match, year, month, day
    for match in _MONTH_YEAR.finditer(text) if named else ():
        yield match, _year(match.group(2).lstrip("'’")), _MONTHS[match.group(1).casefold()], 1
    for pattern in (_MONTH_ALONE, _MONTH_LABEL, _MONTH_BRACKET, _MONTH_AFTER_DONE) if named else ():
        for match in pattern.finditer(text):
            name = match.group(match.re.groups)  # the last group is the month's name
            if name != "may":  # "since may" is a verb; "since May" is the month
                yield match, None, _MONTHS[name.casefold()], 1


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


def _resolve(year: int | None, month: int, day: int, reference: dt.date | None) -> dt.date | None:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if year is not None:
        return _safe(year, month, day)
    if reference is None:
        return None
    for candidate_year in (reference.year, reference.year - 1):
        candidate = _safe(candidate_year, month, day)
        if candidate is not None and candidate <= reference:
            return candidate
    return None


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# "about two weeks ago", "3 days ago", "a couple of months ago", "last week": a day counted back from the reference.
# "about two weeks", "3 days", "a couple of months": a stretch of time counted in units (group n, group unit).
_STRETCH = (r"\b(?:(?:about|around|roughly|nearly|almost|over|~)\s+)?(?P<n>an?|one|two|three|four|five|six|couple of|"
            r"a couple of|a few|few|\d{1,2})\s+(?P<unit>day|week|wk|fortnight|month|mo)s?")
_AGO = re.compile(
    rf"{_STRETCH}\s+ago\b|\blast (?P<last>week|month)\b"
    r"|\b(?:last|this past)\s+(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?P<yesterday>yesterday)\b",
    re.IGNORECASE,
)
# "about two weeks later", "a week later", "3 days after that": a day counted on from a day told before it.
_LATER = re.compile(rf"{_STRETCH}\s+(?:later|after(?:wards| that)?)\b", re.IGNORECASE)
# How many a count in words means: "two weeks ago", "a couple of months ago", "reapply after six months".
COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9, "twelve": 12,
          "eighteen": 18, "couple of": 2, "a couple of": 2, "a few": 3, "few": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "wk": 7, "fortnight": 14, "month": 30, "mo": 30}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def days_later(text: str, before: dt.date | None) -> dt.date | None:
    """The day "about two weeks later" in `text` means, counted on from `before` (the day told before it)."""
    match = _LATER.search(text) if before is not None else None
    if match is None or before is None:
        return None
    return before + _stretch(match)


def days_ago(text: str, reference: dt.date | None) -> dt.date | None:
    """The day a relative date in `text` means ("posted about two weeks ago"), counted back from `reference`."""
    match = _AGO.search(text) if reference is not None else None
    if match is None or reference is None:
        return None
    if match.group("last"):
        return reference - dt.timedelta(days=_UNIT_DAYS[match.group("last").casefold()])
    if match.group("yesterday"):
        return reference - dt.timedelta(days=1)
    if match.group("weekday"):  # "last Friday": the Friday before the reference day
        back = (reference.weekday() - _WEEKDAYS.index(match.group("weekday").casefold())) % 7
        return reference - dt.timedelta(days=back or 7)
    return reference - _stretch(match)


def _stretch(match: re.Match[str]) -> dt.timedelta:
    """The stretch of time a _STRETCH match counts ("two weeks": 14 days)."""
    count = match.group("n").casefold()
    number = int(count) if count.isdigit() else COUNTS[count]
    return dt.timedelta(days=number * _UNIT_DAYS[match.group("unit").casefold()])
