"""The index manifest is appended to by an edit and trusted only when whole: what a later run sees of every case.

Speed is measured by scripts/bench.py, never here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from assistant.appendfile import COMPACT_SHARE
from assistant.config import load_settings
from assistant.embeddings import LocalEmbedder
from assistant.manifest import MANIFEST, Manifest, unchanged_report

FINGERPRINT = LocalEmbedder.fingerprint


@pytest.fixture
def indexed(workspace: Path, cli_json) -> dict:
    """The sample workspace, indexed once; the report of that run."""
    return cli_json("index")


def _manifest() -> Path:
    return load_settings().state_dir / MANIFEST


def _edit(workspace: Path, word: str) -> None:
    note = workspace / "knowledge/people/sam-patel.md"
    text = note.read_text()
    note.write_text(text.replace("inventory feed", f"{word} feed") if "inventory feed" in text
                    else text.rstrip("\n") + f"\n- {word}\n")


def _files() -> dict:
    manifest = Manifest.read(load_settings(), FINGERPRINT)
    assert manifest is not None
    return manifest.files


def test_an_edit_appends_its_note_and_reads_back_as_a_manifest_written_whole(workspace, indexed, cli_json):
    before = _manifest().read_bytes()
    _edit(workspace, "returns")
    report = cli_json("index")
    assert (report["updated"], report["embedded"]) == (1, 1)
    after = _manifest().read_bytes()
    assert after.startswith(before)  # appended: nothing written back
    added = [json.loads(line) for line in after[len(before) :].splitlines()]
    assert [next(iter(line)) for line in added] == ["checked", "begin", "source", "commit"]  # the store checked once
    assert added[2]["source"] == "people/sam-patel.md"
    appended = _files()
    _manifest().unlink()  # the next run compares against the store itself and writes the manifest whole
    assert cli_json("index")["unchanged"] == indexed["added"]
    assert not _manifest().read_bytes().startswith(before)
    assert _files() == appended
    assert cli_json("index")["unchanged"] == indexed["added"]


def test_a_commit_cut_short_leaves_the_run_open_and_the_next_run_compares_against_the_store(
        workspace, indexed, cli_json):
    _edit(workspace, "returns")
    cli_json("index")
    data = _manifest().read_bytes()
    _manifest().write_bytes(data[:-20])  # killed while appending the note and its commit
    assert Manifest.read(load_settings(), FINGERPRINT) is None
    assert unchanged_report(load_settings(), FINGERPRINT) is None
    report = cli_json("index")
    assert (report["unchanged"], report["embedded"]) == (indexed["added"], 0)  # the store had it all
    assert _files()["people/sam-patel.md"]["size"] == (workspace / "knowledge/people/sam-patel.md").stat().st_size


@pytest.mark.parametrize("damage", ["a line torn in the middle", "another version", "lines of another folder"])
def test_a_damaged_manifest_is_not_trusted_and_is_written_whole_again(workspace, indexed, cli_json, damage):
    lines = _manifest().read_bytes().split(b"\n")
    if damage == "a line torn in the middle":
        lines[3] = lines[3][: len(lines[3]) // 2]
    elif damage == "another version":
        lines[0] = lines[0].replace(b'"version": 2', b'"version": 3')
    else:
        lines[0] = lines[0].replace(b'"knowledge": "', b'"knowledge": "/elsewhere')
    _manifest().write_bytes(b"\n".join(lines))
    assert Manifest.read(load_settings(), FINGERPRINT) is None
    _edit(workspace, "returns")
    report = cli_json("index")
    assert (report["updated"], report["unchanged"], report["embedded"]) == (1, indexed["added"] - 1, 1)
    assert Manifest.read(load_settings(), FINGERPRINT) is not None
    assert cli_json("index")["unchanged"] == indexed["added"]


def test_a_manifest_of_the_earlier_format_is_replaced_in_place(workspace, indexed, cli_json):
    files = _files()
    settings = load_settings()
    old = {"version": 1, "parser": json.loads(_manifest().read_bytes().split(b"\n")[0])["parser"],
           "embedding": FINGERPRINT, "knowledge": str(settings.knowledge_dir), "store": str(settings.state_dir /
           "chroma"), "chunks": indexed["chunks"], "files": files}
    _manifest().write_text(json.dumps(old))  # what the earlier version wrote: one JSON document
    assert Manifest.read(settings, FINGERPRINT) is None
    report = cli_json("index")
    assert (report["unchanged"], report["embedded"], report["chunks"]) == (indexed["added"], 0, indexed["chunks"])
    assert _files() == files
    assert json.loads(_manifest().read_bytes().split(b"\n")[0])["version"] == 2


def test_the_manifest_is_written_whole_once_superseded_lines_pass_a_quarter(workspace, indexed, cli_json):
    files = len(_files())
    for edits in range(1, 4 * files):
        _edit(workspace, f"edit{edits}")
        report = cli_json("index")
        assert (report["updated"], report["embedded"]) == (1, 1)
        lines = _manifest().read_bytes().splitlines()
        rows = sum(1 for line in lines[1:] if b'"source": ' in line)
        if edits > COMPACT_SHARE * (files + edits):
            assert rows == files and len(lines) == files + 3  # the header, a line a file, the last check, a commit
            break
        assert rows == files + edits  # appended
    else:
        raise AssertionError("never written whole")
    assert cli_json("index")["unchanged"] == indexed["added"]


def test_a_deleted_note_is_gone_from_the_manifest_and_a_touch_is_taken_in(workspace, indexed, cli_json):
    (workspace / "knowledge/people/dana-whitfield.md").unlink()
    report = cli_json("index")
    assert report["removed"] == 1
    assert "people/dana-whitfield.md" not in _files()
    note = workspace / "knowledge/people/sam-patel.md"
    os.utime(note, ns=(10**18, 10**18))  # touched: same bytes
    assert cli_json("index")["unchanged"] == indexed["added"] - 1
    assert _files()["people/sam-patel.md"]["mtime_ns"] == 10**18
    _edit(workspace, "returns")
    report = cli_json("index")
    assert (report["updated"], report["embedded"]) == (1, 1)


def test_a_touch_written_for_other_content_is_not_taken_in(workspace, indexed, cli_json):
    row = _files()["people/sam-patel.md"]
    with _manifest().open("a") as handle:  # what a check that read the manifest before an edit's sync appends after it
        handle.write(json.dumps({"source": "people/sam-patel.md", "touch": [1, 2], "hash": "not-its-hash"}) + "\n")
    assert _files()["people/sam-patel.md"] == row
    assert cli_json("index")["unchanged"] == indexed["added"]


def test_a_note_added_by_an_edit_is_reported_in_the_folders_order(workspace, indexed, cli):
    broken = "---\nname: [Broken\n---\nA note with broken front matter.\n"
    (workspace / "knowledge/people/zz-broken.md").write_text(broken)
    assert cli("index").exit_code == 0
    (workspace / "knowledge/articles/a-broken.md").write_text(broken)
    edited = cli("index")  # appended to the manifest, after every line of the first run
    unchanged = cli("index")  # from the manifest
    assert edited.exit_code == unchanged.exit_code == 0
    assert unchanged.stderr == edited.stderr
    assert 0 <= unchanged.stderr.index("articles/a-broken.md") < unchanged.stderr.index("people/zz-broken.md")
