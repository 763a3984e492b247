"""Journals in dated sections, initials, hires after a label, quoted openings, "wd" and "brings more X", measured on
labelled notes in several voices (tests/data/journal_phrasings.yaml): positives and near-miss negatives."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.casefile import CaseFile
from assistant.text import days_ago
from tests.labelled_notes import fold, people_misses, read_labelled

TODAY = dt.date(2026, 11, 30)
DATA = Path(__file__).resolve().parent / "data" / "journal_phrasings.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["cases"]


def _read(folder: Path, case: dict[str, Any]) -> CaseFile:
    return read_labelled(folder, case, TODAY)


def _misses(found: CaseFile, case: dict[str, Any]) -> list[str]:
    misses = people_misses(found, case)
    if "rejections" in case:
        got_r = [(fold(r.company), r.date, fold(r.gap)) for r in found.rejections]
        want_r = case["rejections"]
        if len(got_r) != len(want_r):
            misses.append(f"rejections {got_r}, expected {want_r}")
        for want in want_r:
            if not any(c == fold(want["company"]) and ("date" not in want or d == want["date"])
                       and ("gap" not in want or g == fold(want["gap"])) for c, d, g in got_r):
                misses.append(f"rejection {want} not found in {got_r}")
    if "openings" in case:
        got_o = [(o.title, o.company, o.date) for o in found.openings]
        if len(got_o) != len(case["openings"]):
            misses.append(f"openings {got_o}, expected {case['openings']}")
        for want in case["openings"]:
            if (want["title"], want.get("company"), want.get("date")) not in got_o:
                misses.append(f"opening {want} not found in {got_o}")
    for words in case.get("no_opening_with", []):
        misses += [f"opening titled {o.title!r}" for o in found.openings if words in o.title]
    hints = [h.message for r in found.notes for h in r.hints]
    for words in case.get("no_hint", []):
        misses += [f"hint {h!r}" for h in hints if words in h]
    return misses


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_journals_initials_hires_quoted_openings_and_shorthand(tmp_path: Path, case: dict[str, Any]) -> None:
    """Every labelled fact is read, and no near miss is read as one."""
    assert _misses(_read(tmp_path, case), case) == []


def test_figures_per_idea(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Print how many labelled cases of each idea are read right (in-sample figures, for the report)."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for n, case in enumerate(CASES):
        total[case["idea"]] += 1
        right[case["idea"]] += not _misses(_read(tmp_path / str(n), case), case)
    with capsys.disabled():
        print("\n" + ", ".join(f"{idea} {right[idea]}/{total[idea]}" for idea in total))
    assert sum(right.values()) == sum(total.values())


def test_an_entry_names_its_day_by_its_heading(tmp_path: Path) -> None:
    """What `notes` shows of a journal: each finding prefixed by its entry's day, the rejection grounded on it."""
    case = CASES[0]
    found = _read(tmp_path, case)
    reading = next(r for r in found.notes if r.source == "journal/search-log.md")
    assert "2026-11-12: rejection by Halden Works on 2026-11-12" in reading.found
    assert [r.date_ground.quote for r in found.rejections if r.date_ground] == ["## 12 Nov 2026"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("posted about two weeks ago", dt.date(2026, 11, 16)),
        ("up since 3 days ago", dt.date(2026, 11, 27)),
        ("went live last week", dt.date(2026, 11, 23)),
        ("a couple of months ago", dt.date(2026, 10, 1)),
        ("no date here, two weeks of work", None),
    ],
)
def test_days_ago(text: str, day: dt.date | None) -> None:
    """A relative date counts back from the reference day; a span that is no 'ago' is no date."""
    assert days_ago(text, TODAY) == day


def test_notes_shows_the_part_a_later_entry_credits_under_a_short_name(tmp_path: Path) -> None:
    """`notes` says Ruth Ade is an insider: "Ruth A." offered in a later entry than the one that met her."""
    case = next(c for c in CASES if c["id"] == "journal-weekday-inline-entries-and-an-initial-in-a-later-entry")
    reading = next(r for r in _read(tmp_path, case).notes if r.source == "log/hunt.txt")
    ruth = [line for line in reading.found if "person Ruth Ade" in line]
    assert ruth and all(line.endswith(": insider") for line in ruth), ruth
