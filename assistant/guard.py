"""Bounds on every model reply: a total deadline per request and a size cap, enforced while the body arrives.

The SDK's own timeout is per read, so a server that trickles a byte a second never times out, and nothing stops
a 1 MB reply. These hooks go on the HTTP client of every chat and embeddings model. Their errors derive from
`openai.OpenAIError`, which the SDK passes on at once instead of retrying; `llm.describe` words them.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import openai

STARTED = "second_chance_started"


class ReplyTooLarge(openai.OpenAIError):
    """The reply grew past SECOND_CHANCE_MAX_REPLY_BYTES."""

    def __init__(self, cap: int) -> None:
        super().__init__(f"reply over {cap} bytes")
        self.cap = cap


class ReplyTooSlow(openai.OpenAIError):
    """The reply was still arriving when SECOND_CHANCE_TIMEOUT ran out."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"reply not finished within {timeout:g} s")
        self.timeout = timeout


class _Bounded(httpx2.SyncByteStream):
    """A response body stream that stops at the deadline or the size cap."""

    def __init__(self, inner: Any, *, cap: int, timeout: float, deadline: float) -> None:
        self.inner, self.cap, self.timeout, self.deadline = inner, cap, timeout, deadline

    def __iter__(self) -> Iterator[bytes]:
        size = 0
        for chunk in self.inner:
            size += len(chunk)
            if size > self.cap:
                raise ReplyTooLarge(self.cap)
            if time.monotonic() > self.deadline:
                raise ReplyTooSlow(self.timeout)
            yield chunk

    def close(self) -> None:
        self.inner.close()


def bound(client: Any, *, cap: int, timeout: float) -> Any:
    """Add the deadline and size cap to an httpx client (a new SDK-default one when None) and return it."""
    if client is None:
        return _shared(cap, timeout)

    def started(request: Any) -> None:
        request.extensions[STARTED] = time.monotonic()

    def arrived(response: Any) -> None:
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > cap:
            response.close()
            raise ReplyTooLarge(cap)
        begun = response.request.extensions.get(STARTED, time.monotonic())
        response.stream = _Bounded(response.stream, cap=cap, timeout=timeout, deadline=begun + timeout)

    hooks = client.event_hooks
    # First in line, so a hook that reads the body (chat's WholeReplies) reads it bounded.
    client.event_hooks = {"request": [started, *hooks.get("request", [])],
                          "response": [arrived, *hooks.get("response", [])]}  # fmt: skip
    return client


@functools.lru_cache(maxsize=8)
def _shared(cap: int, timeout: float) -> Any:
    """One bounded client per setting for the whole process, as langchain shares its default one: its
    connections are reused instead of left open by a client per model."""
    return bound(openai.DefaultHttpxClient(), cap=cap, timeout=timeout)
