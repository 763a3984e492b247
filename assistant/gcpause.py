"""Objects a command keeps until it ends: built with the cyclic garbage collector paused (it would only walk them),
and, for a command that says so (`keep`), never freed one by one: the process ends without tearing them down.

A module of its own, importing nothing of the package, so a command can pause the collector before its imports.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collecting", "end_now", "keep", "paused_gc"]

_KEPT: list[object] = []


@contextmanager
def paused_gc() -> Iterator[None]:
    """Build many long-lived objects (a case file) with the cyclic garbage collector paused: it would walk them
    over and over (two thirds of the time of loading a case at 10,000 notes); after, later collections skip them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # what was built lives as long as the command
        if enabled:
            gc.enable()


@contextmanager
def collecting() -> Iterator[None]:
    """Let the collector run in the block, even inside `paused_gc` (a model's replies and connections make garbage
    with cycles)."""
    enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()


def keep(*objects: object) -> None:
    """Keep `objects` (a case file and its plan) until the process ends, which then ends without freeing them."""
    _KEPT.extend(objects)


def end_now(code: object) -> None:
    """End the process with `code` at once when the command kept objects (freeing a case file at 10,000 notes
    object by object costs 40 ms, for nothing): output flushed and exit handlers run, as at any exit, but no
    teardown. Otherwise (nothing kept, another thread still running, a message for a code) return, for the usual
    exit."""
    threading = sys.modules.get("threading")
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if not _KEPT or run_handlers is None or (threading is not None and threading.active_count() > 1):
        return
    if code is None:
        code = 0
    if not isinstance(code, int):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # a closed pipe: let the usual exit report it as it always has
    run_handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
