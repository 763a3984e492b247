"""The eval runner: bad responses are flagged, thresholds fail the run, reports parse, bodies match the API."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import sys
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
    assert {c.type for c in suite.cases} == {"retrieval", "letter", "planner", "chat", "judge", "reading",
                                             "offline_letters"}
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
    requests = suite_copy / "requests"
    shutil.copy(requests / "bad-begging.json", requests / "begging-passed-off-as-good.json")  # the same requests
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
                name = {"Brief": "brief-sample", "JudgeVerdict": "verdict-judge-scrambled"}.get(
                    schema, "letter-follow-up-dana")
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


# -- a failed case fails the run; requests are matched; re-asks are exact ------------------------------------


def _add_case(suite: Path, case: dict[str, object], *, requests_from: str | None = None) -> None:
    path = suite / "cases" / "letters.yaml"
    data = yaml.safe_load(path.read_text())
    data["cases"].append(case)
    path.write_text(yaml.safe_dump(data))
    if requests_from:
        shutil.copy(suite / "requests" / f"{requests_from}.json", suite / "requests" / f"{case['id']}.json")


def test_a_failed_case_fails_the_run_though_every_threshold_is_met(
    suite_copy: Path, cli: Callable[..., Result]
) -> None:
    _add_case(suite_copy, {"id": "follow-up-expects-more", "type": "letter", "kind": "follow-up", "to": "Dana Reyes",
                           "today": "2026-11-25", "responses": ["brief-sample", "letter-follow-up-dana"],
                           "expect": {"mentions": ["Zebra"]}}, requests_from="follow-up-dana-good")
    result = cli("eval", "--suite", str(suite_copy), "--case", "retrieval-ines-*,follow-up-expects-more")
    assert result.exit_code == 1
    assert "failed: follow-up-expects-more: does not mention 'Zebra'" in result.stdout
    assert "1 case(s) failed" in result.stdout and "below threshold" not in result.stdout


def test_a_known_issue_with_a_reason_is_listed_and_does_not_fail_the_run(
    suite_copy: Path, cli: Callable[..., Result]
) -> None:
    _add_case(suite_copy, {"id": "begging-as-good", "type": "letter", "kind": "follow-up", "to": "Dana Reyes",
                           "today": "2026-11-25", "responses": ["brief-sample", "letter-bad-begging"],
                           "known_issue": "tracked in issue 99"}, requests_from="bad-begging")
    result = cli("eval", "--suite", str(suite_copy), "--case", "begging-as-good", "--json")
    assert result.exit_code == 0, result.stdout
    (case,) = json.loads(result.stdout)["cases"]
    assert case["status"] == "known" and case["message"].startswith("known issue (tracked in issue 99): tone failed")


def test_an_unexpected_reask_fails_the_case(suite_copy: Path) -> None:
    path = suite_copy / "cases" / "letters.yaml"
    text = path.read_text()
    start = text.index("- id: follow-up-malformed-then-good")
    path.write_text(text[:start] + text[start:].replace("reasks: 1, ", "", 1))
    result = _run("follow-up-malformed-then-good", suite_copy)
    assert result.status == "failed"  # type: ignore[attr-defined]
    assert result.message == "the chain used 1 re-ask(s); expected 0"  # type: ignore[attr-defined]


def test_a_request_that_no_longer_matches_its_recording_fails_with_a_diff(suite_copy: Path) -> None:
    cassette = suite_copy / "requests" / "consultant-offer-sam-good.json"
    recorded = json.loads(cassette.read_text())
    prompt = recorded["requests"][0]["messages"][1]
    prompt["content"] = prompt["content"].replace("Build bridges", "Build walls", 1)
    cassette.write_text(json.dumps(recorded))
    result = _run("consultant-offer-sam-good", suite_copy)
    assert result.status == "failed"  # type: ignore[attr-defined]
    first, *diff = result.message.splitlines()  # type: ignore[attr-defined]
    assert first.startswith("request 1 (Brief, answered by brief-sample) differs from the recording")
    assert "--update-requests --case consultant-offer-sam-good" in first
    assert any(line.startswith("-- Build walls") for line in diff) and any(
        line.startswith("+- Build bridges") for line in diff)


def test_update_requests_records_a_missing_cassette_and_the_case_then_matches(
    suite_copy: Path, cli: Callable[..., Result]
) -> None:
    (suite_copy / "requests" / "referral-request-lena-good.json").unlink()
    missing = _run("referral-request-lena-good", suite_copy)
    assert missing.status == "failed"  # type: ignore[attr-defined]
    assert "no recorded requests for this case" in missing.message  # type: ignore[attr-defined]
    result = cli("eval", "--suite", str(suite_copy), "--case", "referral-request-lena-good", "--update-requests")
    assert result.exit_code == 0 and "Rewrote the recorded requests" in result.stdout
    again = json.loads((suite_copy / "requests" / "referral-request-lena-good.json").read_text())
    assert [r["response"] for r in again["requests"]] == ["brief-sample", "letter-referral-request-lena"]
    assert _run("referral-request-lena-good", suite_copy).status == "passed"  # type: ignore[attr-defined]
    assert again == json.loads((SUITE / "requests" / "referral-request-lena-good.json").read_text())


def test_every_case_that_calls_the_model_has_its_requests_recorded() -> None:
    cases = {c.id for c in load_suite(SUITE).cases if getattr(c, "responses", None)}
    recorded = {p.stem for p in (SUITE / "requests").glob("*.json")}
    assert cases - recorded == set()
    assert recorded - {c.id for c in load_suite(SUITE).cases} == set()  # no cassette outlives its case


def test_an_unknown_case_type_is_a_one_line_error(suite_copy: Path, cli: Callable[..., Result]) -> None:
    (suite_copy / "cases" / "extra.yaml").write_text("cases:\n  - {id: x, type: poem}\n")
    result = cli("eval", "--suite", str(suite_copy), "--case", "x")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "unknown case type 'poem'" in result.stderr
    assert result.stderr.count("\n") == 1


# -- compare with a previous report ----------------------------------------------------------------------------


def test_compare_shows_metrics_that_moved_and_cases_that_changed(tmp_path: Path, cli: Callable[..., Result]) -> None:
    old = tmp_path / "old.json"
    assert cli("eval", "--case", "retrieval-ines-*", "--report", str(old)).exit_code == 0
    previous = json.loads(old.read_text())
    previous["cases"][0]["status"] = "failed"
    previous["cases"].append({"id": "retired-case", "status": "passed"})
    mrr = next(m for m in previous["metrics"] if m["name"] == "retrieval.mrr")
    mrr["value"] = 0.5
    old.write_text(json.dumps(previous))
    summary = tmp_path / "summary.md"
    result = cli("eval", "--case", "retrieval-ines-*", "--compare", str(old), "--markdown", str(summary))
    assert result.exit_code == 0, result.stdout
    assert "retrieval.mrr: 0.5 -> 0.923" in result.stdout
    assert f"{previous['cases'][0]['id']}: failed -> passed" in result.stdout
    assert "retired-case: passed -> removed" in result.stdout
    assert "### Since the previous run" in summary.read_text() and "| retrieval.mrr | 0.5 | 0.923 |" in (
        summary.read_text())


def test_compare_with_a_file_that_is_not_a_report_is_a_usage_error(tmp_path: Path, cli: Callable[..., Result]) -> None:
    for content in ("not json", "[]"):
        bad = tmp_path / "bad.json"
        bad.write_text(content)
        result = cli("eval", "--case", "retrieval-noah-*", "--compare", str(bad))
        assert result.exit_code == 2 and result.stderr.startswith("error: --compare")
        assert result.stderr.count("\n") == 1


# -- the judge -------------------------------------------------------------------------------------------------


def test_the_judge_plumbing_runs_offline_on_recorded_verdicts(cli: Callable[..., Result]) -> None:
    result = cli("eval", "--case", "judge-*", "--json")
    assert result.exit_code == 0, result.stdout
    document = json.loads(result.stdout)
    metrics = {m["name"]: m for m in document["metrics"]}
    assert metrics["judge.agreement (recorded)"]["value"] == 1 and metrics["judge.agreement (recorded)"]["cases"] == 7
    assert metrics["judge.agreement"]["value"] is None  # offline there is no live verdict to score
    envy = next(c for c in document["cases"] if c["id"] == "judge-bad-subtle-envy")
    assert envy["details"]["judge"] == {"by": "recorded", "label": "bad", "verdicts": ["bad"], "failed": [["tone"]]}


def test_a_judge_that_disagrees_with_the_label_fails_its_case(suite_copy: Path) -> None:
    path = suite_copy / "cases" / "judge.yaml"
    text = path.read_text().replace("responses: [verdict-judge-subtle-envy]", "responses: [verdict-judge-good]")
    path.write_text(text)
    result = _run("judge-bad-subtle-envy", suite_copy)
    assert result.status == "failed"  # type: ignore[attr-defined]
    assert result.message.startswith("the judge says good, labelled bad")  # type: ignore[attr-defined]
    assert "the judge passed tone, which this letter fails" in result.message  # type: ignore[attr-defined]


def test_the_judge_verdict_is_a_strict_schema() -> None:
    from assistant.chains import response_schema
    from assistant.evals.judge import JudgeVerdict

    schema = response_schema(JudgeVerdict)
    assert schema["strict"] is True and schema["name"] == "JudgeVerdict"
    assert schema["schema"]["additionalProperties"] is False
    assert set(schema["schema"]["required"]) == {"tone", "tactic", "facts", "order", "verdict"}


def test_judge_options_need_live(cli: Callable[..., Result]) -> None:
    result = cli("eval", "--case", "judge-*", "--judge-runs", "3")
    assert result.exit_code == 2 and "add --live" in result.stderr


def test_the_live_judge_grades_each_run_and_reports_flips(
    suite_copy: Path, fake_model: _FakeModel, cli: Callable[..., Result]
) -> None:
    result = cli("eval", "--suite", str(suite_copy), "--case", "judge-bad-scrambled-paragraphs", "--live",
                 "--judge-runs", "3", "--json")
    assert result.exit_code == 0, result.stdout
    assert len(fake_model.keys) == 3
    metrics = {m["name"]: m["value"] for m in json.loads(result.stdout)["metrics"]}
    assert metrics["judge.agreement"] == 1 and metrics["judge.flip_rate"] == 0


# -- the mutation check ----------------------------------------------------------------------------------------


def test_every_mutation_still_applies_to_the_code_exactly_once() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("mutate", ROOT / "scripts" / "mutate.py")
    assert spec and spec.loader
    mutate = importlib.util.module_from_spec(spec)
    sys.modules["mutate"] = mutate  # dataclasses look their module up there
    spec.loader.exec_module(mutate)
    assert len(mutate.BREAKS) >= 35 and len({b.id for b in mutate.BREAKS}) == len(mutate.BREAKS)
    for item in mutate.BREAKS:
        assert (ROOT / item.path).read_text().count(item.old) == 1, item.id


def test_a_change_at_the_end_of_a_long_prompt_line_stays_visible_in_the_diff() -> None:
    from assistant.evals.cassettes import RecordedRequest, diff

    line = "Evidence: " + "word " * 60
    old = RecordedRequest(response="r", sha256="", messages=[{"role": "user", "content": line + "the hire's note"}])
    new = RecordedRequest(response="r", sha256="", messages=[{"role": "user", "content": line + "nothing"}])
    lines = diff(old, new).splitlines()
    assert lines[-2].startswith("-…") and lines[-2].endswith("the hire's note")
    assert lines[-1].startswith("+…") and lines[-1].endswith("nothing")
