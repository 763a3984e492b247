"""The notes loader: every kind of bad input is reported, never fatal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.errors import KnowledgeError
from assistant.notes import MAX_NOTE_BYTES, load_notes


def write(folder: Path, name: str, data: str | bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


def only(folder: Path):
    loaded = load_notes(folder)
    assert len(loaded.notes) == 1, loaded
    return loaded.notes[0]


def test_front_matter_keys_are_parsed(tmp_path):
    write(tmp_path, "people/dana.md", "---\nname: Dana Reyes\nrole: Director\ncompany: Northwind\n"
          "date: 2026-07-14\nlast_contact: 2026-08-01\ntags: [manager-i-liked]\n---\nShe likes tests.\n")
    note = only(tmp_path)
    assert note.source == "people/dana.md"
    assert note.meta.type == "person"  # from the folder, since front matter has no type
    assert (note.meta.name, note.meta.role, note.meta.company) == ("Dana Reyes", "Director", "Northwind")
    assert note.meta.date == dt.date(2026, 7, 14)
    assert note.meta.last_contact == dt.date(2026, 8, 1)
    assert note.meta.tags == ["manager-i-liked"]
    assert note.text == "She likes tests."
    assert note.warnings == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [("people/a.md", "person"), ("company/a.txt", "company"), ("progress/2026/a.md", "progress"),
     ("interactions/a.md", "interaction"), ("articles/a.md", "article"), ("openings/a.md", "opening"),
     ("misc/a.md", None), ("a.md", None)],
)
def test_type_inferred_from_folder(tmp_path, path, expected):
    write(tmp_path, path, "plain text without front matter")
    assert only(tmp_path).meta.type == expected


def test_front_matter_type_wins_over_folder(tmp_path):
    write(tmp_path, "people/news.md", "---\ntype: company\n---\nLaunch.")
    assert only(tmp_path).meta.type == "company"


def test_unsupported_files_are_skipped_with_reason(tmp_path):
    write(tmp_path, "photo.png", b"\x89PNG\r\n")
    write(tmp_path, "cv.pdf", b"%PDF-1.4")
    write(tmp_path, "note.md", "hello")
    loaded = load_notes(tmp_path)
    assert [(s.path, s.reason) for s in loaded.skipped] == [
        ("cv.pdf", "not a note type"), ("photo.png", "not a note type")]
    assert [n.source for n in loaded.notes] == ["note.md"]


def test_hidden_files_and_folders_are_ignored(tmp_path):
    write(tmp_path, ".obsidian/config.md", "x")
    write(tmp_path, ".DS_Store", b"\x00\x01")
    write(tmp_path, "note.md", "hello")
    loaded = load_notes(tmp_path)
    assert [n.source for n in loaded.notes] == ["note.md"] and loaded.skipped == []


def test_undecodable_bytes_are_read_and_warned(tmp_path):
    write(tmp_path, "note.txt", "Caf\xe9 meeting with Dana".encode("cp1252"))
    note = only(tmp_path)
    assert note.text == "Café meeting with Dana"
    assert note.warnings == ["not valid UTF-8 (byte 3); read as Windows-1252, check odd characters"]


def test_binary_with_note_suffix_is_skipped(tmp_path):
    write(tmp_path, "weird.md", b"abc\x00def")
    loaded = load_notes(tmp_path)
    assert loaded.notes == []
    assert [(s.path, s.reason) for s in loaded.skipped] == [("weird.md", "binary content, not text")]


def test_broken_front_matter_indexes_text_and_warns(tmp_path):
    write(tmp_path, "people/x.md", "---\nname: [unclosed\nrole: Lead\n---\nThe body survives.\n")
    note = only(tmp_path)
    assert note.text == "The body survives."
    assert note.meta.name is None
    assert len(note.warnings) == 1
    assert note.warnings[0].startswith("front matter is not valid YAML at line ")
    assert note.warnings[0].endswith("; indexed the text without it")


def test_one_bad_value_costs_only_that_key(tmp_path):
    write(tmp_path, "people/x.md", "---\nname: Sam\ndate: sometime in July\n---\nBody.")
    note = only(tmp_path)
    assert note.meta.name == "Sam" and note.meta.date is None
    assert note.warnings[0].startswith("front matter 'date: sometime in July' ignored (")


def test_empty_files_are_skipped(tmp_path):
    write(tmp_path, "empty.md", "")
    write(tmp_path, "blank.txt", "  \n\n ")
    loaded = load_notes(tmp_path)
    assert loaded.notes == []
    assert sorted((s.path, s.reason) for s in loaded.skipped) == [
        ("blank.txt", "empty note"), ("empty.md", "empty note")]


def test_front_matter_only_note_is_kept(tmp_path):
    write(tmp_path, "people/x.md", "---\nname: Lena Fischer\nrole: Analyst\n---\n")
    assert only(tmp_path).meta.name == "Lena Fischer"


def test_very_large_file_is_capped_and_warned(tmp_path):
    write(tmp_path, "big.txt", "word " * (MAX_NOTE_BYTES // 2))
    note = only(tmp_path)
    assert len(note.text) <= MAX_NOTE_BYTES
    assert note.warnings == [f"note is {MAX_NOTE_BYTES // 2 * 5:,} characters; indexed the first {MAX_NOTE_BYTES:,}"]


def test_huge_file_is_read_only_in_part(tmp_path):
    write(tmp_path, "huge.txt", "x" * (5 * MAX_NOTE_BYTES))
    note = only(tmp_path)
    assert len(note.text) == MAX_NOTE_BYTES
    assert any(w.startswith(f"file is {5 * MAX_NOTE_BYTES:,} bytes") for w in note.warnings)


EML = """From: Dana Reyes <dana@northwind.example>
To: Priya <priya@example.com>
Date: Tue, 08 Sep 2026 09:12:00 -0700
Subject: Re: Thank you
Content-Type: text/plain; charset="utf-8"

