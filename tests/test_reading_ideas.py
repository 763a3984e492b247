"""Ideas real notes state in their own words, read inside whole untyped notes (issue 9, held-out review)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.labelled_notes import read_labelled

TODAY = dt.date(2026, 11, 30)


def case_of(folder: Path, files: dict[str, str]):
    """The case file of these notes (name -> text) written under `folder`, read as of TODAY."""
    return read_labelled(folder, {"files": files}, TODAY)


def test_an_opening_seen_on_a_job_board_in_a_log_note_has_its_title_date_and_company(tmp_path):
    case = case_of(tmp_path, {
        "log/november.md": "Quiet week.\n\n- 11/3: gym, then laundry\n"
                           "- 11/4: noticed Harlow Foods has a QA Technician opening on LinkedIn, up since Oct 28\n"
                           "- 11/5: called mum\n",
        "research/harlow.txt": "Harlow Foods\n\nFamily-owned bakery group, three sites around Leeds.\n",
    })
    [opening] = case.openings
    assert (opening.title, opening.date, opening.company) == ("QA Technician", dt.date(2026, 10, 28), "Harlow Foods")
    assert opening.ground.source == "log/november.md"


def test_a_gap_said_as_a_comparison_with_the_one_they_chose(tmp_path):
    case = case_of(tmp_path, {
        "debriefs/corvid.txt": "Heard back from Corvid Freight on 14 October - it's a no.\n"
                               "Feedback call was short. They went with someone whose background in cold-chain "
                               "logistics was a closer match.\n",
    })
    [rejection] = case.rejections
    assert (rejection.company, rejection.gap) == ("Corvid Freight", "cold-chain logistics")


def test_a_team_that_wants_outside_help_is_a_project_of_the_persons_company(tmp_path):
    case = case_of(tmp_path, {
        "contacts/mara.txt": "Mara Quist, head of operations at Lindenhof Kitchens\n"
                             "She said they could use a hand with the spring stocktake, nobody has time to do it.\n",
    })
    [project] = case.projects
    assert (project.what, project.company, project.need) == ("the spring stocktake", "Lindenhof Kitchens", True)


def test_a_casual_offer_to_recommend_makes_an_insider_and_a_role_named_in_passing_does_not_stick(tmp_path):
    case = case_of(tmp_path, {
        "crew/ines.txt": "Ines Barros joined Tarrant Civil as site engineer - we did our NVQ together.\n"
                         "She said she'd put a word in for me with Dominic if anything opens up again.\n",
        "crew/jonas.txt": "Jonas Weber, technical recruiter at Tarrant Civil\n"
                          "Jonas scheduled the loop. He said feedback is shared only by the hiring manager.\n",
    })
    parts = {p.name: sorted(c.part for c in p.parts) for p in case.people}
    assert parts["Ines Barros"] == ["insider"]
    assert parts["Jonas Weber"] == ["recruiter"]


def test_a_table_of_contacts_reads_like_a_list_of_them_with_roles_and_company(tmp_path):
    case = case_of(tmp_path, {
        "Quarry/people.md": "Contacts at Quarry Systems\n\n"
                            "| Who | Title | What I know |\n|:---|:---:|---|\n"
                            "| Imke Sorensen | VP Product | would have been my boss; very direct |\n"
                            "| Tobias Grant | Recruiter | ran the process, sends updates on Fridays |\n",
        "Quarry/no.txt": "From: Quarry Careers <careers@quarrysystems.io>\nTo: me\nSubject: Your application\n\n"
                         "We will not be moving forward with your application.\n",
    })
    people = {p.name: (p.company, p.role, sorted(c.part for c in p.parts)) for p in case.people}
    assert people == {"Imke Sorensen": ("Quarry Systems", "VP Product", ["hiring-manager"]),
                      "Tobias Grant": ("Quarry Systems", "Recruiter", ["recruiter"])}
    assert [r.company for r in case.rejections] == ["Quarry Systems"]  # careers@quarrysystems.io, split at "systems"


def test_a_list_of_what_the_user_did_filed_in_their_own_folder_is_progress_not_a_second_profile(tmp_path):
    case = case_of(tmp_path, {
        "me/about.md": "Jo Hale, project coordinator. jo.hale@example.net\n",
        "me/lately.txt": "things I've done\n- passed the CAPM exam in Oct 2026\n- mentoring two juniors on our team\n"
                         "- still need: budget ownership\n",
    })
    assert case.profile.name == "Jo Hale"
    assert [(g.what, g.date) for g in case.progress] == [
        ("passed the CAPM exam in Oct 2026", dt.date(2026, 10, 1)), ("mentoring two juniors on our team", None)]
    assert not [h for h in case.hints if h.source == "me/lately.txt"]


def test_the_one_they_picked_is_the_hire_with_a_start_month_said_without_a_year(tmp_path):
    case = case_of(tmp_path, {
        "Vantor Build/notes.md": "Site visit went well, but the candidate they picked was Lotte Brandt "
                                 "(she joined in September as Site Lead).\n",
    })
    [hire] = case.people
    assert (hire.name, hire.role, hire.started, [c.part for c in hire.parts]) == (
        "Lotte Brandt", "Site Lead", dt.date(2026, 9, 1), ["got-the-job"])


def test_a_gap_said_as_what_the_user_has_not_done_is_the_thing_itself(tmp_path):
    case = case_of(tmp_path, {
        "outcomes/ridgeback.md": "Ridgeback Energy said no on 3 Nov. Feedback: good technical depth but I have "
                                 "never managed a field crew.\n",
        "outcomes/halden.md": "Halden Water turned me down on 9 Oct - strong interview, but I didn't have enough "
                              "SCADA exposure.\n",
    })
    assert sorted((r.company, r.gap) for r in case.rejections) == [
        ("Halden Water", "SCADA exposure"), ("Ridgeback Energy", "managing a field crew")]


def test_a_folder_named_like_a_person_but_with_an_organisation_word_is_the_company_not_the_caller(tmp_path):
    case = case_of(tmp_path, {
        "Marlow Farms/screen.md": "Phone screen with Ivo Brandt, talent partner. He said they decided to go with "
                                  "an internal candidate. 12 Nov.\n",
    })
    [rejection] = case.rejections
    assert (rejection.company, rejection.date) == ("Marlow Farms", dt.date(2026, 11, 12))
    assert [(p.name, p.company) for p in case.people] == [("Ivo Brandt", "Marlow Farms")]


def test_a_relation_said_in_the_brackets_after_a_role_is_a_part_not_part_of_the_role(tmp_path):
    case = case_of(tmp_path, {
        "people/loop.md": "Met Odile Brun (Plant Manager, would have been my boss) on the site tour.\n",
        "people/ravi.md": "Ravi Menon - Head of Quality, the one I'd report to. Calm, precise.\n",
    })
    people = {p.name: (p.role, sorted(c.part for c in p.parts)) for p in case.people}
    assert people == {"Odile Brun": ("Plant Manager", ["hiring-manager"]),
                      "Ravi Menon": ("Head of Quality", ["hiring-manager"])}


def test_a_relation_in_brackets_belongs_to_its_person_when_a_panel_names_two(tmp_path):
    case = case_of(tmp_path, {
        "log.md": "Onsite at Corvane Labs. Panel: Yusuf Adeyemi (Engineering Lead, would be my\n"
                  "manager) and Rhea Kaur (data scientist).\n",
    })
    parts = {p.name: sorted(c.part for c in p.parts) for p in case.people}
    assert parts["Yusuf Adeyemi"] == ["hiring-manager"]
    assert "hiring-manager" not in parts.get("Rhea Kaur", [])


def test_how_long_they_said_to_wait_is_read_and_the_users_own_plan_is_not(tmp_path):
    case = case_of(tmp_path, {
        "outcomes/vell.md": "Vell Dynamics turned me down on 2 Nov. Their policy is a 12-month cooling-off period.\n",
        "outcomes/ostra.md": "Ostra Foods said no on 5 Nov. I will reapply in 3 weeks when the new req opens.\n",
    })
    waits = {r.company: (r.wait_months, r.wait_ground.quote if r.wait_ground else None) for r in case.rejections}
    assert waits == {"Vell Dynamics": (12, "Their policy is a 12-month cooling-off period."),
                     "Ostra Foods": (None, None)}


def test_a_journal_entry_that_tells_what_the_user_started_doing_is_progress_but_a_call_taken_is_not(tmp_path):
    case = case_of(tmp_path, {
        "diary.md": "## 4 Oct 2026\nTook the call from Pell Marine's recruiter. They went with an internal "
                    "candidate; they wanted more evidence of leading vendor audits.\n\n"
                    "## 21 Oct 2026\nStarted mentoring two apprentices at the yard. Also had coffee with Sam.\n",
    })
    assert [(g.what, g.date) for g in case.progress] == [
        ("Started mentoring two apprentices at the yard", dt.date(2026, 10, 21))]
    assert [(r.company, r.gap) for r in case.rejections] == [("Pell Marine", "leading vendor audits")]


def test_terse_notes_with_labels_and_saved_emails_only_still_give_the_user_people_and_progress(tmp_path):
    case = case_of(tmp_path, {
        "scratch.txt": "corvane labs - platform role\n"
                       "HM = Nadia Bauer. sharp, wants someone who can own the build system end to end\n"
                       "recruiter: Theo Lind\n"
                       "rejected 3/10\n\n"
                       "wins since:\n+ passed the CKA exam\n+ placed 2nd in the internal hackathon\n",
        "mail/nadia.eml": "From: Nadia Bauer <n.bauer@corvanelabs.io>\nTo: Ola Nowak <ola.nowak@mail.example>\n"
                          "Date: Mon, 12 Oct 2026 09:00:00 +0000\nSubject: Re: thanks\n\n"
                          "Ola - thanks, good to hear from you. Let's talk again in spring.\nNadia\n",
    })
    assert (case.profile.name, case.profile.email) == ("Ola Nowak", "ola.nowak@mail.example")  # whom mail came to
    people = {p.name: (p.company, sorted(c.part for c in p.parts)) for p in case.people}
    assert people["Nadia Bauer"] == ("Corvane Labs", ["hiring-manager"])  # "HM = Nadia Bauer"; her address
    assert [g.what for g in case.progress] == ["passed the CKA exam", "placed 2nd in the internal hackathon"]


def test_a_terse_list_line_does_not_swallow_the_next_but_wrapped_prose_is_joined():
    from assistant.text import note_sentences

    terse = "met the team, wants someone who owns the pipeline end to end\nrec = Ana\nrejected 3/10"
    assert note_sentences(terse) == [
        "met the team, wants someone who owns the pipeline end to end", "rec = Ana", "rejected 3/10"]
    wrapped = ("The panel liked my design review but wanted to see more hands-on work with the\n"
               "warehouse team. Next time I will bring a case study from the pilot line.")
    assert note_sentences(wrapped) == [
        "The panel liked my design review but wanted to see more hands-on work with the warehouse team.",
        "Next time I will bring a case study from the pilot line."]


def test_a_note_apps_links_tags_and_daily_notes_are_read_as_plain_words_tags_and_days(tmp_path):
    case = case_of(tmp_path, {
        "journal/2026-09-21.md": "Panel at [[companies/Brisk Freight|Brisk Freight]] today.\n"
                                 "Met [[Lior Ben-David]] - he runs linehaul planning and would be my manager.\n",
        "journal/2026-10-02.md": "#rejection\n[[Brisk Freight]] went with a candidate with more TMS experience.\n",
        "people/Lior Ben-David.md": "#manager-i-liked\nHead of Linehaul, Brisk Freight.\n",
    })
    [rejection] = case.rejections
    assert (rejection.company, rejection.date) == ("Brisk Freight", dt.date(2026, 10, 2))  # the daily note's day
    [lior] = case.people
    assert (lior.name, lior.role, lior.company) == ("Lior Ben-David", "Head of Linehaul", "Brisk Freight")
    assert sorted(c.part for c in lior.parts) == ["hiring-manager", "manager-i-liked"]  # by words, and by its tag


def test_a_pasted_chat_with_the_manager_is_a_rejection_with_the_gap_their_hire_had_and_his_teams_project(tmp_path):
    case = case_of(tmp_path, {
        "Quillon Pay/chat with ines.txt": (
            "Ines Duarte\nHead of Platform at Quillon Pay\nNov 3, 2026\n\n"
            "Ines Duarte  10:02 AM\nSorry the outcome wasn't what you hoped. The other candidate had run a\n"
            "PCI audit end to end, and that tipped it.\n\n"
            "Ines Duarte  10:20 AM\nWe're also trying to move our card vault onto managed HSMs next year.\n")})
    [rejection] = case.rejections
    assert (rejection.company, rejection.date, rejection.role, rejection.gap) == (
        "Quillon Pay", dt.date(2026, 11, 3), None, "running a PCI audit end to end")
    assert [(p.name, p.role, p.company) for p in case.people] == [("Ines Duarte", "Head of Platform", "Quillon Pay")]
    assert [p.what for p in case.projects] == ["move our card vault onto managed HSMs next year"]


def test_a_note_named_after_a_company_a_daily_notes_day_and_an_opening_still_to_come(tmp_path):
    case = case_of(tmp_path, {
        "Orrin Motors.md": "EV drivetrains, ~400 people. Their new Tallinn plant needs test engineers.\n",
        "days/2026-10-20.md": "Orrin Motors said no today. They went with someone with more HIL testing.\n"
                              "Their lead said they will open a second test role in spring.\n",
        "days/2026-11-02.md": "Passed the ISTQB Foundation exam today.\n",
    })
    assert [(r.company, r.date) for r in case.rejections] == [("Orrin Motors", dt.date(2026, 10, 20))]
    assert case.openings == []  # "will open ... in spring": none to apply for yet
    assert [(g.what, g.date) for g in case.progress] == [("Passed the ISTQB Foundation exam today",
                                                          dt.date(2026, 11, 2))]
    [company_note] = [r for r in case.notes if r.source == "Orrin Motors.md"]
    assert (company_note.about_company, company_note.hints) == ("Orrin Motors", [])


def test_names_with_apostrophes_second_capitals_and_accents_are_people_and_a_wanted_skill_is_no_project(tmp_path):
    case = case_of(tmp_path, {
        "contacts/list.md": "- Aoife McNamara (Head of Pricing, Corrig Insurance) - would be my manager\n"
                            "- Ciarán O'Neill (recruiter, Corrig Insurance) - ran the process\n"
                            "- Łukasz D'Amato - ex-colleague, now an analyst at Corrig Insurance. "
                            "Offered to refer me.\n",
        "corrig.txt": "3 Nov 2026 - Corrig Insurance went with an internal candidate; they needed someone with "
                      "GLM pricing experience.\n",
    })
    parts = {p.name: sorted(c.part for c in p.parts) for p in case.people}
    assert parts == {"Aoife McNamara": ["hiring-manager"], "Ciarán O'Neill": ["recruiter"],
                     "Łukasz D'Amato": ["insider"]}
    assert case.projects == []  # "someone with GLM pricing experience" is the gap, not work to help with
