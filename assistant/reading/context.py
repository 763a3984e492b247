"""A note's company from its context, when its text never names it as `company: X`.

Two places say which company a note is about without a key:
- the folder it is filed in: `knowledge/Acme Corp/onsite.md`, `companies/acme/notes.txt` (a folder named like a
  company; a one-word or lower-case folder counts only under a companies folder or when other notes name it);
- a pasted email: its sender ("From: Acme Talent <jobs@acme.com>": the mailbox's name, else the address's
  domain), or a team's signature at its end ("— The Acme Recruiting Team").

Front matter always wins; the note's own heading wins only when it names the same company (a fuller name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from functools import lru_cache
from pathlib import PurePosixPath

from assistant.casefile import NoteKind, NoteReading, same_company
from assistant.names import fold
from assistant.notes import Note
from assistant.reading.kinds import REJECTION_CUE, folder_kind, note_path, stem_kind
from assistant.reading.who import (
    CLOSING,
    ORG_WORD,
    domain_company,
    has_job_title,
    is_mailbox,
    is_org_name,
    looks_like_name,
    mailbox_company,
    mailbox_writes_for,
    signature_role,
)
from assistant.text import EMAIL_HEADER, MONTH_WORDS, WEEKDAY_WORDS, is_time_span


@dataclass(frozen=True)
class Context:
    """A company the note's context gives, and why (shown to the user as where the company came from)."""

    company: str
    why: str


# Folder names that say how notes are kept, never whom they are about ("Job Search", "2026", "misc").
_GENERIC = frozenset(
    """
knowledge notes note misc miscellaneous stuff archive archived old new personal private drafts draft inbox
search job jobs hunt prep preparation docs documents files research interview interviews applications
application apps campaign second chance todo done current active later maybe ideas log logs journal diary
scratch tmp temp various general other others shared work career careers leads pipeline tracking tracker
meeting meetings calls call debriefs debrief onsite onsites screens screen round rounds loop loops week weeks
month months year years quarter q1 q2 q3 q4 and the of my our for to in at
timeline history process background overview summary status feedback questions steps outcome final
reflection reflections thoughts recap review lessons learned learnt post-mortem postmortem
""".split()  # noqa: SIM905  (a word list reads better as text)
)
# A word that makes a one-word folder an organisation by itself ("Acme Labs" needs none; "Acmelabs" is unclear).


def _words(folder: str) -> list[str]:
    return [w for w in re.split(r"[-_ .]+", folder) if w]


def _as_name(folder: str) -> str:
    """A folder written as a company's name: "acme-labs" -> "Acme Labs"; "Acme Corp" stays as written."""
    words = _words(folder)
    if any(c.isupper() for c in folder):
        return " ".join(words)
    return " ".join(w[:1].upper() + w[1:] for w in words)


def as_filed(company: str | None, source: str) -> str | None:
    """A company written in capitals ("LUMEN HEALTH - Product Ops Lead") as its file or folder writes it ("Lumen
    Health.txt", "lumen-health/"): capitals on a title are emphasis, the name is the one the user files it under."""
    if not company or not company.isupper() or len(company) < 5:
        return company
    folded = company.casefold().split()
    for part in reversed(PurePosixPath(source).with_suffix("").parts):
        if [w.casefold() for w in _words(part)] == folded:
            return _as_name(part)
    return company


def only_labels(text: str) -> bool:
    """Whether every word of `text` says how a note is kept, never whom it is about ("Interview reflection")."""
    words = _words(text)
    return bool(words) and all(w.casefold() in _GENERIC or folder_kind(f"{w}/x") is not None for w in words)


_JOINING = frozenset({"of", "for", "and", "the", "de", "du", "la", "von"})


