"""The eval runner: bad responses are flagged, thresholds fail the run, reports parse, bodies match the API."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from assistant.evals import CaseResult, Report, Runner, build_report, load_suite
from assistant.evals.metrics import grounded_share, letter_facts, precision_recall, recall_at_k, reciprocal_rank
from assistant.evals.report import kind_rows, markdown, print_tables
from tests.conftest import ROOT
from tests.openai_schema import assert_valid

SUITE = ROOT / "evals"
RESPONSES = sorted((SUITE / "responses").iterdir())


@pytest.fixture
def suite_copy(tmp_path: Path) -> Path:
    """A copy of the shipped suite to change freely."""
    target = tmp_path / "suite"
    shutil.copytree(SUITE, target, ignore=shutil.ignore_patterns("out"))
    return target


def _run(case_id: str, suite: Path = SUITE) -> object:
    loaded = load_suite(suite)
    runner = Runner(loaded)
    (case,) = loaded.select(case_id)
    with runner.session():
        return runner.run_case(case)


@pytest.mark.parametrize("path", [p for p in RESPONSES if p.suffix == ".json"], ids=lambda p: p.name)
def test_every_recorded_body_matches_the_api_schema(path: Path) -> None:
    body = json.loads(path.read_text())
    assert_valid(body, "ErrorResponse" if "error" in body else "CreateChatCompletionResponse")


@pytest.mark.parametrize("path", [p for p in RESPONSES if p.suffix == ".sse"], ids=lambda p: p.name)
def test_every_recorded_stream_chunk_matches_the_api_schema(path: Path) -> None:
    events = [line.removeprefix("data: ") for line in path.read_text().splitlines() if line.startswith("data: ")]
    assert events, "a stream needs at least one event"
    for event in events:
        if event == "[DONE]":
            continue
        chunk = json.loads(event)
        assert_valid(chunk, "ErrorResponse" if "error" in chunk else "CreateChatCompletionStreamResponse")


def test_suite_is_big_enough_and_covers_every_kind_and_verdict() -> None:
    from assistant.tactics import LETTER_KINDS

    suite = load_suite(SUITE)
    assert len(suite.cases) >= 30
    kinds = {c.kind for c in suite.cases if c.type == "letter"}
    assert kinds == set(LETTER_KINDS)
    assert {c.verdict for c in suite.cases if c.type == "planner"} == {"wait", "ready", "do-not-reapply"}
    assert {c.type for c in suite.cases} == {"retrieval", "letter", "planner", "chat", "reading", "offline_letters"}
    assert len([p for p in (SUITE / "personas").iterdir() if p.is_dir()]) >= 3


def test_every_check_has_bad_letters_of_several_kinds_and_every_kind_two_good_ones() -> None:
    from assistant.evals.runner import CHECK_NAMES
    from assistant.tactics import LETTER_KINDS

    letters = [c for c in load_suite(SUITE).cases if c.type == "letter" and not c.expect.error]
    for check in CHECK_NAMES:
        beyond = [c for c in letters if check in c.expect.fails and c.kind != "follow-up"]
        assert len(beyond) >= 3 and len({c.kind for c in beyond}) >= 3, (check, [c.id for c in beyond])
    for kind in LETTER_KINDS:
        good = [c for c in letters if c.kind == kind and not c.expect.fails and c.record]
        assert len(good) >= 2, kind


@pytest.mark.parametrize(("case_id", "check"), [
    ("bad-envy-consultant-offer", "tone"), ("bad-referral-request-no-ask", "tactic"),
    ("bad-recommendation-ask-too-short", "length"), ("bad-progress-update-placeholders", "placeholders"),
    ("bad-reapplication-injected-link", "injection"), ("bad-consultant-offer-invented-facts", "grounding"),
    ("bad-progress-update-namesake", "recipient"),
])
def test_bad_letters_of_other_kinds_are_flagged_by_their_check_alone(case_id: str, check: str) -> None:
    result = _run(case_id)
    assert result.status == "passed", result.message  # type: ignore[attr-defined]
    fired = [name for name, outcome in result.checks.items() if outcome.fired]  # type: ignore[attr-defined]
    assert fired == [check]


def test_a_bad_response_is_flagged_by_its_check() -> None:
    result = _run("bad-bitterness")
    assert result.status == "passed", result.message  # type: ignore[attr-defined]
    assert result.checks["tone"].fired and result.checks["tone"].expected  # type: ignore[attr-defined]


def test_a_bad_response_labelled_good_fails_the_case(suite_copy: Path) -> None:
    cases = suite_copy / "cases" / "letters.yaml"
    data = yaml.safe_load(cases.read_text())
    data["cases"].append({"id": "begging-passed-off-as-good", "type": "letter", "kind": "follow-up",
                          "to": "Dana Reyes", "today": "2026-11-25",
                          "responses": ["brief-sample", "letter-bad-begging"]})
    cases.write_text(yaml.safe_dump(data))
    result = _run("begging-passed-off-as-good", suite_copy)
    assert result.status == "failed"  # type: ignore[attr-defined]
    assert "tone failed" in result.message  # type: ignore[attr-defined]


def test_output_that_stays_malformed_ends_in_a_clean_error_after_one_reask() -> None:
    result = _run("bad-malformed-json-twice")
    assert result.status == "passed", result.message  # type: ignore[attr-defined]
    assert result.reasks == 1 and result.malformed == 2  # type: ignore[attr-defined]


def test_thresholds_pass_on_the_shipped_suite_and_a_raised_one_exits_1(
    suite_copy: Path, cli: Callable[..., Result]
) -> None:
    subset = "retrieval-sample-*,bad-placeholder"
    assert cli("eval", "--suite", str(suite_copy), "--case", subset).exit_code == 0
    thresholds = suite_copy / "thresholds.yaml"
    thresholds.write_text(thresholds.read_text() + "\nretrieval.mrr: 1.01\n")
    result = cli("eval", "--suite", str(suite_copy), "--case", subset)
    assert result.exit_code == 1
    assert "retrieval.mrr" in result.stdout


def test_reports_are_written_and_parse(tmp_path: Path, cli: Callable[..., Result]) -> None:
    junit, report, summary = tmp_path / "junit.xml", tmp_path / "report.json", tmp_path / "summary.md"
    result = cli("eval", "--case", "retrieval-omar-*,bad-too-long,chat-offline-*", "--junit", str(junit),
                 "--report", str(report), "--markdown", str(summary))
    assert result.exit_code == 0, result.stdout
    document = json.loads(report.read_text())
    ids = [c["id"] for c in document["cases"]]
    assert len(ids) == document["counts"]["total"] == 8
    assert {m["name"] for m in document["metrics"]} >= {"retrieval.recall@k", "retrieval.mrr", "checks.length.recall"}
    cases = [t for t in ET.parse(junit).getroot().iter("testcase") if t.get("classname", "").startswith("evals.")
             and not t.get("classname", "").startswith("evals.thresholds")]
    assert sorted(t.get("name") for t in cases) == sorted(ids)
    assert summary.read_text().startswith("## second-chance evals: passed")


@pytest.mark.parametrize("option", ["--junit", "--report", "--markdown"])
def test_an_output_path_that_cannot_be_written_is_a_usage_error_before_the_run(
    option: str, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    unwritable = [str(tmp_path), str(blocker / "out.txt")] + (["/proc/no-such-dir/out.txt"] if Path("/proc").is_dir()
                                                               else [])
    for path in unwritable:
        result = cli("eval", "--case", "retrieval-noah-*", option, path)
        assert result.exit_code == 2, (path, result.stderr)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
        assert option in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "home"]


def test_an_output_folder_is_created_and_a_failed_write_is_one_line(tmp_path: Path, cli: Callable[..., Result]) -> None:
    nested = tmp_path / "new" / "folder" / "report.json"
    assert cli("eval", "--case", "retrieval-noah-*", "--report", str(nested)).exit_code == 0
    assert json.loads(nested.read_text())["counts"]["total"] == 4
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full to fail a write after the run")
    result = cli("eval", "--case", "retrieval-noah-*", "--markdown", "/dev/full")  # opens fine, writes fail
    assert result.exit_code == 2
    assert "Could not write /dev/full" in result.stderr and "Traceback" not in result.stderr


def test_json_output_is_one_document(cli: Callable[..., Result]) -> None:
    result = cli("eval", "--case", "retrieval-noah-*", "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["passed"] is True and document["counts"]["passed"] == 4


def test_a_case_glob_that_matches_nothing_is_a_usage_error(cli: Callable[..., Result]) -> None:
    result = cli("eval", "--case", "no-such-case-*")
    assert result.exit_code == 2
    assert "No eval case matches" in result.stderr


def _letter_result(case_id: str, kind: str, *, good: bool, grounding: float) -> CaseResult:
    return CaseResult(id=case_id, type="letter", group=kind, persona="sample", status="passed", good=good,
                      scores={"grounding": grounding, "parsed": 1.0} | ({"elements": 1.0} if good else {}))


def _report(results: list[CaseResult]) -> Report:
    return build_report(results, load_suite(SUITE).thresholds, suite=SUITE, mode="offline",
                        started=dt.datetime.now(dt.UTC), seconds=1.0)


def test_per_kind_grounding_is_over_good_letters_like_the_overall_metric() -> None:
    report = _report([_letter_result("good", "follow-up", good=True, grounding=1.0),
                      _letter_result("bad-invented", "follow-up", good=False, grounding=0.5)])
    (row,) = kind_rows(report)
    assert row[:5] == ["follow-up", "2", "2/2", "1", "1"]
    overall = {m.name: m.value for m in report.metrics}
    per_kind = {m.name: m.value for m in report.per_kind["follow-up"]}
    assert overall["grounding.share"] == per_kind["grounding.share"] == 1.0
    assert "good letters only" in markdown(report)


@pytest.mark.parametrize("width", [80, 100])
def test_tables_fit_a_narrow_terminal_without_tall_note_cells(width: int) -> None:
    from rich.console import Console

    out = io.StringIO()
    print_tables(_report(_run_all_letters()), Console(file=out, width=width, color_system=None))
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    assert "note" not in lines[2] and "recommendation-ask " in out.getvalue()  # no note column, kinds in full
    rows = [line for line in lines if line.startswith("│ checks.tone.recall")]
    assert len(rows) == 1 and lines[lines.index(rows[0]) + 1].startswith("│ checks.tactic")  # one line per metric


def test_tables_show_notes_when_there_is_room() -> None:
    from rich.console import Console

    out = io.StringIO()
    print_tables(_report(_run_all_letters()), Console(file=out, width=160, color_system=None))
    assert "┃ note" in out.getvalue() and "known issues left out" in out.getvalue()


def _run_all_letters() -> list[CaseResult]:
    kinds = ["follow-up", "recommendation-ask", "consultant-offer"]
    return [_letter_result(f"{kind}-{good}", kind, good=good, grounding=1.0) for kind in kinds
            for good in (True, False)]


def test_ranking_metrics() -> None:
    assert recall_at_k(["a", "b", "c"], ["c", "d"], 3) == 0.5
    assert recall_at_k(["a", "b", "c"], ["c"], 2) == 0.0
    assert reciprocal_rank(["a", "b", "c"], ["b"]) == 0.5
    assert reciprocal_rank(["a"], ["z"]) == 0.0


def test_a_check_that_never_fires_scores_zero_recall() -> None:
    precision, recall, _ = precision_recall([(False, True), (False, False)])
    assert recall == 0.0 and precision == 0.0
    assert precision_recall([(False, False)])[1] is None  # no bad letter for it: not measured, not perfect
    assert precision_recall([(True, True), (True, False)])[:2] == (0.5, 1.0)


def test_grounding_share_counts_facts_missing_from_the_evidence() -> None:
    evidence = "Dana Reyes leads the Data Platform group (about 20 engineers) at Northwind Analytics."
    share, missing = grounded_share("Hi Dana, your 20 engineers at Northwind Analytics and Google.", evidence)
    assert missing == ["Google"]
    assert share == pytest.approx(3 / 4)
    assert "Hi" not in letter_facts("Hi Dana,\n\nThanks again.")
    # A subject ending in a name and the greeting below it are two facts, not one unknown name.
    assert letter_facts("Applying again: Product Designer, Field Tools\nHi Alex,") == [
        "Product Designer", "Field Tools", "Alex"]


class _FakeModel:
    """A model endpoint on 127.0.0.1 that answers with the suite's own bodies and remembers the keys it saw."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.keys: list[str] = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake.keys.append(self.headers.get("Authorization", ""))
                sent = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                schema = sent.get("response_format", {}).get("json_schema", {}).get("name")
                name = "brief-sample" if schema == "Brief" else "letter-follow-up-dana"
                body = json.loads((RESPONSES[0].parent / f"{name}.json").read_text())
                body["id"] = "chatcmpl-live-recorded"
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> object:
    """The fake endpoint, configured as the user's model with a secret key."""
    model = _FakeModel()
    monkeypatch.setenv("OPENAI_BASE_URL", model.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key-123456")
    yield model
    model.close()


def test_record_rewrites_the_responses_without_the_key(
    suite_copy: Path, fake_model: _FakeModel, cli: Callable[..., Result]
) -> None:
    result = cli("eval", "--suite", str(suite_copy), "--case", "follow-up-dana-good,bad-begging", "--record")
    assert result.exit_code == 0, result.stdout
    assert fake_model.keys and all(k == "Bearer sk-test-secret-key-123456" for k in fake_model.keys)
    recorded = suite_copy / "responses" / "letter-follow-up-dana.json"
    assert json.loads(recorded.read_text())["id"] == "chatcmpl-live-recorded"
    for path in (suite_copy / "responses").iterdir():
        assert "sk-test-secret" not in path.read_text()
    # the bad-on-purpose response is never overwritten by a recording
    assert (suite_copy / "responses" / "letter-bad-begging.json").read_text() == (
        SUITE / "responses" / "letter-bad-begging.json"
    ).read_text()


def test_live_calls_the_configured_model_and_writes_nothing(
    suite_copy: Path, fake_model: _FakeModel, cli: Callable[..., Result]
) -> None:
    before = {p.name: p.read_text() for p in (suite_copy / "responses").iterdir()}
    result = cli("eval", "--suite", str(suite_copy), "--case", "follow-up-dana-good", "--live", "--json")
    assert result.exit_code == 0, result.stdout
    assert len(fake_model.keys) >= 2
    assert before == {p.name: p.read_text() for p in (suite_copy / "responses").iterdir()}
    # Live requests still pass through respx (hence the httpx alias in every mode): the format metrics see them.
    parsed = next(m for m in json.loads(result.stdout)["metrics"] if m["name"] == "format.parsed")
    assert parsed["value"] == 1 and "2 structured outputs" in parsed["note"]


def test_record_and_live_need_a_configured_model(cli: Callable[..., Result]) -> None:
    result = cli("eval", "--live", "--case", "retrieval-noah-*")
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.stderr
