"""Opening the Chroma store the index lives in: the client (embedded or a server), its failures as one clear
error each, and the index lock that keeps writers one at a time."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.config import Settings
from assistant.errors import ConfigError, IndexServiceError, IndexStateError, StoreError
from assistant.files import disk_errors, disk_problem, private_dir


def open_client(settings: Settings) -> Any:
    """Open Chroma with telemetry off: an HTTP client for a server URL, else a store under .second-chance/."""
    from assistant import chroma

    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in {"http", "https"} or not url.hostname:
            raise ConfigError(
                f"SECOND_CHANCE_CHROMA_URL '{settings.chroma_url}' is not a URL like http://127.0.0.1:8000."
            )
        with service(settings):
            return chroma.http_client(url.hostname, url.port or (443 if url.scheme == "https" else 8000),
                                      ssl=url.scheme == "https")
    path = private_dir(settings.state_dir / "chroma")
    try:
        return chroma.persistent_client(path)
    except Exception as exc:
        forget_store(path)  # a store that failed to open must not stay cached half-open
        _store_failure(settings, exc)
        raise


def forget_store(path: Path) -> None:
    """Drop Chroma's process-wide cached handle on the embedded store at `path` (and only that one)."""
    from assistant import chroma

    chroma.forget_store(path)


def knowledge_key(settings: Settings) -> str:
    """The knowledge folder as the index records it: relative to the workspace, so a copied workspace matches."""
    folder = settings.knowledge_dir
    return folder.relative_to(settings.home).as_posix() if folder.is_relative_to(settings.home) else str(folder)


_DAMAGED = ("malformed", "not a database", "file is encrypted", "database corrupt", "no such table",
            "tenant [default_tenant] not found", "could not connect to tenant")


@contextlib.contextmanager
def service(settings: Settings) -> Iterator[None]:
    """Turn a Chroma server that cannot be reached into one clear error."""
    try:
        yield
    except (ConnectionError, OSError) as exc:
        if not settings.chroma_url:
            _store_failure(settings, exc)
            raise
        raise IndexServiceError(
            f"Cannot reach the Chroma server at {settings.chroma_url} ({type(exc).__name__}); start it or "
            "unset SECOND_CHANCE_CHROMA_URL to use the embedded index."
        ) from None
    except Exception as exc:
        connect = "connect" in f"{type(exc).__name__} {exc}".lower()
        if settings.chroma_url and connect:
            raise IndexServiceError(
                f"Cannot reach the Chroma server at {settings.chroma_url}; start it or unset "
                "SECOND_CHANCE_CHROMA_URL to use the embedded index."
            ) from None
        if not settings.chroma_url and not isinstance(exc, (IndexStateError, ConfigError)):
            _store_failure(settings, exc)
        raise


def _store_failure(settings: Settings, exc: BaseException) -> None:
    """Raise one StoreError for a damaged embedded store, a full disk or a read-only workspace."""
    store = settings.state_dir / "chroma"
    if any(word in str(exc).lower() for word in _DAMAGED):
        raise StoreError(f"The index in {store} is damaged; run `second-chance index --rebuild` (your notes are "
                         "safe: the index is only a cache of them).") from None
    problem = disk_problem(exc)
    if problem is not None:
        raise StoreError(f"Cannot write the index in {store}: {problem}; free some space or make the workspace "
                         "writable, then retry.") from None


@contextlib.contextmanager
def index_lock(state_dir: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the index lock; a second writer waits up to `wait` seconds, then gets a clear message.

    The holder's pid is written for that message only when the disk takes it: a full disk never stops a run
    that has nothing to write.
    """
    private_dir(state_dir)
    if state_dir.stat().st_mode & 0o077:  # our own folder: the user's eyes only (changed only when it must be)
        with contextlib.suppress(OSError):
            state_dir.chmod(0o700)
    path = state_dir / "index.lock"
    with _open_lock(path) as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise IndexStateError(
                    f"Another `second-chance index` is running (pid {holder}); wait for it to finish, then retry."
                ) from None
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                handle.seek(0)
                handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _open_lock(path: Path) -> Any:
    """The lock file, created 0600; a read-only workspace or a full disk is one StoreError."""
    with disk_errors(path):
        return os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "r+")
