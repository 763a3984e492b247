"""Find the workspace like git finds its repository, and create one (`init`) without ever redoing a thing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.errors import ConfigError

SKELETON = Path(__file__).resolve().parent / "skeleton"
MARKERS = ("second-chance.toml", ".second-chance", "knowledge")  # any one makes a folder a workspace
INIT_RECORD = Path(".second-chance") / "init.json"


def find_workspace(start: Path) -> Path | None:
    """The nearest folder from `start` up that holds second-chance.toml, .second-chance/ or knowledge/."""
    start = start.expanduser().resolve()
    for folder in (start, *start.parents):
        if is_workspace(folder):
            return folder
    return None


def is_workspace(folder: Path) -> bool:
    """Whether `folder` holds one of the markers of a workspace."""
    return any((folder / marker).exists() for marker in MARKERS)


def no_workspace_message(start: Path) -> str:
    """What to say when no folder from `start` up is a workspace."""
    return (f"No second-chance workspace in {start} or any folder above it; start one with "
            "`second-chance init DIR` and run commands inside it (or set SECOND_CHANCE_HOME, or pass --knowledge).")


class InitSkip(BaseModel):
    """An example note `init` left alone, and why."""

    path: str
    reason: str


class InitReport(BaseModel):
    """What `init` did: the files it created and the ones it skipped."""

    workspace: str
    created: list[str] = Field(default_factory=list)
    skipped: list[InitSkip] = Field(default_factory=list)


def init_workspace(directory: Path) -> InitReport:
    """Copy the example notes into `directory`, never overwriting a file and never bringing back one the user
    deleted; record what was created in .second-chance/init.json."""
    if directory.exists() and not directory.is_dir():
        raise ConfigError(f"{directory} is a file; choose a folder for the workspace.")
    record = directory / INIT_RECORD
    earlier = _read_record(record)
    had_notes = (directory / "knowledge").is_dir()
    report = InitReport(workspace=str(directory))
    for source in sorted(SKELETON.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(SKELETON).as_posix()
        target = directory / relative
        reason = ("already there" if target.exists() else
                  "deleted since an earlier init; not brought back" if relative in earlier else
                  "your knowledge folder already holds notes" if had_notes else None)
        if reason is not None:
            report.skipped.append(InitSkip(path=relative, reason=reason))
            continue
        _copy(source, target)
        report.created.append(relative)
    if report.created or not record.exists():
        _write_record(record, sorted(set(earlier) | set(report.created)))
    return report


def _copy(source: Path, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    except OSError as exc:
        raise ConfigError(f"Cannot create {target} ({exc.strerror}); choose a folder you can write to.") from None


def _read_record(record: Path) -> set[str]:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    created = data.get("created") if isinstance(data, dict) else None
    return {str(path) for path in created} if isinstance(created, list) else set()


def _write_record(record: Path, created: list[str]) -> None:
    document = {"created": created, "updated": dt.date.today().isoformat(),
                "why": "second-chance init never recreates a file listed here, so a deleted example stays deleted"}
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot write {record} ({exc.strerror}); choose a folder you can write to.") from None
