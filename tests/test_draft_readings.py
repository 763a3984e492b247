"""`draft` with a model configured never starts reading the whole folder with the model (issue 10 b)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.letters import write_letter
from assistant.notes import load_notes
from assistant.reading import read_notes
from tests import mock_openai
from tests.mock_openai import MockChat, structured
from tests.test_letters import brief_reply, letter_reply

mock_chat = mock_openai.mock_chat  # the fixture, used by name below
TODAY = dt.date(2026, 11, 25)


def _notes(home: Path):
    return load_notes(home / "knowledge").without_examples().notes


def test_a_draft_on_notes_the_model_never_read_makes_only_the_letters_calls(indexed, mock_chat: MockChat):
    mock_chat.reply(brief_reply, letter_reply())
    letter = write_letter(load_settings(home=indexed), "follow-up", "Dana Reyes", model="gpt-4o-mini", today=TODAY)
    # Two calls: the brief and the letter. No note was sent to the model to be read.
    assert [r["response_format"]["json_schema"]["name"] for r in mock_chat.requests] == ["Brief", "LetterDraft"]
    count = len(_notes(indexed))
    assert (f"{count} of your notes were read offline for this letter (the model has not read them yet); "
            "`second-chance index` reads them with gpt-4o-mini.") in letter.warnings
    assert Path(letter.path).is_file()


def test_a_draft_uses_the_models_cached_readings_and_reads_only_the_rest_offline(indexed, mock_chat: MockChat):
    settings = load_settings(home=indexed)
    notes = _notes(indexed)
    dana = next(n for n in notes if n.source == "people/dana-reyes.md")
    mock_chat.reply(structured({
        "kind": "person", "rejections": [], "progress": [], "projects": [], "articles": [], "remarks": [],
        "promises": [], "profile_name": None, "openings": [],
        "people": [{"name": "Dana Reyes", "company": "Northwind Analytics", "role": None, "quote": "Dana",
                    "parts": []}]}))
    read_notes([dana], settings=settings, today=TODAY)  # what `index` with the model leaves in the cache
    assert len(mock_chat.requests) == 1
    mock_chat.reply(brief_reply, letter_reply())
    letter = write_letter(settings, "follow-up", "Dana Reyes", model="gpt-4o-mini", today=TODAY)
    assert len(mock_chat.requests) == 3  # the earlier reading, then the brief and the letter: no reading call
    assert any(w.startswith(f"{len(notes) - 1} of your notes were read offline") for w in letter.warnings)


@pytest.mark.parametrize("model", ["offline"])
def test_an_offline_draft_says_nothing_about_model_readings(indexed, mock_chat: MockChat, model):
    letter = write_letter(load_settings(home=indexed), "follow-up", "Dana Reyes", model=model, today=TODAY)
    assert mock_chat.requests == []
    assert not any("read offline" in w for w in letter.warnings)
