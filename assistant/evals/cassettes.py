"""Requests matched against recordings, as VCR cassettes do: each served response with the request it answers.

A case's cassette (`requests/<case id>.json`) lists, in order, every request the code sent to the model: the
response that answered it, the structured output it asked for, a SHA-256 of the messages, and the messages
themselves so that a mismatch can be shown as a short unified diff. A request that no longer matches fails the
case; `eval --update-requests` (offline) and `eval --record` (live) rewrite the cassettes deliberately.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.evals.mocks import Served

DIFF_LINES = 14  # enough to see what changed; the whole request is in the cassette and the report


class RecordedRequest(BaseModel):
    """One request the code sent: what answered it and what it said."""

    response: str = Field(description="The recorded response served for it ('live' when none).")
    schema_name: str | None = Field(default=None, description="The structured output it asked for.")
    sha256: str = Field(description="Hash of the schema name and the messages, for a quick comparison.")
    messages: list[dict[str, str]] = Field(description="Role and content of every message, as sent.")


class Cassette(BaseModel):
    """Every request one case sends, in order."""

    case: str
    requests: list[RecordedRequest]


def requests_of(served: Served) -> list[RecordedRequest]:
    """The requests of a run, normalised to what matters: the messages and the structured output asked for."""
    out = []
    for exchange in served.exchanges:
        try:
            sent = json.loads(exchange.request or "{}")
        except ValueError:
            sent = {}
        messages = [{"role": str(m.get("role", "")), "content": _content(m.get("content"))}
                    for m in sent.get("messages", []) if isinstance(m, dict)]
        out.append(RecordedRequest(response=exchange.response, schema_name=exchange.schema_name,
                                   sha256=digest(exchange.schema_name, messages), messages=messages))
    return out


def digest(schema_name: str | None, messages: list[dict[str, str]]) -> str:
    """A stable hash of one request."""
    canonical = json.dumps({"schema": schema_name, "messages": messages}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def cassette_path(folder: Path, case_id: str) -> Path:
    """The cassette file of `case_id`."""
    return folder / f"{case_id}.json"


def save(folder: Path, case_id: str, served: Served) -> Path:
    """Write what the case sent as its cassette; return the file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = cassette_path(folder, case_id)
    cassette = Cassette(case=case_id, requests=requests_of(served))
    path.write_text(json.dumps(cassette.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def mismatch(folder: Path, case_id: str, served: Served) -> str | None:
    """None when the requests match the case's cassette, else what differs (a short unified diff)."""
    path = cassette_path(folder, case_id)
    now = requests_of(served)
    if not path.is_file():
        if not now:
            return None
        return (f"no recorded requests for this case ({path.name}); record them with "
                f"`second-chance eval --update-requests --case {case_id}` and review the file")
    try:
        recorded = Cassette.model_validate_json(path.read_text(encoding="utf-8")).requests
    except ValueError as exc:
        return f"{path.name} is not a cassette ({str(exc).splitlines()[0]}); re-record it with --update-requests"
    for number, (old, new) in enumerate(zip(recorded, now, strict=False), start=1):
        # The stored hash is for reading; the messages decide, so a hand-edited cassette is held to its text.
        if digest(old.schema_name, old.messages) != new.sha256:
            what = new.schema_name or "text"
            return (f"request {number} ({what}, answered by {new.response}) differs from the recording; "
                    f"if the change is intended, run `second-chance eval --update-requests --case {case_id}`\n"
                    + diff(old, new))
    if len(recorded) != len(now):
        return (f"the case sent {len(now)} request(s) to the model; the recording has {len(recorded)} "
                f"({', '.join(r.schema_name or 'text' for r in recorded)} recorded, "
                f"{', '.join(r.schema_name or 'text' for r in now) or 'none'} sent)")
    return None


def diff(old: RecordedRequest, new: RecordedRequest, *, lines: int = DIFF_LINES) -> str:
    """The first changed lines between two requests, as a unified diff."""
    changed = list(difflib.unified_diff(_lines(old), _lines(new), "recorded", "sent", n=1, lineterm=""))
    shown = [_clip(line, pair) for line, pair in zip(changed[:lines], _pairs(changed[:lines]), strict=True)]
    if len(changed) > lines:
        shown.append(f"... {len(changed) - lines} more diff lines")
    return "\n".join(shown)


WIDTH = 160


def _pairs(changed: list[str]) -> list[str | None]:
    """For each removed line followed by an added one (and back), the other line of the pair."""
    out: list[str | None] = [None] * len(changed)
    for i in range(len(changed) - 1):
        if changed[i].startswith("-") and changed[i + 1].startswith("+") and not changed[i].startswith("---"):
            out[i], out[i + 1] = changed[i + 1], changed[i]
    return out


def _clip(line: str, other: str | None) -> str:
    """A long line cut to the part around its first difference from its pair, so the change stays visible."""
    if len(line) <= WIDTH:
        return line
    start = 1
    if other is not None:
        same = next((i for i, (a, b) in enumerate(zip(line[1:], other[1:], strict=False)) if a != b),
                    min(len(line), len(other)) - 1)
        start = max(1, same + 1 - 60)
    text = line[start:start + WIDTH - 2]
    return line[0] + ("…" if start > 1 else "") + text + ("…" if start + WIDTH - 2 < len(line) else "")


def _lines(request: RecordedRequest) -> list[str]:
    out = [f"[schema] {request.schema_name}"]
    for message in request.messages:
        out.append(f"[{message['role']}]")
        out += message["content"].splitlines()
    return out


def _content(content: Any) -> str:
    if isinstance(content, list):  # content parts: keep their text
        return "".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
    return "" if content is None else str(content)
