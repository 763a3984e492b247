"""Being turned down, read in any note: a debrief in the user's own folder, a pasted message, a final no."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.reading.parts import PartMatcher
from assistant.reading.saidno import MARGIN, THRESHOLD, NoMatcher, measure
from tests.test_reading import case_of

PHRASINGS = Path(__file__).resolve().parent / "data" / "rejection_phrasings.yaml"


def test_a_no_is_read_on_the_labelled_phrasings():
    table = measure(NoMatcher(PartMatcher(), threshold=THRESHOLD, margin=MARGIN), PHRASINGS)
    (no_p, no_r, no_n), (misfit_p, misfit_r, misfit_n) = table["no"], table["misfit"]
    assert no_n >= 25 and misfit_n >= 8
    assert no_p >= 0.9 and no_r >= 0.85, table
    assert misfit_p >= 0.9 and misfit_r >= 0.85, table


def test_a_pasted_message_and_a_diary_debrief_give_one_rejection_with_both_red_flags(tmp_path):
    case = case_of(tmp_path, {
        "logbook/tuesday.md": "Test day at Pinewood Garage, 14 May.\n\nWent badly. I turned up over an hour late "
                              "and then I argued with the foreman about torque specs.\n",
        "stuff/email-copy.txt": "copied from the Pinewood Garage office, May 19:\n\n'We feel you would not suit "
                                "how our workshop runs, and we will not consider you for future vacancies.'\n",
    })
    [rejection] = case.rejections
    assert rejection.company == "Pinewood Garage"
    assert str(rejection.date) == "2026-05-19"
    assert {f.label for f in rejection.red_flags} == {"late", "hostile exchange", "culture misfit"}
    assert rejection.verdict == "egregious"


def test_a_no_in_words_no_rule_holds_is_read_by_meaning(tmp_path):
    case = case_of(tmp_path, {
        "Harrow Dental.md": "# Harrow Dental\nSmall practice, two hygienists.\n",
        "jots/june.txt": "June 3. Harrow Dental phoned. Sadly they don't want me for the hygienist job, "
                         "they said thanks and best of luck.\n",
    })
    [rejection] = case.rejections
    assert rejection.company == "Harrow Dental" and str(rejection.date) == "2026-06-03"


def test_declining_an_offer_or_a_policy_no_is_no_rejection(tmp_path):
    case = case_of(tmp_path, {
        "jots/a.txt": "I turned down their offer from Bramble Foods, the pay was low.\n",
        "jots/b.txt": "Bramble Foods said no to remote work for everyone this year.\n",
    })
    assert case.rejections == []


@pytest.mark.parametrize("words", ["we do not see a\nculture fit here", "you would not mesh with\nhow we work"])
def test_a_misfit_across_a_line_break(tmp_path, words):
    case = case_of(tmp_path, {"jots/c.txt": f"Note from Fenwick Press, 2 April:\n{words}.\n"})
    assert [f.label for r in case.rejections for f in r.red_flags] == ["culture misfit"]


def test_a_company_note_of_bullets_a_warm_hiring_manager_and_bullet_remarks(tmp_path):
    case = case_of(tmp_path, {
        "spots/fernhill.md": "Fernhill Library - notes\n- jobs page: Digital Archivist, posted Oct 4\n"
                             "- they said the door stays open for future roles\n"
                             "- the team needs help cataloguing a donated map collection, and the archive also "
                             "needs someone to digitise parish records\n",
        "crew/odile.md": "# Odile Marchetti\nhead of collections at Fernhill Library, she'd have been my manager\n"
                         "- lovely woman, we bonded over old atlases\n"
                         "- kept asking how I'd prioritise a backlog of 4,000 boxes\n"
                         "- worried their volunteers burn out by spring\n"
                         "- cares abt: provenance, public access\n"
                         "- she'd happily mention my name to the director\n",
    })
    [opening] = case.openings
    assert (opening.title, opening.company) == ("Digital Archivist", "Fernhill Library")
    assert str(opening.date) == "2026-10-04"
    assert [p.what for p in case.projects] == ["cataloguing a donated map collection", "digitise parish records"]
    odile = next(p for p in case.people if p.name == "Odile Marchetti")
    assert {c.part for c in odile.parts} == {"hiring-manager", "manager-i-liked", "insider"}
    assert [(r.kind, r.text) for r in odile.remarks] == [
        ("asked", "asked how I'd prioritise a backlog of 4,000 boxes"),
        ("cares", "worries their volunteers burn out by spring"),
        ("cares", "cares about provenance, public access"),
    ]
    assert not [n for n in case.notes if any("nothing in it was understood" in h.message for h in n.hints)]


def test_a_company_folder_note_titled_notes_and_the_gap_without_its_comparative(tmp_path):
    case = case_of(tmp_path, {
        "firms/wexford.md": "Wexford Surveys - notes\n- jobs page: Field Surveyor, posted Sept 1\n",
        "diary/wexford.md": "Wexford Surveys phoned on 12 August: they went with another candidate.\n"
                            "Reason: they wanted stronger GIS skills, especially LiDAR processing.\n",
    })
    [rejection] = case.rejections
    assert rejection.company == "Wexford Surveys"
    assert rejection.gap == "GIS skills, especially LiDAR processing"
    assert [(o.company, o.title) for o in case.openings] == [("Wexford Surveys", "Field Surveyor")]


def test_a_pasted_message_in_a_mail_folder_is_a_rejection_without_a_contact_hint(tmp_path):
    case = case_of(tmp_path, {
        "mail-copies/otter.txt": "From the Otterbrook Farm office, 3 July:\n'We have given the herd manager post to "
                                 "another applicant.'\n",
    })
    [rejection] = case.rejections
    assert rejection.company == "Otterbrook Farm" and str(rejection.date) == "2026-07-03"
    [note] = case.notes
    assert note.hints == []
