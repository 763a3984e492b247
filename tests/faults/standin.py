"""A stand-in OpenAI server on 127.0.0.1 that misbehaves on purpose, one mode per request.

Modes: ok, hang, 429 (with Retry-After), 500, 503, 400 (with a reason), malformed (a 200 that is not JSON),
empty (`{}`), refusal, truncated (finish_reason length, or a stream cut mid-answer), schema (valid JSON of the
wrong shape), huge (a 1 MB reply), trickle (a byte at a time). Bodies follow the real API's shapes.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from assistant.chunks import CHUNK_ID

GOOD_BODY = (
    "Hi Dana,\n\nI still think about our final interview, when you talked about moving the retail dashboards from "
    "nightly batch jobs to real-time streaming.\n\nSince then I passed the Confluent Certified Developer for Apache "
    "Kafka exam, and I built a Kafka and Flink pipeline that runs in production. I would love to help your team with "
    "data quality checks as the dashboards move to streaming.\n\nBest,\nPriya Raman\npriya.raman@example.com\n"
)
REASON_400 = "This model does not support response_format json_schema."


def completion(content: str | None, *, finish: str = "stop", refusal: str | None = None) -> dict[str, Any]:
    """A chat.completion body."""
    return {"id": "chatcmpl-standin", "object": "chat.completion", "created": 1764028800, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content, "refusal": refusal},
                         "logprobs": None, "finish_reason": finish}],
            "usage": {"prompt_tokens": 900, "completion_tokens": 250, "total_tokens": 1150}}  # fmt: skip


def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
    """One server-sent event of a chat.completion.chunk."""
    body = {"id": "chatcmpl-standin", "object": "chat.completion.chunk", "created": 1764028800,
            "model": "gpt-4o-mini", "choices": [{"index": 0, "delta": delta, "logprobs": None,
                                                 "finish_reason": finish}]}  # fmt: skip
    return f"data: {json.dumps(body)}\n\n".encode()


def error(message: str, kind: str) -> dict[str, Any]:
    """An error body."""
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


class StandIn:
    """The server: `script(name, modes...)` gives a base URL whose requests get those modes, then `then`.

    Each script has its own URL (`/NAME/v1`), so many commands can run against the server at once.
    """

    def __init__(self) -> None:
        self.modes: dict[str, deque[str]] = {}
        self.then: dict[str, str] = {}
        self.requests: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def script(self, name: str, *modes: str, then: str = "ok") -> str:
        """Answer requests to the returned OPENAI_BASE_URL with `modes`, then with `then`."""
        with self.lock:
            self.modes[name], self.then[name], self.requests[name] = deque(modes), then, []
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}/v1"

    def next_mode(self, path: str, body: dict[str, Any]) -> str:
        """Record the request and pick its mode by the script named in its path."""
        name = path.strip("/").split("/")[0]
        with self.lock:
            self.requests.setdefault(name, []).append((path, body))
            queued = self.modes.get(name)
            return queued.popleft() if queued else self.then.get(name, "ok")

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _reply(body: dict[str, Any]) -> dict[str, Any]:
    """A good structured reply for whichever schema the request asks for."""
    schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("name", "")
    text = "\n".join(str(m.get("content")) for m in body.get("messages", []))
    ids = dict((s, i) for i, s in re.findall(rf'<note id="({CHUNK_ID.pattern})" source="([^"]+)"', text))
    if schema == "Brief":
        first = next(iter(ids.values()), "n000000000000")
        data: dict[str, Any] = {"angle": "Stay in touch and show the streaming progress.",
                                "points": [{"use": "recall", "text": "Dana talked about streaming.",
                                            "evidence": [ids.get("people/dana-reyes.md", first)]}]}  # fmt: skip
    elif schema == "LetterDraft":
        cited = [ids[s] for s in ("people/dana-reyes.md", "progress/kafka-certification.md",
                                  "progress/streaming-project.md") if s in ids]  # fmt: skip
        data = {"subject": "An update since our conversation", "body": GOOD_BODY, "cited_ids": cited}
    elif schema == "ModelVerdict":
        data = {"verdict": "neither", "evidence": []}
    else:
        return completion("Sam Patel got the job [n000000000000].")
    return completion(json.dumps(data))


def _handler(standin: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def send(self, status: int, data: bytes, *, kind: str = "application/json",
                 headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def send_json(self, status: int, document: Any, **kwargs: Any) -> None:
            self.send(status, json.dumps(document).encode(), **kwargs)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length", 0)))
            try:
                body = json.loads(raw or b"{}")
            except ValueError:  # a tracing upload (multipart), counted all the same
                body = {}
            mode = standin.next_mode(self.path, body)
            if not self.path.split("?")[0].endswith(("/chat/completions", "/embeddings")):
                self.send_json(200, {})
                return
            stream = bool(body.get("stream"))
            try:
                if self.path.endswith("/embeddings"):
                    self.embeddings(mode, body)
                else:
                    self.chat(mode, body, stream)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def embeddings(self, mode: str, body: dict[str, Any]) -> None:
            texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
            if mode == "ok":
                data = [{"object": "embedding", "index": i, "embedding": [((i + j) % 7) / 7 for j in range(8)]}
                        for i in range(len(texts))]
                self.send_json(200, {"object": "list", "data": data, "model": body.get("model"),
                                     "usage": {"prompt_tokens": 10, "total_tokens": 10}})
            else:
                self.chat(mode, body, False)

        def chat(self, mode: str, body: dict[str, Any], stream: bool) -> None:
            if mode == "hang":
                time.sleep(30)
            elif mode == "429":
                self.send_json(429, error("Rate limit reached.", "rate_limit_exceeded"),
                               headers={"retry-after": "1", "retry-after-ms": "20"})
            elif mode in {"500", "503"}:
                self.send_json(int(mode), error("The server is overloaded.", "server_error"),
                               headers={"retry-after-ms": "20"})
            elif mode == "400":
                self.send_json(400, error(REASON_400, "invalid_request_error"))
            elif mode == "malformed":
                self.send(200, b'{"id": "chatcmpl-standin", "object": "chat.compl')
            elif mode == "empty":
                self.send(200, b"{}")
            elif mode == "schema":
                self.send_json(200, completion(json.dumps({"greeting": "hello"})))
            elif mode == "huge":
                self.send_json(200, completion("x" * 1_000_000))
            elif mode == "trickle":
                data = json.dumps(_reply(body)).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                for byte in data:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            elif stream:
                self.chat_stream(mode)
            elif mode == "refusal":
                self.send_json(200, completion(None, refusal="I can't help with that request."))
            elif mode == "truncated":
                self.send_json(200, completion('{"angle": "Stay in touch and', finish="length"))
            else:
                self.send_json(200, _reply(body))

        def chat_stream(self, mode: str) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("connection", "close")
            self.end_headers()
            self.wfile.write(chunk({"role": "assistant", "content": ""}))
            if mode == "refusal":
                self.wfile.write(chunk({"refusal": "I can't help with that request."}))
                self.wfile.write(chunk({}, "stop"))
            elif mode == "truncated":
                self.wfile.write(chunk({"content": "Sam Patel got "}))
                self.wfile.flush()
                return  # the connection closes mid-answer: no finish_reason, no [DONE]
            else:
                for word in ("Sam Patel ", "got the job."):
                    self.wfile.write(chunk({"content": word}))
                self.wfile.write(chunk({}, "stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler
