"""The readings cache: an edited note costs its own line; the file is written whole only past a quarter of stale lines.

Speed is measured by scripts/bench.py, never here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assistant.appendfile import COMPACT_SHARE
from assistant.config import load_settings
from assistant.notes import load_notes
from assistant.reading import read_notes

TODAY = dt.date(2026, 11, 30)


def _write(folder: Path, count: int, edit: int = -1, word: str = "") -> None:
    for i in range(count):
        path = folder / f"people/p{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Person Number{i}\n\nRecruiter at Oakfield.{' ' + word if i == edit else ''}\n")


def _read(home: Path) -> tuple[int, list[str]]:
    readings, fresh = read_notes(load_notes(home / "knowledge").notes, settings=load_settings(home=home), today=TODAY)
    return fresh, sorted(r.source for r in readings)


def test_an_edit_appends_one_reading_and_a_quarter_of_stale_lines_rewrites_the_file(tmp_path):
    cache = tmp_path / ".second-chance/readings/offline.jsonl"
    _write(tmp_path / "knowledge", 8)
    assert _read(tmp_path)[0] == 8
    for edits in range(1, 8):
        before = cache.read_bytes()
        _write(tmp_path / "knowledge", 8, edit=0, word=f"edit{edits}")
        fresh, sources = _read(tmp_path)
        assert fresh == 1 and sources == sorted(f"people/p{i}.md" for i in range(8))
        after = cache.read_bytes()
        if edits > COMPACT_SHARE * (8 + edits):
            assert len(after.splitlines()) == 8  # written whole: the stale readings dropped
            break
        assert after.startswith(before) and len(after.splitlines()) == 8 + edits  # appended only
    else:
        raise AssertionError("never written whole")
    assert _read(tmp_path)[0] == 0


def test_a_reading_cut_short_is_read_again_and_the_next_line_starts_whole(tmp_path):
    cache = tmp_path / ".second-chance/readings/offline.jsonl"
    _write(tmp_path / "knowledge", 8)
    _read(tmp_path)
    data = cache.read_bytes()
    cache.write_bytes(data[: -len(data.splitlines()[-1]) // 2 - 1])  # Ctrl-C in the middle of the last line
    assert _read(tmp_path)[0] == 1
    assert _read(tmp_path)[0] == 0  # its reading was appended on a line of its own
