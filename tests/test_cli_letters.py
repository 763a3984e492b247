"""draft, check and sent through the command line, as a user runs them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests import mock_openai
from tests.mock_openai import MockChat, error

mock_chat = mock_openai.mock_chat  # the fixture, used by name below
TODAY = dt.date.today().isoformat()


@pytest.fixture(autouse=True)
def _notes_read_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the letter chain: the notes are read offline even with a model configured (the
    model reader has its own tests), so the mocked model answers only the letter's requests."""
    from assistant.reading.rules import OfflineReader

    monkeypatch.setattr("assistant.reading.core.default_reader", lambda settings: OfflineReader())


def test_draft_offline_shows_letter_sources_checks_and_path(indexed, cli):
    result = cli("draft", "follow-up", "--to", "Dana Reyes")
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0].strip().startswith("Subject: ")
    assert "Hi Dana," in lines
    assert lines[lines.index("Sources") + 1].startswith("  [n") and "Sources" in lines
    sources = lines[lines.index("Sources") + 1 : lines.index("", lines.index("Sources"))]
    assert {s.split("] ", 1)[1] for s in sources} >= {"people/dana-reyes.md", "progress/kafka-certification.md",
                                                      "progress/streaming-project.md"}
    assert "│ grounding    │ pass   │ Every name, date and number comes from your notes.   │" in lines
    assert lines[-1] == f"Saved to drafts/{TODAY}-follow-up-dana-reyes.md (model: offline)."
    assert (indexed / f"drafts/{TODAY}-follow-up-dana-reyes.md").is_file()


def test_draft_json_shape(indexed, cli_json):
    letter = cli_json("draft", "consultant-offer", "--to", "Sam Patel", "--model", "offline")
    assert set(letter) == {"kind", "to", "subject", "body", "tactics", "citations", "checks", "model", "path",
                           "warnings"}
    assert (letter["kind"], letter["to"], letter["model"]) == ("consultant-offer", "Sam Patel", "offline")
    assert letter["tactics"] == ["build-bridges"]
    assert letter["citations"][0]["source"] == "people/sam-patel.md"
    assert set(letter["citations"][0]) == {"id", "source"}
    assert [c["name"] for c in letter["checks"]] == ["grounding", "recipient", "tone", "tactic", "length",
                                                     "placeholders", "injection"]
    assert all(c["passed"] for c in letter["checks"])
    assert letter["path"] == str(indexed / f"drafts/{TODAY}-consultant-offer-sam-patel.md")


def test_draft_out_option_and_second_draft_is_kept(indexed, cli_json):
    (indexed / "letters").mkdir()
    first = cli_json("draft", "follow-up", "--to", "Marcus Chen", "--out", "letters/marcus.md")
    second = cli_json("draft", "follow-up", "--to", "Marcus Chen", "--out", "letters/marcus.md")
    assert first["path"] == str(indexed / "letters/marcus.md")
    assert second["path"] == str(indexed / "letters/marcus-2.md")


def test_draft_indexes_first_when_there_is_no_index(workspace, cli_json):
    letter = cli_json("draft", "article-share", "--to", "Dana Reyes")
    assert '"Exactly-once processing in Kafka, explained with real failures"' in letter["body"]
    assert letter["warnings"] == ["An article-share to Dana Reyes would be stronger with more from your notes: add "
                                  "the article's link (`url:`) to articles/exactly-once-kafka.md."]


def test_draft_name_errors_exit_2(indexed, cli):
    result = cli("draft", "follow-up", "--to", "Dana")
    assert result.exit_code == 2
    assert result.stderr.strip() == ('error: 2 people match "Dana": Dana Reyes (Northwind Analytics), Dana Whitfield '
                                     "(Contoso Health); use the full name or add the company.")
    result = cli("draft", "follow-up", "--to", "Nobody Known")
    assert result.exit_code == 2
    assert result.stderr.startswith('error: No person named "Nobody Known" in your notes.')
    assert not (indexed / "drafts").exists()


def test_draft_unknown_kind_and_model_without_key_exit_2(indexed, cli):
    result = cli("draft", "love-letter", "--to", "Dana Reyes")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: Unknown letter kind 'love-letter'; use one of: follow-up, "
                                     "consultant-offer, referral-request, progress-update, article-share, "
                                     "recommendation-ask, reapplication.")
    result = cli("draft", "follow-up", "--to", "Dana Reyes", "--model", "gpt-4o-mini")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: Model 'gpt-4o-mini' needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local "
                                     "server (Ollama, vLLM, LM Studio); set one, or use --model offline.")


