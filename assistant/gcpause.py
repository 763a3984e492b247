"""Pausing the cyclic garbage collector while a command builds objects it keeps: the collector would only walk them.

A module of its own, importing nothing of the package, so a command can pause the collector before its imports.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collecting", "paused_gc"]


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
