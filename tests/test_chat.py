"""The chat core: transcripts, bounded history, offline answers, streaming with interruptions and errors."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import openai
import pytest
from langchain_core.messages import AIMessageChunk, BaseMessage

from assistant.chat import (
    ChatSession,
    letter_summary,
    offline_answer,
    open_session,
    parse_draft,
    plan_summary,
    summarise_earlier,
)
from assistant.config import load_settings
from assistant.errors import ModelError
from assistant.retrieval import Evidence
from assistant.text import content_words
from assistant.transcript import Header, Message, Transcript, Turn, bound_history, estimate_tokens, pair_turns

AT = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)
REQUEST = httpx.Request("POST", "https://api.openai.com/v1/chat/completions")


def message(role: str, content: str, **extra: Any) -> Message:
    return Message(role=role, content=content, at=AT, **extra)  # type: ignore[arg-type]


def turn(question: str, answer: str | None, status: str = "complete") -> Turn:
    return Turn(question=message("user", question),
                answer=None if answer is None else message("assistant", answer, status=status))


def evidence(id: str, source: str, text: str, **meta: Any) -> Evidence:
    return Evidence(id=id, source=source, score=0.03, text=text, metadata=meta)


class FakeModel:
    """Streams the given pieces, then the finish reason (or raises `error`), and keeps what it was sent.

    finish=False ends the stream without a finish reason, as a connection closed early does.
    """

    def __init__(self, *pieces: str, error: BaseException | None = None, finish: bool = True) -> None:
        self.pieces = pieces
        self.error = error
        self.finish = finish
        self.sent: list[list[BaseMessage]] = []

    def stream(self, messages: list[BaseMessage]) -> Iterator[AIMessageChunk]:
        self.sent.append(messages)
        for piece in self.pieces:
            yield AIMessageChunk(content=piece)
        if self.error is not None:
            raise self.error
        if self.finish:
            yield AIMessageChunk(content="", response_metadata={"finish_reason": "stop"})


@pytest.fixture
def session(indexed: Path) -> ChatSession:
    """An offline session on the indexed sample notes."""
    return open_session(load_settings(), model="offline")


def with_model(session: ChatSession, model: FakeModel, **options: Any) -> ChatSession:
    """The same notes and transcript, answered by `model`."""
    return ChatSession(index=session.index, transcript=session.transcript, model="gpt-4o-mini",
                       llm=lambda: model, user="Priya Raman", today=dt.date(2026, 11, 25), **options)  # type: ignore


def lines(path: Path | None) -> list[dict[str, Any]]:
    assert path is not None
    return [json.loads(line) for line in path.read_text().splitlines()]


# --- history within a token budget ---------------------------------------------------------------------------


def test_estimate_tokens_counts_about_four_characters_a_token():
    assert estimate_tokens("") == 4
    assert estimate_tokens("x" * 400) == 104


def test_bound_history_keeps_newest_whole_turns():
    turns = [turn(f"question {n}", "answer " + "x" * 400) for n in range(5)]
    kept, left_out = bound_history(turns, budget=3 * turns[0].tokens)
    assert [t.question.content for t in kept] == ["question 2", "question 3", "question 4"]
    assert [t.question.content for t in left_out] == ["question 0", "question 1"]
    assert all(t.answer is not None and t.answer.content == "answer " + "x" * 400 for t in kept)


def test_bound_history_skips_failed_and_unanswered_turns_but_keeps_partial_ones():
    turns = [turn("a", "partial", "interrupted"), turn("b", "", "error"), turn("c", "half", "error"),
             turn("d", None)]
    kept, left_out = bound_history(turns, budget=10_000)
    assert [t.question.content for t in kept] == ["a"]
    assert left_out == []


def test_bound_history_drops_a_turn_too_big_for_the_budget_instead_of_cutting_it():
    turns = [turn("small", "ok"), turn("huge", "y" * 20_000)]
    kept, left_out = bound_history(turns, budget=1000)
    assert kept == [] and [t.question.content for t in left_out] == ["small", "huge"]


def test_summarise_earlier_lists_whole_questions_that_fit():
    left_out = [turn(f"question number {n}?", "a") for n in range(3)]
    assert summarise_earlier(left_out).strip() == (
        "Earlier in this conversation (left out here to save space) the user asked: "
        '"question number 0?"; "question number 1?"; "question number 2?"')
    tight = summarise_earlier(left_out, budget=2 * estimate_tokens('"question number 0?"'))
    assert tight.strip().endswith('asked: "question number 1?"; "question number 2?"')
    assert summarise_earlier([]) == ""


def test_model_gets_bounded_history_and_a_summary_of_the_rest(session):
    model = FakeModel("Fine.")
    chat = with_model(session, model, history_tokens=60)
    for n in range(4):
        chat.turns.append(turn(f"earlier question {n}", "an answer of some length " * 3))
    chat.ask("who got the job?")
    system, *history, question = model.sent[0]
    assert question.content == "who got the job?"
    originals = {m.content for t in chat.turns for m in (t.question, t.answer) if m is not None}
    assert history and all(m.content in originals for m in history)  # whole messages only
    assert len(history) < 8
    assert 'the user asked: "earlier question 0"' in str(system.content)


# --- transcripts -------------------------------------------------------------------------------------------


def test_transcript_file_appears_with_the_first_message(tmp_path):
    transcript = Transcript(tmp_path / "chats", Header(started=AT, model="offline", knowledge="/k"))
    assert transcript.path is None and not (tmp_path / "chats").exists()
    transcript.append(message("user", "hello"))
    assert transcript.path == tmp_path / "chats" / "2026-11-25T09-30-00.jsonl"
    assert [line["type"] for line in lines(transcript.path)] == ["session", "message"]
    second = Transcript(tmp_path / "chats", Header(started=AT, model="offline", knowledge="/k"))
    second.append(message("user", "again"))
    assert second.path == tmp_path / "chats" / "2026-11-25T09-30-00.2.jsonl"


def test_transcript_latest_is_the_one_written_last(tmp_path):
    folder = tmp_path / "chats"
    old, new = (Transcript(folder, Header(started=AT + dt.timedelta(hours=h), model="offline", knowledge=""))
                for h in (1, 0))
    old.append(message("user", "first"))
    new.append(message("user", "second"))
    assert old.path is not None and new.path is not None
    os.utime(old.path, ns=(1, 1))
    latest = Transcript.latest(folder)
    assert latest is not None and latest.path == new.path
    assert Transcript.latest(tmp_path / "nothing") is None


def test_read_skips_unreadable_lines_and_pairs_turns(tmp_path):
    transcript = Transcript(tmp_path, Header(started=AT, model="offline", knowledge=""))
    for m in (message("user", "q1"), message("assistant", "a1"), message("user", "q2")):
        transcript.append(m)
    assert transcript.path is not None
    with transcript.path.open("a") as handle:
        handle.write('{"type": "message", "role": "assis\n')
    header, messages, bad = Transcript.read(transcript.path)
    assert header is not None and header.model == "offline"
    assert bad == 1
    turns = pair_turns(messages)
    assert [(t.question.content, t.answer.content if t.answer else None) for t in turns] == [
        ("q1", "a1"), ("q2", None)]


def test_citations_are_known_ids_in_order_of_first_use():
    a, b = "n0123456789ab", "nba9876543210"
    found = [evidence(a, "a.md", "A"), evidence(b, "b.md", "B")]
    answer = message("assistant", f"B [{b}], A [{a}], again [{b}], made up [n000000000009].", evidence=found)
    assert [e.id for e in answer.citations] == [b, a]


def test_a_transcript_saved_with_eight_digit_ids_keeps_its_citations():
    found = [evidence("n3f9a2c1d", "a.md", "A")]  # the id format before 12 digits
    answer = message("assistant", "A [n3f9a2c1d], and not [n3f9a2c1] nor [n3f9a2c1d0].", evidence=found)
    assert [e.id for e in answer.citations] == ["n3f9a2c1d"]


# --- offline answers ---------------------------------------------------------------------------------------


def test_content_words_drop_question_words_and_fold_plurals():
    assert content_words("Who got the jobs I applied for?") == {"got", "job", "applie"}
    assert content_words("what is it") == set()


def test_offline_answer_shows_passages_that_share_words():
    found = [evidence("n1", "people/sam.md", "Sam started in October.", relationship="got the job"),
             evidence("n2", "company/x.md", "Teams write design documents.")]
    assert offline_answer("who got the job?", found) == (
        "From your notes:\n\n[n1] people/sam.md\nSam started in October.")


def test_offline_answer_says_plainly_when_nothing_matches():
    found = [evidence(f"n{i}", f"n{i}.md", f"passage {i}") for i in range(3)]
    assert offline_answer("capital of France?", found) == (
        "Your notes do not say that directly. The closest passages are:\n\n"
        "[n0] n0.md\npassage 0\n\n[n1] n1.md\npassage 1")
    assert offline_answer("anything", []) == (
        "Your notes have nothing on that yet; add notes to the knowledge folder and ask again.")


def test_workspace_prompt_overrides_the_shipped_one(tmp_path):
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "chat-offline.md").write_text(
        "---\ndescription: mine\nvariables: [passages]\n---\nStraight from the notes:\n\n{passages}\n")
    found = [evidence("n1", "a.md", "Kafka in production.")]
    assert offline_answer("kafka?", found, workspace=tmp_path).startswith("Straight from the notes:\n\n[n1] a.md")


def test_offline_session_cites_the_note_that_answers(session):
    answer = session.ask("who got the job?").answer
    assert answer is not None and answer.citations[0].source == "people/sam-patel.md"
    assert answer.model == "offline" and answer.status == "complete"


def test_follow_up_retrieves_for_the_previous_question_too(session):
    from assistant.retrieval import search

    session.ask("who got the job?")
    follow_up = "what did they run in production?"
    alone = [e.id for e in search(session.index, follow_up, k=5)]
    together = [e.id for e in search(session.index, f"who got the job?\n{follow_up}", k=5)]
    session.turns.append(turn(follow_up, None))
    found = [e.id for e in session.retrieve(follow_up)]
    extra = [i for i in together if i not in alone][:2]
    assert extra and found == alone + extra


# --- streaming, interruption, errors -----------------------------------------------------------------------


def test_streamed_tokens_reach_the_caller_and_the_transcript(session):
    model = FakeModel("Sam ", "Patel.")
    chat = with_model(session, model)
    shown: list[str] = []
    result = chat.ask("who got the job?", on_token=shown.append)
    assert shown == ["Sam ", "Patel."]
    assert result.answer is not None and result.answer.content == "Sam Patel."
    recorded = lines(chat.transcript.path)
    assert [(r.get("role"), r.get("content")) for r in recorded[1:]] == [
        ("user", "who got the job?"), ("assistant", "Sam Patel.")]
    assert recorded[2]["model"] == "gpt-4o-mini"


def test_ctrl_c_while_showing_keeps_the_partial_answer(session):
    chat = with_model(session, FakeModel("Sam ", "Patel ", "got it."))
    shown: list[str] = []

    def show(token: str) -> None:
        shown.append(token)
        if len(shown) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        chat.ask("who got the job?", on_token=show)
    answer = lines(chat.transcript.path)[-1]
    assert (answer["content"], answer["status"]) == ("Sam Patel ", "interrupted")
    assert chat.turns[-1].usable


def test_error_event_mid_stream_is_a_model_error_and_kept(session):
    request = httpx.Request("POST", "https://api.openai.com/v1/chat/completions")
    error = openai.APIError("The server had an error.", request, body=None)
    chat = with_model(session, FakeModel("Sam", error=error))
    with pytest.raises(ModelError) as raised:
        chat.ask("who got the job?")
    assert str(raised.value) == "The model stopped mid-answer (The server had an error.); ask again."
    answer = lines(chat.transcript.path)[-1]
    assert (answer["content"], answer["status"], answer["error"]) == ("Sam", "error", str(raised.value))
    assert not chat.turns[-1].usable


def test_connection_lost_before_any_text_is_one_line(session):
    request = httpx.Request("POST", "https://api.openai.com/v1/chat/completions")
    chat = with_model(session, FakeModel(error=openai.APIConnectionError(request=request)))
    with pytest.raises(ModelError, match=r"^Cannot reach the model endpoint; check OPENAI_BASE_URL"):
        chat.ask("who got the job?")


@pytest.mark.parametrize(("error", "how"), [
    (openai.APIConnectionError(request=REQUEST), "dropped"),
    (openai.APITimeoutError(request=REQUEST), "went quiet (timed out)"),
    (None, "dropped"),  # the body just ended: no error, but no finish reason either
])
def test_connection_lost_mid_answer_says_so_and_keeps_the_text(session, error, how):
    chat = with_model(session, FakeModel("Sam ", "Patel", error=error, finish=False))
    with pytest.raises(ModelError) as raised:
        chat.ask("who got the job?")
    assert str(raised.value) == (f"The connection to the model {how} mid-answer; what was shown is kept. "
                                 "Ask again for the rest.")
    answer = lines(chat.transcript.path)[-1]
    assert (answer["content"], answer["status"], answer["error"]) == ("Sam Patel", "error", str(raised.value))


def test_a_reply_with_no_events_at_all_is_a_model_error(session):
    chat = with_model(session, FakeModel(error=ValueError("No generation chunks were returned")))
    with pytest.raises(ModelError, match=r"^The endpoint sent no streamed answer; check OPENAI_BASE_URL\.$"):
        chat.ask("who got the job?")


def test_markdown_export_marks_interruptions_and_errors(session):
    session.turns = [turn("q1", "partial", "interrupted"), turn("q2", None)]
    text = session.to_markdown()
    assert text == ("# Conversation with second-chance (offline)\n\n## You\n\nq1\n\n## second-chance (None)\n\n"
                    "partial\n\n*(interrupted)*\n\n## You\n\nq2\n\n*(no answer)*\n")


# --- /draft and /plan helpers ------------------------------------------------------------------------------


NAMES = ["Dana Reyes", "Dana Whitfield", "Sam Patel"]


@pytest.mark.parametrize(("rest", "expected"), [
    ("follow-up Dana Reyes", ("follow-up", "Dana Reyes", None)),
    ("consultant-offer Sam Patel mention their launch", ("consultant-offer", "Sam Patel", "mention their launch")),
    ("consultant-offer Sam the inventory feed", ("consultant-offer", "Sam", "the inventory feed")),
    ('follow-up "Dana Reyes (Northwind)" thanks', ("follow-up", "Dana Reyes (Northwind)", "thanks")),
    ("follow-up Dana Reyes they're hiring", ("follow-up", "Dana Reyes", "they're hiring")),
    ("follow-up Jo Smith", ("follow-up", "Jo", "Smith")),
])  # fmt: skip
def test_parse_draft(rest, expected):
    request = parse_draft(rest, NAMES)
    assert request is not None and (request.kind, request.to, request.about) == expected


def test_parse_draft_needs_kind_and_name():
    assert parse_draft("follow-up", NAMES) is None
    assert parse_draft("", NAMES) is None


def test_letter_summary_names_file_checks_and_sources():
    check = SimpleNamespace
    letter = SimpleNamespace(
        kind="follow-up", to="Dana Reyes", path="/w/drafts/x.md", subject="Hello", body="Hi Dana,\n\nBest\n",
        checks=[check(name="length", passed=True, message=""), check(name="grounded", passed=False,
                                                                      message="names Acme")],
        citations=[SimpleNamespace(label="[n1] people/dana-reyes.md")])
    assert letter_summary(letter) == (
        "Drafted a follow-up letter to Dana Reyes, saved to /w/drafts/x.md.\n\nSubject: Hello\n\nHi Dana,\n\nBest\n\n"
        "Checks: grounded failed: names Acme.\nSources:\n[n1] people/dana-reyes.md")


def test_plan_summary_lists_readiness_and_steps():
    step = SimpleNamespace(date=dt.date(2026, 12, 1), tactic="build-bridges", kind="consultant-offer",
                           to="Sam Patel", action="Offer help.")
    research = SimpleNamespace(date=dt.date(2026, 12, 2), tactic="be-strategic", kind=None, to=None,
                               action="Read the opening.")
    company = SimpleNamespace(company="Northwind", steps=[step, research], readiness=SimpleNamespace(
        status="wait", earliest_reapply=dt.date(2026, 12, 4), reason="Too soon."))
    assert plan_summary(SimpleNamespace(companies=[company])) == (
        "Northwind: wait, earliest reapply 2026-12-04. Too soon.\n"
        "- 2026-12-01 · build-bridges · consultant-offer → Sam Patel: Offer help.\n"
        "- 2026-12-02 · be-strategic · research: Read the opening.")


def test_a_recorded_draft_is_in_the_next_turns_history(session):
    model = FakeModel("Sure.")
    chat = with_model(session, model)
    chat.record("/draft follow-up Dana Reyes", "Drafted a follow-up letter to Dana Reyes.", by="draft offline")
    chat.ask("make it shorter")
    assert [m.content for m in model.sent[0][1:]] == [
        "/draft follow-up Dana Reyes", "Drafted a follow-up letter to Dana Reyes.", "make it shorter"]
    assert lines(chat.transcript.path)[2]["model"] == "draft offline"
