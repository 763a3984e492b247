"""One call that runs a suite and scores it."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from assistant.errors import ConfigError
from assistant.evals.mocks import Mode
from assistant.evals.report import Report, build_report
from assistant.evals.runner import CaseResult, Runner
from assistant.evals.suite import load_suite


def run_suite(
    root: Path,
    *,
    case: str | None = None,
    mode: Mode = "offline",
    record: bool = False,
    update_requests: bool = False,
    judge: bool = False,
    judge_runs: int = 1,
    progress: Callable[[CaseResult], None] | None = None,
) -> tuple[Report, list[str]]:
    """Run the suite at `root` (cases matching the glob `case`); return the report and any recorded names."""
    suite = load_suite(root)
    cases = suite.select(case)
    if not cases:
        raise ConfigError(f"No eval case matches '{case}'; see the ids in {root / 'cases'}.")
    started, clock = dt.datetime.now(dt.UTC), time.perf_counter()
    runner = Runner(suite, mode=mode, record=record, update_requests=update_requests, judge=judge,
                    judge_runs=judge_runs)
    results = runner.run(cases, progress=progress)
    report = build_report(results, suite.thresholds, suite=root, mode="record" if record else mode,
                          started=started, seconds=time.perf_counter() - clock)
    return report, runner.recorded
