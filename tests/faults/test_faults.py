"""Every model fault, against the real command in a real process: exit code, one line, a deadline, nothing left.

A stand-in OpenAI server on 127.0.0.1 (tests/faults/standin.py) misbehaves one way per scenario, each scenario
on its own URL, so every command runs at once (a few at a time) and the suite costs seconds, not minutes. Each
run gets SECOND_CHANCE_TIMEOUT=2 and one retry; the time bound asserted is a generous deadline, not a benchmark.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.faults.standin import REASON_400, StandIn

KEY = "sk-fault-not-real-0123456789"
DRAFT = ("draft", "follow-up", "--to", "Dana Reyes")


BOUND = 90.0  # seconds: a deadline no bounded run comes near (SECOND_CHANCE_TIMEOUT=2, one retry), even on a busy box;
# without the bounds a hang or a trickle runs for minutes


@dataclass
class Scenario:
    args: tuple[str, ...]
    modes: tuple[str, ...] = ()
    then: str = "ok"
    env: dict[str, str] = field(default_factory=dict)
    stdin: str | None = None
    indexed: bool = True
    server: bool = True


SCENARIOS = {
    "draft-hang": Scenario(DRAFT, then="hang"),
    "draft-503": Scenario(DRAFT, then="503"),
    "draft-malformed": Scenario(DRAFT, then="malformed"),
    "draft-empty": Scenario(DRAFT, then="empty"),
    "draft-refusal": Scenario(DRAFT, then="refusal"),
    "draft-truncated": Scenario(DRAFT, then="truncated"),
    "draft-schema": Scenario(DRAFT, then="schema"),
    "draft-huge": Scenario(DRAFT, then="huge"),
    "draft-trickle": Scenario(DRAFT, then="trickle"),
    "draft-400": Scenario(DRAFT, then="400"),
    "draft-refused": Scenario(DRAFT, server=False),
    "draft-recovers": Scenario((*DRAFT, "--json"), ("429", "500"), env={"SECOND_CHANCE_MAX_RETRIES": "2"}),
    "draft-tracing-env": Scenario(DRAFT, env={"LANGSMITH_TRACING": "true", "LANGCHAIN_TRACING_V2": "true",
                                              "LANGSMITH_API_KEY": "lsv2-not-real", "LANGSMITH_ENDPOINT": "LS"}),
    "draft-tracing-opt-in": Scenario(DRAFT, env={"LANGSMITH_TRACING": "true", "SECOND_CHANCE_TRACING": "1",
                                                 "LANGSMITH_API_KEY": "lsv2-not-real", "LANGSMITH_ENDPOINT": "LS"}),
    "plan-malformed": Scenario(("plan", "--today", "2026-11-25", "--json"), then="malformed"),
    "chat-truncated": Scenario(("chat",), then="truncated", stdin="who got the job?\n"),
    "chat-refusal": Scenario(("chat",), then="refusal", stdin="who got the job?\n"),
    "index-empty": Scenario(("index",), then="empty", env={"SECOND_CHANCE_EMBEDDINGS": "openai"}, indexed=False),
    "index-huge": Scenario(("index",), then="huge", env={"SECOND_CHANCE_EMBEDDINGS": "openai",
                                                        "SECOND_CHANCE_MAX_REPLY_BYTES": "4096"}, indexed=False),
    "eval-live-hang": Scenario(("eval", "--live", "--case", "follow-up-dana-good", "--json"), then="hang",
                               env={"SECOND_CHANCE_MAX_RETRIES": "0"}, indexed=False),
}


class Run:
    def __init__(self, home: Path, done: subprocess.CompletedProcess[str], seconds: float, requests: int) -> None:
        self.home, self.code, self.stdout, self.stderr = home, done.returncode, done.stdout, done.stderr
        self.seconds, self.requests = seconds, requests
        self.traced = 0  # requests to the tracing endpoint (LANGSMITH_ENDPOINT), when the scenario sets one

    @property
    def error(self) -> str:
        """The one error line; fails when there is not exactly one, or a traceback."""
        errors = [line for line in self.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1 and "Traceback" not in self.stderr, self.stderr
        return errors[0]


def _env(home: Path, base_url: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OPENAI_", "SECOND_CHANCE_", "LANGSMITH_", "LANGCHAIN_"))}  # fmt: skip
    env |= {"SECOND_CHANCE_HOME": str(home), "ANONYMIZED_TELEMETRY": "False", "SECOND_CHANCE_TIMEOUT": "2",
            "SECOND_CHANCE_MAX_RETRIES": "1", "NO_PROXY": "*", "no_proxy": "*"}
    if base_url:
        env |= {"OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": KEY}
    return env | extra


def closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/v1"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    """Run every scenario as a real `second-chance` process against the stand-in server, three at a time."""
    template = tmp_path_factory.mktemp("template")
    shutil.copytree(SAMPLE, template / "knowledge")
    done = subprocess.run([sys.executable, "-m", "assistant", "index"], cwd=template, env=_env(template, None),
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with StandIn() as standin:

        def one(name: str) -> tuple[str, Run]:
            scenario = SCENARIOS[name]
            home = tmp_path_factory.mktemp(name)
            if scenario.indexed:
                shutil.copytree(template, home, dirs_exist_ok=True)
            else:
                shutil.copytree(SAMPLE, home / "knowledge")
            url = standin.script(name, *scenario.modes, then=scenario.then) if scenario.server else closed_port()
            env = {k: standin.script(f"{name}-tracing") if v == "LS" else v for k, v in scenario.env.items()}
            started = time.monotonic()
            finished = subprocess.run([sys.executable, "-m", "assistant", *scenario.args], cwd=home,
                                      env=_env(home, url, **env), input=scenario.stdin, capture_output=True,
                                      text=True, timeout=BOUND + 60)  # fmt: skip
            seconds = time.monotonic() - started
            run = Run(home, finished, seconds, len(standin.requests.get(name, [])))
            run.traced = len(standin.requests.get(f"{name}-tracing", []))
            return name, run

        with ThreadPoolExecutor(max_workers=3) as pool:
            yield dict(pool.map(one, SCENARIOS))


@pytest.fixture
def result(runs: dict[str, Run], request: pytest.FixtureRequest) -> Run:
    """The run of the scenario named by the test's `name` parameter, checked for what every run must hold."""
    run = runs[request.node.callspec.params["name"]]
    assert run.seconds < BOUND, f"took {run.seconds:.1f} s (deadline {BOUND} s)"
    assert KEY not in run.stdout + run.stderr and "Traceback" not in run.stderr
    return run


