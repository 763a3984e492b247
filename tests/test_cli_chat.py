"""`second-chance chat` driven through piped input, as a script or a test drives it: offline and streamed."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.chat import open_session
from assistant.cli.chat import ChatLoop
from assistant.config import load_settings
from tests.mock_stream import CHAT_URL, failing, in_turn, streamed, whole

BANNER = "second-chance chat · model {model} · /help for commands, /exit to leave"
SAM = "people/sam-patel.md"


def chunk_id(cli_json: Any, source: str, query: str) -> str:
    """The citation id of the first passage of `source` that `query` finds."""
    found = cli_json("search", query, "-k", "10")["results"]
    return next(r["id"] for r in found if r["source"] == source)


def transcript(home: Path, n: int = 0) -> list[dict[str, Any]]:
    """The lines of the n-th transcript (oldest first) under .second-chance/chats/."""
    files = sorted((home / ".second-chance" / "chats").glob("*.jsonl"))
    return [json.loads(line) for line in files[n].read_text().splitlines()]


def messages(home: Path, n: int = 0) -> list[dict[str, Any]]:
    """Only the messages of a transcript, without the header."""
    return [line for line in transcript(home, n) if line["type"] == "message"]


# --- offline -----------------------------------------------------------------------------------------------


def test_offline_answer_is_cited_note_passages(indexed, cli):
    result = cli("chat", "--model", "offline", input="who got the job?\n/exit\n")
    assert result.exit_code == 0, result.stderr
    sam = (Path(indexed) / "knowledge" / SAM).read_text().split("---\n", 2)[2].strip()
    lines = result.stdout.splitlines()
    assert lines[0] == "> who got the job?"
    assert lines[1] == "From your notes:"
    assert lines[2] == ""
    assert lines[3].startswith("[n") and lines[3].endswith("] people/sam-patel.md")
    assert "\n".join(lines[4 : 4 + len(sam.splitlines())]) == sam
    assert result.stdout.endswith("\n\n> /exit\n")
    assert result.stderr.splitlines()[0] == BANNER.format(model="offline")
    assert result.stderr.splitlines()[-1].startswith(f"Transcript: {indexed}/.second-chance/chats/")


def test_offline_says_plainly_when_notes_do_not_say(indexed, cli):
    result = cli("chat", "--model", "offline", input="what is the capital of France?\n")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "Your notes do not say that directly. The closest passages are:"
    assert result.stdout.count("] ") == 2  # the two closest passages, each under its citation


def test_chat_indexes_notes_first(workspace, cli):
    result = cli("chat", "--model", "offline", input="/exit\n")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:2] == [
        "Indexed your notes: 15 added, 0 updated, 0 removed.", BANNER.format(model="offline")]
    assert result.stdout == "> /exit\n"
    assert not (workspace / ".second-chance" / "chats").exists() or not list(
        (workspace / ".second-chance" / "chats").iterdir())  # leaving at once leaves no empty transcript


def test_offline_transcript_records_each_message(indexed, cli):
    cli("chat", "--model", "offline", input="who got the job?\nwhat did Dana say about Kafka?\n")
    lines = transcript(indexed)
    assert lines[0]["type"] == "session" and lines[0]["model"] == "offline"
    assert [(m["role"], m["status"]) for m in lines[1:]] == [
        ("user", "complete"), ("assistant", "complete"), ("user", "complete"), ("assistant", "complete")]
    assert lines[1]["content"] == "who got the job?"
    assert lines[2]["content"].startswith("From your notes:")
    assert lines[2]["evidence"][0]["source"] == SAM


def test_multi_line_input_with_trailing_backslash(indexed, cli):
    result = cli("chat", "--model", "offline", input="who got\\\nthe job?\n")
    assert result.stdout.startswith("> who got\n> the job?\nFrom your notes:")
    assert messages(indexed)[0]["content"] == "who got\nthe job?"


def test_no_key_for_a_real_model_exits_2_before_chatting(indexed, cli):
    result = cli("chat", "--model", "gpt-4o-mini", input="hello\n")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: Model 'gpt-4o-mini' needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local server (Ollama, vLLM, "
        "LM Studio); set one, or use --model offline.")


def test_missing_knowledge_folder_exits_2(home, cli):
    result = cli("chat", "--model", "offline", input="hello\n")
    assert result.exit_code == 2
    assert "No knowledge folder at" in result.stderr


# --- slash commands ------------------------------------------------------------------------------------------


def test_people_command(indexed, cli):
    result = cli("chat", "--model", "offline", input="/people\n")
    assert result.stdout.splitlines() == [
        "> /people",
        "Dana Reyes — Director of Data Platform, Northwind Analytics · led my final interview; we got on well · "
        "last contact 2026-09-08",
        "Dana Whitfield — Talent Partner, Contoso Health · recruiter who contacted me about a contract role · "
        "last contact 2026-10-02",
        "Lena Fischer — Senior Analytics Engineer, Northwind Analytics · former colleague at Brightline Retail; "
        "could recommend me internally · last contact 2026-10-20",
        "Marcus Chen — Engineering Manager, Analytics Infrastructure, Northwind Analytics · second-round "
        "interviewer; asked great questions about monitoring · last contact 2026-08-21",
        "Sam Patel — Senior Data Engineer, Data Platform, Northwind Analytics · got the Senior Data Engineer job "
        "I applied for",
    ]


def test_sources_before_and_after_an_answer(indexed, cli, cli_json):
    result = cli("chat", "--model", "offline", input="/sources\nwho got the job?\n/sources\n")
    out = result.stdout
    assert "> /sources\nNo sources yet: ask a question first.\n> who got the job?\n" in out
    after = out.split("> /sources\n")[2]
    sam = chunk_id(cli_json, SAM, "who got the job?")
    assert after.startswith(f"[{sam}] {SAM}  (score 0.")
    assert "    Sam was hired into the role I interviewed for" in after


def test_help_and_unknown_command(indexed, cli):
    result = cli("chat", "--model", "offline", input="/help\n/frobnicate\n")
    assert "  /draft KIND NAME [about]  write and save a letter; KIND is one of: follow-up, consultant-offer," in (
        result.stdout)
    assert "Several lines: end a line with \\ to go on, or press Esc then Enter for a new line." in result.stdout
    assert ("Ctrl-C stops an answer (what was shown is kept) or clears what you typed; at an empty prompt Ctrl-C or "
            "Ctrl-D leaves.") in result.stdout
    assert "Unknown command /frobnicate; /help lists the commands." in result.stderr.splitlines()


def test_exit_stops_reading(indexed, cli):
    result = cli("chat", "--model", "offline", input="/exit\nwho got the job?\n")
    assert result.stdout == "> /exit\n"


def test_save_writes_markdown(indexed, cli):
    result = cli("chat", "--model", "offline", input="who got the job?\n/save notes/talk.md\n/save\n")
    target = indexed / "notes" / "talk.md"
    assert f"Saved the conversation to {target}." in result.stdout
    text = target.read_text()
    assert text.startswith("# Conversation with second-chance (offline)\n\n## You\n\nwho got the job?\n\n"
                           "## second-chance (offline)\n\nFrom your notes:\n\n[n")
    stem = sorted((indexed / ".second-chance" / "chats").glob("*.jsonl"))[0].stem
    default = indexed / f"chat-{stem}.md"
    assert f"Saved the conversation to {default}." in result.stdout
    assert default.read_text() == text


def test_new_starts_a_second_transcript(indexed, cli):
    result = cli("chat", "--model", "offline", input="who got the job?\n/new\n/sources\nwho is Lena?\n")
    assert "> /new\nStarted a new conversation.\n> /sources\nNo sources yet: ask a question first.\n" in result.stdout
    files = sorted((indexed / ".second-chance" / "chats").glob("*.jsonl"))
    assert len(files) == 2
    contents = [[m["content"] for m in messages(indexed, n) if m["role"] == "user"] for n in (0, 1)]
    assert sorted(contents) == [["who got the job?"], ["who is Lena?"]]


def test_draft_writes_and_saves_a_letter(indexed, cli):
    result = cli("chat", "--model", "offline", input="/draft consultant-offer Sam Patel the inventory feed\n")
    assert result.exit_code == 0, result.stderr
    saved = next((indexed / "drafts").glob("*-consultant-offer-sam-patel.md"))
    out = result.stdout.splitlines()
    assert out[:4] == ["> /draft consultant-offer Sam Patel the inventory feed",
                       f"Drafted a consultant-offer letter to Sam Patel, saved to {saved}.", "",
                       "Subject: " + saved.read_text().split("subject: ", 1)[1].split("\n", 1)[0].strip("'\"")]
    assert "Checks: " in result.stdout and "Sources:\n[n" in result.stdout
    question, answer = messages(indexed)
    assert question["content"] == "/draft consultant-offer Sam Patel the inventory feed"
    assert answer["model"] == "draft offline" and answer["content"] == "\n".join(out[1:])


def test_draft_errors_are_one_line_and_the_chat_goes_on(indexed, cli):
    result = cli("chat", "--model", "offline", input="/draft follow-up Dana\n/draft memo Sam Patel\n/draft\n/people\n")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1:4] == [
        'error: 2 people match "Dana": Dana Reyes (Northwind Analytics), Dana Whitfield (Contoso Health); use the '
        "full name or add the company.",
        "error: Unknown letter kind 'memo'; use one of: follow-up, consultant-offer, referral-request, "
        "progress-update, article-share, recommendation-ask, reapplication.",
        "Usage: /draft KIND NAME [about], e.g. /draft follow-up Dana Reyes their launch",
    ]
    assert "> /people\nDana Reyes" in result.stdout
    assert not (indexed / "drafts").exists()


def test_plan_lists_readiness_and_dated_steps(indexed, cli):
    result = cli("chat", "--model", "offline", input="/plan\n/plan Contoso\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout.split("> /plan Contoso")[0].splitlines()
    assert out[1].startswith("Northwind Analytics: ")
    steps = [line for line in out if line.startswith("- ")]
    assert any(" · build-bridges · consultant-offer → Sam Patel: " in line for line in steps)
    assert out[-1] == "`second-chance plan` shows it as a timeline; /draft KIND NAME writes a step's letter."
    assert result.stderr.splitlines()[1].startswith(
        "error: Contoso Health is in your notes but has no rejection note, so there is no campaign to plan;")
    assert messages(indexed)[1]["content"] == "\n".join(out[1:-1])


# --- resume --------------------------------------------------------------------------------------------------


def test_resume_continues_the_last_conversation(indexed, cli):
    cli("chat", "--model", "offline", input="who got the job?\n")
    result = cli("chat", "--model", "offline", "--resume", input="/sources\nwhat did Dana say about Kafka?\n")
    assert result.stderr.splitlines()[0] == (
        "second-chance chat · model offline · resumed, 1 earlier turn · /help for commands, /exit to leave")
    assert "> /sources\n[n" in result.stdout  # the evidence of the resumed answer is still there
    assert [m["content"] for m in messages(indexed) if m["role"] == "user"] == [
        "who got the job?", "what did Dana say about Kafka?"]
    assert len(list((indexed / ".second-chance" / "chats").glob("*.jsonl"))) == 1


def test_resume_without_earlier_conversation_starts_new(indexed, cli):
    result = cli("chat", "--model", "offline", "--resume", input="who got the job?\n")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "No earlier conversation to resume; starting a new one."


def test_resume_skips_a_line_cut_short(indexed, cli):
    cli("chat", "--model", "offline", input="who got the job?\n")
    path = sorted((indexed / ".second-chance" / "chats").glob("*.jsonl"))[0]
    path.write_text(path.read_text() + '{"type":"message","role":"user","cont')
    result = cli("chat", "--model", "offline", "--resume", input="/exit\n")
    assert f"Skipped 1 unreadable line(s) in {path.name}." in result.stderr.splitlines()


def test_on_a_terminal_lines_break_between_words_and_a_long_url_stays_whole(indexed):
    url = "https://northwind.example/blog/2026/11/launching-the-streaming-platform-for-real-time-analytics"
    (indexed / "knowledge" / "articles" / "launch.md").write_text(
        f"---\ntype: article\ncompany: Northwind Analytics\n---\nNorthwind wrote about the launch of their "
        f"streaming platform at {url} and said the same role would grow next year.\n")
    from rich.console import Console

    screen = io.StringIO()  # a terminal 40 columns wide, with the settings of the chat's console
    out = Console(file=screen, width=40, force_terminal=True, color_system=None, highlight=False, soft_wrap=True)
    config = load_settings()
    loop = ChatLoop(open_session(config, model="offline"), config, out=out)
    loop.handle("what did Northwind write about the launch?")
    loop.handle("/sources")
    shown = screen.getvalue().splitlines()
    assert [line for line in shown if len(line) > 40 and len(line.split()[-1]) <= 36] == [], \
        "only a word wider than the screen (less the indent), put last, makes a line wider than the screen"
    assert sum(url in line for line in shown) == 2, "the URL stays whole in the answer and in /sources"
    assert "the same role would grow next year" in " ".join(screen.getvalue().split())
    assert f"    their streaming platform at {url}" in shown, "a passage's lines keep their indent in /sources"


# --- streamed answers from a model (respx) -----------------------------------------------------------------


def test_streamed_answer_with_sources(indexed, cli, cli_json, online, respx_mock):
    sam = chunk_id(cli_json, SAM, "who got the job?")
    sent: list[dict[str, Any]] = []
    respx_mock.post(CHAT_URL).mock(side_effect=streamed(["Sam Patel ", "got the job ", f"[{sam}]."], requests=sent))
    result = cli("chat", "--model", online, input="who got the job?\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"> who got the job?\nSam Patel got the job [{sam}].\nSources: [{sam}] {SAM}\n\n"
    assert result.stderr.splitlines()[0] == BANNER.format(model=online)
    system, question = sent[0]["messages"]
    assert system["role"] == "system" and question == {"role": "user", "content": "who got the job?"}
    assert f'<note id="{sam}" source="{SAM}">\nSam was hired into the role' in system["content"]
    assert "helping Priya Raman win" in system["content"]  # the profile's name: whom the assistant helps
    assert sent[0]["model"] == online and sent[0]["stream"] is True
    answer = messages(indexed)[1]
    assert (answer["content"], answer["status"], answer["model"]) == (f"Sam Patel got the job [{sam}].",
                                                                       "complete", online)


def test_second_turn_sends_history(indexed, cli, online, respx_mock):
    sent: list[dict[str, Any]] = []
    respx_mock.post(CHAT_URL).mock(side_effect=in_turn(streamed(["Sam Patel."], requests=sent),
                                                       streamed(["Kafka."], requests=sent)))
    result = cli("chat", "--model", online, input="who got the job?\nwhat did they run in production?\n")
    assert result.exit_code == 0, result.stderr
    roles = [(m["role"], m["content"]) for m in sent[1]["messages"][1:]]
    assert roles == [("user", "who got the job?"), ("assistant", "Sam Patel."),
                     ("user", "what did they run in production?")]
    assert "Sources: none cited; /sources shows the passages it was given." in result.stdout


def test_model_error_mid_stream_prints_one_line_and_goes_on(indexed, cli, online, respx_mock):
    respx_mock.post(CHAT_URL).mock(side_effect=in_turn(
        streamed(["Sam ", "Patel"], error="The server had an error while processing your request."),
        streamed(["Still here."]),
    ))
    result = cli("chat", "--model", online, input="who got the job?\nare you there?\n")
    assert result.exit_code == 3  # piped chat: an answer failed, so scripts notice
    assert result.stdout.startswith("> who got the job?\nSam Patel\n\n> are you there?\nStill here.\n")
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        "error: The model stopped mid-answer (The server had an error while processing your request.); ask again."]
    first = messages(indexed)[1]
    assert (first["content"], first["status"]) == ("Sam Patel", "error")
    assert first["error"].startswith("The model stopped mid-answer")
    assert messages(indexed)[3]["content"] == "Still here."


def errors(stderr: str) -> list[str]:
    """The error lines the chat printed."""
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_a_web_page_instead_of_a_stream_is_one_line_and_the_chat_goes_on(indexed, cli, online, respx_mock):
    page = httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"},
                          text="<!doctype html>\n<html><body><form>Sign in to the proxy</form></body></html>\n")
    respx_mock.post(CHAT_URL).mock(side_effect=in_turn(page, streamed(["Still here."])))
    result = cli("chat", "--model", online, input="who got the job?\nare you there?\n")
    assert result.exit_code == 3  # piped chat: an answer failed, so scripts notice
    assert errors(result.stderr) == [
        "error: The endpoint sent no streamed answer (it sent text/html); check OPENAI_BASE_URL."]
    assert result.stdout.startswith("> who got the job?\n\n> are you there?\nStill here.\n")
    first = messages(indexed)[1]
    assert (first["content"], first["status"]) == ("", "error")


def test_a_whole_json_answer_from_a_server_that_ignores_stream_is_shown(indexed, cli, cli_json, online,
                                                                          respx_mock):
    sam = chunk_id(cli_json, SAM, "who got the job?")
    respx_mock.post(CHAT_URL).mock(side_effect=in_turn(whole(f"Sam Patel got the job [{sam}]."),
                                                       whole("Kafka.")))
    result = cli("chat", "--model", online, input="who got the job?\nwhat do they run?\n")
    assert result.exit_code == 0, result.stderr
    assert errors(result.stderr) == []
    assert result.stdout.startswith(f"> who got the job?\nSam Patel got the job [{sam}].\nSources: [{sam}] {SAM}\n\n"
                                    "> what do they run?\nKafka.\n")
    answer = messages(indexed)[1]
    assert (answer["content"], answer["status"]) == (f"Sam Patel got the job [{sam}].", "complete")


def test_json_that_is_no_answer_is_one_line(indexed, cli, online, respx_mock):
    respx_mock.post(CHAT_URL).mock(return_value=httpx.Response(200, json={"detail": "Not a chat endpoint"}))
    result = cli("chat", "--model", online, input="who got the job?\n/people\n")
    assert errors(result.stderr) == [
        "error: The endpoint sent no streamed answer (it sent application/json); check OPENAI_BASE_URL."]
    assert "> /people\nDana Reyes" in result.stdout


@pytest.mark.parametrize("cut", ["drop_after", "end_after"])
def test_connection_dropped_mid_answer_keeps_the_text_and_says_ask_again(indexed, cli, online, respx_mock, cut):
    respx_mock.post(CHAT_URL).mock(side_effect=in_turn(
        streamed(["Sam ", "Patel ", "got ", "the job."], **{cut: 3}), streamed(["Still here."])))
    result = cli("chat", "--model", online, input="who got the job?\nare you there?\n")
    assert result.exit_code == 3  # piped chat: an answer failed, so scripts notice
    assert result.stdout.startswith("> who got the job?\nSam Patel got \n\n> are you there?\nStill here.\n")
    assert errors(result.stderr) == ["error: The connection to the model dropped mid-answer; what was shown is "
                                     "kept. Ask again for the rest."]
    first = messages(indexed)[1]
    assert (first["content"], first["status"]) == ("Sam Patel got ", "error")


def test_model_http_error_after_retries_goes_on(indexed, cli, online, respx_mock):
    route = respx_mock.post(CHAT_URL).mock(side_effect=in_turn(
        *(failing(500, "The server had an error.") for _ in range(3)), streamed(["Back."])))
    result = cli("chat", "--model", online, input="who got the job?\nand now?\n")
    assert route.call_count == 4  # one request and two retries, then the next question
    expected = "error: The model failed with HTTP 500 (The server had an error.) after retries; try again later."
    assert expected in result.stderr.splitlines()
    assert "> and now?\nBack.\n" in result.stdout


def test_bad_key_is_one_line_and_the_chat_goes_on(indexed, cli, online, respx_mock):
    respx_mock.post(CHAT_URL).mock(return_value=failing(401, "Incorrect API key provided.",
                                                        type="invalid_request_error"))
    result = cli("chat", "--model", online, input="hello\n/people\n")
    assert "error: The model API refused the key; check OPENAI_API_KEY." in result.stderr.splitlines()
    assert "> /people\nDana Reyes" in result.stdout


def test_ctrl_c_mid_answer_keeps_what_was_shown(indexed, cli, online, respx_mock):
    respx_mock.post(CHAT_URL).mock(side_effect=in_turn(
        streamed(["Sam ", "Patel ", "got ", "the job."], interrupt_after=2), streamed(["Next."])))
    result = cli("chat", "--model", online, input="who got the job?\nnext question\n")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "> who got the job?\nSam Patel \n[interrupted; what was shown is kept]\n\n> next question\nNext.\n")
    question, answer, second, next_answer = messages(indexed)
    assert (question["content"], question["status"]) == ("who got the job?", "complete")
    assert (answer["content"], answer["status"]) == ("Sam Patel ", "interrupted")
    assert answer["evidence"], "the passages behind the partial answer are kept for /sources"
    assert (second["content"], next_answer["content"]) == ("next question", "Next.")


def test_interrupted_answer_is_in_the_next_request(indexed, cli, online, respx_mock):
    sent: list[dict[str, Any]] = []
    respx_mock.post(CHAT_URL).mock(side_effect=in_turn(
        streamed(["Sam ", "Patel ", "got"], interrupt_after=1), streamed(["Yes."], requests=sent)))
    cli("chat", "--model", online, input="who got the job?\ngo on\n")
    assert [m["content"] for m in sent[0]["messages"][1:]] == ["who got the job?", "Sam ", "go on"]


def test_resume_sends_earlier_turns_to_the_model(indexed, cli, online, respx_mock):
    sent: list[dict[str, Any]] = []
    respx_mock.post(CHAT_URL).mock(side_effect=in_turn(streamed(["Sam Patel."]),
                                                       streamed(["Kafka."], requests=sent)))
    cli("chat", "--model", online, input="who got the job?\n")
    result = cli("chat", "--model", online, "--resume", input="what do they know?\n")
    assert result.exit_code == 0, result.stderr
    assert [m["content"] for m in sent[0]["messages"][1:]] == ["who got the job?", "Sam Patel.",
                                                                "what do they know?"]


def test_plan_warns_about_a_rejection_it_cannot_place(workspace, cli):
    rejection = workspace / "knowledge" / "rejection.md"
    rejection.write_text("---\ntype: rejection\ndate: 2026-09-04\n---\nThey chose someone else.\n")
    (workspace / "knowledge" / "company" / "other.md").write_text("---\ntype: company\ncompany: Contoso Health\n---\nX")
    result = cli("chat", "--model", "offline", input="/plan\n/exit\n")
    assert result.exit_code == 0, result.stderr
    warning = next(line for line in result.stdout.splitlines() if line.startswith("Warning: "))
    assert "rejection.md" in warning and "company:" in warning
    assert "No rejection notes" not in result.stdout
