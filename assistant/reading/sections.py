"""A whole search kept in one file: sections under banner headings, each read as a note of its own.

People who keep one running file ("job hunt 2026.txt") split it with headings: `=== ACME ROBOTICS ===`,
`## Since then`, `ACME NEWS`, `--- other people ---`. Each section is read on its own, as if it were a note filed in
a folder of that name: a section named like a company is about that company (a later `ACME NEWS` is about the same
one), a section named by a kind (`people`, `news`, `since then`) is of that kind, and the lines before the first
heading, when they hold the user's own name or address, are the user's profile. A dated section inside is then read
entry by entry as a journal (see `journal.py`), and the sections' readings are merged back into the file's one
reading.

Only a file that says it is the whole search (its name or first line: "job hunt", "search log", "tracker") or whose
headings name at least two kinds is split; a person's or a company's note with `## Background` headings is not.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from assistant.casefile import NoteKind
from assistant.notes import Note
from assistant.reading.context import could_be_company
from assistant.reading.journal import Entry
from assistant.reading.kinds import ENTRY, WHOLE_SEARCH, folder_kind, note_kind, tells_of_no
from assistant.text import EMAIL, ROLE_COLUMN, find_dates, is_time_span, tables

# A heading line: Markdown `#`/`##`/`###`, a title between rules (`=== X ===`, `--- X ---`), or a line in capitals.
_MARKDOWN = re.compile(r"^\s*#{1,3}\s+(?P<title>[^#\n].*?)\s*#*\s*$")
_RULED = re.compile(r"^\s*(?P<rule>={2,}|-{2,}|\*{3,}|~{3,})\s*(?P<title>[^=\-*~\s].*?)\s*(?P=rule)\s*$")
_CAPITALS = re.compile(r"^\s*(?P<title>[A-Z][A-Z0-9&'’.,()/ -]{2,60}?)\s*:?\s*$")
_ASIDE = re.compile(r"\s*\([^)]*\)\s*")  # "ORLA ROBOTICS (the one I really want)"
_WORDS = re.compile(r"[A-Za-z][\w&'’.-]*")
# A table's column of companies: a tracker of applications ("| Company | Role | Status | Notes |").
_COMPANY_COLUMN = re.compile(r"^(?:company|companies|employer|organi[sz]ation|org|firm|where)$", re.I)
# Words of a heading that say what kind of section it is, not whom it is about ("ACME NEWS", "other people").
_KIND_WORDS = frozenset({"news", "people", "contacts", "other", "notes", "log", "update", "updates", "misc", "the",
                         "and", "at", "of", "my", "stuff", "links", "reading", "jobs", "openings", "roles"})


def section_notes(note: Note) -> tuple[list[Entry], list[Note]] | None:
    """The file's sections, each as a note of its own, when the file is a whole search in sections; else None.

    A table of applications (a `company` column) is read row by row the same way: each row a note about its
    company, for the role in its `role` column, its other cells as "Status: Rejected 2026-09-12" lines.
    """
    if note.meta.type or note_kind(note) not in {None, "interaction", "rejection"}:
        return None
    rows = _company_rows(note)
    if rows is not None:
        return rows
    lines = note.text.splitlines(keepends=True)
    heads = [(i, title) for i, line in enumerate(lines) if (title := _heading(line)) is not None]
    if len(heads) < 2:
        return _labelled_paragraphs(note)
    kinds = [folder_kind(f"{_ASIDE.sub(' ', t).strip()}/x") for _, t in heads]
    if not _whole_search(note, lines) and sum(k is not None for k in kinds) < 2:
        return None
    first = heads[0][0]
    mine = "".join(lines[first + 1 : heads[1][0]])
    if _says_whole_search(heads[0][1]) or (_about_me(mine) and _heading_company(heads[0][1], []) is None):
        # "# Wen Li - search tracker", "INES MOREAU" over her address: the file's title, not a section
        lines = [*lines[:first], re.sub(r"^[\s#=*~-]+|[\s#=*~-]+$", "", lines[first]) + "\n", *lines[first + 1 :]]
        heads, kinds = heads[1:], kinds[1:]
        if len(heads) < 2:
            return None
    # "# Pinecrest Analytics" over "## Timeline", "## People", "## News": the file's title names the company every
    # section is about, unless a section names its own
    titled = _heading_company(heads[0][1], []) if not mine.strip() else None
    entries: list[Entry] = []
    notes: list[Note] = []
    preamble = "".join(lines[: heads[0][0]]).strip()
    if preamble:  # the lines above the first section: the user's profile, or notes like any other section's
        entries.append(Entry(heading=preamble.splitlines()[0].strip(), day=None, text=preamble))
        notes.append(_section(note, preamble, "profile" if _about_me(preamble) else None, None))
    companies: list[str] = []
    for n, ((i, title), kind) in enumerate(zip(heads, kinds, strict=True)):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        body = "".join(lines[i + 1 : end]).strip()
        if not body:
            continue
        named, role = _company_and_role(title)  # "Brindle Games — Senior Level Designer"
        company = _heading_company(named, companies) or titled
        if company and company not in companies:
            companies.append(company)
        entries.append(Entry(heading=lines[i].strip(), day=None, text=body))
        notes.append(_section(note, body, kind, company, role if company else None))
    return (entries, notes) if len(notes) >= 2 else None


_SOMEONE = re.compile(r"\b(?:she|he|her|his|him)\b", re.I)
# A paragraph that starts with the company it is about: "Marlow & Finch: I made it to the last round ...".
_LABEL = re.compile(r"^\s*(?:[-*•]\s+)?(?:\*\*)?(?P<title>[A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*){0,3})"
                    r"(?:\*\*)?(?:[ \t]*\((?P<role>[^()\n]{2,60})\))?"  # "- Orla Robotics (Controls Engineer) — ..."
                    r"[ \t]*(?::|[ \t][–—-])[ \t]+(?P<rest>\S.*)", re.S)
_BULLETED = re.compile(r"^\s*[-*•]\s+")


def _labelled_paragraphs(note: Note) -> tuple[list[Entry], list[Note]] | None:
    """A file of paragraphs, two or more of them led by a company's name ("Marlow & Finch: ...", "Greystone Retail
    - ..."), as sections: each labelled paragraph about its company, each other paragraph on its own."""
    from assistant.reading.who import ORG_WORD, has_job_title, looks_like_name

    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", note.text) if p.strip()]
    # ... and a list of one line a company ("- Orla Robotics (Controls Engineer) — rejected 10/6, ..."): each line
    paragraphs = [unit for p in paragraphs for unit in _lines_of(p)]
    labels: list[str | None] = []
    for paragraph in paragraphs:
        match = _LABEL.match(paragraph)
        title = match.group("title") if match else ""
        # a company's name: two words or a word of an organisation ("Greystone Retail", "Marlow & Finch"), no
        # person's name ("Gwen Tallis: ...") and no label of a note's own ("Next Steps: ...")
        org = ORG_WORD.search(title) is not None
        # "Pellham Mills: ... they went with someone else" is shaped like a name too: a company when its paragraph
        # tells of a no, and never says "she" or "he" of it
        named = looks_like_name(title)
        shaped = "&" in title or _heading_company(title, []) is not None
        told = tells_of_no(paragraph) and not _SOMEONE.search(paragraph)
        if title and (len(title.split()) > 1 or org) and folder_kind(f"{title}/x") is None and (
                (shaped and (org or not named)) or (named and told)):
            labels.append(title)
        else:
            labels.append(None)
    if sum(label is not None for label in labels) < 2 or len({label for label in labels if label}) < 2:
        return None
    entries: list[Entry] = []
    notes: list[Note] = []
    for paragraph, company in zip(paragraphs, labels, strict=True):
        label = _LABEL.match(paragraph) if company else None
        text = _LABEL.sub(r"\g<rest>", paragraph, count=1) if company else paragraph
        role = label.group("role") if label and label.group("role") and has_job_title(label.group("role")) else None
        entries.append(Entry(heading=paragraph.splitlines()[0][:80], day=None, text=text))
        notes.append(_section(note, text, None, company, role))
    return entries, notes


