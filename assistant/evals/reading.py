"""Eval of the reading stage: a persona's notes read offline against the facts its `expected.yaml` lists.

Scores per persona (each a share, 1.0 is perfect): person recall, part accuracy (expected and found parts of
the expected people, over their union), verdict accuracy and date accuracy per rejection, red-flag recall,
opening, progress, project and article recall, and `never_leak` (1.0 when no forbidden string appears anywhere
in the case file).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from assistant.casefile import CaseFile, Person
from assistant.evals.runner import CaseFailed, CaseResult, Runner, register_handler
from assistant.evals.suite import BaseCase, register_case_type

SCORES = (
    "profile_name",
    "person_recall",
    "part_accuracy",
    "verdict_accuracy",
    "date_accuracy",
    "red_flag_recall",
    "opening_recall",
    "progress_recall",
    "project_recall",
    "article_recall",
    "never_leak",
)


@register_case_type
class ReadingCase(BaseCase):
    """Read a persona's notes offline and score the case file against its expected.yaml."""

    type: Literal["reading"]


def run_reading_case(runner: Runner, case: ReadingCase, result: CaseResult) -> None:
    """Score the persona's case file; every expected fact missed fails the case."""
    scores, misses = score_persona(runner.suite.persona_dir(case.persona))
    result.scores |= {f"reading.{name}": value for name, value in scores.items()}
    if misses:
        raise CaseFailed("; ".join(misses))


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def read_persona(folder: Path, today: dt.date) -> CaseFile:
    """The persona's case file, read offline without a cache."""
    from assistant.notes import load_notes
    from assistant.reading import read_case_file

    return read_case_file(load_notes(folder), today=today)


def expected_of(folder: Path) -> dict[str, Any]:
    """The persona's expected facts."""
    import yaml

    data = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    return data if isinstance(data, dict) else {}


def score(case: CaseFile, expected: dict[str, Any]) -> tuple[dict[str, float], list[str]]:
    """Every score the expected facts allow, and a line for each miss."""
    misses: list[str] = []
    tallies: dict[str, list[bool]] = {name: [] for name in SCORES}
    part_hits, part_union = 0, 0
    if expected.get("profile", {}).get("name"):
        good = _fold(case.profile.name) == _fold(expected["profile"]["name"])
        tallies["profile_name"].append(good)
        if not good:
            misses.append(f"profile name {case.profile.name}, expected {expected['profile']['name']}")
    for want in expected.get("people", []):
        person = _person(case, want)
        tallies["person_recall"].append(person is not None)
        if person is None:
            misses.append(f"person {want['name']} not found")
        wanted = set(want.get("parts", []))
        got = {c.part for c in person.parts} if person else set()
        part_hits += len(wanted & got)
        part_union += len(wanted | got)
        if wanted != got:
            misses.append(f"{want['name']}: parts {sorted(got)}, expected {sorted(wanted)}")
    if part_union:
        tallies["part_accuracy"] = [True] * part_hits + [False] * (part_union - part_hits)
    for want in expected.get("rejections", []):
        found = next((r for r in case.rejections if _fold(r.company) == _fold(want["company"])), None)
        got_verdict = found.verdict if found else None
        tallies["verdict_accuracy"].append(got_verdict == want.get("verdict", "neither"))
        if got_verdict != want.get("verdict", "neither"):
            misses.append(f"rejection {want['company']}: verdict {got_verdict}, expected {want.get('verdict')}")
        if "date" in want:
            good = found is not None and found.date == _day(want["date"])
            tallies["date_accuracy"].append(good)
            if not good:
                misses.append(
                    f"rejection {want['company']}: date {found.date if found else None}, expected {want['date']}"
                )
        if want.get("verdict", "neither") != "neither":
            tallies["red_flag_recall"].append(got_verdict == want["verdict"])
    _recall(
        tallies["opening_recall"],
        misses,
        "opening",
        expected.get("openings", []),
        [(o.company, o.title) for o in case.openings],
        key="title",
    )
    _recall(
        tallies["project_recall"],
        misses,
        "project",
        expected.get("projects", []),
        [(p.company, p.what + " " + p.ground.quote) for p in case.projects],
        key="has",
    )
    _recall(
        tallies["article_recall"],
        misses,
        "article",
        expected.get("articles", []),
        [(None, a.title + " | " + " ".join(a.for_people)) for a in case.articles],
        key="title",
    )
    for want in expected.get("progress", []):
        hit = any(
            _fold(want["has"]) in _fold(p.what) and ("date" not in want or p.date == _day(want["date"]))
            for p in case.progress
        )
        tallies["progress_recall"].append(hit)
        if not hit:
            misses.append(f"progress '{want['has']}' not found (with its date)")
    if expected.get("never"):
        dumped = _fold(case.model_dump_json())
        leaked = [s for s in expected["never"] if _fold(s) in dumped]
        tallies["never_leak"].append(not leaked)
        misses += [f"leaked: {s}" for s in leaked]
    scores = {name: sum(v) / len(v) for name, v in tallies.items() if v}
    return scores, misses


def _recall(
    tally: list[bool],
    misses: list[str],
    what: str,
    wanted: list[dict[str, Any]],
    found: list[tuple[str | None, str]],
    *,
    key: str,
) -> None:
    for want in wanted:
        hit = any(
            _fold(want[key]) in _fold(text)
            and ("company" not in want or _fold(company) == _fold(want["company"]))
            and all(_fold(n) in _fold(text) for n in want.get("for", []))
            for company, text in found
        )
        tally.append(hit)
        if not hit:
            misses.append(f"{what} '{want[key]}' not found")


def _person(case: CaseFile, want: dict[str, Any]) -> Person | None:
    return next(
        (
            p
            for p in case.people
            if _fold(p.name) == _fold(want["name"])
            and ("company" not in want or _fold(p.company) == _fold(want["company"]))
        ),
        None,
    )


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def score_persona(folder: Path) -> tuple[dict[str, float], list[str]]:
    """Read the persona in `folder` and score it against its expected.yaml."""
    expected = expected_of(folder)
    today = _day(expected.get("today", dt.date.today()))
    return score(read_persona(folder, today), expected)


def metrics_of(results: list[Any]) -> list[Any]:
    """The reading metrics over eval case results (mean of each score over the reading cases)."""
    from assistant.evals.metrics import mean
    from assistant.evals.report import Metric

    out = []
    for name in SCORES:
        values = [r.scores[f"reading.{name}"] for r in results if f"reading.{name}" in r.scores]
        out.append(Metric(name=f"reading.{name}", value=mean(values), cases=len(values)))
    return out


register_handler("reading", run_reading_case)
