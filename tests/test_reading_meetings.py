"""Several people in one note, a note's company from its folder or email, hires and month-year dates, measured on
labelled notes in many styles (tests/data/meeting_phrasings.yaml): positives and near-miss negatives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.casefile import CaseFile
from assistant.text import find_dates
from tests.labelled_notes import people_misses, read_labelled

TODAY = dt.date(2026, 11, 30)
DATA = Path(__file__).resolve().parent / "data" / "meeting_phrasings.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["cases"]


def _read(folder: Path, case: dict[str, Any]) -> CaseFile:
    return read_labelled(folder, case, TODAY)


def _misses(found: CaseFile, case: dict[str, Any]) -> list[str]:
    misses = people_misses(found, case)
    companies = sorted(r.company for r in found.rejections)
    if "rejections" in case and companies != sorted(case["rejections"]):
        misses.append(f"rejections by {companies}, expected {case['rejections']}")
    for words in case.get("no_opening_with", []):
        misses += [f"opening titled {o.title!r}" for o in found.openings if words in o.title]
    titles = [o.title for o in found.openings]
    misses += [f"opening {title!r} not found" for title in case.get("openings", []) if title not in titles]
    for want in case.get("progress", []):
        if not any(want["has"] in p.what and p.date == want["date"] for p in found.progress):
            misses.append(f"progress {want['has']!r} dated {want['date']} not found")
    return misses


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_several_people_context_companies_hires_and_dates(tmp_path: Path, case: dict[str, Any]) -> None:
    """Every labelled fact is read: people with role, company and part; rejections with their company."""
    assert _misses(_read(tmp_path, case), case) == []


def test_a_rejection_email_pasted_into_a_company_folder_is_a_rejection_by_that_company(tmp_path: Path) -> None:
    """The brief's own failure: a talent team's pasted no, filed under the company, names no company itself."""
    case = next(c for c in CASES if c["id"] == "pasted-email-from-a-team-in-a-folder-named-after-the-company")
    found = _read(tmp_path, case)
    reading = next(r for r in found.notes if r.source.endswith("outcome.txt"))
    assert [h.message for h in reading.hints if "company" in h.message] == []
    assert [(r.company, r.company_from) for r in found.rejections] == [
        ("Brightmoor Analytics", 'the email is from "Brightmoor Careers"')]


def test_a_lower_case_folder_counts_as_a_company_only_when_other_notes_name_it(tmp_path: Path) -> None:
    """"acme/" is the Acme Robotics a person note names; an unknown one-word folder ("stuff/") is nobody."""
    files = {
        "people/jo-ruiz.md": "Jo Ruiz\nRecruiter, Acme Robotics\nRan my loop.\n",
        "acme/debrief.txt": "They decided to go with another candidate. Gutted.\n",
        "stuff/other.txt": "We are not moving forward with your application.\n",
    }
    found = _read(tmp_path, {"files": files})
    by_source = {r.source: r for r in found.notes}
    assert by_source["acme/debrief.txt"].about_company == "Acme Robotics"
    assert by_source["stuff/other.txt"].about_company is None
    assert [r.company for r in found.rejections] == ["Acme Robotics"]


def test_front_matter_company_wins_over_the_folder(tmp_path: Path) -> None:
    """`company:` says it: the folder a note is filed in does not change it."""
    files = {"Halvard Logistics/x.md": "---\ncompany: Brisa Health\n---\nWe decided to go with another candidate.\n"}
    found = _read(tmp_path, {"files": files})
    assert [r.company for r in found.rejections] == ["Brisa Health"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("started Nov 2026", dt.date(2026, 11, 1)),
        ("(November 2026)", dt.date(2026, 11, 1)),
        ("in Sept '26", dt.date(2026, 9, 1)),
        ("onsite (14/10)", dt.date(2026, 10, 14)),
        ("call (3/10, zoom)", dt.date(2026, 3, 10)),
        ("July 22, 2026", dt.date(2026, 7, 22)),
        ("Sept 26", dt.date(2026, 9, 26)),
    ],
)
def test_month_year_and_parenthesised_dates_are_read(text: str, day: dt.date) -> None:
    """A month with a year is its first day; a day/month alone in parentheses is a date."""
    assert [d.day for d in find_dates(text, reference=TODAY)] == [day]


@pytest.mark.parametrize("text", ["(3/4 of the team)", "24/7 support", "scored 3/4 in the test"])
def test_ratios_and_counts_are_no_dates(text: str) -> None:
    """A ratio in parentheses, a 24/7, a plain number after a month-like word: no date."""
    assert find_dates(text, reference=TODAY) == []
