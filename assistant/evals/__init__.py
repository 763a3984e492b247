"""The offline eval suite: does every part still do its job, measured against thresholds.

`run_suite` runs the cases of a suite (scenarios as YAML, personas' notes, recorded model responses) and
returns a `Report`; `report` writes it as a table, JSON, JUnit XML or Markdown. A new case type registers its
model (`register_case_type`) and its handler (`register_handler`) from a module listed in `suite.EXTENSIONS`.
"""

from __future__ import annotations

from assistant.evals.report import Metric, Report, build_report
from assistant.evals.run import run_suite
from assistant.evals.runner import CaseFailed, CaseResult, Runner, register_handler
from assistant.evals.suite import BaseCase, Suite, default_suite_dir, load_suite, register_case_type

__all__ = [
    "BaseCase",
    "CaseFailed",
    "CaseResult",
    "Metric",
    "Report",
    "Runner",
    "Suite",
    "build_report",
    "default_suite_dir",
    "load_suite",
    "register_case_type",
    "register_handler",
    "run_suite",
]
