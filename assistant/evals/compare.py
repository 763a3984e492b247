"""What changed since a previous eval run: metrics that moved and cases whose status changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.evals.report import Report

EPSILON = 1e-9


class MetricChange(BaseModel):
    """One metric that moved (or appeared, or went away)."""

    name: str
    before: float | None
    after: float | None


class CaseChange(BaseModel):
    """One case whose status changed (or that is new, or gone)."""

    id: str
    before: str | None = Field(description="Its status in the previous report; None for a new case.")
    after: str | None = Field(description="Its status now; None for a case no longer in the suite.")
    message: str = ""


class Changes(BaseModel):
    """The difference between two reports."""

    previous: str = Field(description="When the previous run started.")
    metrics: list[MetricChange]
    cases: list[CaseChange]


def load_report(path: Path) -> dict[str, Any]:
    """Read a JSON report written by `eval --report`; a missing or unreadable one is a one-line error."""
    try:
        data = json.loads(path.expanduser().read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"--compare {path} cannot be read ({(exc.strerror or type(exc).__name__).lower()}); "
                          "pass a report written by `second-chance eval --report FILE`.") from None
    except ValueError:
        raise ConfigError(f"--compare {path} is not JSON; pass a report written by `eval --report FILE`.") from None
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), list) or not isinstance(
            data.get("cases"), list):
        raise ConfigError(f"--compare {path} is not an eval report (no metrics and cases); pass one written by "
                          "`second-chance eval --report FILE`.")
    return data


def compare_reports(previous: dict[str, Any], report: Report) -> Changes:
    """Metrics whose value moved, overall and per kind, and cases whose status changed, in report order."""
    before = _metric_values(previous)
    after = _metric_values(report.model_dump(mode="json"))
    moved = [MetricChange(name=name, before=before.get(name), after=after.get(name))
             for name in [*after, *(n for n in before if n not in after)]
             if not _same(before.get(name), after.get(name))]
    old_cases = {str(c.get("id")): c for c in previous["cases"] if isinstance(c, dict)}
    new_cases = {c.id: c for c in report.cases}
    cases = [CaseChange(id=c.id, before=old_cases[c.id].get("status") if c.id in old_cases else None,
                        after=c.status, message=c.message.splitlines()[0][:200] if c.message else "")
             for c in report.cases
             if c.id not in old_cases or old_cases[c.id].get("status") != c.status]
    cases += [CaseChange(id=i, before=str(c.get("status")), after=None) for i, c in old_cases.items()
              if i not in new_cases]
    return Changes(previous=str(previous.get("started", "?")), metrics=moved, cases=cases)


def _metric_values(data: dict[str, Any]) -> dict[str, float | None]:
    values = {str(m["name"]): m.get("value") for m in data.get("metrics", []) if isinstance(m, dict)}
    for kind, items in (data.get("per_kind") or {}).items():
        values |= {f"{kind}/{m['name']}": m.get("value") for m in items if isinstance(m, dict)}
    return values


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < EPSILON)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"


def change_lines(changes: Changes) -> list[str]:
    """The changes as plain lines: `metric: before -> after`, `case: before -> after (why)`."""
    lines = [f"{m.name}: {_fmt(m.before)} -> {_fmt(m.after)}" for m in changes.metrics]
    lines += [f"{c.id}: {c.before or 'new'} -> {c.after or 'removed'}" + (f" ({c.message})" if c.message and
                                                                           c.after in {"failed", "error"} else "")
              for c in changes.cases]
    return lines


def markdown_changes(changes: Changes) -> list[str]:
    """A Markdown section for the CI summary."""
    out = ["", f"### Since the previous run ({changes.previous})", ""]
    if not changes.metrics and not changes.cases:
        return [*out, "No metric moved and no case changed status."]
    if changes.metrics:
        out += ["| metric | before | after |", "|---|---|---|"]
        out += [f"| {m.name} | {_fmt(m.before)} | {_fmt(m.after)} |" for m in changes.metrics]
    if changes.cases:
        out += ["", "| case | before | after |", "|---|---|---|"]
        out += [f"| `{c.id}` | {c.before or 'new'} | {c.after or 'removed'} |" for c in changes.cases]
    return out


def print_changes(changes: Changes, console: Console) -> None:
    """Print what changed since the previous report."""
    console.print(f"Since the previous run ({changes.previous}):", highlight=False)
    lines = change_lines(changes) or ["no metric moved and no case changed status"]
    for line in lines:
        console.print(f"  {line}", highlight=False, markup=False)
