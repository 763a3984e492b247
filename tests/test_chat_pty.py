"""A real interactive chat in a pseudo-terminal: prompt-toolkit editing, history, Ctrl-C and Ctrl-D.

The piped tests cover what is said; these prove the typed path works as a person uses it. The streamed case
runs a tiny SSE server on 127.0.0.1 that answers slowly, so Ctrl-C lands in the middle of an answer.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SAMPLE
from tests.mock_stream import DONE, events, sse

pexpect = pytest.importorskip("pexpect")

EXECUTABLE = ROOT / ".venv" / "bin" / "second-chance"
PROMPT = "you>"
pytestmark = pytest.mark.skipif(not EXECUTABLE.exists(), reason="needs the project's venv (make test)")


@pytest.fixture
def terminal_home(tmp_path: Path) -> Path:
    """A workspace with a copy of the sample notes, not yet indexed (the chat indexes it)."""
    home = tmp_path / "terminal"
    shutil.copytree(SAMPLE, home / "knowledge")
    return home


def spawn(home: Path, *args: str, size: tuple[int, int] = (40, 120), **env: str) -> Any:
    """Start `second-chance chat ARGS` in a pseudo-terminal of `size` (rows, columns)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SECOND_CHANCE_"))}
    # A pseudo-terminal never answers prompt-toolkit's cursor position request; say so instead of waiting.
    environment |= {"SECOND_CHANCE_HOME": str(home), "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1",
                    "ANONYMIZED_TELEMETRY": "False", **env}  # fmt: skip
    return pexpect.spawn(str(EXECUTABLE), ["chat", *args], env=environment, dimensions=size,
                         encoding="utf-8", timeout=30)  # fmt: skip


_CODE = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b.|.", re.S)


def screen(raw: str, width: int, height: int = 1000) -> list[str]:
    """The scrollback and screen of a terminal `width` x `height` after printing `raw`, as a VT100 does it.

    Enough of one for rich and prompt-toolkit: text with deferred autowrap (a line filled to the last column
    wraps only when the next character comes, like the "^C" a terminal echoes), CR, LF (scrolling at the
    bottom), cursor moves that stop at the edges of the screen (a line scrolled off it is out of reach), erase.
    Colours and other modes are ignored.
    """
    lines: list[list[str]] = [[]]
    row = col = top = 0  # top: the first line on screen; the ones before it are scrollback
    pending, wrap = False, True
    for match in _CODE.finditer(raw):
        params, command, text = match.group(1), match.group(2), match.group(0)
        if command is not None:
            n = int(params) if params.isdigit() else 1
            row, col = {"A": (max(row - n, top), col), "B": (min(row + n, top + height - 1), col),
                        "C": (row, min(col + n, width - 1)), "D": (row, max(col - n, 0)),
                        "G": (row, min(n, width) - 1)}.get(command, (row, col))  # fmt: skip
            lines += [[] for _ in range(row + 1 - len(lines))]
            if command == "K":
                line = lines[row]
                lines[row] = [] if params == "2" else line[:col] if params in ("", "0") else [" "] * col + line[col:]
            elif command == "J":
                del lines[row + 1 :]
                lines[row] = lines[row][:col]
            elif params == "?7":
                wrap = command == "h"
            pending = pending and command in "hlm"
            continue
        if text == "\r":
            col, pending = 0, False
            continue
        if text.startswith("\x1b") or (text < " " and text != "\n"):
            continue
        if text == "\n" or pending:
            row += 1
            top = max(top, row - height + 1)
            lines += [[] for _ in range(row + 1 - len(lines))]
            col = col if text == "\n" else 0
            pending = False
            if text == "\n":
                continue
        line = lines[row]
        line += [" "] * (col + 1 - len(line))
        line[col] = text
        pending = col == width - 1 and wrap
        col = min(col + 1, width - 1)
    return ["".join(line).rstrip() for line in lines]


def test_screen_wraps_a_full_line_only_when_more_text_comes():
    assert screen("abcd\r\x1b[2Kxy", 4) == ["xy"]
    assert screen("abcd^C\r\x1b[2Kxy", 4) == ["abcd", "xy"]
    assert screen("ab\r\n\x1b[1A\x1b[2Kcd\x1b[?7lefgh\x1b[?7h", 4) == ["cdeh", ""]
    assert screen("a\r\nb\r\nc\r\x1b[2A\x1b[2Kd", 4, height=2) == ["a", "d", "c"]


def transcript(home: Path) -> list[dict[str, Any]]:
    (path,) = (home / ".second-chance" / "chats").glob("*.jsonl")
    return [json.loads(line) for line in path.read_text().splitlines()][1:]


