"""Turn case results into metrics with thresholds, and write them as JSON, JUnit XML, Markdown or a table."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from assistant.errors import ConfigError, UserError
from assistant.evals import metrics
from assistant.evals.runner import CHECK_NAMES, CaseResult
from assistant.evals.suite import Threshold

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.evals.compare import Changes

MetricStatus = Literal["pass", "fail", "n/a"]


class Metric(BaseModel):
    """One number, how many cases it is over, and its threshold if it has one."""

    name: str
    value: float | None
    cases: int
    threshold: str | None = None
    status: MetricStatus = "n/a"
    note: str = ""


class Report(BaseModel):
    """The result of one eval run."""

    suite: str
    mode: str
    started: str
    seconds: float
    counts: dict[str, int]
    metrics: list[Metric]
    per_kind: dict[str, list[Metric]]
    cases: list[CaseResult]

    @property
    def passed(self) -> bool:
        """True when no case failed (known issues aside) and no metric is below its threshold."""
        return not self.failed_cases and not self.failures

    @property
    def failed_cases(self) -> list[CaseResult]:
        """Cases that failed or crashed and are not marked `known_issue`: each one fails the run."""
        return [c for c in self.cases if c.status in {"failed", "error"}]

    @property
    def failures(self) -> list[Metric]:
        """Every metric below its threshold, overall first."""
        per_kind = [m for ms in self.per_kind.values() for m in ms if m.status == "fail"]
        return [m for m in self.metrics if m.status == "fail"] + per_kind


def build_report(results: list[CaseResult], thresholds: dict[str, Threshold], *, suite: Path, mode: str,
                 started: dt.datetime, seconds: float) -> Report:
    """Compute every metric overall and per kind, and hold each against its threshold."""
    counts = {s: sum(r.status == s for r in results) for s in ("passed", "failed", "error", "skipped", "known")}
    counts["total"] = len(results)
    overall = [_bound(m, thresholds.get(m.name)) for m in compute(results)]
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for result in results:
        groups[result.group].append(result)
    per_kind = {
        group: [_bound(m, thresholds.get(f"{group}/{m.name}")) for m in compute(items) if m.cases]
        for group, items in sorted(groups.items())
    }
    return Report(suite=str(suite), mode=mode, started=started.isoformat(timespec="seconds"),
                  seconds=round(seconds, 2), counts=counts, metrics=overall, per_kind=per_kind, cases=results)


def compute(results: list[CaseResult]) -> list[Metric]:
    """Every metric over `results` (value None where no case could measure it)."""
    # A known issue is listed apart and scores nothing: it would pull a threshold down for a reason already given.
    ran = [r for r in results if r.status not in {"skipped", "known"}]
    out = [Metric(name="cases.pass_rate", value=metrics.mean(float(r.status == "passed") for r in ran),
                  cases=len(ran), note="known issues left out")]
    out += [_mean("retrieval.recall@k", ran, "recall@k"), _mean("retrieval.mrr", ran, "mrr")]
    letters = [r for r in ran if r.type in {"letter", "check"}]
    good = [r for r in letters if r.good]
    produced = [r for r in good if not recorded(r)]
    # Offline, a letter through the chain is a recorded body: its grounding scores the recording, not the code.
    out.append(_mean("grounding.share", produced, "grounding", note="good letters the code or model wrote"))
    out.append(_mean("tactic.elements", produced, "elements", note="good letters the code or model wrote"))
    out.append(_mean("grounding.share (recorded)", [r for r in good if recorded(r)], "grounding",
                     note="scores authored/recorded bodies, not the code"))
    out.append(_mean("tactic.elements (recorded)", [r for r in good if recorded(r)], "elements",
                     note="scores authored/recorded bodies, not the code"))
    for name in CHECK_NAMES:
        pairs = [(r.checks[name].fired, r.checks[name].expected) for r in letters if name in r.checks]
        precision, recall, tally = metrics.precision_recall(pairs)
        note = f"tp {tally['tp']} fp {tally['fp']} fn {tally['fn']}"
        out.append(Metric(name=f"checks.{name}.precision", value=precision, cases=len(pairs), note=note))
        out.append(Metric(name=f"checks.{name}.recall", value=recall, cases=len(pairs), note=note))
    out += [_mean("planner.verdict_accuracy", ran, "verdict"), _mean("planner.step_accuracy", ran, "steps")]
    chains = [r for r in ran if r.structured]
    structured = sum(r.structured for r in chains)
    parsed = (structured - sum(r.malformed for r in chains)) / structured if structured else None
    out.append(Metric(name="format.parsed", value=parsed, cases=len(chains),
                      note=f"{structured} structured outputs"))
    out.append(_mean("format.letters_parsed", ran, "parsed", note="letters that came out as a letter"))
    out.append(Metric(name="format.reasks", value=float(sum(r.reasks for r in ran)) if chains else None,
                      cases=len(chains), note="re-asks used in total"))
    out.append(_mean("chat.citations", ran, "citations"))
    judged = [r for r in ran if "judge_agreement" in r.scores]
    live = [r for r in judged if r.details.get("judge", {}).get("by") != "recorded"]
    out.append(_mean("judge.agreement", live, "judge_agreement", note="live verdicts that match the labels"))
    out.append(_mean("judge.flip_rate", live, "judge_flip", note="letters whose verdict changed across --judge-runs"))
    out.append(_mean("judge.agreement (recorded)", [r for r in judged if r not in live], "judge_agreement",
                     note="recorded verdicts: tests the plumbing, not the judge"))
    from assistant.evals.offline_letters import report_metrics
    from assistant.evals.reading import metrics_of

    return out + report_metrics(ran) + metrics_of(ran)


def recorded(result: CaseResult) -> bool:
    """Whether the letter judged in `result` is a recorded body rather than one the code or a model wrote."""
    return result.details.get("letter_from") == "recorded"


def _mean(name: str, results: list[CaseResult], score: str, note: str = "") -> Metric:
    values = [r.scores[score] for r in results if score in r.scores]
    return Metric(name=name, value=metrics.mean(values), cases=len(values), note=note)


def _bound(metric: Metric, threshold: Threshold | None) -> Metric:
    if threshold is None:
        return metric
    metric.threshold = str(threshold)
    if metric.value is None:
        metric.status, metric.note = "n/a", (metric.note + "; no case could measure it").strip("; ")
    else:
        metric.status = "pass" if threshold.allows(metric.value) else "fail"
    return metric


# -- outputs ----------------------------------------------------------------------------------------


def prepare_output(path: Path, option: str) -> Path:
    """Make sure a report can be written at `path` before the suite runs: a file whose folder exists or can be made.

    A real write is the only reliable test (root may write anywhere by permission bits, yet not in /proc), so an
    empty file is created and removed again when there was none.
    """
    path = path.expanduser()
    if path.is_dir():
        example = os.path.join(path, _EXAMPLES[option])
        raise ConfigError(f"{option} {path} is a folder; give a file name in it, e.g. {example}.")
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise ConfigError(f"{option} {path} cannot be written: {blocker} is a file, not a folder; choose another path.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        with path.open("a", encoding="utf-8"):
            pass
        if not existed:
            path.unlink()
    except OSError as exc:
        raise ConfigError(f"{option} {path} cannot be written ({_reason(exc)}); choose a file in a folder you can "
                          "write to.") from None
    return path


_EXAMPLES = {"--junit": "junit.xml", "--report": "report.json", "--markdown": "summary.md"}


def _write(path: Path, content: str | bytes) -> None:
    """Write a report; a failure (disk full, folder removed during the run) is one line, not a traceback."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    except OSError as exc:
        raise UserError(f"Could not write {path} ({_reason(exc)}); choose another file.") from None


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def write_json(report: Report, path: Path) -> None:
    """The whole report as one JSON document."""
    _write(path, report.model_dump_json(indent=2) + "\n")


