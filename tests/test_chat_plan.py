"""Chat answers "should I reapply now?" and "who should I write to first?" from the plan, and "why did they say no?"
and "what have I done since?" from the case file, citing the notes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from assistant.chat import open_session
from assistant.chat_plan import plan_intent
from assistant.chunks import ID_DIGITS
from assistant.config import load_settings

# Phrasings a user might type, labelled by what they ask; the rules must hold on all of them.
PHRASINGS = [
    ("Should I reapply now?", "reapply"),
    ("is it too early to apply again to Northwind?", "reapply"),
    ("When can I re-apply?", "reapply"),
    ("can I give them another shot", "reapply"),
    ("how long should I wait before going back to them?", "reapply"),
    ("am I ready to try again with Northwind", "reapply"),
    ("Who should I write to first?", "first"),
    ("whom do I contact first at Northwind?", "first"),
    ("which person should I reach out to next", "first"),
    ("where do I start?", "first"),
    ("what's my first step", "first"),
    ("what should I do next?", "first"),
    ("Who should I follow up with?", "first"),
    ("Why did Northwind turn me down?", "why"),
    ("why didn't I get the job at Northwind", "why"),
    ("what was the reason they gave?", "why"),
    ("What was the feedback?", "why"),
    ("what did I lack", "why"),
    ("Who got the job?", None),
    ("Why does Dana care about Kafka?", None),
    ("what feedback did Lena give on my CV?", None),
    ("who did I talk to at the onsite?", None),
    ("What did Dana say about Kafka?", None),
    ("Summarise my progress since September.", "progress"),
    ("what have I done since the rejection?", "progress"),
    ("How have I closed the gap?", "progress"),
    ("what did I learn since then", "progress"),
    ("What did Dana learn at the meetup?", None),
    ("What is the streaming opening about?", None),
]


@pytest.mark.parametrize(("question", "intent"), PHRASINGS)
def test_plan_questions_are_told_apart_from_other_questions(question, intent):
    assert plan_intent(question) == intent


@pytest.fixture
def session(indexed: Path):
    chat = open_session(load_settings(), model="offline")
    chat.today = dt.date(2026, 11, 25)
    return chat


def test_should_i_reapply_is_answered_from_the_plan(session):
    answer = session.ask("Should I reapply now?").answer
    assert answer is not None
    assert answer.content.startswith("Northwind Analytics: not yet (wait). Turned down on 2026-09-04 (rejection.md); "
                                     "give it about 3 months, until 2026-12-04 (in 9 days)")
    assert "The plan has the reapplication on 2026-12-09" in answer.content
    assert re.search(rf"From: \[n[0-9a-f]{{{ID_DIGITS}}}\] rejection\.md$", answer.content)
    assert [e.source for e in answer.citations] == ["rejection.md"]  # /sources shows it, like any answer


def test_who_first_is_the_plans_first_letter_with_its_command(session):
    answer = session.ask("who should I write to first?").answer
    assert answer is not None
    first, *rest = answer.content.splitlines()
    assert first.startswith("Northwind Analytics: write to Lena Fischer first (referral-request, on 2026-11-25)")
    assert 'Draft it with: second-chance draft referral-request --to "Lena Fischer"' in "\n".join(rest)
    assert rest[-1].startswith("From: [n")
    assert answer.citations and all(f"[{e.id}] {e.source}" in rest[-1] for e in answer.citations)


def test_do_not_reapply_is_answered_with_the_quote(indexed: Path):
    rejection = indexed / "knowledge/rejection.md"
    rejection.write_text(rejection.read_text() + "\nI lost my temper with Dana on the phone afterwards.\n")
    chat = open_session(load_settings(), model="offline")
    chat.today = dt.date(2026, 11, 25)
    answer = chat.ask("can I apply again?").answer
    assert answer is not None
    assert answer.content.startswith("Northwind Analytics: no (do-not-reapply). The notes show an egregious mistake: "
                                     'rejection.md says "I lost my temper with Dana on the phone afterwards."')
    who = chat.ask("Who should I contact first?").answer
    assert who is not None and who.content.startswith("Northwind Analytics: no one;")


def test_other_questions_still_get_passages(session):
    answer = session.ask("What did Dana say about Kafka?").answer
    assert answer is not None and "[n" in answer.content and "Turned down on" not in answer.content


def test_why_they_said_no_is_the_reason_and_gap_the_notes_give(session):
    answer = session.ask("Why did Northwind turn me down?").answer
    assert answer is not None
    lines = answer.content.splitlines()
    assert lines[0] == ("Northwind Analytics turned you down on 2026-09-04 for the Senior Data Engineer, Data Platform "
                        "role.")
    assert lines[1].startswith('The reason your notes give: "Dana said the panel liked my pipeline design')
    assert lines[2] == "What it says you were missing: running Kafka streaming pipelines in production."
    assert re.fullmatch(rf"From: \[n[0-9a-f]{{{ID_DIGITS}}}\] rejection\.md", lines[3])
    assert [e.source for e in answer.citations] == ["rejection.md"]


def test_what_have_i_done_since_lists_the_progress_and_what_answers_the_gap(session):
    answer = session.ask("What have I done since the rejection?").answer
    assert answer is not None
    lines = answer.content.splitlines()
    assert lines[0] == "From your notes, what you have done:"
    # newest first, each with its day and the note it comes from
    assert lines[1].startswith("- 2026-11-10: At my contract with Harbor Outfitters I built a Kafka and Flink pipeline")
    assert lines[1].endswith("] progress/streaming-project.md)")
    assert lines[2].startswith("- 2026-10-15: I passed the Confluent Certified Developer for Apache Kafka exam")
    assert lines[2].endswith("] progress/kafka-certification.md)")
    assert lines[-1].startswith("Northwind Analytics wanted running Kafka streaming pipelines in production. "
                                "What answers it: ")
    assert answer.citations and {e.source for e in answer.citations} >= {"progress/kafka-certification.md"}
