"""What a long model step is doing right now: core code names the step, the command line draws the spinner."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

_listeners: list[Callable[[str], None]] = []


def step(text: str) -> None:
    """Say which step is running now ("writing the brief"); nobody may be listening."""
    for listener in list(_listeners):
        listener(text)


@contextlib.contextmanager
def listening(callback: Callable[[str], None]) -> Iterator[None]:
    """Hear every `step` while the block runs."""
    _listeners.append(callback)
    try:
        yield
    finally:
        _listeners.remove(callback)