def could_be_company(folder: str) -> bool:
    """Whether a folder's (or a heading's) name could be a company's: not generic, no person's name, no kind."""
    words = _words(folder)
    # "Department for Transport", "Bank of Leeds": a joining word inside a name is no sign of a generic folder
    words = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and w.casefold() in _JOINING)]
    if not words or len(words) > 5 or not re.search(r"[A-Za-z]", folder):
        return False
    if any(w.casefold() in _GENERIC for w in words) or is_time_span(folder) or re.search(r"\d{4}", folder):
        return False
    if folder_kind(f"{folder}/x") is not None:  # people/, debriefs/, inbox/: a folder of a kind, not a company
        return False
    return bool(ORG_WORD.search(folder)) or not looks_like_name(_as_name(folder))  # else a person's own folder


def folder_company(source: str) -> tuple[str | None, str | None]:
    """(company the folder surely names, a folder name that names one only if other notes name it too)."""
    return _folder_company(source.rpartition("/")[0])  # the notes of one folder ask once


@lru_cache(maxsize=4096)
def _folder_company(path: str) -> tuple[str | None, str | None]:
    folders = tuple(part for part in path.split("/") if part)
    maybe = None
    for depth in range(len(folders) - 1, -1, -1):
        folder = folders[depth]
        if not could_be_company(folder):
            continue
        parent = folders[depth - 1] if depth else ""
        under_companies = bool(parent) and folder_kind(f"{parent}/x") == "company"
        words = _words(folder)
        capitalised = all(w[:1].isupper() or not w[:1].isalpha() for w in words)
        if under_companies or (capitalised and (len(words) > 1 or ORG_WORD.search(folder))):
            return _as_name(folder), None
        maybe = maybe or _as_name(folder)
    return None, maybe


def stem_company(source: str) -> str | None:
    """The company a file's own name reads as ("jobs/orbit-tools.md" -> "Orbit Tools"), when it reads as one."""
    from assistant.reading.facts import JOB_WORD

    stem = PurePosixPath(source).stem
    words = _words(stem)
    if not 0 < len(words) <= 4 or any(w.casefold() in _GENERIC for w in words) or re.search(r"\d", stem) or \
            folder_kind(f"{stem}/x") is not None or re.search(rf"\b{JOB_WORD}s?\b", stem.replace("-", " "), re.I):
        return None
    return _as_name(stem)


_NEWS_FILE = re.compile(r"^(?P<company>.+?)[-_ .]+(?:news|updates?|announcements?|press|in the news)$", re.I)


def news_company(source: str, text: str) -> str | None:
    """The company a file of news is named for ("kestrel news.txt", "Halden-updates.md"), as its text writes it."""
    named = _NEWS_FILE.match(PurePosixPath(source).stem)
    if named is None or not could_be_company(named.group("company")):
        return None
    words = " ".join(map(re.escape, _words(named.group("company"))))
    written = re.search(rf"\b{words}\b(?-i:(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’-]*)*)", text, re.I)
    return written.group(0) if written and written.group(0)[:1].isupper() else _as_name(named.group("company"))


def dated_company(source: str, *, said_no: bool = False) -> str | None:
    """The company a file is named for around its day and its kind ("2026-09-21 Lumen Audio outcome.md"), or None.

    Only a name with a day or a kind word beside it counts ("lumen.md" alone may be anyone's); a person's name
    counts only for a note of a no (people do not turn anyone down; companies do)."""
    from assistant.reading.who import ORG_WORD, looks_like_name

    words = _words(PurePosixPath(source).stem)
    kept = [w for w in words if not (re.fullmatch(r"\d+", w) or w.casefold() in _GENERIC or _DAY_WORD.fullmatch(w)
                                      or folder_kind(f"{w}/x") is not None)]
    name = " ".join(kept)
    if not kept or len(kept) == len(words) or len(kept) > 4 or not all(w[:1].isupper() for w in kept):
        return None
    named_like_someone = looks_like_name(name) and not ORG_WORD.search(name)
    if (named_like_someone and not said_no) or (not named_like_someone and not could_be_company(name)):
        return None
    return name


_DAY_WORD = re.compile(f"{MONTH_WORDS}|{WEEKDAY_WORDS}", re.I)  # a month's or a weekday's name


# "— The Acme Recruiting Team", "Acme Talent Acquisition", "The Hiring Team at Acme": a team signs the message.
_TEAM_LINE = re.compile(r"^[\s\-–—_*~]*(?:the\s+)?(?P<line>[A-Z][^\n]{1,60})$", re.I)


