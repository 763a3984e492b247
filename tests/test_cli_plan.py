"""`second-chance plan` and `people` as a user runs them: text, JSON, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TODAY = "2026-11-25"


# --- text output -------------------------------------------------------------------------------------------------


def test_plan_text_shows_verdict_timeline_and_steps(workspace, cli):
    result = cli("plan", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Northwind Analytics  WAIT · earliest reapply 2026-12-04\n")
    assert "Turned down on 2026-09-04 (rejection.md); give it about 3 months, until 2026-12-04" in out
    assert "Progress that answers the reason they gave: progress/kafka-certification.md (Kafka" in out
    timeline = {line.split("  ")[0]: line for line in out.splitlines()
                if line.startswith(("Dana Reyes ", "Marcus Chen ", "Sam Patel ", "Lena Fischer ", "(research)"))}
    assert set(timeline) == {"Dana Reyes", "Marcus Chen", "Sam Patel", "Lena Fischer", "(research)"}
    assert timeline["Dana Reyes"].split()[2:5] == ["P", "·", "★"]  # this week, next week, the week of Dec 7
    assert timeline["(research)"].split()[1:3] == ["?", "·"]  # three research items this week: one mark
    assert "reapply from" in out and "★ reapplication" in out
    assert '$ second-chance draft follow-up --to "Marcus Chen"' in out
    assert "overdue since 2026-10-12" in " ".join(out.split())  # the congratulation is late
    assert "Dana Whitfield" not in out


def test_plan_wide_terminal_gives_each_part_a_column(workspace, cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    from assistant.cli.common import console

    console.cache_clear()
    try:
        out = cli("plan", "--today", TODAY).stdout
    finally:
        console.cache_clear()
    header = next(line for line in out.splitlines() if "Draft command" in line)
    assert header.split() == ["Date", "Tactic", "Kind", "To", "Action", "Draft", "command"]


def test_plan_do_not_reapply_shows_reason_and_no_steps(workspace, cli, cli_json):
    (workspace / "knowledge/interactions/2026-09-05-call.md").write_text(
        "---\ntype: interaction\nwith: Dana Reyes\ndirection: sent\ndate: 2026-09-05\n---\n"
        "I called Dana back and I lost my temper about the decision.\n")
    document = cli_json("plan", "--today", TODAY)
    (company,) = document["companies"]
    assert company["readiness"]["status"] == "do-not-reapply"
    assert company["readiness"]["earliest_reapply"] is None
    assert company["steps"] == []
    assert company["readiness"]["evidence"] == [{
        "source": "interactions/2026-09-05-call.md", "label": "hostile exchange",
        "words": "I called Dana back and I lost my temper about the decision."}]
    out = cli("plan", "--today", TODAY).stdout
    assert "DO-NOT-REAPPLY" in out and "Put this energy into other companies" in out and "★" not in out


# --- JSON ------------------------------------------------------------------------------------------------------


def test_plan_json_shape(workspace, cli_json):
    document = cli_json("plan", "--today", TODAY)
    (company,) = document["companies"]
    assert company["company"] == "Northwind Analytics"
    assert set(company["readiness"]) >= {"status", "reason", "earliest_reapply"}
    assert company["readiness"]["status"] in {"wait", "ready", "do-not-reapply"}
    assert company["readiness"]["earliest_reapply"] == "2026-12-04"
    for step in company["steps"]:
        assert set(step) >= {"date", "tactic", "kind", "to", "action", "command"}
        assert "key" not in step
    kinds = [s["kind"] for s in company["steps"] if s["kind"]]
    assert set(kinds) <= {"follow-up", "consultant-offer", "referral-request", "progress-update",
                          "article-share", "recommendation-ask", "reapplication"}
    referral = next(s for s in company["steps"] if s["kind"] == "referral-request")
    assert referral == {**referral, "date": "2026-11-25", "tactic": "be-strategic", "to": "Lena Fischer",
                        "command": 'second-chance draft referral-request --to "Lena Fischer" '
                                   '--about "Data Engineer, Streaming"'}


def test_plan_company_option_matches_part_of_the_name(workspace, cli_json):
    assert [c["company"] for c in cli_json("plan", "--company", "northwind", "--today", TODAY)["companies"]] == [
        "Northwind Analytics"]


def test_plan_knowledge_option_and_no_model_by_default(home, cli_json):
    sample = Path(__file__).resolve().parent.parent / "knowledge"
    document = cli_json("plan", "--knowledge", str(sample), "--today", TODAY)
    assert document["companies"][0]["readiness"]["classified_by"] == "offline"


# --- errors and empty notes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow", "25/11/2026"])
def test_bad_today_exits_2_with_one_line(workspace, cli, bad):
    result = cli("plan", "--today", bad)
    assert result.exit_code == 2
    assert result.stderr == f"error: --today must be a date like 2026-11-25 (YYYY-MM-DD), not '{bad}'.\n"


def test_unknown_company_exits_2_with_close_names(workspace, cli):
    result = cli("plan", "--company", "Northwnd Analytics", "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'error: No company named "Northwnd Analytics" in your notes. Did you mean: Northwind Analytics?')


def test_company_without_a_rejection_note_says_so(workspace, cli):
    result = cli("plan", "--company", "Contoso Health", "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Contoso Health is in your notes but has no rejection note")
    assert "plan for: Northwind Analytics" in result.stderr


def test_no_rejection_notes_is_a_clear_message(workspace, cli, cli_json):
    (workspace / "knowledge/rejection.md").unlink()
    result = cli("plan", "--today", TODAY)
    assert result.exit_code == 0
    assert result.stdout.startswith("No rejection in your notes: add a note for each company that turned you down")
    assert cli_json("plan", "--today", TODAY)["companies"] == []


def test_a_model_without_a_key_exits_2(workspace, cli):
    result = cli("plan", "--model", "gpt-4o-mini", "--today", TODAY)
    assert result.exit_code == 2
    assert "needs OPENAI_API_KEY" in result.stderr


# --- people ------------------------------------------------------------------------------------------------------


def test_people_shows_next_touch_and_why(workspace, cli, cli_json):
    people = {p["name"]: p for p in cli_json("people", "--today", TODAY)["people"]}
    assert people["Marcus Chen"]["next_touch"] == {
        "date": "2026-11-25", "kind": "follow-up",
        "why": "no letter since the rejection: remind them what you could do for the team"}
    assert people["Dana Whitfield"]["next_touch"] == {
        "date": None, "kind": None, "why": "no rejection note for Contoso Health, so no campaign there"}
    assert set(people["Dana Reyes"]) >= {"name", "role", "company", "relationship", "last_contact", "sources"}
    result = cli("people", "--today", TODAY)
    assert result.exit_code == 0
    assert "  Sam Patel (Northwind Analytics): 2026-11-25 consultant-offer, because Sam started 2026-10-05: " \
        "congratulate soon after\n" in result.stdout
    assert "  Dana Whitfield (Contoso Health): none; no rejection note for Contoso Health" in result.stdout


def test_people_bad_today_exits_2(workspace, cli):
    result = cli("people", "--today", "soon")
    assert result.exit_code == 2 and "--today must be a date" in result.stderr


def plain_rejection(workspace: Path, text: str) -> None:
    """Replace the sample rejection note with one that has no front matter (its type comes from its folder)."""
    (workspace / "knowledge/rejection.md").unlink()
    (workspace / "knowledge/rejections").mkdir()
    (workspace / "knowledge/rejections/turned-down.txt").write_text(text)


def test_rejection_note_without_company_is_a_warning_not_silence(workspace, cli, cli_json):
    plain_rejection(workspace, "They hired someone with more streaming experience.\n")
    result = cli("plan", "--today", TODAY)
    assert result.exit_code == 0
    warned = [line for line in result.stdout.splitlines() if line.startswith("Warning: rejections/turned-down.txt")]
    assert any("company:" in line for line in warned)
    assert "No rejection in your notes" not in result.stdout
    document = cli_json("plan", "--today", TODAY)
    assert document["companies"] == []
    assert [w for w in document["warnings"] if "company:" in w] == [
        line.removeprefix("Warning: ") for line in warned if "company:" in line]


def test_rejection_note_without_company_named_in_its_text(workspace, cli, cli_json):
    plain_rejection(workspace, "Northwind Analytics turned me down on 2026-09-04.\n")
    (company,) = cli_json("plan", "--today", TODAY)["companies"]
    assert company["company"] == "Northwind Analytics"
    assert company["hints"][0].startswith("rejections/turned-down.txt does not say `company:`; planned for "
                                          "Northwind Analytics because its text names Northwind Analytics")
    assert "Tip: rejections/turned-down.txt does not say `company:`" in " ".join(cli("plan", "--today", TODAY)
                                                                                   .stdout.split())


def test_manager_with_nothing_new_to_send_is_told_why(workspace, cli_json):
    (workspace / "knowledge/interactions/2026-11-20-marcus.md").write_text(
        "---\ntype: interaction\nwith: Marcus Chen\ncompany: Northwind Analytics\ndirection: sent\n"
        "date: 2026-11-20\n---\nSent Marcus a short note after his talk.\n")
    people = {p["name"]: p for p in cli_json("people", "--today", TODAY)["people"]}
    assert people["Marcus Chen"]["next_touch"] == {"date": None, "kind": None, "why": (
        "you wrote on 2026-11-20; nothing new to send yet: add progress that answers the rejection reason, or an "
        "article that names them")}


def test_init_examples_are_never_listed_or_planned_until_made_the_users_own(tmp_path, cli, monkeypatch):
    cli("init", str(tmp_path / "ws"))
    monkeypatch.setenv("SECOND_CHANCE_HOME", str(tmp_path / "ws"))
    assert json.loads(cli("people", "--json", "--today", "2026-05-01").stdout)["people"] == []
    plan = json.loads(cli("plan", "--json", "--today", "2026-05-01").stdout)
    assert all(s["to"] != "Alex Example" for c in plan["companies"] for s in c["steps"])
    for note in (tmp_path / "ws" / "knowledge").rglob("*.md"):  # the examples, made the user's own notes
        note.write_text("\n".join(line for line in note.read_text().splitlines() if "example: true" not in line))
    people = json.loads(cli("people", "--json", "--today", "2026-05-01").stdout)["people"]
    alex = next(p for p in people if p["name"] == "Alex Example")
    assert alex["example"] is False
    assert alex["next_touch"]["kind"] == "reapplication"  # the rejection is theirs too now: a campaign
    plan = json.loads(cli("plan", "--json", "--today", "2026-05-01").stdout)
    assert any(s["to"] == "Alex Example" for c in plan["companies"] for s in c["steps"])


def test_plan_and_people_json_are_laid_out_as_every_other_json_output(workspace, cli):
    """Both are serialized by pydantic's core (fast at 10,000 notes): the bytes are those `print_json` writes."""
    for command in (("plan", "--today", TODAY), ("people", "--today", TODAY)):
        out = cli(*command, "--json").stdout
        assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
