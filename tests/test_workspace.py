"""The workspace is found like git finds its repository; `init` never redoes what exists or was deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = 8  # every skeleton note but profile.md, which the user fills in


@pytest.fixture
def no_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """No SECOND_CHANCE_HOME: the workspace must be found from the current folder."""
    monkeypatch.delenv("SECOND_CHANCE_HOME")


def test_commands_work_from_a_subfolder_of_the_workspace(workspace, no_home, cli_json, monkeypatch):
    inside = workspace / "drafts" / "old"
    inside.mkdir(parents=True)
    monkeypatch.chdir(inside)
    names = [p["name"] for p in cli_json("people")["people"]]
    assert "Sam Patel" in names
    assert not (inside / ".second-chance").exists() and not (workspace / "drafts" / ".second-chance").exists()


def test_toml_or_state_folder_marks_a_workspace(tmp_path, no_home, monkeypatch):
    from assistant.config import load_settings

    root = tmp_path / "campaign"
    (root / "notes" / "deep").mkdir(parents=True)
    (root / "second-chance.toml").write_text('knowledge = "notes"\n')
    monkeypatch.chdir(root / "notes" / "deep")
    settings = load_settings()
    assert (settings.home, settings.knowledge_dir, settings.workspace_found) == (
        root.resolve(), (root / "notes").resolve(), True)


def test_no_workspace_anywhere_creates_nothing_and_says_how_to_start(tmp_path, no_home, cli, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for command in (["search", "what does Dana care about"], ["index"], ["people"], ["plan"]):
        result = cli(*command)
        assert result.exit_code == 2, command
        assert result.stderr.startswith(f"error: No second-chance workspace in {elsewhere.resolve()} or any folder")
        assert "`second-chance init DIR`" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_second_chance_home_wins_over_the_current_folder(tmp_path, workspace, cli_json, monkeypatch):
    other = tmp_path / "other"
    (other / "knowledge").mkdir(parents=True)
    monkeypatch.chdir(other)
    assert "Sam Patel" in [p["name"] for p in cli_json("people")["people"]]


def test_init_never_brings_back_a_deleted_example(tmp_path, cli):
    target = tmp_path / "helio"
    first = json.loads(cli("init", str(target), "--json").stdout)
    assert len(first["created"]) == EXAMPLES + 1 and first["skipped"] == []
    assert (target / ".second-chance" / "init.json").is_file()
    (target / "knowledge/people/example-hire.md").unlink()
    again = cli("init", str(target))
    assert again.exit_code == 0
    assert not (target / "knowledge/people/example-hire.md").exists()
    assert "knowledge/people/example-hire.md (deleted since an earlier init; not brought back)" in again.stdout
    assert "knowledge/profile.md (already there)" in again.stdout
    assert "0 files created" in again.stdout


def test_init_adds_no_examples_to_a_knowledge_folder_it_did_not_create(workspace, cli_json):
    report = cli_json("init", str(workspace))
    assert report["created"] == []
    reasons = {s["path"]: s["reason"] for s in report["skipped"]}
    assert reasons["knowledge/people/example-hire.md"] == "your knowledge folder already holds notes"
    assert reasons["knowledge/profile.md"] == "already there"
    assert not (workspace / "knowledge" / "people" / "example-hire.md").exists()


def test_example_notes_stay_out_of_people_plans_and_letters(tmp_path, cli, cli_json, monkeypatch):
    target = tmp_path / "helio"
    cli("init", str(target))
    monkeypatch.setenv("SECOND_CHANCE_HOME", str(target))
    indexed = cli("index")
    assert f"{EXAMPLES} example notes from `init` are still in knowledge/" in indexed.stdout
    assert cli_json("index")["examples"][0] == "articles/example-article.md"
    assert cli_json("people")["people"] == []
    assert cli("people").stdout.rstrip().endswith("(The example notes from `init` do not count.)")
    assert cli("plan").stdout.rstrip().endswith("(The example notes from `init` do not count.)")
    assert cli_json("plan", "--today", "2026-06-01")["companies"] == []
    letter = cli("draft", "follow-up", "--to", "Alex Example")
    assert letter.exit_code == 2
    assert 'No person named "Alex Example"' in letter.stderr


def test_example_flag_is_read_from_front_matter():
    from assistant.notes import parse_note

    note = parse_note("people/x.md", b"---\nexample: true\ntype: person\nname: Jo\n---\nText\n")
    assert note.meta.example is True
    assert parse_note("people/y.md", b"Plain text").meta.example is False


def test_bundled_examples_are_marked():
    from assistant.workspace import SKELETON

    marked = [p for p in SKELETON.rglob("*.md") if "\nexample: true" in p.read_text()]
    assert len(marked) == EXAMPLES and not any(p.name == "profile.md" for p in marked)


def test_is_workspace_markers(tmp_path: Path):
    from assistant.workspace import find_workspace

    (tmp_path / "a" / ".second-chance").mkdir(parents=True)
    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    assert find_workspace(tmp_path / "a" / "b" / "c") == (tmp_path / "a").resolve()


def test_examples_left_beside_real_notes_never_reach_a_letter_or_a_plan(workspace, cli, cli_json):
    import shutil

    from assistant.workspace import SKELETON

    for example in (SKELETON / "knowledge").rglob("example-*.md"):
        target = workspace / "knowledge" / example.relative_to(SKELETON / "knowledge")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(example, target)
    # An example that reads like the real thing: without the example flag it would be cited and planned.
    (workspace / "knowledge" / "progress" / "example-kafka.md").write_text(
        "---\nexample: true\ntype: progress\ndate: 2026-11-01\n---\nI shipped Kafka streaming pipelines to "
        "production, hands-on streaming knowledge that closes the gap Dana Reyes named.\n")
    assert len(cli_json("index")["examples"]) == EXAMPLES  # the sample keeps its own rejection.md
    for kind, to in (("progress-update", "Dana Reyes"), ("consultant-offer", "Sam Patel")):
        result = cli("draft", kind, "--to", to, "--json")
        assert result.exit_code in (0, 1), result.stderr
        document = json.loads(result.stdout)
        assert not [c for c in document["citations"] if "example" in c["source"]], kind
    plan = cli_json("plan", "--today", "2026-11-25")
    sources = {s for company in plan["companies"] for step in company["steps"] for s in step["sources"]}
    assert not [s for s in sources if "example" in s]
    assert [c["company"] for c in plan["companies"]] == ["Northwind Analytics"]
    assert "progress/example-kafka.md" not in [p["source"] for p in plan["companies"][0]["progress"]]
