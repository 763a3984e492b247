"""The planner's rules, one table per rule, on small knowledge folders with fixed dates around each boundary."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.casefile import CaseFile
from assistant.errors import NotFoundError
from assistant.notes import load_notes
from assistant.people import list_people
from assistant.planner import (
    TIMING,
    CompanyPlan,
    Plan,
    add_months,
    build_plan,
    gap_words,
    read_sent_drafts,
)
from assistant.reading import read_case_file

SAMPLE = Path(__file__).resolve().parent.parent / "knowledge"
EVALS = Path(__file__).resolve().parent.parent / "evals"
D = dt.date.fromisoformat

# Acme turned the user down on 2026-01-10 for lack of Kafka in production; earliest reapply 2026-04-10.
BASE: dict[str, tuple[dict[str, Any], str]] = {
    "rejection.md": (
        {"type": "rejection", "company": "Acme Corp", "role": "Data Engineer", "date": "2026-01-10"},
        "## The reason they gave\nThey liked my SQL, but they needed someone who had run Kafka in production.\n",
    ),
    "people/ann-lee.md": (
        {"type": "person", "name": "Ann Lee", "company": "Acme Corp", "relationship": "ran my final interview",
         "tags": ["manager-i-liked", "hiring-manager"]},
        "Ann leads the data team. She asked how I would test streaming jobs end to end.",
    ),
    "people/ivan-ross.md": (
        {"type": "person", "name": "Ivan Ross", "company": "Acme Corp",
         "relationship": "old colleague; could recommend me", "tags": ["insider"]},
        "Ivan works on the platform team.",
    ),
    "people/sara-kim.md": (
        {"type": "person", "name": "Sara Kim", "company": "Acme Corp",
         "relationship": "got the Data Engineer job I applied for", "started": "2026-02-02"},
        "Sara started in February. Her team needs help with a schema registry for the streaming jobs.",
    ),
    "openings/streaming.md": (
        {"type": "opening", "company": "Acme Corp", "role": "Streaming Engineer", "date": "2026-03-01"},
        "Acme posted a Streaming Engineer opening. Hiring manager: Ann Lee.",
    ),
    "progress/kafka.md": ({"type": "progress", "date": "2026-02-15"}, "I now run Kafka in production at my contract."),
}


def write(root: Path, files: dict[str, tuple[dict[str, Any], str] | None]) -> Path:
    """Write notes (front matter, text) under root/knowledge; None leaves a file out."""
    folder = root / "knowledge"
    for path, note in files.items():
        if note is None:
            continue
        meta, text = note
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(meta, sort_keys=False) if meta else ""
        target.write_text(f"---\n{front}---\n{text}\n" if meta else text)
    return folder


def case_of(folder: Path, today: str = "2026-11-25") -> CaseFile:
    """The case file of the notes in `folder`, read offline as of `today`."""
    return read_case_file(load_notes(folder), today=D(today))


def plan_notes(folder: Path, today: str, **options: Any) -> Plan:
    """The plan for the notes in `folder`, as `second-chance plan --today` makes it."""
    return build_plan(case_of(folder, today), today=D(today), **options)


def plan(tmp_path: Path, today: str, changes: dict[str, Any] | None = None, **options: Any) -> CompanyPlan:
    """The Acme plan for BASE with `changes` applied, as of `today`."""
    folder = write(tmp_path, {**BASE, **(changes or {})})
    result = plan_notes(folder, today, **options)
    assert len(result.companies) == 1
    return result.companies[0]


Row = tuple[str, str | None, str | None]


def steps(company: CompanyPlan, kind: str | None = None, to: str | None = None) -> list[Row]:
    """(date, kind, to) of the steps, optionally only one kind or one recipient."""
    return [(s.date.isoformat(), s.kind, s.to) for s in company.steps
            if (kind is None or s.kind == kind) and (to is None or s.to == to)]


def interaction(with_: str, date: str, direction: str = "sent", text: str = "A short note.") -> tuple[dict, str]:
    return {"type": "interaction", "with": with_, "company": "Acme Corp", "direction": direction, "date": date}, text


def assert_spacing(result: CompanyPlan, gap: int = TIMING.min_gap_days) -> None:
    """No person gets two planned letters within `gap` days."""
    by_person: dict[str, list[dt.date]] = {}
    for step in result.steps:
        if step.to:
            by_person.setdefault(step.to, []).append(step.date)
    for person, days in by_person.items():
        days.sort()
        assert all((b - a).days >= gap for a, b in itertools.pairwise(days)), (person, days)


# --- overcome-rejection: readiness -----------------------------------------------------------------------------


@pytest.mark.parametrize(("today", "status"), [
    ("2026-01-10", "wait"),   # the day of the rejection
    ("2026-04-09", "wait"),   # the day before three months
    ("2026-04-10", "ready"),  # on the day
    ("2026-04-11", "ready"),  # the day after
])  # fmt: skip
def test_readiness_around_three_months(tmp_path, today, status):
    readiness = plan(tmp_path, today).readiness
    assert readiness.status == status
    assert readiness.earliest_reapply == D("2026-04-10")
    assert readiness.source == "rejection.md" and "2026-01-10" in readiness.reason


def test_a_longer_wait_the_company_asked_for_wins_over_three_months(tmp_path):
    meta, text = BASE["rejection.md"]
    told = text + "The recruiter said I'm welcome to apply again in six months.\n"
    readiness = plan(tmp_path, "2026-05-01", {"rejection.md": (meta, told)}).readiness
    assert (readiness.status, readiness.earliest_reapply) == ("wait", D("2026-07-10"))
    assert 'about 6 months (they said so: "The recruiter said I\'m welcome to apply again in six months.")' in (
        readiness.reason)
    shorter = text + "They said I can reapply after 2 months.\n"  # the article's three months still hold
    assert plan(tmp_path / "b", "2026-05-01", {"rejection.md": (meta, shorter)}).readiness.earliest_reapply == D(
        "2026-04-10")


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2026-01-10", 3, "2026-04-10"),
    ("2026-11-30", 3, "2027-02-28"),  # clamped to the month's end
    ("2027-11-30", 3, "2028-02-29"),  # leap year
    ("2026-10-31", 1, "2026-11-30"),
])  # fmt: skip
def test_add_months(day, months, expected):
    assert add_months(D(day), months) == D(expected)


def test_no_rejection_date_is_treated_as_recent(tmp_path):
    meta, text = BASE["rejection.md"]
    undated = {k: v for k, v in meta.items() if k != "date"}
    result = plan(tmp_path, "2026-05-01", {"rejection.md": (undated, text)})
    readiness = result.readiness
    assert readiness.status == "wait"
    assert readiness.rejection_date is None
    assert readiness.earliest_reapply == D("2026-08-01")
    assert "rejection.md has no date" in readiness.reason and "treated as recent" in readiness.reason
    reapply = steps(result, "reapplication")
    assert reapply and all(day >= "2026-08-01" for day, _, _ in reapply)


@pytest.mark.parametrize(("text", "verdict", "label"), [
    ("I arrived 20 minutes late to the final interview and did not apologise.", "egregious", "late"),
    ("I missed the second interview because I forgot the time.", "egregious", "late"),
    ("The recruiter said the panel found me dismissive.", "egregious", "rude"),
    ("I exaggerated my Kafka experience and they noticed.", "egregious", "dishonest"),
    ("I inflated my title on the CV.", "egregious", "dishonest"),
    ("I lost my temper when they told me the result.", "egregious", "hostile exchange"),
    ("I sent an angry email to the recruiter afterwards.", "egregious", "hostile exchange"),
    ("They said plainly that I was not a culture fit for the team.", "culture-misfit", "culture misfit"),
    ("Nobody said I was rude; it was only about Kafka.", "neither", None),
    ("I was not late; I was ten minutes early.", "neither", None),
    ("Dana said I was a close second and encouraged me to stay in touch.", "neither", None),
    # The real cases, anchored to the user's own conduct or to an exchange with someone.
    ("I arrived very late to the final interview without notice.", "egregious", "late"),
    ("I arrived forty minutes late to the onsite without warning anyone.", "egregious", "late"),
    ("I was late to the final round and never apologised.", "egregious", "late"),
    ("I was rude to the interviewer when she asked about my gap year.", "egregious", "rude"),
    ("I shouted at the interviewer.", "egregious", "hostile exchange"),
    ("I lied about my degree on the application.", "egregious", "dishonest"),
    ("I was caught lying about a degree.", "egregious", "dishonest"),
    ("I had a hostile exchange with the recruiter after the offer call.", "egregious", "hostile exchange"),
    ("Afterwards I sent the recruiter an angry email calling the process a joke.", "egregious", "hostile exchange"),
    ("They said I would not fit the culture.", "culture-misfit", "culture misfit"),
    # Ordinary sentences with a cue word in them: not the user's conduct, negated after the cue, or minor.
    ("I was told late on Friday that they chose another candidate.", "neither", None),
    ("- 2026-06-01: Northwind fought off a hostile takeover bid.", "neither", None),
    ("Lena said it was not a culture fit problem at all, only the Kafka gap.", "neither", None),
    ("I was a bit late to the first call because of a train strike, and apologised.", "neither", None),
    ("I arrived late to the second call and apologised straight away.", "neither", None),
    ("I made up my mind to reapply in the spring.", "neither", None),
    ("I argued that batch jobs still have a place.", "neither", None),
    ("The recruiter said the other candidate was dishonest about nothing; they were just stronger.", "neither", None),
])  # fmt: skip
def test_red_flags_decide_the_verdict(tmp_path, text, verdict, label):
    folder = write(tmp_path, {"rejection.md": ({"type": "rejection", "company": "Acme Corp"}, text)})
    (acme,) = plan_notes(folder, "2026-11-25").companies
    assert (acme.readiness.status == "do-not-reapply") is bool(label)
    assert [q.label for q in acme.readiness.evidence] == ([label] if label else [])
    if label:
        assert acme.readiness.evidence[0].source == "rejection.md" and acme.readiness.evidence[0].words in text
        assert ("egregious mistake" if verdict == "egregious" else "culture misfit") in acme.readiness.reason


def sample_with(tmp_path: Path, path: str, line: str) -> Path:
    """A copy of the sample notes with `line` added at the end of the note at `path`."""
    folder = tmp_path / "knowledge"
    shutil.copytree(SAMPLE, folder)
    note = folder / path
    note.write_text(note.read_text().rstrip("\n") + "\n" + line + "\n")
    return folder


@pytest.mark.parametrize(("path", "line"), [
    ("rejection.md", "I was told late on Friday that they chose another candidate."),
    ("company/northwind-analytics.md", "- 2026-06-01: Northwind fought off a hostile takeover bid."),
    ("company/northwind-analytics.md", "- 2026-06-02: a heated argument with the auditors over the accounts."),
    ("people/lena-fischer.md", "Lena said it was not a culture fit problem at all, only the Kafka gap."),
    ("rejection.md", "I was a bit late to the first call because of a train strike, and apologised."),
])  # fmt: skip
def test_ordinary_sentences_in_the_sample_notes_keep_the_campaign(tmp_path, path, line):
    (northwind,) = plan_notes(sample_with(tmp_path, path, line), "2026-11-25").companies
    assert (northwind.readiness.status, northwind.readiness.evidence) == ("wait", [])
    assert steps(northwind)


@pytest.mark.parametrize(("path", "status"), [
    ("rejection.md", "do-not-reapply"),
    ("people/dana-reyes.md", "do-not-reapply"),                           # a person note at the company
    ("interactions/2026-09-06-thank-you-to-dana.md", "do-not-reapply"),  # an interaction with her
    ("people/dana-whitfield.md", "wait"),                                 # another company's Dana
])  # fmt: skip
def test_person_notes_count_like_the_rejection_note(tmp_path, path, status):
    line = "I argued with Dana about her team's design."
    (northwind,) = plan_notes(sample_with(tmp_path, path, line), "2026-11-25").companies
    assert northwind.readiness.status == status
    evidence = [(q.source, q.words, q.label) for q in northwind.readiness.evidence]
    assert evidence == ([(path, line, "hostile exchange")] if status == "do-not-reapply" else [])


def test_egregious_wins_over_culture_misfit(tmp_path):
    text = "They said I was not a culture fit. I also lost my temper on the call."
    folder = write(tmp_path, {"rejection.md": ({"type": "rejection", "company": "Acme Corp"}, text)})
    (acme,) = plan_notes(folder, "2026-11-25").companies
    assert "an egregious mistake" in acme.readiness.reason
    assert [q.label for q in acme.readiness.evidence] == ["hostile exchange"]


def test_do_not_reapply_has_no_steps_only_the_reason(tmp_path):
    hostile = interaction("Ann Lee", "2026-01-12", text="I lost my temper with Ann and told her off on the phone.")
    result = plan(tmp_path, "2026-06-01", {"interactions/call.md": hostile})
    readiness = result.readiness
    assert readiness.status == "do-not-reapply" and readiness.earliest_reapply is None
    assert result.steps == []
    assert [(q.source, q.label) for q in readiness.evidence] == [("interactions/call.md", "hostile exchange")]
    assert 'interactions/call.md says "I lost my temper with Ann and told her off on the phone."' in readiness.reason
    assert readiness.suggestion and "other companies" in readiness.suggestion


def test_culture_misfit_in_the_rejection_note(tmp_path):
    meta, _ = BASE["rejection.md"]
    text = "## The reason they gave\nThe panel felt I was not a good culture fit for how they work."
    result = plan(tmp_path, "2026-06-01", {"rejection.md": (meta, text)})
    assert result.readiness.status == "do-not-reapply" and result.steps == []
    assert "clear culture misfit" in result.readiness.reason


def test_other_companies_notes_do_not_count_against_this_one(tmp_path):
    other = ({"type": "interaction", "with": "Bo", "company": "Globex", "direction": "sent", "date": "2026-01-11"},
             "I lost my temper with Bo at Globex.")
    assert plan(tmp_path, "2026-06-01", {"interactions/globex.md": other}).readiness.status == "ready"


# --- build-bridges ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("today", "congratulate", "overdue"), [
    ("2026-02-08", "2026-02-09", None),          # before: planned a week after the start
    ("2026-02-09", "2026-02-09", None),          # on the day
    ("2026-02-10", "2026-02-10", "2026-02-09"),  # after: today, marked overdue
])  # fmt: skip
def test_congratulate_soon_after_they_start(tmp_path, today, congratulate, overdue):
    result = plan(tmp_path, today)
    offer = next(s for s in result.steps if s.kind == "consultant-offer")
    assert (offer.date.isoformat(), offer.to, offer.tactic) == (congratulate, "Sara Kim", "build-bridges")
    assert offer.overdue_since == (D(overdue) if overdue else None)
    assert offer.command == 'second-chance draft consultant-offer --to "Sara Kim"'
    assert steps(result, "recommendation-ask") == [("2026-04-04", "recommendation-ask", "Sara Kim")]  # 61 days in


@pytest.mark.parametrize(("today", "ask"), [
    ("2026-04-03", "2026-04-04"),
    ("2026-04-04", "2026-04-04"),
    ("2026-04-05", "2026-04-05"),
])  # fmt: skip
def test_recommendation_ask_a_couple_of_months_in(tmp_path, today, ask):
    congratulated = interaction("Sara Kim", "2026-02-10")
    result = plan(tmp_path, today, {"interactions/congrats.md": congratulated})
    assert steps(result, "consultant-offer") == []
    assert steps(result, "recommendation-ask") == [(ask, "recommendation-ask", "Sara Kim")]


def test_without_a_start_date_the_rejection_date_counts(tmp_path):
    meta, text = BASE["people/sara-kim.md"]
    undated = text.replace("Sara started in February. ", "")  # "started in February" is a start date too
    result = plan(tmp_path, "2026-01-12", {"people/sara-kim.md": ({k: v for k, v in meta.items() if k != "started"},
                                                                   undated)})
    assert steps(result, "consultant-offer") == [("2026-01-17", "consultant-offer", "Sara Kim")]
    assert steps(result, "recommendation-ask") == [("2026-03-12", "recommendation-ask", "Sara Kim")]


def test_no_bridge_letters_after_both_were_sent(tmp_path):
    sent = {"interactions/a.md": interaction("Sara Kim", "2026-02-10"),
            "interactions/b.md": interaction("Sara Kim", "2026-04-05")}
    result = plan(tmp_path, "2026-05-01", sent)
    assert steps(result, to="Sara Kim") == []


# --- stay-in-touch ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("last_sent", "next_touch"), [
    ("2026-02-17", "2026-03-03"),  # 13 days before today: wait one more day
    ("2026-02-16", "2026-03-02"),  # exactly two weeks: today
    ("2026-02-15", "2026-03-02"),  # more than two weeks: today
])  # fmt: skip
def test_never_two_touches_within_two_weeks(tmp_path, last_sent, next_touch):
    newer_progress = ({"type": "progress", "date": "2026-02-20"}, "I now run Kafka in production.")
    result = plan(tmp_path, "2026-03-02", {"interactions/note.md": interaction("Ann Lee", last_sent),
                                           "progress/kafka.md": newer_progress})
    first = steps(result, to="Ann Lee")[0]
    assert first == (next_touch, "progress-update", "Ann Lee")


def test_follow_up_first_then_a_cadence(tmp_path):
    article = ({"type": "article", "title": "Kafka at scale", "date": "2026-02-20"}, "Useful for Ann and her team.")
    result = plan(tmp_path, "2026-03-02", {"articles/kafka.md": article})
    ann = [s for s in steps(result, to="Ann Lee") if s[1] != "reapplication"]
    assert ann == [("2026-03-02", "follow-up", "Ann Lee"), ("2026-03-30", "progress-update", "Ann Lee"),
                   ("2026-04-27", "article-share", "Ann Lee")]  # a cadence of four weeks
    assert_spacing(result)


@pytest.mark.parametrize(("sent_days", "replied", "planned"), [
    (["2026-01-20", "2026-02-01"], None, 1),                      # two unanswered: one more touch
    (["2026-01-20", "2026-02-01", "2026-02-10"], None, 0),        # three unanswered: stop
    (["2026-01-20", "2026-02-01", "2026-02-10"], "2026-02-12", 2),  # they replied: go on (all there is to send)
])  # fmt: skip
def test_stop_after_three_touches_without_reply(tmp_path, sent_days, replied, planned):
    changes = {f"interactions/sent-{i}.md": interaction("Ann Lee", day) for i, day in enumerate(sent_days)}
    if replied:
        changes["interactions/reply.md"] = interaction("Ann Lee", replied, direction="received")
    article = ({"type": "article", "title": "Kafka at scale", "date": "2026-02-20"}, "Ann would like this.")
    result = plan(tmp_path, "2026-03-02", {**changes, "articles/kafka.md": article})
    touches = [s for s in steps(result, to="Ann Lee") if s[1] != "reapplication"]
    assert len(touches) == planned
    contact = next(c for c in result.contacts if c.name == "Ann Lee")
    if planned == 0:
        assert contact.status == "3 touches with no reply: stop writing until they answer"


def test_one_or_two_managers_only(tmp_path):
    extra = {f"people/m{i}.md": ({"type": "person", "name": f"Manager {name}", "company": "Acme Corp",
                                  "tags": ["manager-i-liked"]}, "") for i, name in enumerate(["Bea", "Cal"])}
    result = plan(tmp_path, "2026-03-02", extra)
    written = {s.to for s in result.steps if s.tactic in {"stay-in-touch", "show-progress"}}
    assert written == {"Ann Lee", "Manager Bea"}  # the hiring manager first, then by name
    cal = next(c for c in result.contacts if c.name == "Manager Cal")
    assert "pick one or two" in cal.status


def test_liked_by_relationship_without_a_tag(tmp_path):
    meta, text = BASE["people/ann-lee.md"]
    untagged = {**meta, "tags": [], "relationship": "ran my final interview; we got on well"}
    result = plan(tmp_path, "2026-03-02", {"people/ann-lee.md": (untagged, text)})
    assert steps(result, "follow-up") == [("2026-03-02", "follow-up", "Ann Lee")]


# --- be-strategic and the reapplication ----------------------------------------------------------------------


@pytest.mark.parametrize(("today", "referral", "reapply"), [
    ("2026-03-02", "2026-03-27", "2026-04-13"),  # waiting: ask two weeks ahead; apply once ready and two
                                                 # weeks after Ann's progress-update (03-30)
    ("2026-04-10", "2026-04-10", "2026-04-24"),  # ready today: ask now; the reapplication waits for Ann's gap
    ("2026-06-01", "2026-06-01", "2026-06-15"),
])  # fmt: skip
def test_referral_before_reapplication(tmp_path, today, referral, reapply):
    result = plan(tmp_path, today)
    assert steps(result, "referral-request") == [(referral, "referral-request", "Ivan Ross")]
    assert steps(result, "reapplication") == [(reapply, "reapplication", "Ann Lee")]
    step = next(s for s in result.steps if s.kind == "reapplication")
    assert step.date >= result.readiness.earliest_reapply
    assert step.sources == ["openings/streaming.md"]
    assert step.command == 'second-chance draft reapplication --to "Ann Lee" --about "Streaming Engineer"'
    assert_spacing(result)


def test_no_opening_no_referral_and_no_reapplication(tmp_path):
    result = plan(tmp_path, "2026-06-01", {"openings/streaming.md": None})
    assert steps(result, "referral-request") == [] and steps(result, "reapplication") == []
    assert any("No opening at Acme Corp" in hint for hint in result.hints)
    ivan = next(c for c in result.contacts if c.name == "Ivan Ross")
    assert ivan.status == "ask for a referral once an opening appears in your notes"


def test_an_opening_older_than_the_rejection_does_not_count(tmp_path):
    meta, text = BASE["openings/streaming.md"]
    result = plan(tmp_path, "2026-06-01", {"openings/streaming.md": ({**meta, "date": "2025-12-01"}, text)})
    assert steps(result, "reapplication") == []


def test_research_items_from_projects_and_openings(tmp_path):
    company = ({"type": "company", "name": "Acme Corp", "date": "2026-02-20"},
               "- The data team needs help with a schema registry for the new streaming jobs.")
    result = plan(tmp_path, "2026-03-02", {"company/acme.md": company})
    research = [s for s in result.steps if s.kind is None]
    assert all(s.date == D("2026-03-02") and s.tactic == "be-strategic" and s.command is None for s in research)
    assert [s.sources for s in research][-1] == ["openings/streaming.md"]
    acme = next(s for s in research if s.sources == ["company/acme.md"])
    assert "schema registry for the new streaming jobs" in acme.action
    assert research[-1].action == ("Study the Streaming Engineer opening (openings/streaming.md): what it asks for, "
                                  "who hires, how the team works.")


# --- show-progress ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "date", "answers"), [
    ("I now run Kafka in production at my contract.", "2026-02-15", ["Kafka", "production"]),
    ("I ran a marathon and learned to bake bread.", "2026-02-15", []),
    ("I read a book about Kafka.", "2025-12-01", []),  # before the rejection: not progress since
])  # fmt: skip
def test_progress_that_answers_the_reason(tmp_path, text, date, answers):
    result = plan(tmp_path, "2026-03-02", {"progress/kafka.md": ({"type": "progress", "date": date}, text)})
    assert [p.words for p in result.progress] == ([answers] if answers else [])
    updates = steps(result, "progress-update")
    assert bool(updates) == bool(answers)
    if answers:
        step = next(s for s in result.steps if s.kind == "progress-update")
        assert step.sources == ["progress/kafka.md"] and step.tactic == "show-progress"


def test_gap_words_leave_out_common_words():
    assert gap_words("someone who had run Kafka in production") == ["Kafka", "production"]


# --- rejection notes without `company:` ---------------------------------------------------------------------------

PLAIN_REJECTION = "rejection/turned-down.txt"
NO_COMPANY = "your notes do not make clear which company it is about"
ANN = {"people/ann.md": ({"type": "person", "name": "Ann", "company": "Acme"}, "Ann ran the interview.")}
BO = {"people/bo.md": ({"type": "person", "name": "Bo", "company": "Globex"}, "Bo is a recruiter.")}
FJORD = {"company/fjord.md": ({}, "# Fjord Games\n\nA studio in Oslo.")}  # no front matter: only a heading
VAGUE = "They hired someone with more Kafka."


@pytest.mark.parametrize(("text", "others", "company", "why"), [
    # The text names the one company a company note is headed with (no front matter anywhere).
    ("Turned down by Fjord Games for the mobile role.", FJORD, "Fjord Games",
     "its text names Fjord Games, a company in your notes"),
    # The text names one of two companies from front matter.
    ("Globex said no after the onsite.", ANN | BO, "Globex", "its text names Globex, a company in your notes"),
    ("Globex Labs said no.", BO | {"people/cy.md": ({"type": "person", "name": "Cy", "company": "Globex Labs"}, "")},
     "Globex Labs", "its text names Globex Labs, a company in your notes"),  # not also "Globex"
    # Nothing else in the notes, but the text says where it came from.
    ("Rejection from Initech, Data Engineer, on 2026-08-14.", {}, "Initech", 'its text says "Rejection from Initech"'),
    ("I interviewed at Umbrella Labs in June; they hired someone else.", {},
     "Umbrella Labs", 'its text says "interviewed at Umbrella Labs"'),
    # The text names no company, and the notes know only one.
    (VAGUE, ANN, "Acme", "Acme is the only company in your notes"),
    # Ambiguous or unknown: left out, with a warning.
    ("Acme and Globex both said no.", ANN | BO, None, "it names Acme and Globex"),
    ("Rejection from Initech, then an interview at Globex went nowhere.", {}, None, "it could be Globex or Initech"),
    (VAGUE, ANN | BO, None, NO_COMPANY),
    (VAGUE, {}, None, NO_COMPANY),
    (VAGUE, ANN | FJORD, None, NO_COMPANY),  # a company note's heading alone does not leave Acme the only company
])  # fmt: skip
def test_rejection_without_company(tmp_path, text, others, company, why):
    folder = write(tmp_path, {PLAIN_REJECTION: ({}, text), **others})
    result = plan_notes(folder, "2026-11-25")
    if company is None:
        assert result.companies == []
        assert any(w.startswith(PLAIN_REJECTION) and "`company: NAME`" in w for w in result.warnings), result.warnings
    else:
        (planned,) = result.companies
        assert (planned.company, planned.readiness.source) == (company, PLAIN_REJECTION)
        assert not any("company" in w for w in result.warnings)
        assert planned.hints[0].startswith(f"{PLAIN_REJECTION} does not say `company:`; planned for {company} "
                                           "because ")
        assert company in planned.hints[0].split("because ", 1)[1]  # the words that name it
        assert planned.hints[0].endswith(f"Add `company: {company}` to it to be sure.")


def test_a_stated_company_gets_no_hint_and_no_warning(tmp_path):
    result = plan_notes(write(tmp_path, BASE), "2026-06-01")
    assert result.warnings == [] and not any("does not say `company:`" in h for h in result.companies[0].hints)


def test_an_inferred_rejection_joins_the_stated_one_for_its_company(tmp_path):
    later = ({}, "Acme Corp turned me down again in May for the Streaming Engineer role.")
    result = plan(tmp_path, "2026-06-01", {"rejection/again.txt": later})
    assert (result.company, result.readiness.source) == ("Acme Corp", "rejection.md")  # the dated note counts


def test_no_front_matter_anywhere_still_finds_do_not_reapply():
    (fjord,) = plan_notes(EVALS / "personas" / "noah", "2026-11-25").companies
    assert (fjord.company, fjord.readiness.status, fjord.steps) == ("Fjord Games", "do-not-reapply", [])


def test_company_option_with_only_an_unplaced_rejection_says_what_to_add(tmp_path):
    folder = write(tmp_path, {PLAIN_REJECTION: ({}, VAGUE), **ANN, **BO})
    with pytest.raises(NotFoundError) as caught:
        plan_notes(folder, "2026-11-25", company="Initech")
    assert str(caught.value).startswith(PLAIN_REJECTION) and "`company: NAME`" in str(caught.value)


# --- the sample notes --------------------------------------------------------------------------------------------


def sample_plan(today: str = "2026-11-25", **options: Any) -> Plan:
    return plan_notes(SAMPLE, today, **options)


def test_sample_campaign():
    (northwind,) = sample_plan().companies
    assert northwind.company == "Northwind Analytics"
    assert (northwind.readiness.status, northwind.readiness.earliest_reapply) == ("wait", D("2026-12-04"))
    assert [s for s in steps(northwind) if s[1]] == [
        ("2026-11-25", "referral-request", "Lena Fischer"),
        ("2026-11-25", "consultant-offer", "Sam Patel"),
        ("2026-11-25", "follow-up", "Marcus Chen"),
        ("2026-11-25", "progress-update", "Dana Reyes"),
        ("2026-12-09", "recommendation-ask", "Sam Patel"),
        ("2026-12-09", "reapplication", "Dana Reyes"),
        ("2026-12-23", "article-share", "Dana Reyes"),
        ("2026-12-23", "progress-update", "Marcus Chen"),
    ]
    assert [p.source for p in northwind.progress] == [
        "progress/kafka-certification.md", "progress/streaming-project.md"]
    assert "Dana Whitfield" not in {s.to for s in northwind.steps}
    assert_spacing(northwind)
    dana = next(c for c in northwind.contacts if c.name == "Dana Reyes")
    assert (dana.sent, dana.unanswered, dana.last_touch) == (1, 0, D("2026-09-08"))  # her .eml reply counts


# Sam starts on 2026-10-05: congratulate a week in, ask a couple of months later.
SAM_LATER = [("2026-10-12", "consultant-offer", "Sam Patel"), ("2026-12-05", "recommendation-ask", "Sam Patel")]


@pytest.mark.parametrize(("today", "expected"), [
    # The day after the rejection: the progress notes (10-15, 11-10), the article (11-12), Dana's thank-you
    # (09-06) and her reply (09-08) are all still to come, so she gets a follow-up and nothing cites them.
    ("2026-09-05", [("2026-09-05", "follow-up", "Dana Reyes"), ("2026-09-05", "follow-up", "Marcus Chen"),
                    *SAM_LATER]),
    # Before the rejection: nothing before 2026-09-04.
    ("2026-08-01", [("2026-09-04", "follow-up", "Dana Reyes"), ("2026-09-04", "follow-up", "Marcus Chen"),
                    *SAM_LATER]),
])  # fmt: skip
def test_only_notes_dated_by_today_justify_a_step(today, expected):
    (northwind,) = sample_plan(today).companies
    assert [s for s in steps(northwind) if s[1]] == expected
    assert northwind.progress == []
    assert all(s.date >= D("2026-09-04") for s in northwind.steps)
    dana = next(c for c in northwind.contacts if c.name == "Dana Reyes")
    assert (dana.sent, dana.last_touch) == (0, None)
    assert ("No opening at Northwind Analytics in your notes yet (as of " + today + "): watch their careers page "
            "and add one under openings/ when it appears.") in northwind.hints
    before = f"Today ({today}) is before the rejection on 2026-09-04: no step is planned before it."
    assert (before in northwind.hints) is (today < "2026-09-04")


@pytest.mark.parametrize(("today", "progress", "article"), [
    ("2026-10-14", [], False),
    ("2026-10-15", ["progress/kafka-certification.md"], False),
    ("2026-11-11", ["progress/kafka-certification.md", "progress/streaming-project.md"], False),
    ("2026-11-12", ["progress/kafka-certification.md", "progress/streaming-project.md"], True),
])  # fmt: skip
def test_progress_and_articles_count_from_their_date(today, progress, article):
    (northwind,) = sample_plan(today).companies
    assert [p.source for p in northwind.progress] == progress
    assert bool(steps(northwind, "progress-update")) == bool(progress)
    assert bool(steps(northwind, "article-share")) is article


@pytest.mark.parametrize(("with_", "company", "counted", "hint"), [
    ("Dana", "Northwind Analytics", True, False),  # the one Dana at Northwind
    ("Dana Reyes", None, True, False),
    ("Dana", None, False, True),                   # Dana Reyes or Dana Whitfield: counts for no one, says so
])  # fmt: skip
def test_interaction_names_resolve_as_in_people(tmp_path, with_, company, counted, hint):
    folder = tmp_path / "knowledge"
    shutil.copytree(SAMPLE, folder)
    meta = {"type": "interaction", "with": with_, "direction": "sent", "date": "2026-11-20",
            **({"company": company} if company else {})}
    write(tmp_path, {"interactions/2026-11-20-call.md": (meta, "A short call about streaming tests.")})
    case = case_of(folder)
    (northwind,) = build_plan(case, today=D("2026-11-25")).companies
    dana = next(c for c in northwind.contacts if c.name == "Dana Reyes")
    assert dana.sent == (2 if counted else 1)
    reyes = next(p for p in list_people(case) if p.name == "Dana Reyes")
    assert ("interactions/2026-11-20-call.md" in reyes.sources) is counted
    expected = ('interactions/2026-11-20-call.md is with "Dana", who could be Dana Reyes (Northwind Analytics) or '
                "Dana Whitfield (Contoso Health); it counts for no one: write the full name in `with:`.")
    assert (expected in northwind.hints) is hint


@pytest.mark.parametrize(("today", "words"), [
    ("2026-11-25", "until 2026-12-04 (in 9 days)"),
    ("2026-12-03", "until 2026-12-04 (in 1 day)"),
])  # fmt: skip
def test_readiness_says_how_many_days_are_left(today, words):
    assert words in sample_plan(today).companies[0].readiness.reason


def test_sample_ready_after_three_months():
    (northwind,) = sample_plan("2026-12-04").companies
    assert northwind.readiness.status == "ready"


def test_sent_drafts_count_as_touches(tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "2026-11-20-follow-up-marcus-chen.md").write_text(
        "---\nto: Marcus Chen\nkind: follow-up\nstatus: sent\nsent: 2026-11-20\n---\nHello Marcus.\n")
    (drafts / "2026-11-21-article-share-dana-reyes.md").write_text(
        "---\nto: Dana Reyes\nkind: article-share\nstatus: draft\n---\nNot sent yet.\n")
    (drafts / "broken.md").write_text("---\nto: [unclosed\n---\n")
    sent = read_sent_drafts(drafts)
    assert [(s.to, s.date, s.kind) for s in sent] == [("Marcus Chen", D("2026-11-20"), "follow-up")]
    (northwind,) = sample_plan(sent=sent).companies
    marcus = steps(northwind, to="Marcus Chen")
    assert marcus == []  # the follow-up was sent after the last progress note: nothing new to tell him yet


def test_next_touch_per_person():
    people = {p.name: p.next_touch for p in list_people(case_of(SAMPLE), plan=sample_plan())}
    assert people["Marcus Chen"] is not None and people["Marcus Chen"].kind == "follow-up"
    assert people["Sam Patel"] is not None and people["Sam Patel"].date == D("2026-11-25")
    whitfield = people["Dana Whitfield"]
    assert whitfield is not None and whitfield.date is None
    assert whitfield.why == "no rejection note for Contoso Health, so no campaign there"


# --- notes in other styles: no front matter, the user's own folders, bullets, prose dates ------------------------

PLAIN_NOTES: dict[str, tuple[dict[str, Any], str] | None] = {
    "me.md": ({}, "# About me\nI'm Priya Raman, a data engineer.\n"),
    "log/acme-rejection.txt": ({}, "Acme Corp turned me down on March 3, 2026 for the Data Engineer role.\n"
                                   "They said they needed someone who had run Kafka in production.\n"),
    "contacts/ann-lee.txt": ({}, "Ann Lee, hiring manager at Acme Corp\n- ran my final interview, we got on really "
                                 "well\n- asked how I'd test streaming jobs end to end\n"),
    "contacts/ivan.md": ({}, "# Ivan Ross\n- old colleague, now at Acme Corp\n- said he'd put my name forward when "
                             "something opens\n"),
    "contacts/sara.md": ({}, "# Sara Kim\nSara Kim got the Data Engineer job at Acme Corp, the one I applied for. "
                             "She started on April 6, 2026.\nHer team needs help with a schema registry for the "
                             "streaming jobs.\n"),
    "log/progress.md": ({}, "- 2026-04-20: I now run Kafka in production at my contract, 2M events a day.\n"),
}


def test_notes_without_front_matter_plan_the_same_campaign(tmp_path):
    (acme,) = plan_notes(write(tmp_path, PLAIN_NOTES), "2026-06-10").companies
    readiness = acme.readiness
    assert (acme.company, readiness.status, readiness.rejection_date) == ("Acme Corp", "ready", D("2026-03-03"))
    assert [s for s in steps(acme) if s[1]] == [
        ("2026-06-10", "consultant-offer", "Sara Kim"),
        ("2026-06-10", "follow-up", "Ann Lee"),
        ("2026-06-24", "recommendation-ask", "Sara Kim"),
        ("2026-07-08", "progress-update", "Ann Lee"),
    ]
    offer = next(s for s in acme.steps if s.kind == "consultant-offer")
    assert offer.overdue_since == D("2026-04-13")  # a week after she started
    assert [p.words for p in acme.progress] == [["Kafka", "production"]]
    assert any(h.startswith("No opening at Acme Corp") for h in acme.hints)
    ivan = next(c for c in acme.contacts if c.name == "Ivan Ross")
    assert (ivan.roles, ivan.status) == (["insider"], "ask for a referral once an opening appears in your notes")


def test_notes_without_front_matter_list_people_with_their_parts(tmp_path):
    case = case_of(write(tmp_path, PLAIN_NOTES), "2026-06-10")
    people = {p.name: p for p in list_people(case, plan=build_plan(case, today=D("2026-06-10")))}
    assert set(people) == {"Ann Lee", "Ivan Ross", "Sara Kim"}
    assert (people["Ann Lee"].company, people["Ann Lee"].parts) == ("Acme Corp", ["hiring-manager", "manager-i-liked"])
    assert people["Sara Kim"].started == D("2026-04-06")
    assert people["Sara Kim"].next_touch is not None and people["Sara Kim"].next_touch.kind == "consultant-offer"


def test_touches_are_resolved_once_per_name(tmp_path, monkeypatch):
    """A plan over many touches resolves each name once, not once per person and touch (it was quadratic)."""
    import assistant.planner.history as history

    calls = []
    real = history.resolve_contact
    monkeypatch.setattr(history, "resolve_contact", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    changes = {f"interactions/n{i}.md": interaction("Ann Lee", f"2026-01-{11 + i:02d}") for i in range(12)}
    result = plan(tmp_path, "2026-03-02", changes)
    assert next(c for c in result.contacts if c.name == "Ann Lee").sent == 12
    assert calls == ["Ann Lee"]


def test_each_tip_for_a_missing_part_works_when_its_own_example_is_added_to_the_notes(tmp_path):
    """A tip that names what to add says it in words the reader understands: its example sentence, added to the
    notes as written, gives the step the tip promised (the names are the tip's own)."""
    import re

    from assistant.planner import build_plan
    from tests.test_reading_ideas import case_of

    note = ("Orbit Labs, data analyst role\n\nFinal interview on 2 October with Dana Reyes (hiring manager) and "
            "Omar Haddad (senior analyst).\nRejection email on 10 October: they went with someone with more dbt "
            "experience.\n")
    today = dt.date(2026, 11, 30)
    before = build_plan(case_of(tmp_path / "before", {"orbit.md": note}), today=today).companies[0]
    tips = {tip.split(":")[0]: tip for tip in before.hints if tip.startswith("No ") and '"' in tip}
    examples = {key: re.search(r'"([^"]+)"', tip).group(1) for key, tip in tips.items()}  # type: ignore[union-attr]
    assert set(examples) == {"No note says who got the job", "No manager you liked is named",
                             "No one inside who could recommend you"}
    assert not before.steps
    added = note + "\n" + "\n".join(examples.values()) + "\n"
    after = build_plan(case_of(tmp_path / "after", {"orbit.md": added}), today=today).companies[0]
    planned = {(step.kind, step.to) for step in after.steps}
    assert {("consultant-offer", "Priya Nair"), ("follow-up", "Dana Reyes")} <= planned
    assert not [tip for tip in after.hints if tip.split(":")[0] in tips]


def test_a_hiring_manager_without_a_letter_is_told_what_would_give_them_one_and_the_advice_works(tmp_path):
    from assistant.planner import build_plan
    from tests.test_reading_ideas import case_of

    note = ("Kiln Street Bakery, shift lead role\n\nTrial shift on 3 October with Wren Adair (hiring manager) and "
            "Lou Park (recruiter).\nRejection email on 9 October: they went with someone with more sourdough "
            "experience.\n")
    today = dt.date(2026, 11, 30)
    before = build_plan(case_of(tmp_path / "before", {"kiln.md": note}), today=today).companies[0]
    status = {c.name: c.status for c in before.contacts}
    assert status["Lou Park"].startswith("a recruiter; the campaign writes to")
    advice = status["Wren Adair"]
    assert advice.startswith("the hiring manager, not noted as someone you liked")
    said = advice.split('"')[1]
    after = build_plan(case_of(tmp_path / "after", {"kiln.md": note + said + "\n"}), today=today).companies[0]
    assert ("follow-up", "Wren Adair") in {(s.kind, s.to) for s in after.steps}


def test_the_advice_for_an_undated_no_works_when_its_own_example_is_added(tmp_path):
    from assistant.planner import build_plan
    from tests.test_reading_ideas import case_of

    note = "Tarn Robotics\n\nFinal round went OK, they went with someone else.\n"
    today = dt.date(2026, 11, 30)
    case = case_of(tmp_path / "before", {"tarn.md": note})
    [hint] = [h.message for n in case.notes for h in n.hints if "no date found" in h.message]
    example = hint.split('"')[1]
    after = build_plan(case_of(tmp_path / "after", {"tarn.md": note + example + "\n"}), today=today).companies[0]
    assert after.readiness.rejection_date == dt.date(2026, 10, 12)


def test_lookup_finds_every_article_that_holds_a_name_in_case_order() -> None:
    from assistant.planner.lookup import _Joined

    texts = ["Dana Reyes and Dana", "", "nothing here", "dana reyes", "Dana", "ends with Dana", "Dana\0Reyes"]
    joined = _Joined(texts)
    for piece in ["Dana", "dana reyes", "Reyes", "", "a", "Dana\0", "x"]:
        assert joined.containing(piece) == [i for i, text in enumerate(texts) if piece in text], piece
    assert _Joined([]).containing("Dana") == []
