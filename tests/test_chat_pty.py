"""A real interactive chat in a pseudo-terminal: prompt-toolkit editing, history, Ctrl-C and Ctrl-D.

The piped tests cover what is said; these prove the typed path works as a person uses it. The streamed case
runs a tiny SSE server on 127.0.0.1 that answers slowly, so Ctrl-C lands in the middle of an answer.
"""

from __future__ import annotations

import json
import os
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


def spawn(home: Path, *args: str, **env: str) -> Any:
    """Start `second-chance chat ARGS` in a 40x120 pseudo-terminal."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SECOND_CHANCE_"))}
    # A pseudo-terminal never answers prompt-toolkit's cursor position request; say so instead of waiting.
    environment |= {"SECOND_CHANCE_HOME": str(home), "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1",
                    "ANONYMIZED_TELEMETRY": "False", **env}  # fmt: skip
    return pexpect.spawn(str(EXECUTABLE), ["chat", *args], env=environment, dimensions=(40, 120),
                         encoding="utf-8", timeout=30)  # fmt: skip


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
    question, answer = transcript(terminal_home)
    assert question["content"] == "who got the job?"
    assert answer["status"] == "interrupted"
    assert answer["content"].startswith("Sam Patel got the job. ")
    assert len(answer["content"]) < len("".join(_SlowModel.words))
