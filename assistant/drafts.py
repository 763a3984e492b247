"""Letters on disk: `drafts/DATE-KIND-recipient.md` with front matter; never overwritten; marked sent by hand."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.checks import CheckResult
from assistant.chunks import citation_label
from assistant.errors import NotFoundError, UserError
from assistant.files import may_write, write_private


class Citation(BaseModel):
    """A note the letter takes a fact from: its id and path in the knowledge folder."""

    id: str
    source: str

    @property
    def label(self) -> str:
        """How a citation is shown: `[n3f9a2c1d07be] people/dana-reyes.md`."""
        return citation_label(self.id, self.source)


class DraftMeta(BaseModel):
    """A draft's front matter."""

    model_config = ConfigDict(extra="allow")

    to: str | None = None
    kind: str | None = None
    subject: str = ""
    date: dt.date | None = None
    tactics: list[str] = Field(default_factory=list)
    model: str | None = None
    status: Literal["draft", "sent"] = "draft"
    sent: dt.date | None = None
    citations: list[Citation] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)


class DraftFile(BaseModel):
    """A letter file as read back: front matter and body."""

    path: Path
    meta: DraftMeta
    body: str


def slug(text: str) -> str:
    """A file-name-safe form of a name: "Dana Reyes" -> "dana-reyes", "Tomasz Wójcik" -> "tomasz-wojcik"."""
    from assistant.names import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "someone"


def draft_path(drafts_dir: Path, *, day: dt.date, kind: str, to: str) -> Path:
    """Where a new draft goes: drafts/DATE-KIND-recipient.md."""
    return drafts_dir / f"{day.isoformat()}-{kind}-{slug(to)}.md"


def save_draft(path: Path, meta: DraftMeta, body: str) -> Path:
    """Write a new letter file at `path`, or at `-2`, `-3`... beside it: an existing file is never touched."""
    text = render(meta, body)
    for attempt in range(1, 1000):
        candidate = path if attempt == 1 else path.with_name(f"{path.stem}-{attempt}{path.suffix}")
        try:
            # Exclusive creation, so two runs at once cannot both take the same name; 0600 like every note.
            write_private(candidate, text, exclusive=True)
        except FileExistsError:
            continue
        return candidate
    raise UserError(f"Too many drafts named like {path.name}; tidy up {path.parent}.")


def render(meta: DraftMeta, body: str) -> str:
    """The file's text: YAML front matter, then the letter."""
    data = meta.model_dump(mode="python", exclude_none=True)  # dates stay YAML dates, unquoted
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n{body.strip()}\n"


def read_draft(path: Path) -> DraftFile:
    """Read a letter file; one without front matter is a plain letter with no recorded kind or recipient."""
    if not path.is_file():
        raise NotFoundError(f"No letter file at {path}; check the path (drafts live in drafts/).")
    import frontmatter

    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        meta = DraftMeta.model_validate(post.metadata)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UserError(f"{path} cannot be read as a letter ({type(exc).__name__}); fix its front matter.") from None
    except ValueError as exc:  # PyYAML's own date parsing: `date: 2026-02-30`
        key = _bad_date_key(path.read_text(encoding="utf-8"))
        raise UserError(f"{path}: front matter '{key}' is not a real date ({exc}); use YYYY-MM-DD.") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{path}: front matter '{field}' is invalid ({first['msg']}); fix it.") from None
    return DraftFile(path=path, meta=meta, body=post.content.strip() + "\n")


def _bad_date_key(text: str) -> str:
    """The front matter key whose value looks like a date but is not one."""
    for key, value in re.findall(r"(?m)^([\w-]+):\s*(\d{4}-\d{1,2}-\d{1,2})\s*$", text):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return str(key)
    return "date"


def mark_sent(path: Path, *, day: dt.date, knowledge_dir: Path | None = None) -> DraftFile:
    """Set `status: sent` and `sent: DATE` in a draft's front matter, replacing the file atomically.

    Only drafts: a file in the knowledge folder is the user's note and one without `kind`/`to` is not a draft.
    """
    if knowledge_dir is not None:
        may_write(path, knowledge_dir, what="The letter")
    draft = read_draft(path)
    if not draft.meta.kind or not draft.meta.to:
        raise UserError(f"{path} is not a draft (its front matter has no kind and to); only letters written by "
                        "`second-chance draft` can be marked sent.")
    draft.meta.status = "sent"
    draft.meta.sent = day
    write_private(path, render(draft.meta, draft.body))
    return draft


def as_json(draft: DraftFile) -> dict[str, Any]:
    """The `sent --json` document."""
    return {"path": str(draft.path), "status": draft.meta.status,
            "sent": draft.meta.sent.isoformat() if draft.meta.sent else None}
