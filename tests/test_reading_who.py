"""Who a note is about, measured on labelled notes in many styles (tests/data/who_phrasings.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from assistant.notes import load_notes
from assistant.reading import read_case_file

TODAY = dt.date(2026, 11, 30)
DATA = Path(__file__).resolve().parent / "data" / "who_phrasings.yaml"
CASES = yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _eml(email: dict[str, str], body: str) -> str:
    return (f"From: {email['from']}\nTo: Sam Hale <sam@mail.example>\nSubject: {email['subject']}\n"
            f"Date: Tue, 3 Nov 2026 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n{body}")


def _case_file(folder: Path, case: dict):
    files = dict(case.get("files") or {})
    if "email" in case:
        files["inbox/message.eml"] = _eml(case["email"], case["body"])
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return read_case_file(load_notes(folder), today=TODAY)


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _misses(folder: Path, case: dict) -> tuple[list[str], int, int, int]:
    """Misses of one case, and its (true people found, people found, people expected)."""
    found = _case_file(folder, case)
    people = {p.name: p for p in found.people}
    misses, wanted = [], case.get("people", [])
    for want in wanted:
        got = people.get(want["name"])
        if got is None:
            misses.append(f"{want['name']} not found")
            continue
        for key in ("role", "company"):
            if key in want and _fold(getattr(got, key)) != _fold(want[key]):
                misses.append(f"{want['name']}: {key} {getattr(got, key)!r}, expected {want[key]!r}")
    for name in case.get("not_people", []):
        if name in people:
            misses.append(f"{name} is no person")
    if "people" in case:
        extra = set(people) - {w["name"] for w in wanted}
        misses += [f"{name} is no person" for name in sorted(extra)]
    if "about_company" in case:
        note = case.get("note", "inbox/message.eml")
        reading = next(r for r in found.notes if r.source == note)
        if _fold(reading.about_company) != _fold(case["about_company"]):
            misses.append(f"{note}: about {reading.about_company!r}, expected {case['about_company']!r}")
    true = sum(1 for w in wanted if w["name"] in people)
    return misses, true, len(people) if "people" in case else true, len(wanted)


@pytest.mark.parametrize("case", CASES["naming"] + CASES["mailboxes"], ids=lambda c: c["id"])
def test_who_a_note_is_about(tmp_path, case):
    if case.get("known_miss"):
        pytest.skip(f"known miss, counted in the figures: {case['known_miss']}")
    misses, *_ = _misses(tmp_path, case)
    assert misses == []


def test_people_precision_and_recall_on_the_labelled_notes(tmp_path):
    true = found = wanted = fields_ok = fields = 0
    for number, case in enumerate(CASES["naming"] + CASES["mailboxes"]):
        misses, t, f, w = _misses(tmp_path / str(number), case)
        true, found, wanted = true + t, found + f, wanted + w
        checked = sum(len({"role", "company"} & set(p)) for p in case.get("people", []))
        fields += checked
        fields_ok += checked - sum(1 for m in misses if ": role " in m or ": company " in m)
    precision, recall = true / max(found, 1), true / max(wanted, 1)
    print(f"people precision {precision:.2f} recall {recall:.2f} role/company accuracy {fields_ok / fields:.2f}")
    assert precision >= 0.95 and recall >= 0.95 and fields_ok / fields >= 0.9


PROGRESS = yaml.safe_load((DATA.parent / "progress_phrasings.yaml").read_text(encoding="utf-8"))


def _progress_misses(folder: Path, case: dict) -> tuple[list[str], int, int, int]:
    found = _case_file(folder, case)
    items, misses = list(found.progress), []
    true = 0
    for want in case["progress"]:
        item = next((p for p in items if _fold(want["has"]) in _fold(p.what)), None)
        if item is None:
            misses.append(f"progress {want['has']!r} not found")
            continue
        true += 1
        if item.date != want["date"]:
            misses.append(f"progress {want['has']!r}: date {item.date}, expected {want['date']}")
    if "company" in case:
        note = next(iter(case["files"]))
        reading = next(r for r in found.notes if r.source == note)
        if (reading.kind, reading.about_company) != ("company", case["company"]):
            misses.append(f"{note}: {reading.kind} about {reading.about_company!r}, expected {case['company']!r}")
    extra = len(items) - true
    misses += [f"progress {p.what!r} is no progress" for p in items
               if not any(_fold(w["has"]) in _fold(p.what) for w in case["progress"])]
    return misses, true, true + max(extra, 0), len(case["progress"])


@pytest.mark.parametrize("case", PROGRESS, ids=lambda c: next(iter(c["files"])))
def test_progress_items_and_company_news_in_the_users_own_folders(tmp_path, case):
    misses, *_ = _progress_misses(tmp_path, case)
    assert misses == []


def test_progress_precision_and_recall_on_the_labelled_notes(tmp_path):
    true = found = wanted = 0
    for number, case in enumerate(PROGRESS):
        _, t, f, w = _progress_misses(tmp_path / str(number), case)
        true, found, wanted = true + t, found + f, wanted + w
    precision, recall = true / max(found, 1), true / max(wanted, 1)
    print(f"progress precision {precision:.2f} recall {recall:.2f}")
    assert precision >= 0.9 and recall >= 0.9