Hi Priya, keep in touch.
"""


def test_email_is_parsed_into_sender_date_subject_body(tmp_path):
    write(tmp_path, "mail/reply.eml", EML)
    note = only(tmp_path)
    assert note.meta.type == "interaction"
    assert (note.meta.with_, note.meta.email) == ("Dana Reyes", "dana@northwind.example")
    assert note.meta.date == dt.date(2026, 9, 8)
    assert note.meta.subject == "Re: Thank you"
    assert note.meta.direction == "received"
    assert note.text == "Hi Priya, keep in touch."


def test_email_from_the_user_is_marked_sent(tmp_path):
    write(tmp_path, "profile.md", "---\ntype: profile\nname: Priya\nemail: priya@example.com\n---\nMe.")
    write(tmp_path, "mail/out.eml", EML.replace("Dana Reyes <dana@northwind.example>", "Priya <priya@example.com>"))
    loaded = load_notes(tmp_path)
    email_note = next(n for n in loaded.notes if n.source.endswith(".eml"))
    assert email_note.meta.direction == "sent"


def test_html_email_becomes_text(tmp_path):
    html = EML.replace('text/plain; charset="utf-8"', 'text/html; charset="utf-8"').replace(
        "Hi Priya, keep in touch.", "<p>Hi Priya,</p><p>keep <b>in</b> touch.</p>")
    write(tmp_path, "reply.eml", html)
    assert only(tmp_path).text == "Hi Priya,\nkeep in touch."


def test_email_with_bad_date_warns(tmp_path):
    write(tmp_path, "reply.eml", EML.replace("Tue, 08 Sep 2026 09:12:00 -0700", "last Tuesday"))
    note = only(tmp_path)
    assert note.meta.date is None
    assert note.warnings == ["email date 'last Tuesday' is not a date; ignored"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(KnowledgeError, match=r"No knowledge folder at .*; run `second-chance init`"):
        load_notes(tmp_path / "nope")


def test_index_reports_warnings_on_stderr(workspace, cli):
    (workspace / "knowledge/people/broken.md").write_text("---\nname: [x\n---\nBody.\n")
    result = cli("index")
    assert result.exit_code == 0
    assert "warning: people/broken.md: front matter is not valid YAML" in result.stderr


def test_impossible_date_costs_only_that_key(tmp_path):
    write(tmp_path, "people/x.md", "---\nname: Sam\nlast_contact: 2026-02-30\nstarted: 2026-10-05\n---\nBody.")
    note = only(tmp_path)
    assert (note.meta.name, note.meta.last_contact, note.meta.started) == ("Sam", None, dt.date(2026, 10, 5))
    assert note.warnings[0].startswith("front matter 'last_contact: 2026-02-30' ignored (")


def test_binary_email_is_skipped(tmp_path):
    write(tmp_path, "mail/x.eml", b"\x00\x01garbage")
    loaded = load_notes(tmp_path)
    assert loaded.notes == []
    assert [(s.path, s.reason) for s in loaded.skipped] == [("mail/x.eml", "binary content, not text")]


def test_email_from_a_bare_address_is_named_from_person_notes_or_left_unnamed(tmp_path):
    write(tmp_path, "people/lena.md", "---\nname: Lena Fischer\nemail: lena@northwind.example\n---\nInsider.")
    write(tmp_path, "mail/a.eml", EML.replace("Dana Reyes <dana@northwind.example>", "lena@northwind.example"))
    write(tmp_path, "mail/b.eml", EML.replace("Dana Reyes <dana@northwind.example>", "a@b.example"))
    loaded = load_notes(tmp_path)
    senders = {n.source: n.meta.with_ for n in loaded.notes if n.source.endswith(".eml")}
    assert senders == {"mail/a.eml": "Lena Fischer", "mail/b.eml": None}


FRONT_MATTERS = [
    "name: Dana Reyes\nrole: Staff Engineer\ncompany: Northwind\n",
    "type: interaction\nwith: Dana Reyes\ndate: 2026-10-03\ntags: [streaming, manager-i-liked]\n",
    "tags: []\nrelationship: hiring manager\r\ncompany: Contoso Health\r\n",
    "name: Dana Reyes\nname: Dana R.\n",  # the last one wins, as in YAML
    "date: 2026-02-30\nrole: Lead\n",  # no such day: one key warned about
    "company: 3M\nrole: C# developer\ntags: [c#, data]\n",
    "example: true\nname: Sample\n",  # not text: YAML reads it
    "date: 2026-10-03T10:00\nstarted: 2024\n",
    "role: lead # of data\nname: 'Dana'\n",
    "yes: no\nname: x\n",  # a key YAML 1.1 reads as a truth value
    "name: Dana: the manager\n",
    "tags: [a, [b]]\nname: Dana\n",
    "tags: [a, ]\nname: Dana\n",
    "name: ~\nrole: null\n",
    "signature: |\n  Priya Raman\n  priya@example.com\nname: Priya\n",
    "name: Dana\u2028Reyes\n",  # another line break to YAML
    "name:\tDana\n",
    "name: -Dana\nrole: ?lead\n",
    "  name: Dana\n",
    "name: Dana\n# a comment\n",
    "url: https://example.com/jobs?id=3\ntags: [a:b, c]\n",
    "name: Dana\rrole: Lead\n",
    "name : Dana\nrole:   Lead  \n",
]


@pytest.mark.parametrize("front", FRONT_MATTERS)
def test_front_matter_reads_as_yaml_reads_it(front, monkeypatch):
    import assistant.notes
    from assistant.notes import parse_note

    data = f"---\n{front}---\n# Notes\nMet at the meetup.\n".encode()
    note = parse_note("people/dana.md", data)
    monkeypatch.setattr(assistant.notes, "_simple_mapping", lambda block: None)  # every block through YAML
    assert note == parse_note("people/dana.md", data)


def test_a_key_yaml_reads_as_a_truth_value_or_a_number_is_no_crash(tmp_path):
    write(tmp_path, "people/dana.md", "---\nname: Dana Reyes\nno: calls after 6pm\n2024: met at Kafka Summit\n---\nHi.")
    loaded = load_notes(tmp_path)
    assert [n.meta.name for n in loaded.notes] == ["Dana Reyes"] and loaded.skipped == []
