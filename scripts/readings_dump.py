"""Dump what the offline reader reads, note by note, to check that a change to the rules left every reading alone.

    .venv/bin/python scripts/readings_dump.py OUT [FOLDER ...]     # then, after the change: ... OUT2; diff -r OUT OUT2

Each folder (by default the bundled sample, every eval persona and example, and the test fixtures' notes) gives
OUT/<name>.readings (one NoteReading as JSON a line, sorted by source) and OUT/<name>.case (the assembled case file).
Read afresh (no cache), with a fixed today, and timed: the CPU seconds of reading are printed at the end.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.embeddings import LocalEmbedder  # noqa: E402
from assistant.notes import load_notes  # noqa: E402
from assistant.reading import assemble, read_notes  # noqa: E402

TODAY = dt.date(2026, 11, 30)  # dates without a year are read against this day, whatever the clock says


def default_folders() -> dict[str, Path]:
    """The note folders the tests and evals read."""
    folders = {"sample": ROOT / "knowledge", "helio": ROOT / "tests" / "fixtures" / "helio" / "knowledge"}
    for kind, parent in (("persona", ROOT / "evals" / "personas"), ("example", ROOT / "evals" / "examples")):
        folders |= {f"{kind}-{p.name}": p for p in sorted(parent.iterdir()) if p.is_dir()}
    return folders


def main() -> None:
    """Write the readings and case file of each folder under OUT."""
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    folders = {Path(f).resolve().name: Path(f) for f in sys.argv[2:]} or default_folders()
    embedder, spent = LocalEmbedder(), 0.0
    for name, folder in folders.items():
        loaded = load_notes(folder)
        start = time.process_time()
        readings, _ = read_notes(loaded.notes, today=TODAY, embedder=embedder)
        spent += time.process_time() - start
        readings.sort(key=lambda r: r.source)
        (out / f"{name}.readings").write_text("".join(r.model_dump_json() + "\n" for r in readings), encoding="utf-8")
        (out / f"{name}.case").write_text(assemble(readings).model_dump_json(indent=1), encoding="utf-8")
    print(f"{len(folders)} folders read in {spent:.2f} s of CPU")


if __name__ == "__main__":
    main()