def test_typed_session_with_multi_line_input_history_and_ctrl_d(terminal_home):
    child = spawn(terminal_home, "--model", "offline")
    child.expect_exact("second-chance chat · model offline · /help for commands, /exit to leave")
    child.expect_exact(PROMPT)
    child.send("who got the job?\r")
    child.expect_exact("From your notes:")
    child.expect_exact("[n")
    child.expect_exact("] people/sam-patel.md\r\nSam was hired into the role I interviewed for")
    child.expect_exact(PROMPT)
    child.send("who got\\\r")  # a trailing backslash goes on to the next line
    child.expect_exact("…")  # the continuation line
    child.send("the job?\x1b\r")  # Esc Enter adds a line too
    child.send("thanks\r")
    child.expect_exact("From your notes:")
    child.expect_exact(PROMPT)
    child.send("\x1b[A")  # up arrow: the last message again
    child.expect_exact("thanks")
    child.send("\x03")  # Ctrl-C with text typed clears the line and stays
    child.send("/sources\r")
    child.expect_exact("people/sam-patel.md  (score ")
    child.expect_exact(PROMPT)
    child.sendeof()  # Ctrl-D at an empty prompt leaves
    child.expect_exact("Transcript:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    asked = [m["content"] for m in transcript(terminal_home) if m["role"] == "user"]
    assert asked == ["who got the job?", "who got\nthe job?\nthanks"]
    history = (terminal_home / ".second-chance" / "chat-history").read_text()
    assert "+who got\n+the job?\n+thanks\n" in history


class _SlowModel(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that streams one word every 0.15 seconds."""

    words = ["Sam ", "Patel ", "got ", "the ", "job. "] + ["More "] * 60

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            for body in events(self.words, usage=False):
                self.wfile.write(sse(body))
                self.wfile.flush()
                time.sleep(0.15)
            self.wfile.write(DONE)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the chat hung up: Ctrl-C

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def slow_model() -> Iterator[str]:
    """The base URL of a slow streaming model on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_ctrl_c_mid_answer_keeps_it_then_ctrl_c_leaves(terminal_home, slow_model):
    child = spawn(terminal_home, "--model", "gpt-4o-mini", OPENAI_BASE_URL=slow_model, OPENAI_API_KEY="sk-local")
    child.logfile_read = shown = io.StringIO()
    child.expect_exact(PROMPT)
    child.send("who got the job?\r")
    child.expect_exact("Sam Patel got the job.")
    child.sendintr()  # Ctrl-C while the answer streams
    child.expect_exact("[interrupted; what was shown is kept]")
    child.expect_exact(PROMPT)
    child.sendintr()  # Ctrl-C again, at the prompt: leave
    child.expect_exact("Transcript:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = screen(shown.getvalue(), 120)
    asked = next(n for n, line in enumerate(lines) if line.endswith("you> who got the job?"))
    marker = lines.index("[interrupted; what was shown is kept]")
    answered = [line for line in lines[asked + 1 : marker] if line]
    assert len(answered) == 1 and answered[0].startswith("Sam Patel got the job."), lines[asked:marker]
    question, answer = transcript(terminal_home)
    assert question["content"] == "who got the job?"
    assert answer["status"] == "interrupted"
    assert answer["content"].startswith("Sam Patel got the job. ")
    assert len(answer["content"]) < len("".join(_SlowModel.words))


def test_ctrl_c_in_an_answer_taller_than_the_screen_leaves_it_once(terminal_home, slow_model):
    child = spawn(terminal_home, "--model", "gpt-4o-mini", size=(5, 40), OPENAI_BASE_URL=slow_model,
                  OPENAI_API_KEY="sk-local")  # fmt: skip
    child.logfile_read = shown = io.StringIO()
    child.expect_exact(PROMPT)
    child.send("who got the job?\r")
    child.expect_exact("Sam Patel got the job.")
    time.sleep(6)  # about 40 more words: six lines at 40 columns, on a screen of five
    child.sendintr()
    child.expect_exact("[interrupted; what was shown is kept]")
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    _, answer = transcript(terminal_home)
    assert answer["status"] == "interrupted" and answer["content"].count("More") >= 28, answer["content"]
    lines = screen(shown.getvalue(), 40, height=5)
    asked = next(n for n, line in enumerate(lines) if line.endswith("you> who got the job?"))
    marker = lines.index("[interrupted; what was shown is kept]")
    answered = lines[asked + 1 : marker]
    assert answered[0].startswith("Sam Patel got the job.") and " ".join(answered) == answer["content"].strip()
