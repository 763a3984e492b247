"""`plan --ics`: a valid iCalendar file, parsed back; one event per step; UIDs that survive a second run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from assistant.errors import UserError
from assistant.ics import step_uid, write_ics
from assistant.notes import load_notes
from assistant.planner import Step, build_plan
from assistant.reading import read_case_file

SAMPLE = Path(__file__).resolve().parent.parent / "knowledge"


def events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["VERSION"]) == "2.0" and "second-chance" in str(calendar["PRODID"])
    return list(calendar.walk("VEVENT"))


def test_ics_has_one_event_per_step_with_the_draft_command(workspace, cli):
    result = cli("plan", "--today", "2026-11-25", "--ics", "campaign.ics", "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    steps = document["companies"][0]["steps"]
    assert document["ics"] == {"path": "campaign.ics", "events": len(steps), "cancelled": 0}
    found = events(workspace / "campaign.ics")
    assert len(found) == len(steps) == 11
    by_summary = {str(e["SUMMARY"]): e for e in found}
    follow_up = by_summary["Follow-up to Marcus Chen (Northwind Analytics)"]
    assert follow_up.decoded("DTSTART") == dt.date(2026, 11, 25)
    assert follow_up.decoded("DTEND") == dt.date(2026, 11, 26)
    description = str(follow_up["DESCRIPTION"])
    assert 'Draft it: second-chance draft follow-up --to "Marcus Chen"' in description
    assert "Notes: people/marcus-chen.md" in description
    assert [str(c) for c in follow_up["CATEGORIES"].cats] == ["stay-in-touch"]
    assert len(follow_up.subcomponents) == 1 and str(follow_up.subcomponents[0]["ACTION"]) == "DISPLAY"
    research = [e for e in found if str(e["SUMMARY"]).startswith("Research Northwind Analytics: ")]
    assert len(research) == 3 and all("Draft it" not in str(e["DESCRIPTION"]) for e in research)
    assert len({str(e["UID"]) for e in found}) == len(found)


def test_ics_text_mode_says_where_it_wrote(workspace, cli):
    result = cli("plan", "--today", "2026-11-25", "--ics", "campaign.ics")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith(
        "Wrote 11 events to campaign.ics; importing it again updates them instead of adding copies.")


def test_uids_are_stable_across_runs_and_days(workspace, cli):
    cli("plan", "--today", "2026-11-25", "--ics", "one.ics")
    cli("plan", "--today", "2026-11-27", "--ics", "two.ics")
    one = {str(e["SUMMARY"]): (str(e["UID"]), e.decoded("DTSTART")) for e in events(workspace / "one.ics")}
    two = {str(e["SUMMARY"]): (str(e["UID"]), e.decoded("DTSTART")) for e in events(workspace / "two.ics")}
    assert one.keys() == two.keys()
    assert {s: uid for s, (uid, _) in one.items()} == {s: uid for s, (uid, _) in two.items()}
    moved = "Follow-up to Marcus Chen (Northwind Analytics)"
    assert (one[moved][1], two[moved][1]) == (dt.date(2026, 11, 25), dt.date(2026, 11, 27))  # same event, new date


@pytest.mark.parametrize(("a", "b", "same"), [
    (("follow-up", "Marcus Chen", ""), ("follow-up", "Marcus Chen", ""), True),
    (("follow-up", "Marcus Chen", ""), ("follow-up", "marcus chen", ""), True),
    (("follow-up", "Marcus Chen", ""), ("progress-update", "Marcus Chen", ""), False),
    (("follow-up", "Marcus Chen", ""), ("follow-up", "Dana Reyes", ""), False),
    (("article-share", "Dana Reyes", "articles/a.md"), ("article-share", "Dana Reyes", "articles/b.md"), False),
])  # fmt: skip
def test_uid_is_a_hash_of_company_kind_and_recipient(a, b, same):
    def uid(kind: str, to: str, key: str, day: str = "2026-11-25") -> str:
        step = Step(date=dt.date.fromisoformat(day), tactic="stay-in-touch", kind=kind, to=to, action="x", key=key)
        return step_uid("Northwind Analytics", step)

    assert (uid(*a) == uid(*b, day="2027-01-01")) is same
    assert uid(*a).endswith("@second-chance.plan")


def test_write_ics_into_a_missing_folder_is_a_user_error(tmp_path):
    plan = build_plan(read_case_file(load_notes(SAMPLE)), today=dt.date(2026, 11, 25))
    with pytest.raises(UserError, match="does not exist"):
        write_ics(plan, tmp_path / "nowhere" / "campaign.ics")


def test_ics_for_a_do_not_reapply_company_is_empty_but_valid(tmp_path):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "rejection.md").write_text("---\ntype: rejection\ncompany: Acme\ndate: 2026-01-10\n---\n"
                                         "They said plainly I was not a culture fit.\n")
    plan = build_plan(read_case_file(load_notes(folder)), today=dt.date(2026, 6, 1))
    assert write_ics(plan, tmp_path / "empty.ics") == (0, 0)
    assert events(tmp_path / "empty.ics") == []


STAMP_1 = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
STAMP_2 = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


def revisions(path: Path) -> dict[str, tuple[str, int, dt.datetime]]:
    """Per event summary: UID, SEQUENCE and LAST-MODIFIED, parsed back from the file."""
    return {str(e["SUMMARY"]): (str(e["UID"]), int(e["SEQUENCE"]), e.decoded("LAST-MODIFIED"))
            for e in events(path)}


MARCUS = "Follow-up to Marcus Chen (Northwind Analytics)"
SAM = "Recommendation-ask to Sam Patel (Northwind Analytics)"


@pytest.mark.parametrize(("second_today", "sent", "moved", "kept"), [
    ("2026-11-25", [], [], [MARCUS, SAM]),           # the same plan again: nothing changes
    ("2026-11-27", [], [MARCUS, SAM], []),           # two days later: every step moves with today
    ("2026-11-25", ["Marcus Chen"], [], [SAM]),      # Marcus was written to: only his steps change
])  # fmt: skip
def test_sequence_rises_only_for_events_that_changed(tmp_path, second_today, sent, moved, kept):
    from assistant.planner import SentLetter

    path = tmp_path / "campaign.ics"
    case = read_case_file(load_notes(SAMPLE))
    write_ics(build_plan(case, today=dt.date(2026, 11, 25)), path, stamp=STAMP_1)
    first = revisions(path)
    assert {(seq, modified) for _, seq, modified in first.values()} == {(0, STAMP_1)}
    letters = [SentLetter(to=name, date=dt.date(2026, 11, 25)) for name in sent]
    write_ics(build_plan(case, today=dt.date.fromisoformat(second_today), sent=letters), path, stamp=STAMP_2)
    second = revisions(path)
    for summary in kept:
        assert second[summary] == first[summary]  # same UID, SEQUENCE and LAST-MODIFIED
    for summary in moved:
        assert second[summary] == (first[summary][0], 1, STAMP_2)  # same UID, the next SEQUENCE, modified now
    if sent:  # his follow-up is done: the calendar gets it back as cancelled, one SEQUENCE on
        assert second[MARCUS] == (first[MARCUS][0], 1, STAMP_2)
        assert str(cancelled(path)[MARCUS]["STATUS"]) == "CANCELLED"
    assert MARCUS not in cancelled(path) or sent


def cancelled(path: Path) -> dict:
    return {str(e["SUMMARY"]): e for e in events(path) if str(e.get("STATUS")) == "CANCELLED"}


def test_moving_back_is_a_newer_revision_too(tmp_path):
    path = tmp_path / "campaign.ics"
    case = read_case_file(load_notes(SAMPLE))
    for sequence, today in enumerate(["2026-11-25", "2026-11-27", "2026-11-25"]):
        write_ics(build_plan(case, today=dt.date.fromisoformat(today)), path, stamp=STAMP_1)
        assert revisions(path)[MARCUS][1] == sequence


def test_an_unreadable_earlier_file_starts_the_sequence_afresh(tmp_path):
    path = tmp_path / "campaign.ics"
    path.write_text("not a calendar")
    write_ics(build_plan(read_case_file(load_notes(SAMPLE)), today=dt.date(2026, 11, 25)), path, stamp=STAMP_1)
    assert {seq for _, seq, _ in revisions(path).values()} == {0}


def test_done_steps_are_cancelled_even_in_a_new_file_and_stay_cancelled(tmp_path):
    from assistant.planner import SentLetter

    record = tmp_path / ".second-chance" / "calendar.json"
    case = read_case_file(load_notes(SAMPLE))
    today = dt.date(2026, 11, 25)
    assert write_ics(build_plan(case, today=today), tmp_path / "one.ics", stamp=STAMP_1, record=record) == (11, 0)
    first = revisions(tmp_path / "one.ics")
    done = build_plan(case, today=today, sent=[SentLetter(to="Marcus Chen", date=today, kind="follow-up")])
    report = write_ics(done, tmp_path / "two.ics", stamp=STAMP_2, record=record)
    assert report.cancelled >= 1
    gone = cancelled(tmp_path / "two.ics")
    assert MARCUS in gone
    assert (str(gone[MARCUS]["UID"]), int(gone[MARCUS]["SEQUENCE"])) == (first[MARCUS][0], 1)
    assert gone[MARCUS].decoded("DTSTART") == dt.date(2026, 11, 25)
    assert "No longer in the plan: done (the letter was sent) or dropped." in str(gone[MARCUS]["DESCRIPTION"])
    write_ics(done, tmp_path / "two.ics", stamp=STAMP_2, record=record)  # the same plan again
    assert int(cancelled(tmp_path / "two.ics")[MARCUS]["SEQUENCE"]) == 1
    back = write_ics(build_plan(case, today=today), tmp_path / "two.ics", stamp=STAMP_2, record=record)
    again = {str(e["SUMMARY"]): e for e in events(tmp_path / "two.ics")}
    assert str(again[MARCUS]["STATUS"]) == "CONFIRMED" and int(again[MARCUS]["SEQUENCE"]) == 2
    assert back.cancelled == 0


def test_a_plan_for_one_company_leaves_the_others_events_alone(tmp_path):
    path = tmp_path / "campaign.ics"
    write_ics(build_plan(read_case_file(load_notes(SAMPLE)), today=dt.date(2026, 11, 25)), path, stamp=STAMP_1)
    empty = build_plan(read_case_file(load_notes(SAMPLE)), today=dt.date(2026, 11, 25))
    empty.companies = []
    assert write_ics(empty, path, stamp=STAMP_2, scope="Contoso Health") == (0, 0)  # Northwind's: not cancelled
    assert events(path) == []
    write_ics(build_plan(read_case_file(load_notes(SAMPLE)), today=dt.date(2026, 11, 25)), path, stamp=STAMP_1)
    assert write_ics(empty, path, stamp=STAMP_2, scope="northwind analytics") == (0, 11)
    assert all(str(e["STATUS"]) == "CANCELLED" and int(e["SEQUENCE"]) == 1 for e in events(path))


def test_plan_ics_after_sent_reports_the_cancelled_events(workspace, cli, cli_json):
    cli("plan", "--today", "2026-11-25", "--ics", "campaign.ics")
    assert (workspace / ".second-chance" / "calendar.json").is_file()
    draft = cli_json("draft", "follow-up", "--to", "Marcus Chen")
    cli("sent", draft["path"], "--date", "2026-11-25")
    document = cli_json("plan", "--today", "2026-11-25", "--ics", "campaign.ics")
    assert document["ics"]["cancelled"] >= 1
    text = cli("plan", "--today", "2026-11-25", "--ics", "campaign.ics").stdout
    assert "cancelled (done or no longer planned) to campaign.ics" in text
    assert MARCUS in cancelled(workspace / "campaign.ics")


def test_an_overdue_step_says_overdue_since(workspace, cli):
    result = cli("plan", "--today", "2026-11-25", "--ics", "late.ics")
    assert result.exit_code == 0
    sam = next(e for e in events(workspace / "late.ics") if "Consultant-offer to Sam Patel" in str(e["SUMMARY"]))
    assert "Overdue since 2026-10-12." in str(sam["DESCRIPTION"])
    assert "overdue since 2026-10-12" in result.stdout and "due 2026-10-12" not in result.stdout.replace(
        "overdue since 2026-10-12", "")