def test_model_failure_exits_3_with_one_line_and_writes_nothing(indexed, cli, mock_chat: MockChat):
    mock_chat.reply(*[error(503, "overloaded")] * 3)
    result = cli("draft", "follow-up", "--to", "Dana Reyes")
    assert result.exit_code == 3
    assert result.stderr == "error: The model failed with HTTP 503 (overloaded) after retries; try again later.\n"
    assert result.stdout == ""
    assert not (indexed / "drafts").exists()


def test_check_passes_then_fails_after_a_bad_edit(indexed, cli, cli_json):
    path = Path(cli_json("draft", "follow-up", "--to", "Dana Reyes")["path"])
    report = cli_json("check", str(path))
    assert report["passed"] is True and len(report["checks"]) == 7
    path.write_text(path.read_text().replace("Hi Dana,", "Hi Dana,\n\nIt was unfair. [Company] TODO"))
    result = cli("check", str(path), "--json")
    assert result.exit_code == 1
    failed = {c["name"]: c["message"] for c in json.loads(result.stdout)["checks"] if not c["passed"]}
    assert failed == {
        "grounding": "Not in your notes: TODO; remove them or add a note that says so.",
        "tone": 'Sounds bitter: "unfair". Let go of the rejection and write with quiet confidence; rephrase or '
                "remove it.",
        "placeholders": "Fill in or remove: TODO, [Company].",
    }
    text = cli("check", str(path))
    assert text.exit_code == 1
    assert text.stdout.rstrip().endswith("3 of 7 checks failed.")


def test_check_plain_letter_needs_kind_and_recipient(indexed, cli, cli_json):
    letter = indexed / "mine.txt"
    letter.write_text("Hi Sam,\n\nCongratulations on the new role!\n")
    result = cli("check", str(letter))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {letter} does not say its kind and recipient; pass --kind KIND and "
                                     "--to NAME.")
    report = cli_json("check", str(letter), "--kind", "consultant-offer", "--to", "Sam Patel", code=1)
    assert [c["name"] for c in report["checks"] if not c["passed"]] == ["tactic", "length"]


def test_sent_marks_the_draft(indexed, cli, cli_json):
    path = Path(cli_json("draft", "follow-up", "--to", "Dana Reyes")["path"])
    assert cli_json("sent", str(path), "--date", "2026-11-26") == {"path": str(path), "status": "sent",
                                                                   "sent": "2026-11-26", "already_sent": None}
    text = path.read_text()
    assert "\nstatus: sent\nsent: 2026-11-26\n" in text and text.count("status:") == 1
    result = cli("sent", str(path), "--date", "tomorrow")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --date 'tomorrow' is not a date; use YYYY-MM-DD, e.g. 2026-11-25."
    missing = cli("sent", "drafts/nope.md")
    assert missing.exit_code == 2 and "No letter file at" in missing.stderr


def test_draft_out_into_a_folder_the_knowledge_folder_or_nowhere(indexed, cli, cli_json):
    (indexed / "letters").mkdir()
    inside = cli_json("draft", "follow-up", "--to", "Marcus Chen", "--out", "letters")
    assert inside["path"] == str(indexed / f"letters/{TODAY}-follow-up-marcus-chen.md")
    result = cli("draft", "follow-up", "--to", "Marcus Chen", "--out", "knowledge/people/letter.md")
    assert result.exit_code == 2 and "is in your knowledge folder; second-chance never writes there" in result.stderr
    assert not (indexed / "knowledge/people/letter.md").exists()
    result = cli("draft", "follow-up", "--to", "Marcus Chen", "--out", "nowhere/letter.md")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: --out {indexed / 'nowhere/letter.md'}: the folder {indexed / 'nowhere'} "
                                     "does not exist; create it first or pick another.")


