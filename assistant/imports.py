"""The user's own exports as notes: LinkedIn's Connections.csv becomes person notes in knowledge/imported/.

This is the one place second-chance writes into the knowledge folder, and only when the user asks for it
(`second-chance import linkedin FILE`): new files under `imported/`, never an existing file overwritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from assistant.errors import UserError
from assistant.names import fold
from assistant.notes import LoadResult

IMPORTED = "imported"
_HEADER = ("first name", "last name")
_LEGAL = {"inc", "incorporated", "ltd", "limited", "llc", "gmbh", "corp", "corporation", "co", "company", "plc",
          "sa", "ag", "bv", "srl", "sas", "oy", "ab", "as", "pty", "the"}


class Connection(BaseModel):
    """One row of LinkedIn's Connections.csv."""

    name: str
    role: str | None = None
    company: str | None = None
    email: str | None = None
    url: str | None = None
    connected_on: dt.date | None = None


class ImportSkip(BaseModel):
    """A connection at a campaign company that got no note, and why."""

    name: str
    reason: str


class ImportReport(BaseModel):
    """What `import linkedin` did (`--json`)."""

    source: str
    folder: str
    companies: list[str] = Field(description="The companies of your campaigns (those with a rejection note).")
    written: list[str] = Field(default_factory=list, description="New notes, relative to the knowledge folder.")
    skipped: list[ImportSkip] = Field(default_factory=list)
    elsewhere: int = Field(default=0, description="Connections at other companies, left out.")


def read_connections(path: Path) -> list[Connection]:
    """The rows of a LinkedIn Connections.csv, after the "Notes:" lines LinkedIn puts above the header."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"No file at {path}; export it from LinkedIn (Settings, Data privacy, Get a copy of your "
                        "data, Connections) and pass its path.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Cannot read {path} ({exc}); pass the Connections.csv file LinkedIn sent you.") from None
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if all(h in line.casefold() for h in _HEADER)), None)
    if start is None:
        raise UserError(f"{path} has no 'First Name,Last Name,...' header; is it LinkedIn's Connections.csv?")
    rows = csv.DictReader(io.StringIO("\n".join(lines[start:])))
    connections = []
    for row in rows:
        cell = {(key or "").strip().casefold(): (value or "").strip() for key, value in row.items()
                if isinstance(value, str)}
        name = " ".join(filter(None, [cell.get("first name"), cell.get("last name")]))
        if not name:
            continue
        connections.append(Connection(
            name=name, role=cell.get("position") or None, company=cell.get("company") or None,
            email=cell.get("email address") or None, url=cell.get("url") or None,
            connected_on=_date(cell.get("connected on", "")),
        ))  # fmt: skip
    return connections


def _date(text: str) -> dt.date | None:
    for pattern in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%b %d, %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def company_key(name: str) -> tuple[str, ...]:
    """A company name as compared: accents, case, punctuation and legal suffixes (Inc., GmbH) aside."""
    words = re.findall(r"[a-z0-9]+", fold(name).replace("&", " and "))
    return tuple(word for word in words if word not in _LEGAL)


def campaign_company(company: str | None, campaigns: list[str]) -> str | None:
    """The campaign company a connection works at ("Northwind Analytics Europe" is Northwind Analytics)."""
    key = company_key(company or "")
    for name in campaigns:
        want = company_key(name)
        if want and key[: len(want)] == want:
            return name
    return None


def import_linkedin(path: Path, knowledge_dir: Path, loaded: LoadResult, campaigns: list[str]) -> ImportReport:
    """Write a person note in knowledge/imported/ for each connection at a campaign company; never overwrite."""
    if not campaigns:
        raise UserError("No company has a rejection note yet, so no connection belongs to a campaign: add a note "
                        "with `type: rejection` and `company:` first.")
    connections = read_connections(path)
    folder = knowledge_dir / IMPORTED
    known = {fold(n.meta.name): n.source for n in loaded.notes
             if n.meta.type == "person" and n.meta.name and not n.meta.example}
    report = ImportReport(source=str(path), folder=str(folder), companies=campaigns)
    for connection in connections:
        company = campaign_company(connection.company, campaigns)
        if company is None:
            report.elsewhere += 1
            continue
        if fold(connection.name) in known:
            report.skipped.append(ImportSkip(name=connection.name,
                                             reason=f"already in your notes ({known[fold(connection.name)]})"))
            continue
        target = folder / f"{_slug(connection.name)}.md"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8") as out:  # "x": an existing note is never touched
                out.write(person_note(connection, company, source=path.name))
        except FileExistsError:
            report.skipped.append(ImportSkip(name=connection.name,
                                             reason=f"{target.relative_to(knowledge_dir).as_posix()} already there"))
            continue
        except OSError as exc:
            raise UserError(f"Cannot write {target} ({exc.strerror}); check the folder's permissions.") from None
        known[fold(connection.name)] = target.relative_to(knowledge_dir).as_posix()
        report.written.append(known[fold(connection.name)])
    return report


def person_note(connection: Connection, company: str, *, source: str) -> str:
    """A person note for one connection: front matter only, so no letter quotes a CSV row as their words."""
    meta = {"type": "person", "name": connection.name, "role": connection.role, "company": company,
            "email": connection.email, "connected_on": connection.connected_on, "linkedin": connection.url,
            "tags": ["linkedin"], "imported_from": source}
    front = yaml.safe_dump({k: v for k, v in meta.items() if v is not None}, sort_keys=False, allow_unicode=True)
    return (f"---\n{front}# Imported from LinkedIn. Below, write what you know about them: how you met, what they "
            "said, what they care about.\n---\n")


def _slug(name: str) -> str:
    from assistant.drafts import slug

    return slug(name)
