"""Labelled note folders written in tests/data/*.yaml, read into a case file and compared person by person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from assistant.casefile import CaseFile
from assistant.notes import load_notes
from assistant.reading import read_case_file


def fold(text: object) -> str:
    """Case and spacing ignored: what a labelled value and a read one are compared by."""
    return " ".join(str(text or "").split()).casefold()


def read_labelled(folder: Path, case: dict[str, Any], today: dt.date) -> CaseFile:
    """Write the case's `files` under `folder` and read them into a case file as of `today`."""
    for name, text in case["files"].items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return read_case_file(load_notes(folder), today=today)


def people_misses(found: CaseFile, case: dict[str, Any]) -> list[str]:
    """What the case's `people` (role, company, parts, remark, started) and `not_people` say that was read wrong."""
    people = {p.name: p for p in found.people}
    misses = []
    for want in case.get("people", []):
        got = people.get(want["name"])
        if got is None:
            misses.append(f"{want['name']} not found")
            continue
        for key in ("role", "company"):
            if key in want and fold(getattr(got, key)) != fold(want[key]):
                misses.append(f"{want['name']}: {key} {getattr(got, key)!r}, expected {want[key]!r}")
        if "parts" in want and {c.part for c in got.parts} != set(want["parts"]):
            misses.append(f"{want['name']}: parts {sorted(c.part for c in got.parts)}, expected {want['parts']}")
        if "remark" in want and not any(fold(want["remark"]) in fold(r.text) for r in got.remarks):
            misses.append(f"{want['name']}: no remark with {want['remark']!r}")
        if "started" in want and got.started != want["started"]:
            misses.append(f"{want['name']}: started {got.started}, expected {want['started']}")
    return misses + [f"{name} is no person" for name in case.get("not_people", []) if name in people]
