"""The facts inside notes on a labelled set written for the ideas (tests/data/fact_phrasings.yaml)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.reading.facts import openings_in, projects_in, remarks_in
from assistant.reading.parts import rule_part
from assistant.reading.rejections import comparison_gap

DATA = yaml.safe_load((Path(__file__).resolve().parent / "data" / "fact_phrasings.yaml").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 30)


def _part(line: str) -> str | None:
    found = rule_part(line)
    return found[0] if found else None


def _opening(line: str) -> dict[str, Any] | None:
    found = openings_in([line], "x", company=None, today=TODAY)
    return {"title": found[0].title, "date": found[0].date} if found else None


def _project(line: str) -> dict[str, Any] | None:
    found = projects_in([line], "x", company=None, person=None)
    return {"what": found[0].what} if found else None


# Each reader returns what it read from a line (a dict of values, or a truthy value), or None when nothing.
READERS: dict[str, Callable[[str], Any]] = {
    "warmth": lambda line: _part(line) == "manager-i-liked" or None,
    "insider": lambda line: _part(line) == "insider" or None,
    "remark": lambda line: bool(remarks_in([line], "x", person="Dana Pike")) or None,
    "opening": _opening,
    "project": _project,
    "gap": lambda line: {"gap": gap} if (gap := comparison_gap(line)) else None,
}


def _right(found: Any, want: Any) -> bool:
    """A line without values only needs to be read; one with values needs each value read as labelled."""
    if not isinstance(want, dict):
        return True
    return all(found.get(key) == value for key, value in want.items() if key != "line")


def table(idea: str) -> tuple[float, float]:
    """Precision and recall of the reader of `idea` on its labelled lines."""
    read = READERS[idea]
    hits = false = 0
    for want in DATA[idea]["holds"]:
        found = read(want["line"] if isinstance(want, dict) else want)
        if found is not None and _right(found, want):
            hits += 1
        elif found is not None:
            false += 1  # read, with the wrong title, date, project or gap
    false += sum(1 for line in DATA[idea]["lacks"] if read(line) is not None)
    return (hits / (hits + false) if hits + false else 0.0, hits / len(DATA[idea]["holds"]))


@pytest.mark.parametrize("idea", sorted(READERS))
def test_facts_are_read_on_their_labelled_lines(idea):
    precision, recall = table(idea)
    print(f"{idea}: precision {precision:.2f} recall {recall:.2f}")
    assert precision >= 0.9 and recall >= 0.8, (idea, precision, recall)


def test_every_idea_has_near_misses_and_values():
    for idea in ("opening", "project", "gap"):
        assert len(DATA[idea]["lacks"]) >= 6, idea
        assert sum(isinstance(w, dict) for w in DATA[idea]["holds"]) >= 6, idea