def _lines_of(paragraph: str) -> list[str]:
    """A paragraph of two or more bullets, line by line (the lines before the first bullet kept as one); else whole."""
    lines = paragraph.splitlines()
    if sum(bool(_BULLETED.match(line)) for line in lines) < 2:
        return [paragraph]
    first = next(i for i, line in enumerate(lines) if _BULLETED.match(line))
    head = "\n".join(lines[:first]).strip()
    titled = len(head.split()) <= 4 and "\n" not in head  # "Rejections so far": the list's title, no note of its own
    return [*([head] if head and not titled else []), *(line.strip() for line in lines[first:] if line.strip())]


def _company_rows(note: Note) -> tuple[list[Entry], list[Note]] | None:
    """Each row of a table with a company column as a note of its own; the text around the tables as one more."""
    found = [t for t in tables(note.text) if t.column(_COMPANY_COLUMN) is not None] if "|" in note.text else []
    if not found:
        return None
    entries: list[Entry] = []
    notes: list[Note] = []
    lines = note.text.split("\n")
    for table in found:
        at, role_at = table.column(_COMPANY_COLUMN), table.column(ROLE_COLUMN)
        for cells in table.rows:
            company = cells[at] if at is not None and at < len(cells) else ""
            if not company:
                continue
            role = cells[role_at] if role_at is not None and role_at < len(cells) and cells[role_at] else None
            text = "\n".join(f"{head}: {cell}" for n, (head, cell) in enumerate(zip(table.header, cells, strict=False))
                             if cell and n not in {at, role_at})
            if not text:
                continue
            entries.append(Entry(heading=f"| {company} |", day=None, text=text))
            notes.append(_section(note, text, None, company, role))
        lines[table.start : table.end] = [""] * (table.end - table.start)
    rest = "\n".join(line for line in lines if line.strip() and _heading(line) is None)
    if rest.strip():
        entries.insert(0, Entry(heading=rest.strip().splitlines()[0], day=None, text=rest))
        notes.insert(0, Note(source=note.source, meta=note.meta, text=rest, hash=note.hash))
    return (entries, notes) if notes else None


