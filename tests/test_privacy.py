"""Nothing in knowledge/ is written, private files stay private, hostile files are skipped, tracing stays off."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.notes import load_notes


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("target", ["knowledge/people/dana-reyes.md", "../../x/chat.md", "/tmp/elsewhere.md"])
def test_chat_save_refuses_the_knowledge_folder_and_paths_outside_the_workspace(indexed, cli, target):
    note = indexed / "knowledge/people/dana-reyes.md"
    before = note.read_bytes()
    result = cli("chat", "--model", "offline", input=f"who got the job?\n/save {target}\n")
    assert note.read_bytes() == before
    assert not (indexed.parent.parent / "x").exists() and not Path("/tmp/elsewhere.md").exists()
    refusal = [line for line in result.stderr.splitlines() if line.startswith("error: /save")]
    assert len(refusal) == 1, result.stderr
    assert ("knowledge folder; second-chance never writes there" in refusal[0]
            or "is outside the workspace" in refusal[0])


def test_chat_save_in_the_workspace_is_private(indexed, cli):
    result = cli("chat", "--model", "offline", input="who got the job?\n/save notes-out/chat.md\n")
    saved = indexed / "notes-out/chat.md"
    assert f"Saved the conversation to {saved}." in result.stdout
    assert mode(saved) == 0o600 and mode(saved.parent) == 0o700


def test_files_the_tool_writes_are_the_users_alone(indexed, cli):
    assert cli("draft", "follow-up", "--to", "Dana Reyes").exit_code in (0, 1)
    cli("chat", "--model", "offline", input="who got the job?\n")
    (draft,) = (indexed / "drafts").glob("*.md")
    (transcript,) = (indexed / ".second-chance/chats").glob("*.jsonl")
    assert mode(draft) == 0o600 and mode(transcript) == 0o600
    for folder in (indexed / "drafts", indexed / ".second-chance", indexed / ".second-chance/chats",
                   indexed / ".second-chance/chroma", indexed / ".second-chance/lexical"):
        assert mode(folder) == 0o700, folder
    table = list((indexed / ".second-chance/lexical").iterdir())
    assert len(table) > 5 and {mode(file) for file in table} == {0o600}, table
    assert cli("sent", str(draft)).exit_code == 0 and mode(draft) == 0o600


def test_plan_ics_into_knowledge_is_refused(workspace, cli):
    result = cli("plan", "--ics", "knowledge/campaign.ics", "--today", "2026-11-25")
    assert result.exit_code == 2 and "knowledge folder; second-chance never writes there" in result.stderr
    assert not (workspace / "knowledge/campaign.ics").exists()


def test_links_out_of_the_knowledge_folder_are_skipped_with_a_reason(workspace, cli_json, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("root:x:0:0 the secret outside")
    (workspace / "knowledge/company/sysinfo.md").symlink_to(secret)
    (workspace / "knowledge/people/alias.md").symlink_to(workspace / "knowledge/people/dana-reyes.md")
    report = cli_json("index")
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}
    assert skipped["company/sysinfo.md"].startswith("a link to a file outside the knowledge folder")
    assert "people/alias.md" not in skipped  # a link that stays inside is a note like any other
    found = cli_json("search", "root secret outside")
    assert all("secret outside" not in r["text"] for r in found["results"])


def test_utf16_notes_are_read_and_odd_front_matter_is_a_warning(tmp_path):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "windows.txt").write_bytes("Dana Reyes cares about Kafka — é".encode("utf-16"))
    (folder / "list.md").write_text("---\n- person\n- Dana\n---\nA list up top.\n")
    (folder / "text.md").write_text("---\njust words\n---\nA string up top.\n")
    loaded = load_notes(folder)
    notes = {n.source: n for n in loaded.notes}
    assert notes["windows.txt"].text == "Dana Reyes cares about Kafka — é" and not notes["windows.txt"].warnings
    assert notes["list.md"].warnings == ["front matter is a list, not `key: value` lines; indexed the text without it"]
    assert notes["text.md"].warnings == [
        "front matter is a line of text, not `key: value` lines; indexed the text without it"]
    assert notes["list.md"].text == "A list up top." and not loaded.skipped


@pytest.mark.parametrize("variable", ["LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING"])
def test_tracing_in_the_environment_stays_off(home, monkeypatch, variable):
    from langchain_core.tracers.context import _tracing_v2_is_enabled

    monkeypatch.setenv(variable, "true")
    load_settings()
    assert os.environ[variable] == "false" and not _tracing_v2_is_enabled()


def test_tracing_only_when_the_user_opts_in(home, monkeypatch):
    monkeypatch.setenv("LANGSMITH_TRACING", "true")
    (home / "second-chance.toml").write_text("tracing = true\n")
    assert load_settings().tracing and os.environ["LANGSMITH_TRACING"] == "true"
