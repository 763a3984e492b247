"""The eval command: run the offline suite and report every metric against its threshold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import JsonOption, console, err_console, print_json

if TYPE_CHECKING:
    from assistant.evals import CaseResult


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("eval")(run_evals)


def run_evals(
    suite: Annotated[Path | None, typer.Option(
        "--suite", help="The suite folder (default: ./evals, else the shipped one).", show_default=False)] = None,
    case: Annotated[str | None, typer.Option(
        "--case", help="Only cases whose id matches this glob, e.g. 'follow-up-*'.")] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML here (one testcase per case).")] = None,
    report_file: Annotated[Path | None, typer.Option("--report", help="Write the JSON report here.")] = None,
    markdown_file: Annotated[Path | None, typer.Option("--markdown", help="Write a Markdown summary here.")] = None,
    record: Annotated[bool, typer.Option("--record", help="Call the configured model and rewrite the recorded "
                                                          "responses (keys stripped).")] = False,
    live: Annotated[bool, typer.Option("--live", help="Call the configured model; no mocks.")] = False,
    update_requests: Annotated[bool, typer.Option(
        "--update-requests", help="Offline: rewrite each case's recorded requests (requests/) from what the code "
                                  "sends now; review the diff before committing.")] = False,
    judge: Annotated[bool, typer.Option(
        "--judge", help="With --live: also grade every letter the model writes with the model-graded rubric.")] = False,
    judge_runs: Annotated[int, typer.Option(
        "--judge-runs", min=1, max=20, help="With --live: ask the judge N times per letter and report how often "
                                             "its verdict flips.")] = 1,
    compare: Annotated[Path | None, typer.Option(
        "--compare", help="A previous JSON report: show the metrics that moved and the cases that changed status.",
        show_default=False)] = None,
    json_output: JsonOption = False,
) -> None:
    """Run the eval suite; exit 1 when a case fails (known issues aside) or a metric is below its threshold."""
    import httpx2

    # In every mode, before the OpenAI SDK or Chroma load httpx: offline, respx answers with the recordings;
    # with --record and --live it still sees each request, forwards it and keeps the reply, which is what
    # --record writes and what the format metrics (parsed, re-asks) and the cases' `sent` checks read.
    httpx2.alias_httpx()
    from assistant.errors import ConfigError
    from assistant.evals import default_suite_dir, run_suite
    from assistant.evals.compare import compare_reports, load_report, print_changes
    from assistant.evals.report import as_dict, prepare_output, print_tables, write_json, write_junit, write_markdown

    if record and live:
        raise ConfigError("Use either --record or --live, not both.")
    if update_requests and (record or live):
        raise ConfigError("--update-requests is offline; --record already rewrites the requests it records.")
    if (judge or judge_runs > 1) and not live:
        raise ConfigError("--judge and --judge-runs grade a live model's letters; add --live (offline, the judge "
                          "cases are served recorded verdicts).")
    previous = load_report(compare) if compare else None
    root = (suite or default_suite_dir()).expanduser().resolve()
    # Checked before the suite runs, so a mistyped path costs a second, not a whole run.
    junit, report_file, markdown_file = (
        prepare_output(path, option) if path else None
        for path, option in ((junit, "--junit"), (report_file, "--report"), (markdown_file, "--markdown"))
    )
    if record or live:
        _need_model()
    show = None if json_output else _progress()
    report, recorded = run_suite(root, case=case, mode="live" if live or record else "offline", record=record,
                                 update_requests=update_requests, judge=judge, judge_runs=judge_runs, progress=show)
    changes = compare_reports(previous, report) if previous is not None else None
    if junit:
        write_junit(report, junit)
    if report_file:
        write_json(report, report_file)
    if markdown_file:
        write_markdown(report, markdown_file, changes=changes)
    if json_output:
        print_json(as_dict(report) | ({"changes": changes.model_dump(mode="json")} if changes else {}))
    else:
        err_console().print()
        print_tables(report, console())
        if changes is not None:
            print_changes(changes, console())
        if recorded:
            console().print(f"Recorded {len(recorded)} responses: {', '.join(sorted(set(recorded)))}")
        if update_requests:
            console().print(f"Rewrote the recorded requests under {root / 'requests'}; review them with git diff.")
    if not report.passed:
        raise typer.Exit(1)


def _need_model() -> None:
    """--record and --live talk to a real model; say how to configure one when there is none."""
    from assistant.cli.common import settings
    from assistant.config import OFFLINE
    from assistant.errors import ConfigError
    from assistant.llm import resolve_model

    if resolve_model(settings(need_workspace=False)) == OFFLINE:
        raise ConfigError("--record and --live need a model: set OPENAI_API_KEY (or OPENAI_BASE_URL for a local "
                          "server) and optionally SECOND_CHANCE_MODEL; without them run the offline evals.")


def _progress() -> Callable[[CaseResult], None]:
    """A dot per case on stderr: . passed, F failed, E error, k known issue, s skipped (offline-only case)."""
    marks = {"passed": "[green].[/]", "failed": "[red]F[/]", "error": "[red]E[/]", "skipped": "[yellow]s[/]",
             "known": "[yellow]k[/]"}

    def show(result: CaseResult) -> None:
        err_console().print(marks[result.status], end="")

    return show
