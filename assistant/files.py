"""Where second-chance may write, and how: private files (0600) in private folders (0700), never in knowledge/.

Notes about people are the user's eyes only, so every file the tool writes (drafts, transcripts, the index's
own files, calendars, reports) is created readable by its owner alone, and `may_write` is the one rule that
keeps every command out of the knowledge folder (and, for chat's /save, inside the workspace).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from assistant.errors import StoreError, UserError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
# OSError numbers that mean "this disk or folder cannot take the write", not a bug.
_DISK = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
         errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
         errno.EPERM: "permission denied"}  # fmt: skip


def may_write(path: Path, knowledge_dir: Path, *, what: str, workspace: Path | None = None) -> Path:
    """Refuse a target inside the knowledge folder (or, given `workspace`, outside it); return it resolved."""
    target = path.expanduser().resolve()
    if target.is_relative_to(knowledge_dir.resolve()):
        raise UserError(f"{what} {target} is in your knowledge folder; second-chance never writes there. "
                        "Pick another place.")
    if workspace is not None and not target.is_relative_to(workspace.resolve()):
        raise UserError(f"{what} {target} is outside the workspace {workspace}; pick a file inside it.")
    return target


def private_dir(folder: Path) -> Path:
    """Create `folder` (and its parents) if missing; the folders created are the owner's alone (0700)."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    with disk_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
        for created in missing:
            with contextlib.suppress(OSError):
                created.chmod(PRIVATE_DIR)
    return folder


def write_private(path: Path, text: str | bytes, *, exclusive: bool = False) -> None:
    """Write `text` (str or bytes) to `path`, owner-only: create it new (`exclusive`) or replace it atomically.

    Exclusive creation raises FileExistsError when the file exists; a replacement never leaves half a file.
    """
    private_dir(path.parent)
    with disk_errors(path):
        if exclusive:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
            try:
                with _opened(handle, text) as out:
                    out.write(text)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
            return
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # 0600
        try:
            with _opened(handle, text) as out:
                out.write(text)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def try_write_private(path: Path, data: str | bytes) -> bool:
    """`write_private` for caches, where a failed write only costs speed: False instead of an error."""
    try:
        write_private(path, data)
    except (OSError, StoreError):
        return False
    return True


def _opened(handle: int, text: str | bytes) -> IO[Any]:
    return os.fdopen(handle, "wb") if isinstance(text, bytes) else os.fdopen(handle, "w", encoding="utf-8")


def append_private(path: Path, text: str) -> None:
    """Append `text` to `path`, creating it readable by the owner only."""
    private_dir(path.parent)
    with disk_errors(path):
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
        with os.fdopen(handle, "a", encoding="utf-8") as out:
            out.write(text)


def disk_problem(exc: BaseException) -> str | None:
    """What a write failure means for the user (disk full, read-only...), or None if it is not one of those."""
    if isinstance(exc, OSError) and exc.errno in _DISK:
        return _DISK[exc.errno]
    text = str(exc).lower()
    if "disk is full" in text or "disk full" in text:
        return "the disk is full"
    if "readonly database" in text or "read-only" in text:
        return "the file system is read-only"
    return None


@contextlib.contextmanager
def disk_errors(path: Path) -> Iterator[None]:
    """Turn a full disk or a read-only folder into one StoreError that says what to do."""
    try:
        yield
    except FileExistsError:
        raise
    except OSError as exc:
        problem = disk_problem(exc)
        if problem is None:
            raise
        raise StoreError(f"Cannot write {path}: {problem}; free some space or fix the folder's permissions, "
                         "then retry.") from None