def test_sent_refuses_notes_and_files_that_are_not_drafts(indexed, cli):
    note = indexed / "knowledge/people/dana-reyes.md"
    before = note.read_text()
    result = cli("sent", str(note))
    assert result.exit_code == 2 and "is in your knowledge folder" in result.stderr
    plain = indexed / "plain.md"
    plain.write_text("Hi Sam,\n\nJust a letter.\n")
    result = cli("sent", str(plain))
    assert result.exit_code == 2 and "is not a draft (its front matter has no kind and to)" in result.stderr
    assert note.read_text() == before and plain.read_text() == "Hi Sam,\n\nJust a letter.\n"
    elsewhere = cli("sent", str(note), "--knowledge", str(indexed / "other"))
    assert elsewhere.exit_code == 2 and "is not a draft" in elsewhere.stderr


def test_a_mistyped_date_in_a_draft_is_one_line(indexed, cli, cli_json):
    path = Path(cli_json("draft", "follow-up", "--to", "Dana Reyes")["path"])
    path.write_text(path.read_text().replace(f"date: {TODAY}", "date: 2026-02-30"))
    for command in ("check", "sent"):
        result = cli(command, str(path))
        assert result.exit_code == 2
        assert result.stderr.startswith(f"error: {path}: front matter 'date' is not a real date")
        assert len(result.stderr.strip().splitlines()) == 1


def test_draft_from_the_init_skeleton_says_what_to_add(tmp_path, cli, monkeypatch):
    cli("init", str(tmp_path / "helio"))
    monkeypatch.setenv("SECOND_CHANCE_HOME", str(tmp_path / "helio"))
    assert 'No person named "Alex"' in cli("draft", "follow-up", "--to", "Alex").stderr  # an example is nobody
    manager = tmp_path / "helio" / "knowledge" / "people" / "example-manager.md"
    manager.write_text("\n".join(line for line in manager.read_text().splitlines() if "example: true" not in line))
    result = cli("draft", "follow-up", "--to", "Alex", "--model", "offline")
    assert result.exit_code == 2
    # Only the manager was made the user's own: the rejection is still an example, so nothing to follow up on.
    assert result.stderr.startswith("error: Your notes have no rejection from Example Company, so a follow-up")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "helio" / "drafts").exists()


def test_without_a_profile_letters_are_still_drafted_and_say_how_to_add_a_name(workspace, cli):
    (workspace / "knowledge/profile.md").unlink()
    signed = cli("draft", "follow-up", "--to", "Dana Reyes", "--json")  # Dana's saved email was to Priya Raman
    assert json.loads(signed.stdout)["body"].rstrip().endswith("Priya Raman")
    (workspace / "knowledge/interactions/2026-09-08-reply-from-dana.eml").unlink()
    result = cli("draft", "follow-up", "--to", "Dana Reyes", "--json")
    assert result.exit_code in (0, 1), result.stderr
    letter = json.loads(result.stdout)
    assert letter["warnings"][0] == ("No profile note, so the letter ends with a plain closing: add knowledge/me.md "
                                     "with a line `name: Your Name` to sign letters with your name.")
    assert "Priya" not in letter["body"] and (workspace / letter["path"]).is_file()
    shown = cli("draft", "follow-up", "--to", "Dana Reyes")
    assert "Note: No profile note, so the letter ends with a plain closing" in shown.stdout


def test_draft_says_in_one_line_which_note_to_add(indexed, cli):
    result = cli("draft", "article-share", "--to", "Dana Reyes", "--model", "offline")
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    notes = [line for line in lines if line.startswith("Note: ")]
    assert notes == ["Note: An article-share to Dana Reyes would be stronger with more from your notes: add the "
                     "article's link (`url:`) to articles/exactly-once-kafka.md."]


def test_an_offline_draft_passes_check_as_it_passed_draft(indexed, cli):
    article = indexed / "knowledge/articles/exactly-once-kafka.md"
    article.write_text(article.read_text().replace("date: 2026-11-12", "date: 2026-11-12\nurl: "
                                                   "https://example.com/exactly-once-kafka"))
    drafted = cli("draft", "article-share", "--to", "Dana Reyes", "--model", "offline", "--json")
    assert drafted.exit_code == 0, drafted.stdout
    letter = json.loads(drafted.stdout)
    assert "Here is the link: https://example.com/exactly-once-kafka" in letter["body"]
    checked = cli("check", letter["path"], "--json")
    assert checked.exit_code == 0, checked.stdout
    assert json.loads(checked.stdout)["passed"] is True