def _heading(line: str) -> str | None:
    """The title of a heading line, or None when the line is no heading (or only names a day or a stretch of time)."""
    match = _MARKDOWN.match(line) or _RULED.match(line) or _CAPITALS.match(line)
    if match is None:
        return None
    title = match.group("title").strip(" :*_")
    if match.re is _CAPITALS and sum(c.isalpha() for c in title) < 3:
        return None
    if not title or is_time_span(title) or find_dates(title[:30]):
        return None  # "## 3 Nov 2026", "=== October ===": a journal's day, read by `journal.py`
    return title


def _whole_search(note: Note, lines: list[str]) -> bool:
    """Whether the file says it is the whole search: its name ("job hunt 2026.txt") or its first line says so."""
    first = next((line for line in lines if line.strip()), "")
    return _says_whole_search(f"{PurePosixPath(note.source).stem} {first}")


def _says_whole_search(text: str) -> bool:
    words = {w.casefold() for w in re.split(r"[\W_]+", text) if w}
    return bool(words & WHOLE_SEARCH)  # "job hunt 2026", "search tracker", "campaign log"


def _about_me(text: str) -> bool:
    """Whether a file's opening lines (before its first heading) are about the user: an address, "I am", "me"."""
    return bool(EMAIL.search(text)) or re.search(r"\b(?:I am|I'm|my name is|about me)\b", text, re.I) is not None


_DASHED = re.compile(r"^(?P<name>.+?)\s+[-–—|:]\s+(?P<role>.+)$")


def _company_and_role(title: str) -> tuple[str, str | None]:
    """A heading's company and the role applied for, when it gives both: "Brindle Games — Senior Level Designer"."""
    from assistant.reading.who import has_job_title

    dashed = _DASHED.match(title)
    if dashed and has_job_title(dashed.group("role").strip()):
        return dashed.group("name").strip(), dashed.group("role").strip()
    return title, None


def _heading_company(title: str, companies: list[str]) -> str | None:
    """The company a heading names: "ORLA ROBOTICS (the one I want)" -> "Orla Robotics"; "ORLA NEWS" -> "Orla
    Robotics" when an earlier heading named it; None for "since then", "other people"."""
    words = [w for w in _WORDS.findall(_ASIDE.sub(" ", title)) if w.casefold() not in _KIND_WORDS]
    if not words:
        return None
    name = " ".join(w if (len(w) <= 3 or not w.isupper()) else w.capitalize() for w in words)
    for known in companies:
        if name.casefold() == known.casefold() or known.casefold().startswith(name.casefold() + " "):
            return known  # "ORLA" after "ORLA ROBOTICS"
    if folder_kind(f"{name}/x") is not None or not could_be_company(name):
        return None
    return name


# A line led by someone's full name: "- **Wen Li**, Staff Engineer.", "Ruth Okafor - head of planning".
_NAME_LED = re.compile(r"^\s*(?:[-*•]\s+)?(?:\*\*)?(?P<name>[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)(?:\*\*)?\s*[,:(–—-]", re.M)


def _section(note: Note, text: str, kind: NoteKind | None, company: str | None, role: str | None = None) -> Note:
    """A section as a note of its own: the file's source and hash, the section's kind, company and role."""
    from assistant.reading.who import looks_like_name

    if kind == "person" and sum(looks_like_name(m.group("name")) for m in _NAME_LED.finditer(text)) >= 2:
        kind = None  # "## People" over a line per person: a list of them, about no one of them
    update: dict[str, object] = {"type": kind, "company": company or note.meta.company, "role": role or note.meta.role}
    if kind not in {"person", "profile"}:
        update[ENTRY] = True  # a section is about no one person: no name is taken from the file's name
    return Note(source=note.source, meta=note.meta.model_copy(update=update), text=text, hash=note.hash)
