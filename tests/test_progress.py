"""The steps a user waiting on a model sees named (the spinner's text), in the order they run."""

from __future__ import annotations

from assistant import progress
from assistant.letters import write_letter
from assistant.reading import OfflineReader
from tests import mock_openai
from tests.mock_openai import MockChat
from tests.test_letters import GOOD_BODY, TODAY, brief_reply, letter_reply, settings

mock_chat = mock_openai.mock_chat  # the fixture, used by name below


def test_each_model_step_is_named_while_it_runs(indexed, mock_chat: MockChat):
    mock_chat.reply(brief_reply, letter_reply())
    steps: list[str] = []
    with progress.listening(steps.append):
        letter = write_letter(settings(indexed), "follow-up", "Dana Reyes", model="gpt-4o-mini", today=TODAY,
                              reader=OfflineReader())
    assert letter.body == GOOD_BODY
    assert steps == ["writing the brief", "writing the letter", "checking the letter"]


def test_a_revision_is_named_too(indexed, mock_chat: MockChat):
    mock_chat.reply(brief_reply, letter_reply("Hi Dana,\n\nI am still bitter about the decision.\n\nPriya"),
                    letter_reply())
    steps: list[str] = []
    with progress.listening(steps.append):
        write_letter(settings(indexed), "follow-up", "Dana Reyes", model="gpt-4o-mini", today=TODAY,
                              reader=OfflineReader())
    assert steps[-2:] == ["checking the letter", "revising the letter"]
    assert not progress._listeners