def pasted_headers(text: str) -> dict[str, str]:
    """The header lines of an email pasted near the top of a note ("from", "to", "sent", ...: folded names)."""
    headers: dict[str, str] = {}
    for match in EMAIL_HEADER.finditer("\n".join(text.splitlines()[:25])):
        headers.setdefault(match.group(1).casefold(), match.group(2).strip())
    return headers


def pasted_recipient(text: str) -> tuple[str, str] | None:
    """(name, address) an email pasted in a note was sent to, when a company sent it ("From: Acme <hr@acme.com>")."""
    headers = pasted_headers(text)
    if "from" not in headers or "to" not in headers:
        return None
    _, sender = parseaddr(headers["from"].replace("[mailto:", "<").replace("]", ">"))
    name, address = parseaddr(headers["to"].replace("[mailto:", "<").replace("]", ">"))
    if "@" not in address or not domain_company(sender) or not looks_like_name(name):
        return None
    return name, address


def email_company(note: Note) -> Context | None:
    """The company a pasted (or saved) email comes from: its sender's mailbox name, signature or domain."""
    text = note.text
    headers = pasted_headers(text)
    display, address = "", ""
    if note.meta.channel == "email":
        display, address = note.meta.with_ or "", note.meta.email or ""
    elif "from" in headers and len(headers) >= 2:
        display, address = parseaddr(headers["from"].replace("[mailto:", "<").replace("]", ">"))
        if not address and "@" in display:
            display, address = "", display
    signed = _signature_company(text, email=bool(display or address))
    found: list[tuple[str, str]] = []
    if display and is_mailbox(display, address):
        named = mailbox_company(_strip_the(display))
        if named:
            found.append((named, f'the email is from "{display}"'))
    if signed:
        found.append((signed, f'the email is signed "{signed}"' if display or address else "its signature"))
    if (display or address) and is_mailbox(display, address):  # a team mailbox: its name, signature or domain
        writes = mailbox_writes_for(display, text, address)
        if writes:
            found.append((writes, f'the email is from "{display or address}"'))
    domain = domain_company(address)
    if domain:
        found.append((domain, f"the email is from {address.partition('@')[2]}"))
    if not found and "to" in headers and (display or address):  # the user's own message, pasted: to whom
        _, to = parseaddr(headers["to"])
        domain = domain_company(to)
        if domain:
            found.append((domain, f"the email was sent to {to.partition('@')[2]}"))
    if not found:
        return None
    company, why = found[0]
    for other, _ in found[1:]:  # "Halvard" (the mailbox) is "Halvard Logistics" (the signature)
        if same_company(company, other) and len(other) > len(company):
            company = other
    return Context(company, why)


def _strip_the(text: str) -> str:
    return re.sub(r"^\s*the\s+", "", text.strip(" -–—_*~"), flags=re.I)


