"""The offline eval suite: does every part still do its job, measured against thresholds.

`run_suite` runs the cases of a suite (scenarios as YAML, personas' notes, recorded model responses) and
returns a `Report`; `report` writes it as a table, JSON, JUnit XML or Markdown.
"""

from __future__ import annotations

from assistant.evals.report import Metric, Report, build_report
from assistant.evals.run import run_suite
from assistant.evals.runner import CaseResult, Runner
from assistant.evals.suite import Suite, default_suite_dir, load_suite

__all__ = [
    "CaseResult",
    "Metric",
    "Report",
    "Runner",
    "Suite",
    "build_report",
    "default_suite_dir",
    "load_suite",
    "run_suite",
]
