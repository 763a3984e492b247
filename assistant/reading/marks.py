"""Marks in a note that are no words: emoji, Markdown's emphasis and links.

- An emoji at a line's start is a list mark ("✅ passed the exam", "❌ 10/2 rejected", "📞 9/8 screen w/ Lina"),
  anywhere else a decoration ("# Orbit Payments 🚀", "great convo 👍").
- Emphasis is no part of what it stresses: "**Kenji Watanabe** (Senior Data Scientist)", "*Engineering Manager*".
- Rows copied from a spreadsheet (cells between tabs) are a table: "Company / Role / Status" columns read as any
  Markdown table of applications.
- An arrow is a step in a chain: "Kestrel Bio -> applied 8/20 -> rejected 9/30" reads as the company, then a list
  of what happened, one step a line.
- A link is its words: "[Tomás Ferreira](https://www.linkedin.com/in/...)" is Tomás Ferreira; a link to anything but
  a person's profile keeps its address in brackets ("[careers page](https://acme.example/careers)"), so an article or
  an opening is still found with it.

The reading sees the note so; the note's own text is left as written: it is what is indexed and quoted.
"""

from __future__ import annotations

import re

from assistant.notes import Note
from assistant.shorthand import expand_for_reading

# Pictographs and symbols, with what joins or styles them (variation selector, zero-width joiner, skin tones).
_EMOJI = "[\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff\U0001f000-\U0001faff]"
_JOINED = f"{_EMOJI}(?:[\ufe0f\u200d\U0001f3fb-\U0001f3ff]|{_EMOJI})*"
_LEADING = re.compile(rf"^([ \t]*)(?:[-*•+][ \t]+)?{_JOINED}[ \t]*", re.M)
_ANYWHERE = re.compile(rf"[ \t]*(?<!\[){_JOINED}")  # a tick in a box ("[✓]") stays: it is a list's mark
_ANY = re.compile(_EMOJI)
_ARROW = re.compile(r"[ \t](?:->|-->|=>|→|⇒|—>|–>)[ \t]")
_ARROW_LINE = re.compile(rf"^([ \t]*)(.*{_ARROW.pattern}.*)$", re.M)


# Two or more lines of cells between tabs, the same number on each: rows copied from a spreadsheet.
_TAB_ROWS = re.compile(r"^(?:[^\t\n]*(?:\t[^\t\n]*){2,}\n?){2,}", re.M)


# A bullet a word processor exports between tabs ("\t•\tRapport with the panel"): a list item, no table row.
_TAB_BULLET = re.compile(r"^[ \t]*\t[•◦▪‣∙·*-]\t+", re.M)


def _as_table(rows: re.Match[str]) -> str:
    lines = [line.split("\t") for line in rows.group(0).rstrip("\n").split("\n")]
    if len({len(cells) for cells in lines}) != 1:
        return rows.group(0)
    table = [f"| {' | '.join(cell.strip() for cell in cells)} |" for cells in lines]
    table.insert(1, "|" + "---|" * len(lines[0]))
    return "\n".join(table) + ("\n" if rows.group(0).endswith("\n") else "")


# A header row of comma-separated column names, one of them a column a tracker has ("Company,Role,Status"),
# and the rows under it up to a blank line.
_CSV_ROW = r"[\w /&'-]{1,30}(?:,[\w /&'-]{1,30}){2,}"
_CSV_HEADER = re.compile(rf"^{_CSV_ROW}$", re.M)
_CSV_BLOCK = re.compile(rf"^{_CSV_ROW}\n(?:[^\n]*,[^\n]*(?:\n|$))+", re.M)
_CSV_COLUMNS = frozenset({"company", "employer", "organisation", "organization", "role", "position", "status",
                          "contact", "name", "stage", "outcome"})


def _csv_as_table(block: re.Match[str]) -> str:
    """Rows of comma-separated values under a header that names a tracker's columns, as a Markdown table."""
    import csv

    rows = list(csv.reader(block.group(0).rstrip("\n").split("\n")))
    header = [cell.strip().casefold() for cell in rows[0]]
    if not _CSV_COLUMNS.intersection(header) or len({len(r) for r in rows}) != 1:
        return block.group(0)
    table = [f"| {' | '.join(cell.strip().replace('|', '/') for cell in row)} |" for row in rows]
    table.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(table) + ("\n" if block.group(0).endswith("\n") else "")


def _steps(line: re.Match[str]) -> str:
    indent, first, *rest = [line.group(1), *_ARROW.split(line.group(2))]
    head = first.strip()
    if re.fullmatch(r"[a-z][\w ']{0,25}", head):  # "since -> finished X -> leading Y": a label over its list
        head += ":"
    return "\n".join([indent + head, *(f"{indent}- {step.strip()}" for step in rest if step.strip())])

_LINK = re.compile(r"(?<!!)\[([^\[\]\n]{1,200})\]\((\S{1,500}?)\)")
_PROFILE = re.compile(r"^https?://(?:[\w-]+\.)?(?:linkedin\.com/in/|github\.com/[\w-]+/?$|x\.com/|twitter\.com/)", re.I)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"
                 r"|(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])")


def plain(note: Note) -> Note:
    """`note` read past its marks (emoji, emphasis, links, arrows) and shorthand ("w/"); the same note when it has
    none."""
    text = expand_for_reading(note.text)  # "not moving fwd", "went w/ someone"
    if "\t" in text:  # rows pasted from a spreadsheet: a Markdown table, read as any table
        text = _TAB_ROWS.sub(_as_table, _TAB_BULLET.sub("- ", text))
    if "," in text and _CSV_HEADER.search(text):  # ... or saved from it as comma-separated values
        text = _CSV_BLOCK.sub(_csv_as_table, text)
    if _ARROW.search(text):  # "Kestrel Bio -> applied 8/20 -> rejected 9/30": one step a line, as a list
        text = _ARROW_LINE.sub(_steps, text)
    if _ANY.search(text):
        text = _ANYWHERE.sub("", _LEADING.sub(r"\1- ", text))
    if "](" in text:
        text = _LINK.sub(lambda m: m.group(1) if _PROFILE.match(m.group(2)) or m.group(1) == m.group(2)
                         else f"{m.group(1)} ({m.group(2)})", text)
    if "*" in text or "_" in text:
        text = _EM.sub(lambda m: m.group(1) or m.group(2), _STRONG.sub(r"\2", text))
    return note if text == note.text else note.model_copy(update={"text": text})
