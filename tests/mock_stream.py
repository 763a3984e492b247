"""Factories for streamed chat completions as the real API sends them: server-sent events, then `data: [DONE]`.

Every chunk is checked against the official CreateChatCompletionStreamResponse schema and every error body
against ErrorResponse, so a mock cannot drift from what OpenAI (or a compatible server) really sends.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from tests.mock_openai import completion
from tests.openai_schema import assert_valid

CHAT_URL = "https://api.openai.com/v1/chat/completions"
MODEL = "gpt-4o-mini"
CHUNK_ID = "chatcmpl-mock0001"
CREATED = 1_764_086_400


def chunk(content: str | None = None, *, role: str | None = None, finish_reason: str | None = None,
          model: str = MODEL) -> dict[str, Any]:
    """One `chat.completion.chunk` with a single choice whose delta carries `content` (and `role`)."""
    delta: dict[str, Any] = {}
    if role is not None:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    body = {
        "id": CHUNK_ID, "object": "chat.completion.chunk", "created": CREATED, "model": model,
        "system_fingerprint": "fp_mock", "service_tier": "default",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
    }  # fmt: skip
    return assert_valid(body, "CreateChatCompletionStreamResponse")


def usage_chunk(*, prompt_tokens: int = 120, completion_tokens: int = 20, model: str = MODEL) -> dict[str, Any]:
    """The last chunk when the request asked for `stream_options.include_usage`: no choices, only usage."""
    body = {
        "id": CHUNK_ID, "object": "chat.completion.chunk", "created": CREATED, "model": model,
        "system_fingerprint": "fp_mock", "choices": [],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }  # fmt: skip
    return assert_valid(body, "CreateChatCompletionStreamResponse")


def error_body(message: str, *, type: str = "server_error", code: str | None = None) -> dict[str, Any]:
    """An API error body, as sent in an error response or as an event in the middle of a stream."""
    return assert_valid({"error": {"message": message, "type": type, "param": None, "code": code}}, "ErrorResponse")


def events(pieces: list[str], *, usage: bool = True) -> list[dict[str, Any]]:
    """The chunks of one answer: the role, one chunk per piece, the finish reason, then usage if asked."""
    found = [chunk("", role="assistant"), *(chunk(p) for p in pieces), chunk(finish_reason="stop")]
    return [*found, usage_chunk()] if usage else found


def sse(body: dict[str, Any]) -> bytes:
    """One server-sent event carrying `body`."""
    return f"data: {json.dumps(body)}\n\n".encode()


DONE = b"data: [DONE]\n\n"


def streamed(
    pieces: list[str],
    *,
    error: str | None = None,
    interrupt_after: int | None = None,
    drop_after: int | None = None,
    end_after: int | None = None,
    requests: list[dict[str, Any]] | None = None,
) -> Callable[[httpx.Request], httpx.Response]:
    """A respx side effect that streams `pieces` as the answer.

    error: after the pieces, send this error event and stop (the server failed mid-answer).
    interrupt_after: raise KeyboardInterrupt after that many pieces, as Ctrl-C does while the answer streams.
    drop_after: the server closes the socket after that many pieces; httpx raises, as for a body cut short.
    end_after: the body simply ends after that many pieces, as a close-delimited (HTTP/1.0) stream does.
    requests: collects each request's JSON body, to assert on what the code sent.
    """

    def respond(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        assert sent["stream"] is True
        if requests is not None:
            requests.append(sent)
        usage = bool(sent.get("stream_options", {}).get("include_usage"))
        body = _body(pieces, usage=usage, error=error, interrupt_after=interrupt_after, drop_after=drop_after,
                     end_after=end_after)
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)

    return respond


def _body(pieces: list[str], *, usage: bool, error: str | None, interrupt_after: int | None,
          drop_after: int | None, end_after: int | None) -> Iterator[bytes]:
    answer = events(pieces, usage=usage and error is None)
    if error is not None:
        answer = answer[: 1 + len(pieces)]
    for n, body in enumerate(answer):
        if interrupt_after is not None and n == interrupt_after + 1:
            raise KeyboardInterrupt
        if drop_after is not None and n == drop_after + 1:
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")
        if end_after is not None and n == end_after + 1:
            return
        yield sse(body)
    if error is not None:
        yield sse(error_body(error))
        return
    yield DONE


def whole(content: str) -> httpx.Response:
    """A 200 chat.completion sent whole, as a server that ignores `stream: true` answers."""
    return httpx.Response(200, json=assert_valid(completion(content), "CreateChatCompletionResponse"))


def failing(status: int, message: str, *, type: str = "server_error") -> httpx.Response:
    """A plain (not streamed) error response, as the API sends before any token."""
    return httpx.Response(status, json=error_body(message, type=type), headers={"retry-after-ms": "1"})


def in_turn(*effects: Callable[[httpx.Request], httpx.Response] | httpx.Response) -> Callable[..., httpx.Response]:
    """A side effect that answers the first request with the first effect, the second with the second, ..."""
    queue = list(effects)

    def respond(request: httpx.Request) -> httpx.Response:
        assert queue, "the code sent more requests than the test expected"
        effect = queue.pop(0)
        return effect if isinstance(effect, httpx.Response) else effect(request)

    return respond
