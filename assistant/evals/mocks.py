"""Serve recorded model responses with respx, or pass requests to the real endpoint and record them.

The process must alias httpx to httpx2 before the OpenAI SDK loads (`assistant.cli.evals` does it first
thing), so that respx sees every request the SDK sends. Chroma on 127.0.0.1 passes through untouched.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.errors import ConfigError

Mode = Literal["offline", "record", "live"]
OFFLINE_BASE_URL = "https://eval.invalid/v1"  # .invalid never resolves: anything unmocked fails, offline
_STATUS = re.compile(r"-(\d{3})(?:-|$)")
_SECRET = re.compile(r"\b(sk-[A-Za-z0-9_-]{8,}|Bearer\s+\S+)")


class Exchange(BaseModel):
    """One request the code sent and what it got back."""

    response: str = Field(description="The recorded response's name, or 'live'.")
    schema_name: str | None = None
    status: int = 200
    malformed: bool = False
    body: str = ""
    request: str = Field(default="", description="What the code sent (for assertions on the prompt).")


class Served(BaseModel):
    """Every model request made during one case."""

    exchanges: list[Exchange] = Field(default_factory=list)

    @property
    def reasks(self) -> int:
        """Requests that followed a structured output which did not parse: the chain's re-asks."""
        return sum(1 for before, _ in zip(self.exchanges, self.exchanges[1:], strict=False) if before.malformed)

    def sent(self) -> str:
        """Every prompt sent, decoded from JSON, one request after another."""
        import json

        texts = []
        for exchange in self.exchanges:
            try:
                messages = json.loads(exchange.request).get("messages", [])
            except ValueError:
                continue
            texts += [str(m.get("content", "")) for m in messages if isinstance(m, dict)]
        return "\n".join(texts)

    @property
    def malformed(self) -> int:
        """Structured outputs that did not parse."""
        return sum(e.malformed for e in self.exchanges)


@contextlib.contextmanager
def serve_model(
    responses: list[str] | dict[str, str], *, folder: Path, mode: Mode = "offline"
) -> Iterator[Served]:
    """Answer the model's endpoint with `responses` (in order, the last repeating, or by schema name)."""
    try:
        import respx
    except ImportError:  # respx is a dev extra
        raise ConfigError("The offline evals need respx: pip install 'second-chance[dev]'.") from None
    import httpx

    served = Served()

    def answer(request: httpx.Request) -> httpx.Response:
        sent = _json(request.content)
        schema = _schema_name(sent)
        if mode == "offline":
            name = _pick(responses, schema, len(served.exchanges))
            status, content, media = _load(folder, name)
        else:
            name = _pick(responses, schema, len(served.exchanges), strict=False) or "live"
            status, content, media = _forward(request)
        served.exchanges.append(Exchange(response=name, schema_name=schema, status=status, body=content,
                                         malformed=status == 200 and _malformed(sent, content),
                                         request=request.content.decode("utf-8", errors="replace")))
        headers = {"content-type": media, "retry-after-ms": "1", "x-request-id": "req_eval"}
        return httpx.Response(status, content=content.encode(), headers=headers)

    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        router.post(path__regex=r"/chat/completions$").mock(side_effect=answer)  # first: a local model too
        router.route(host__in=("127.0.0.1", "localhost")).pass_through()  # a Chroma server
        yield served


def save_recorded(served: Served, responses: list[str] | dict[str, str], *, folder: Path) -> list[str]:
    """Write what the real endpoint answered over the named responses, secrets stripped; return the names."""
    names = list(responses.values()) if isinstance(responses, dict) else list(responses)
    written: list[str] = []
    for exchange, name in zip(served.exchanges, names, strict=False):
        if exchange.status != 200:
            continue
        target = response_path(folder, name, stream=exchange.body.lstrip().startswith("data:"))
        text = _SECRET.sub("REDACTED", exchange.body)
        if target.suffix == ".json":
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
        target.write_text(text, encoding="utf-8")
        written.append(name)
    return written


def response_path(folder: Path, name: str, *, stream: bool = False) -> Path:
    """Where the response `name` lives: name.json for bodies, name.sse for streams."""
    for suffix in (".json", ".sse"):
        if (folder / f"{name}{suffix}").is_file():
            return folder / f"{name}{suffix}"
    return folder / f"{name}{'.sse' if stream else '.json'}"


def _pick(responses: list[str] | dict[str, str], schema: str | None, count: int, *, strict: bool = True) -> str:
    if isinstance(responses, dict):
        name = responses.get(schema or "") or responses.get("*")
    else:
        name = responses[min(count, len(responses) - 1)] if responses else None
    if name is None and strict:
        raise ConfigError(f"The case has no recorded response for request #{count + 1} (schema {schema}).")
    return name or ""


def _load(folder: Path, name: str) -> tuple[int, str, str]:
    path = response_path(folder, name)
    if not path.is_file():
        raise ConfigError(f"No recorded response '{name}' in {folder}; add it or run `second-chance eval --record`.")
    found = _STATUS.search(path.stem)
    status = int(found.group(1)) if found else 200
    media = "text/event-stream" if path.suffix == ".sse" else "application/json"
    return status, path.read_text(encoding="utf-8"), media


def _forward(request: Any) -> tuple[int, str, str]:
    """Send the request to the real endpoint with the standard library (respx does not patch it)."""
    headers = {k: v for k, v in request.headers.items() if k.lower() not in {"content-length", "accept-encoding"}}
    real = urllib.request.Request(str(request.url), data=request.content, headers=headers, method=request.method)
    try:
        with urllib.request.urlopen(real, timeout=120) as reply:
            return reply.status, reply.read().decode("utf-8"), reply.headers.get("content-type", "application/json")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace"), "application/json"


def _json(content: bytes) -> dict[str, Any]:
    try:
        value = json.loads(content or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _schema_name(sent: dict[str, Any]) -> str | None:
    """The structured output the request asks for: response_format's schema name, or the forced tool."""
    fmt = sent.get("response_format") or {}
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        return str((fmt.get("json_schema") or {}).get("name") or "") or None
    tools = sent.get("tools") or []
    if len(tools) == 1:
        return str(tools[0].get("function", {}).get("name") or "") or None
    return None


def _malformed(sent: dict[str, Any], content: str) -> bool:
    """Whether a structured-output answer failed to carry parseable JSON."""
    if _schema_name(sent) is None or content.lstrip().startswith("data:"):
        return False
    try:
        message = json.loads(content)["choices"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError):
        return True
    calls = message.get("tool_calls") or []
    payload = calls[0]["function"]["arguments"] if calls else message.get("content") or ""
    try:
        json.loads(payload)
    except ValueError:
        return True
    return False