def assert_nothing_left(home: Path) -> None:
    """No draft, no half-written temp file, and every file of ours readable by the owner alone."""
    assert not list(home.glob("drafts/*.md"))
    assert not list(home.rglob("*.tmp"))
    for path in [*home.glob("drafts/*"), *home.glob(".second-chance/chats/*"), *home.glob(".second-chance/lexical/*")]:
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@pytest.mark.parametrize(("name", "message"), [
    ("draft-hang", "error: The model did not answer within SECOND_CHANCE_TIMEOUT, even after retries;"),
    ("draft-503", "error: The model failed with HTTP 503 (The server is overloaded.) after retries;"),
    ("draft-malformed", "error: The model endpoint answered with something that is not an OpenAI reply;"),
    ("draft-empty", "error: The model endpoint answered with something that is not an OpenAI reply;"),
    ("draft-refusal", "error: The model refused to write the brief (\"I can't help with that request.\");"),
    ("draft-truncated", "error: The model's brief was cut off at its length limit (finish_reason: length);"),
    ("draft-schema", "error: The model's brief was malformed twice ("),
    ("draft-huge", "error: The model's reply was over 262144 bytes, so it was refused;"),
    ("draft-trickle", "error: The model did not finish its reply within SECOND_CHANCE_TIMEOUT (2 s);"),
    ("draft-400", f"error: The model endpoint rejected the request (HTTP 400: {REASON_400}); it was not retried."),
    ("draft-refused", "error: Cannot reach the model endpoint; check OPENAI_BASE_URL and your connection."),
])  # fmt: skip
def test_draft_fails_in_one_line_with_exit_3_and_leaves_nothing(result, name, message):
    assert result.code == 3 and result.error.startswith(message), result.stderr
    assert_nothing_left(result.home)
    # A draft reads no note with the model (the notes `index` has not read with it are read offline), so the only
    # requests are the brief's: never one wait per note.
    if name == "draft-400":
        assert result.requests == 1  # a 4xx is not retried
    if name == "draft-503":
        assert result.requests == 2  # the brief, and its one retry (SECOND_CHANCE_MAX_RETRIES=1)


@pytest.mark.parametrize("name", ["draft-recovers"])
def test_draft_rides_out_a_429_and_a_500(result, name):
    assert result.code in (0, 1), result.stderr
    (draft,) = result.home.glob("drafts/*.md")
    assert json.loads(result.stdout)["path"] == str(draft) and stat.S_IMODE(draft.stat().st_mode) == 0o600
    assert result.requests >= 4  # 429, 500, then the brief and the letter (and maybe one revision)


@pytest.mark.parametrize("name", ["plan-malformed"])
def test_plan_falls_back_offline_with_one_warning(result, name):
    assert result.code == 0, result.stderr
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("warning: the model could not read your notes (The model endpoint")
    assert json.loads(result.stdout)["companies"]


@pytest.mark.parametrize(("name", "message"), [
    ("chat-truncated", "error: The connection to the model dropped mid-answer; what was shown is kept."),
    ("chat-refusal", "error: The model sent no answer (it may have refused); nothing was stored as an answer."),
])  # fmt: skip
def test_piped_chat_exits_3_when_an_answer_failed(result, name, message):
    assert result.code == 3
    assert result.error.startswith(message), result.stderr
    (transcript,) = result.home.glob(".second-chance/chats/*.jsonl")
    answer = json.loads(transcript.read_text().splitlines()[-1])
    assert answer["status"] == "error" and answer["error"]
    assert_nothing_left(result.home)


@pytest.mark.parametrize(("name", "message"), [
    ("index-empty", "error: The embeddings endpoint answered with something that is not an OpenAI reply;"),
    ("index-huge", "error: The embeddings API's reply was over"),
])  # fmt: skip
def test_index_with_openai_embeddings_fails_in_one_line(result, name, message):
    assert result.code == 3 and result.error.startswith(message), result.stderr
    assert not (result.home / ".second-chance/lexical/store.json").exists()


@pytest.mark.parametrize("name", ["eval-live-hang"])
def test_eval_live_honours_the_timeout(result, name):
    assert result.code in (1, 3), result.stderr
    assert result.requests >= 1


@pytest.mark.parametrize(("name", "uploads"), [("draft-tracing-env", False), ("draft-tracing-opt-in", True)])
def test_tracing_uploads_nothing_unless_the_user_opts_in(result, name, uploads):
    """LANGSMITH_TRACING in the shell is not consent; SECOND_CHANCE_TRACING=1 is (and shows the probe can see it)."""
    assert result.code in (0, 1), result.stderr
    assert bool(result.traced) is uploads, result.traced
