"""A conversation's transcript: its messages as JSON Lines written as they happen, and the history that fits.

The shapes (`Header`, `Message`, `Turn`), the file (`Transcript`, appended to the moment a message exists, so
Ctrl-C or a model error never loses what was said) and how turns are kept within a token budget.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.chunks import CHUNK_ID
from assistant.files import append_private, write_private
from assistant.retrieval import Evidence

Status = Literal["complete", "interrupted", "error"]
_CITED = re.compile(rf"\[({CHUNK_ID.pattern})\]")


class Header(BaseModel):
    """The first line of a transcript: when the conversation started, with which model and notes."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["session"] = "session"
    version: int = 1
    started: dt.datetime
    model: str
    knowledge: str


class Message(BaseModel):
    """One message of the conversation, stored as one transcript line."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["message"] = "message"
    role: Literal["user", "assistant"]
    content: str
    at: dt.datetime
    model: str | None = Field(default=None, description="Who answered: a model name, 'offline' or a command.")
    status: Status = Field(default="complete", description="'interrupted' keeps what was shown before Ctrl-C.")
    error: str | None = None
    evidence: list[Evidence] = Field(default_factory=list, description="Passages retrieved for this answer.")

    @property
    def citations(self) -> list[Evidence]:
        """The evidence this answer cites by id, in the order first cited."""
        by_id = {e.id: e for e in self.evidence}
        cited = dict.fromkeys(i for i in _CITED.findall(self.content) if i in by_id)
        return [by_id[i] for i in cited]


class Turn(BaseModel):
    """A question and its answer; the answer is None until there is one (or when the chat died first)."""

    question: Message
    answer: Message | None = None

    @property
    def usable(self) -> bool:
        """Whether this turn belongs in the history sent to the model (an answer, even a partial one)."""
        return self.answer is not None and self.answer.status != "error" and bool(self.answer.content.strip())

    @property
    def tokens(self) -> int:
        """Estimated tokens of the whole turn."""
        answer = self.answer.content if self.answer else ""
        return estimate_tokens(self.question.content) + estimate_tokens(answer)


def estimate_tokens(text: str) -> int:
    """A cheap token estimate (about four characters a token, plus a little per message)."""
    return (len(text) + 3) // 4 + 4


def now() -> dt.datetime:
    """This moment in local time, to the second: when a message or a conversation began."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


class Transcript:
    """A conversation's JSON Lines file: a header line, then one line per message, appended as it happens.

    The file is created with the first message, so a chat left at once leaves no empty transcript behind.
    """

    def __init__(self, folder: Path, header: Header, path: Path | None = None) -> None:
        self.folder = folder
        self.header = header
        self.path = path

    @classmethod
    def latest(cls, folder: Path) -> Transcript | None:
        """The transcript written to most recently, if any."""
        files = [p for p in folder.glob("*.jsonl") if p.is_file()] if folder.is_dir() else []
        if not files:
            return None
        path = max(files, key=lambda p: (p.stat().st_mtime_ns, p.name))
        header, _, _ = cls.read(path)
        return cls(folder, header or Header(started=now(), model="unknown", knowledge=""), path)

    def append(self, message: Message) -> None:
        """Add one message at the end, at once."""
        if self.path is None:
            self.path = self._create()
        append_private(self.path, message.model_dump_json() + "\n")

    def _create(self) -> Path:
        stamp = self.header.started.strftime("%Y-%m-%dT%H-%M-%S")
        for n in itertools.count(1):
            path = self.folder / (f"{stamp}.jsonl" if n == 1 else f"{stamp}.{n}.jsonl")
            try:
                write_private(path, self.header.model_dump_json() + "\n", exclusive=True)
            except FileExistsError:
                continue
            return path
        raise AssertionError("unreachable")

    @staticmethod
    def read(path: Path) -> tuple[Header | None, list[Message], int]:
        """The header, the messages, and how many lines could not be read (say, cut short by a crash)."""
        header: Header | None = None
        messages: list[Message] = []
        bad = 0
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip():
                continue
            try:
                if header is None and not messages and '"type":"session"' in line:
                    header = Header.model_validate_json(line)
                else:
                    messages.append(Message.model_validate_json(line))
            except ValidationError:
                bad += 1
        return header, messages, bad


def pair_turns(messages: list[Message]) -> list[Turn]:
    """Group messages into turns: each question with the answer that follows it, if one does."""
    turns: list[Turn] = []
    for message in messages:
        if message.role == "user":
            turns.append(Turn(question=message))
        elif turns and turns[-1].answer is None:
            turns[-1].answer = message
    return turns


def bound_history(turns: list[Turn], budget: int) -> tuple[list[Turn], list[Turn]]:
    """Split usable turns into (kept, left out): the newest whole turns that fit `budget` tokens are kept."""
    usable = [t for t in turns if t.usable]
    kept: list[Turn] = []
    used = 0
    for turn in reversed(usable):
        if used + turn.tokens > budget:
            break
        kept.insert(0, turn)
        used += turn.tokens
    return kept, usable[: len(usable) - len(kept)]
