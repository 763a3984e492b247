"""Small factories for mocked chat completions, each checked against the official OpenAI response schema.

`mock_chat` (a fixture; import it into a test module) points OPENAI_BASE_URL at http://model.test/v1, routes
`/chat/completions` through respx, replies from a queue, and keeps every request body for assertions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import respx

from tests.openai_schema import assert_valid

BASE_URL = "http://model.test/v1"
Reply = httpx.Response | Exception | Callable[[dict[str, Any]], httpx.Response]


def completion(
    content: str | None = None, *, tool_calls: list[dict[str, Any]] | None = None, model: str = "gpt-4o-mini"
) -> dict[str, Any]:
    """A chat.completion body with plain `content`, or with `tool_calls`."""
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
    if tool_calls:
        message["tool_calls"] = tool_calls
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1764028800,
        "model": model,
        "choices": [{"index": 0, "message": message, "logprobs": None,
                     "finish_reason": "tool_calls" if tool_calls else "stop"}],
        "usage": {"prompt_tokens": 900, "completion_tokens": 250, "total_tokens": 1150},
    }
    return assert_valid(body, "CreateChatCompletionResponse")


def structured(data: dict[str, Any]) -> dict[str, Any]:
    """A json_schema structured-output reply: the JSON object as the message content."""
    return completion(json.dumps(data))


def tool_call(name: str, arguments: dict[str, Any] | str) -> dict[str, Any]:
    """A reply that calls tool `name` with `arguments` (function calling)."""
    args = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return completion(None, tool_calls=[{"id": "call_1", "type": "function",
                                         "function": {"name": name, "arguments": args}}])


def malformed() -> dict[str, Any]:
    """A reply whose JSON is cut off, as small local models do."""
    return completion('{"subject": "Quick update", "body": "Hi Dana,')


def error(status: int, message: str = "Server error", kind: str = "server_error") -> httpx.Response:
    """An error response (429 or 5xx) with `retry-after-ms: 1` so the SDK's retries are instant."""
    body = assert_valid({"error": {"message": message, "type": kind, "param": None, "code": None}}, "ErrorResponse")
    return httpx.Response(status, json=body, headers={"retry-after-ms": "1"})


def ok(body: dict[str, Any]) -> httpx.Response:
    """A 200 response carrying `body`."""
    return httpx.Response(200, json=body)


class MockChat:
    """Queued replies for /chat/completions and the request bodies that came in."""

    def __init__(self, router: respx.MockRouter) -> None:
        self.replies: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        self.route = router.post("/chat/completions").mock(side_effect=self._answer)

    def reply(self, *replies: Reply | dict[str, Any]) -> MockChat:
        """Queue replies: bodies (dicts), responses, exceptions, or callables given the request body."""
        self.replies += [ok(r) if isinstance(r, dict) else r for r in replies]
        return self

    def _answer(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        if not self.replies:
            raise AssertionError(f"unexpected model request #{len(self.requests)}")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):
            return reply
        return reply(body)

    def text(self, index: int) -> str:
        """Every message of request `index`, joined: what the model was shown."""
        return "\n".join(str(m.get("content")) for m in self.requests[index]["messages"])


@pytest.fixture
def mock_chat(monkeypatch: pytest.MonkeyPatch) -> Iterator[MockChat]:
    """A mocked OpenAI-compatible endpoint; nothing reaches the network."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield MockChat(router)