def write_junit(report: Report, path: Path) -> None:
    """JUnit XML: one testsuite per case type, one testcase per case; skipped parts are <skipped>."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="second-chance evals", tests=str(report.counts["total"]),
                      failures=str(report.counts["failed"]), errors=str(report.counts["error"]),
                      skipped=str(report.counts["skipped"] + report.counts["known"]), time=f"{report.seconds:.3f}")
    by_type: dict[str, list[CaseResult]] = defaultdict(list)
    for case in report.cases:
        by_type[case.type].append(case)
    for kind, cases in by_type.items():
        suite = ET.SubElement(root, "testsuite", name=f"evals.{kind}", tests=str(len(cases)),
                              failures=str(sum(c.status == "failed" for c in cases)),
                              errors=str(sum(c.status == "error" for c in cases)),
                              skipped=str(sum(c.status in {"skipped", "known"} for c in cases)),
                              time=f"{sum(c.seconds for c in cases):.3f}")
        for case in cases:
            node = ET.SubElement(suite, "testcase", classname=f"evals.{kind}.{case.group}", name=case.id,
                                 time=f"{case.seconds:.3f}")
            if case.status == "failed":
                ET.SubElement(node, "failure", message=case.message[:300]).text = case.message
            elif case.status == "error":
                ET.SubElement(node, "error", message=case.message[:300]).text = case.message
            elif case.status in {"skipped", "known"}:
                ET.SubElement(node, "skipped", message=case.message)
            scores = ", ".join(f"{k}={v:.3f}" for k, v in case.scores.items())
            if scores:
                ET.SubElement(node, "system-out").text = scores
    thresholds = ET.SubElement(root, "testsuite", name="evals.thresholds", tests="0")
    for metric in [*report.metrics, *(m for ms in report.per_kind.values() for m in ms)]:
        if metric.threshold is None:
            continue
        node = ET.SubElement(thresholds, "testcase", classname="evals.thresholds", name=metric.name, time="0")
        if metric.status == "fail":
            ET.SubElement(node, "failure", message=f"{metric.name} = {_fmt(metric.value)}, needs {metric.threshold}")
        elif metric.status == "n/a":
            ET.SubElement(node, "skipped", message=metric.note or "not measured")
    thresholds.set("tests", str(len(thresholds)))
    ET.indent(root)
    _write(path, ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")


def markdown(report: Report, *, changes: Changes | None = None) -> str:
    """A Markdown summary for a CI job summary (with what changed since a previous run, when given)."""
    verdict = "passed" if report.passed else "FAILED"
    c = report.counts
    lines = [
        f"## second-chance evals: {verdict}",
        "",
        f"{c['total']} cases in {report.seconds:.1f} s ({report.mode}): {c['passed']} passed, {c['failed']} failed, "
        f"{c['error']} errors, {c['known']} known issues, {c['skipped']} skipped.",
        "",
        "| metric | value | cases | threshold | status | note |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {m.name} | {_fmt(m.value)} | {m.cases} | {m.threshold or ''} | {_badge(m.status, m.threshold)} "
              f"| {m.note} |" for m in report.metrics]
    lines += ["", "### Per kind", "", f"{KIND_NOTE[:1].upper()}{KIND_NOTE[1:]}.", "",
              "| " + " | ".join(KIND_COLUMNS) + " |", "|" + "---|" * len(KIND_COLUMNS)]
    lines += [f"| {row[0]} | " + " | ".join(row[1:]) + " |" for row in kind_rows(report)]
    known = [r for r in report.cases if r.status == "known"]
    if known:
        lines += ["", "### Known issues", ""] + [f"- `{r.id}`: {r.message}" for r in known]
    bad = report.failed_cases
    if bad:
        lines += ["", "### Failed cases", ""]
        for r in bad:
            first, _, rest = r.message.partition("\n")
            lines.append(f"- `{r.id}` ({r.status}): {first}")
            if rest:
                lines += ["", "  ```diff", *(f"  {line}" for line in rest.splitlines()), "  ```"]
    if changes is not None:
        from assistant.evals.compare import markdown_changes

        lines += markdown_changes(changes)
    return "\n".join(lines) + "\n"


def write_markdown(report: Report, path: Path, *, changes: Changes | None = None) -> None:
    """Write the Markdown summary."""
    _write(path, markdown(report, changes=changes))


KIND_COLUMNS = ("kind", "cases", "passed", "grounding", "elements", "checks right", "parsed")
KIND_NOTE = ("grounding and elements: good letters only, as overall; checks right: share of check outcomes that "
             "match the labels, good and bad letters")


def kind_rows(report: Report) -> list[list[str]]:
    """One row per kind: cases, passed, grounding and elements (good letters), check labels right, parsed."""
    rows = []
    for group, items in _groups(report).items():
        ran = [r for r in items if r.status != "skipped"]
        good = [r for r in ran if r.good]  # a bad letter's invented facts are what its check must catch
        outcomes = [o for r in ran for o in r.checks.values()]
        right = metrics.mean(float(o.fired == o.expected) for o in outcomes)
        rows.append([
            group, str(len(items)), f"{sum(r.status == 'passed' for r in ran)}/{len(ran)}"
            + (f" ({len(items) - len(ran)} n/r)" if len(ran) < len(items) else ""),
            _fmt(metrics.mean(r.scores["grounding"] for r in good if "grounding" in r.scores)),
            _fmt(metrics.mean(r.scores["elements"] for r in good if "elements" in r.scores)),
            _fmt(right),
            _fmt(metrics.mean(r.scores["parsed"] for r in ran if "parsed" in r.scores)),
        ])
    return rows


def _groups(report: Report) -> dict[str, list[CaseResult]]:
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for case in report.cases:
        groups[case.group].append(case)
    return dict(sorted(groups.items()))


def print_tables(report: Report, console: Console) -> None:
    """The rich tables: one row per metric, then one row per kind, then failed cases."""
    table = _metrics_table(report, notes=True)
    if _width(console, table) > console.width:  # notes would wrap every row into a tall cell: leave them out
        table = _metrics_table(report, notes=False)
    console.print(table)
    console.print(_kinds_table(report))
    for failed in report.failures:
        console.print(f"[red]below threshold:[/red] {failed.name} = {_fmt(failed.value)} (needs {failed.threshold})")
    for case in report.cases:
        if case.status == "known":
            console.print(f"[yellow]known issue:[/yellow] {case.id}: {case.message}", highlight=False)
        if case.status in {"failed", "error"}:
            console.print(f"[red]{case.status}:[/red] {case.id}: {case.message}", highlight=False)
    c = report.counts
    console.print(f"{c['total']} cases in {report.seconds:.1f} s: {c['passed']} passed, {c['failed']} failed, "
                  f"{c['error']} errors, {c['known']} known issues, {c['skipped']} skipped; "
                  + _verdict_line(report))


def _verdict_line(report: Report) -> str:
    if report.passed:
        return "[green]every case passed and every threshold is met[/green]"
    parts = []
    if report.failed_cases:
        parts.append(f"{len(report.failed_cases)} case(s) failed (mark one `known_issue: REASON` only with a reason)")
    if report.failures:
        parts.append(f"{len(report.failures)} metric(s) below threshold")
    return "[red]" + "; ".join(parts) + "[/red]"


def _metrics_table(report: Report, *, notes: bool) -> Any:
    from rich.table import Table

    table = Table(title="Metrics" if notes else "Metrics (notes in --report and --markdown)", title_justify="left")
    for column in ("metric", "value", "cases", "threshold", "status", *(["note"] if notes else [])):
        table.add_column(column, justify="right" if column in {"value", "cases"} else "left", no_wrap=True)
    colour = {"pass": "green", "fail": "red", "n/a": "yellow"}
    for m in report.metrics:
        status = _badge(m.status, m.threshold)
        cells = [m.name, _fmt(m.value), str(m.cases), m.threshold or "",
                 f"[{colour[m.status]}]{status}[/]" if m.threshold else ""]
        table.add_row(*cells, *([m.note] if notes else []))
    return table


def _kinds_table(report: Report) -> Any:
    from rich.table import Table

    table = Table(title="Per kind (grounding and elements: good letters only)", title_justify="left")
    for column in KIND_COLUMNS:
        # Kinds and header words are never cut short; at 80 columns "checks right" takes two lines instead.
        table.add_column(column, no_wrap=column == "kind", justify="left" if column == "kind" else "right",
                         min_width=max(len(word) for word in column.split()))
    for row in kind_rows(report):
        table.add_row(*row)
    return table


def _width(console: Console, table: Any) -> int:
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update(width=10_000), table).maximum


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:g}"


def _badge(status: str, threshold: str | None) -> str:
    if threshold is None:
        return ""
    return {"pass": "pass", "fail": "FAIL", "n/a": "not measured"}[status]


def as_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-able data (for `--json`)."""
    return report.model_dump(mode="json") | {"passed": report.passed}
