"""Measure reading on tests/data/meeting_phrasings.yaml: people found, company, role and part right, rejections
found with their company, people wrongly made, progress dates.

    .venv/bin/python scripts/meeting_phrasings.py                 # this checkout's reading
    PYTHONPATH=/path/to/other/checkout python scripts/meeting_phrasings.py --other   # another version's, to compare
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if "--other" not in sys.argv:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from assistant.notes import load_notes  # noqa: E402
from assistant.reading import read_case_file  # noqa: E402

TODAY = dt.date(2026, 11, 30)


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def main() -> None:
    """Print one line per measure: right / expected."""
    cases = yaml.safe_load((ROOT / "tests" / "data" / "meeting_phrasings.yaml").read_text(encoding="utf-8"))["cases"]
    tally = {k: [0, 0] for k in ("people found", "company right", "role right", "parts right",
                                 "rejections with company", "progress dated", "near misses kept out")}
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            for name, text in case["files"].items():
                path = Path(tmp) / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            found = read_case_file(load_notes(Path(tmp)), today=TODAY)
        people = {p.name: p for p in found.people}
        for want in case.get("people", []):
            got = people.get(want["name"])
            tally["people found"][0] += got is not None
            tally["people found"][1] += 1
            for key, measure in (("company", "company right"), ("role", "role right")):
                if key in want:
                    tally[measure][0] += got is not None and _fold(getattr(got, key)) == _fold(want[key])
                    tally[measure][1] += 1
            if "parts" in want:
                tally["parts right"][0] += got is not None and {c.part for c in got.parts} == set(want["parts"])
                tally["parts right"][1] += 1
        for company in case.get("rejections", []):
            tally["rejections with company"][0] += any(_fold(r.company) == _fold(company) for r in found.rejections)
            tally["rejections with company"][1] += 1
        for want in case.get("progress", []):
            tally["progress dated"][0] += any(want["has"] in p.what and p.date == want["date"] for p in found.progress)
            tally["progress dated"][1] += 1
        for name in case.get("not_people", []):
            tally["near misses kept out"][0] += name not in people
            tally["near misses kept out"][1] += 1
    for name, (right, total) in tally.items():
        print(f"{name:26} {right:3} / {total}")


if __name__ == "__main__":
    main()
