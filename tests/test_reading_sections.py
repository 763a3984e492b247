"""A whole search kept in one file, in titled sections: each section read as a note of its own (held-out review)."""

from __future__ import annotations

import datetime as dt

from tests.test_reading_ideas import case_of

TRACKER = """# Wen Li - search tracker
wen.li@proton.me

## Lumen Analytics
Applied for Data Analyst II.
- 2/10: screen w/ Carla Diaz, recruiter
- 2/19: panel. Omar Haddad runs the insights team (would be my boss).
- 3/02: email from Carla - they went with someone who had more dbt experience.

## Lumen updates
- 4/01: posting: "Analytics Engineer" on their careers page

## Since then
- Apr: finished the dbt Fundamentals course
- shipped a dbt project for the food bank's donor reports

## People
Tom Reyes - old classmate, now a data engineer at Lumen Analytics. said he'd put in a word
"""


def test_a_tracker_in_sections_gives_the_user_people_rejection_opening_and_progress(tmp_path):
    case = case_of(tmp_path, {"search tracker.md": TRACKER})
    assert (case.profile.name, case.profile.email) == ("Wen Li", "wen.li@proton.me")
    people = {p.name: (p.company, p.role, sorted(c.part for c in p.parts)) for p in case.people}
    assert people == {"Carla Diaz": ("Lumen Analytics", "recruiter", ["recruiter"]),
                      "Omar Haddad": ("Lumen Analytics", None, ["hiring-manager"]),
                      "Tom Reyes": ("Lumen Analytics", "data engineer", ["insider"])}
    [rejection] = case.rejections
    assert (rejection.company, rejection.date, rejection.gap) == ("Lumen Analytics", dt.date(2026, 3, 2),
                                                                  "dbt experience")
    assert [(o.company, o.title, o.date) for o in case.openings] == [
        ("Lumen Analytics", "Analytics Engineer", dt.date(2026, 4, 1))]  # "Lumen updates": the same company
    assert [(g.what, g.date) for g in case.progress] == [
        ("Apr: finished the dbt Fundamentals course", dt.date(2026, 4, 1)),
        ("shipped a dbt project for the food bank's donor reports", None)]
    assert not case.hints


def test_a_banner_titled_log_names_the_user_from_their_address_and_the_hire_from_a_fragment(tmp_path):
    case = case_of(tmp_path, {"all my notes.txt": (
        "INES MOREAU\nines.moreau@posteo.net\n\n"
        "=== HALDEN WORKS ===\n"
        "Oct 2 - onsite w/ Piet Brand, plant manager (so he'd be my mgr).\n"
        "Oct 9 - HR emailed: not moving forward.\n\n"
        "=== HALDEN NEWS ===\n"
        "Nov 12 - Greta Holm now shows Process Engineer @ Halden Works since Oct. probably the hire.\n"
    )})
    assert case.profile.name == "Ines Moreau"
    people = {p.name: (p.company, sorted(c.part for c in p.parts), p.started) for p in case.people}
    assert people == {"Piet Brand": ("Halden Works", ["hiring-manager"], None),
                      "Greta Holm": ("Halden Works", ["got-the-job"], dt.date(2026, 10, 1))}
    assert [(r.company, r.date) for r in case.rejections] == [("Halden Works", dt.date(2026, 10, 9))]


def test_a_persons_note_with_headings_is_not_split_into_sections(tmp_path):
    case = case_of(tmp_path, {"people/dana.md": (
        "# Dana Reyes\nDirector of Data Platform at Northwind Analytics\n\n## Background\nLed my final interview.\n\n"
        "## Since we met\nShe said to keep in touch.\n")})
    assert [(p.name, p.role) for p in case.people] == [("Dana Reyes", "Director of Data Platform")]


def test_a_table_of_applications_gives_a_rejection_per_company_row_with_its_role_date_gap_and_people(tmp_path):
    case = case_of(tmp_path, {"tracker.md": (
        "# Where I applied\n\n"
        "| Employer | Position | Status | Notes |\n|---|---|---|---|\n"
        "| Fennick Tools | Buyer | Rejected 14/10/2026 | wanted more SAP experience; HM was Jonas Ek |\n"
        "| Orla Robotics | Planner | Interviewing | |\n"
        "| Quay Foods | Category Buyer | Declined on 2026-09-02 | |\n")})
    rejections = {r.company: (r.role, r.date, r.gap) for r in case.rejections}
    assert rejections == {"Fennick Tools": ("Buyer", dt.date(2026, 10, 14), "SAP experience"),
                          "Quay Foods": ("Category Buyer", dt.date(2026, 9, 2), None)}  # "Interviewing": no rejection
    assert [(p.name, p.company, [c.part for c in p.parts]) for p in case.people] == [
        ("Jonas Ek", "Fennick Tools", ["hiring-manager"])]


def test_what_a_sectioned_log_says_above_its_first_section_is_read_too(tmp_path):
    case = case_of(tmp_path, {"search log.md": (
        "Search log, autumn 2026\nHeard back from Dunmore Mills on 2 Oct: they went with an internal candidate.\n\n"
        "## People\nKara Lind - recruiter at Dunmore Mills\n\n## Since then\n- passed the CSCP exam\n")})
    assert [(r.company, r.date) for r in case.rejections] == [("Dunmore Mills", dt.date(2026, 10, 2))]
    assert [p.name for p in case.people] == ["Kara Lind"] and [g.what for g in case.progress] == [
        "passed the CSCP exam"]
