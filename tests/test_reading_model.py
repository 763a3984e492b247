"""The model reader: one strict structured call per note, quotes verified, cached by content and model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assistant.config import load_settings
from assistant.notes import load_notes
from assistant.reading import read_case_file, read_notes
from tests import mock_openai
from tests.mock_openai import MockChat, malformed, structured

mock_chat = mock_openai.mock_chat  # the fixture, used by name below

TODAY = dt.date(2026, 11, 30)
NOTE = ("Ravi Menon, staffing lead at Copperline.\n"
        "He said he'd put my name forward for the next opening. They just posted a Staff Designer role.")


def facts(**changes):
    body = {"kind": "person", "rejections": [], "progress": [], "projects": [], "articles": [], "remarks": [],
            "promises": [], "profile_name": None,
            "people": [{"name": "Ravi Menon", "company": "Copperline", "role": "staffing lead",
                        "quote": "Ravi Menon, staffing lead at Copperline.",
                        "parts": [{"part": "insider", "quote": "He said he'd put my name forward"},
                                  {"part": "hiring-manager", "quote": "He owns the headcount."}]}],
            "openings": [{"company": "Copperline", "title": "Staff Designer",
                          "quote": "They just posted a Staff Designer role."}]}
    return body | changes


def workspace(tmp_path: Path):
    knowledge = tmp_path / "knowledge"
    (knowledge / "contacts").mkdir(parents=True)
    (knowledge / "contacts" / "ravi.txt").write_text(NOTE, encoding="utf-8")
    return load_settings(home=tmp_path), knowledge


def test_each_note_is_read_once_with_a_strict_schema_and_unverified_quotes_are_dropped(tmp_path, mock_chat: MockChat):
    settings, knowledge = workspace(tmp_path)
    mock_chat.reply(structured(facts()))
    case = read_case_file(load_notes(knowledge), settings=settings, today=TODAY)
    ravi = case.people[0]
    assert (ravi.name, ravi.company, [c.part for c in ravi.parts]) == ("Ravi Menon", "Copperline", ["insider"])
    assert [o.title for o in case.openings] == ["Staff Designer"]
    assert [h.message for h in case.hints] == [
        "1 fact(s) the model gave were dropped: their words are not in the note"]
    request = mock_chat.requests[0]
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["strict"] is True
    assert '<note id="note" source="contacts/ravi.txt" type="person">\nRavi Menon' in mock_chat.text(0)
    assert (tmp_path / ".second-chance" / "readings" / "gpt-4o-mini.jsonl").is_file()
    # Unchanged notes: no model call at all (the mock would fail on an unexpected request).
    _, fresh = read_notes(load_notes(knowledge).notes, settings=settings, today=TODAY)
    assert fresh == 0 and len(mock_chat.requests) == 1


def test_a_reply_malformed_twice_falls_back_to_offline_and_is_not_cached(tmp_path, mock_chat: MockChat):
    settings, knowledge = workspace(tmp_path)
    mock_chat.reply(malformed(), malformed())
    case = read_case_file(load_notes(knowledge), settings=settings, today=TODAY)
    assert len(mock_chat.requests) == 2  # the bounded re-ask, then no more
    assert case.notes[0].reader == "offline"
    assert case.hints[0].message.startswith("read offline: The model's note reading was malformed twice")
    assert [c.part for c in case.people[0].parts] == ["insider"]  # the offline rules still read it
    assert not list((tmp_path / ".second-chance" / "readings").rglob("*.json"))