def _signature_company(text: str, *, email: bool) -> str | None:
    """A company a message's last lines sign with: a team's name; in an email also "Role, Company"."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][-5:]
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if len(line) > 70:
            continue
        team = _TEAM_LINE.match(line)
        # Outside an email, only a line that signs off does: "— The Acme Team", or one under "Best regards,".
        signs = email or bool(re.match(r"^\s*(?:[-–—~]|the\b)", line, re.I)) or bool(i and CLOSING.match(lines[i - 1]))
        if team and signs and is_mailbox(team.group("line")) and not looks_like_name(team.group("line")):
            at = re.search(r"\b(?:at|@|from)\s+(?:the\s+)?([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3})\s*$",
                           team.group("line"))
            company = at.group(1) if at else mailbox_company(_strip_the(team.group("line")))
            if company:
                return company
        if email:
            _, company = signature_role(line)
            if company and not looks_like_name(company):
                return company
            # "Priti Shah / Recruitment Coordinator / Kestrel Vets": the line under the signer's title
            if i and has_job_title(lines[i - 1]) and is_org_name(line) and not looks_like_name(line):
                return line
    return None


def context_company(note: Note, guessed: str | None) -> str | None:
    """The company the note is about: front matter, else its email's sender or its folder, else `guessed`.

    `guessed` is what the note's own heading or first line suggested; it wins when it is the same company written
    in full ("Halvard Logistics Ltd" in a folder "Halvard Logistics"), and when the context says nothing.
    """
    if note.meta.company:
        return guessed
    sender, folder = email_company(note), _folder_context(note.source)
    context = sender or folder
    if context is None:
        return guessed
    if sender and folder and same_company(sender.company, folder.company):  # "Halvard" in "Halvard Logistics/"
        context = max(sender, folder, key=lambda c: len(c.company))
    if guessed and same_company(guessed, context.company):
        return guessed if len(guessed) >= len(context.company) else context.company
    return context.company


def _folder_context(source: str) -> Context | None:
    sure, _ = folder_company(source)
    return Context(sure, f'it is filed under "{sure}"') if sure else None


def context_why(note: Note, company: str | None) -> str | None:
    """Why `company` is the note's company when its context, not its text, says so (None otherwise)."""
    if not company or note.meta.company:
        return None
    for context in (email_company(note), _folder_context(note.source)):
        if context is not None and same_company(context.company, company):
            return context.why
    return None


def context_kind(note: Note, kind: NoteKind | None) -> NoteKind | None:
    """A note filed in a company's own folder (`companies/acme/call.txt`) is not a company note for that: its
    file name or its words say its kind; only `companies/acme.md` itself is about the company as a whole."""
    folders = note_path(note.source).parts[:-1]
    if note.meta.type or kind != "company" or len(folders) < 2 or folder_kind(f"{folders[-1]}/x") is not None:
        return kind
    if folder_company(note.source)[0] is None:
        return kind
    return stem_kind(note.source) or ("rejection" if REJECTION_CUE.search(" ".join(note.text[:1500].split())) else None)


def place_by_folder(readings: Sequence[NoteReading]) -> None:
    """A note in a folder named like a company that other notes name ("acme/") is about that company."""
    known: dict[str, str] = {}
    for reading in readings:
        for name in [reading.about_company, *(p.company for p in reading.people),
                     *(r.company for r in reading.rejections)]:
            if name:
                known.setdefault(_squash(name), name)
    if not known:
        return
    for reading in readings:
        if reading.about_company:
            continue
        _, maybe = folder_company(reading.source)
        company = _known_as(maybe, known) if maybe else None
        named = None
        if company is None and not reading.people and reading.kind in {None, "company"}:
            named = stem_company(reading.source)  # "Tessellate Bio.md": a note named after a company other notes name
            company = _known_as(named, known) if named else None
        if company is None:
            continue
        reading.about_company = company
        reading.found.insert(0, f'about {company} (its file is named "{PurePosixPath(reading.source).name}")' if named
                             else f'about {company} (it is filed under "{maybe}")')
        reading.kind = reading.kind or "company"
        reading.hints = [h for h in reading.hints if not h.message.startswith("nothing in it was understood")]
        for project in reading.projects:
            project.company = project.company or company
        for opening in reading.openings:
            opening.company = opening.company or company
        for person in reading.people:
            person.company = person.company or company
        for rejection in reading.rejections:
            if not rejection.company:
                rejection.company, rejection.company_from = company, f'it is filed under "{maybe}"'


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


def _known_as(folder: str, known: dict[str, str]) -> str | None:
    """The known company a folder name stands for: the same letters ("acme-corp"), or its first word ("acme")."""
    squashed = _squash(folder)
    if squashed in known:
        return known[squashed]
    firsts = {name for name in known.values() if _squash(name.split()[0]) == squashed and len(squashed) > 2}
    return firsts.pop() if len(firsts) == 1 else None


def fill_rejections(reading: NoteReading, note: Note) -> None:
    """A rejection whose text names no company is by the note's company when its context says which."""
    for rejection in reading.rejections:
        if rejection.company or not reading.about_company:
            continue
        why = context_why(note, reading.about_company)
        if why:
            rejection.company, rejection.company_from = reading.about_company, why
