"""Pages exported from note apps (a title, then "Label: value" lines), emails pasted into notes, and the hire told
in passing: read by meaning, in words no sample uses (held-out review: a Notion export)."""

from __future__ import annotations

import datetime as dt

from assistant.casefile import same_company
from assistant.reading.properties import properties
from assistant.reading.who import domain_company
from tests.test_reading_ideas import case_of


def test_a_pages_property_lines_say_what_front_matter_would(tmp_path):
    case = case_of(tmp_path, {
        "Career change 2026 9f3e1c/Kestrel Vets 0a9b8c7d.md": "# Kestrel Vets\n\nType: Employer\nLocation: Bristol\n\n"
                                                             "Small-animal practice, three sites, good CPD budget.\n",
        "Career change 2026 9f3e1c/Ruth Adeyemi 5d4c3b2a.md": "# Ruth Adeyemi\n\n"
                                                             "Role: Head Nurse, Kestrel Vets (since 2021)\n"
                                                             "Relationship: would be my manager\n\n"
                                                             "Kind, direct. Runs the theatre rota.\n",
    })
    kinds = {r.source.rsplit("/", 1)[1]: r.kind for r in case.notes}
    assert kinds == {"Kestrel Vets 0a9b8c7d.md": "company", "Ruth Adeyemi 5d4c3b2a.md": "person"}
    [ruth] = case.people
    assert (ruth.name, ruth.company, ruth.role) == ("Ruth Adeyemi", "Kestrel Vets", "Head Nurse")


def test_a_folder_for_the_whole_search_says_no_kind_and_its_pages_are_no_openings(tmp_path):
    case = case_of(tmp_path, {
        "Job hunt autumn/Trial shift at Kestrel Vets 1c2d3e4f.md": "# Trial shift\n\nDate: 14 October 2026\n"
                                                                   "Attendees: Ruth Adeyemi\n\nWent well, long day.\n",
        "Job hunt autumn/Things I did since 6e5f4a3b.md": "# Since then\n\n- passed my anaesthesia module on 2 Nov\n",
    })
    assert case.openings == []
    [shift] = [r for r in case.notes if "Trial shift" in r.source]
    assert shift.kind != "opening"


def test_property_lines_need_a_block_and_an_emails_headers_are_no_properties():
    assert properties("# Call\n\nDate: 3 Nov 2026\nWith: Ana Lima\n\nNotes here") == {"date": "3 Nov 2026",
                                                                                       "with": "Ana Lima"}
    assert properties("Company: Orla Health\nRole: Staff Engineer\nStatus: rejected\n") == {
        "company": "Orla Health", "role": "Staff Engineer", "status": "rejected"}
    assert properties("# Call\n\nNote: she was late.\n\nThen we talked.") == {}  # one line is a sentence, no block
    assert properties("# Fwd\n\nFrom: Ana <ana@orla.example>\nTo: Me <me@mail.example>\nSubject: hi\n") == {}


def test_an_email_pasted_in_a_note_names_the_user_its_company_and_role_and_a_title_in_the_signature_is_no_company(
        tmp_path):
    case = case_of(tmp_path, {
        "applications/kestrel outcome.md": "# Outcome\n\n"
            "From: Priti Shah <p.shah@kestrelvets.example.co.uk>\n"
            "To: Dominic Evans <dom.evans@webmail.example.com>\n"
            "Sent: Friday, October 2, 2026 9:05 AM\n"
            "Subject: Your application\n\n"
            "Dear Dominic,\n\nThank you for applying for the Clinical Lead Nurse position. We have decided to offer "
            "the post to a candidate whose experience running a busy surgical list better suited our needs.\n\n"
            "Kind regards,\nPriti Shah\nRecruitment Coordinator\nKestrel Vets\n",
    })
    assert (case.profile.name, case.profile.email) == ("Dominic Evans", "dom.evans@webmail.example.com")
    [no] = case.rejections
    assert (no.company, no.date, no.role, no.gap) == ("Kestrel Vets", dt.date(2026, 10, 2), "Clinical Lead Nurse",
                                                      "running a busy surgical list")


def test_the_hire_told_in_passing_in_a_friends_note_works_where_the_user_was_turned_down_not_where_they_were(
        tmp_path):
    case = case_of(tmp_path, {
        "rejections/kestrel.md": "Kestrel Vets turned me down on 2 October 2026 for the Clinical Lead Nurse role.\n",
        "people/omar.md": "# Omar Haddad\n\nWorks at: Larkhill Animal Hospital - locum vet\n\n"
                          "Coffee on 20 Nov - he heard who got the job (Lena Fischer, was a practice manager at "
                          "Oakfield Vets, started in early November).\n",
    })
    [lena] = [p for p in case.people if p.name == "Lena Fischer"]
    assert [c.part for c in lena.parts] == ["got-the-job"]
    assert (lena.company, lena.started) == ("Kestrel Vets", dt.date(2026, 11, 1))
    [omar] = [p for p in case.people if p.name == "Omar Haddad"]
    assert (omar.company, omar.role) == ("Larkhill Animal Hospital", "locum vet")


def test_initials_stand_for_the_company_they_spell_and_domains_under_a_registry_name_their_company(tmp_path):
    assert same_company("NBC Leeds", "Northgate Building Control Leeds")
    assert same_company("NBC", "Northgate Building Control")
    assert not same_company("NBC", "Northgate Civil")
    assert not same_company("Acme", "Apex Corp")
    case = case_of(tmp_path, {
        "companies/northgate.md": "# Northgate Building Control\n\nCouncil-owned inspectors.\n",
        "people/gita.md": "Gita Rao, principal surveyor at NBC\n\nwould have been my boss; liked my sample report.\n",
    })
    [gita] = case.people
    assert (gita.company, gita.role) == ("Northgate Building Control", "principal surveyor")
    assert domain_company("hr@northgate.k12.ca.us") == "Northgate"
    assert domain_company("admin@stmarys.sch.uk") == "Stmarys"
    assert domain_company("jobs@talent.orla.example.org") == "Orla"


def test_an_email_that_names_two_companies_is_about_the_one_that_sent_it(tmp_path):
    case = case_of(tmp_path, {
        "companies/westmoor trust.md": "# Westmoor Learning Trust\n\nRuns four schools in the valley.\n",
        "companies/eastfield.md": "# Eastfield Primary\n\nOne of the trust's schools.\n",
        "mail/outcome.txt": "From: Jo Park <j.park@westmoor.example.org>\nTo: Sam Reid <sam.reid@webmail.example>\n"
                            "Subject: Deputy Head - Eastfield Primary\n\nDear Sam,\nThe panel has appointed another "
                            "candidate.\n\nJo Park\nHR Officer\nWestmoor Learning Trust\n",
    })
    [no] = case.rejections
    assert (no.company, no.role) == ("Westmoor Learning Trust", None)
    assert [h.message for r in case.notes for h in r.hints if "company" in h.message] == []


def test_a_note_typed_in_lower_case_names_the_company_of_its_folder_and_the_person_of_its_file(tmp_path):
    case = case_of(tmp_path, {
        "quillon/outcome.txt": "heard back from quillon on 9 oct - no. the recruiter said they wanted someone who "
                               "had run pricing experiments at scale. can reapply in 6 months apparently\n",
        "quillon/tomasz.txt": "tomasz wolny - head of growth @ quillon\nwould have been my manager, really nice guy\n",
        "quillon/said.txt": "tomasz said the team is hiring again in spring. maybe.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap, no.wait_months) == ("Quillon", dt.date(2026, 10, 9),
                                                             "running pricing experiments at scale", 6)
    [tomasz] = case.people
    assert (tomasz.name, tomasz.company, tomasz.role) == ("Tomasz Wolny", "Quillon", "head of growth")
    said = next(r for r in case.notes if r.source == "quillon/said.txt")
    assert said.people == []  # "tomasz said": a first name before an everyday word gets no surname


def test_a_note_with_capitals_is_left_as_written(tmp_path):
    from assistant.notes import load_notes as load
    from assistant.reading.casing import lower_case, recased

    (tmp_path / "quillon").mkdir()
    (tmp_path / "quillon" / "tomasz.txt").write_text("Tomasz Wolny runs growth at Quillon; quillon.io is the site.\n")
    [note] = load(tmp_path).notes
    assert not lower_case(note.text) and recased(note) is note
    assert lower_case("met the team at quillon today, good chat") and not lower_case("ok")


def test_a_checklist_tracker_in_the_companys_folder_gives_the_no_its_day_role_labelled_gap_and_the_team(tmp_path):
    case = case_of(tmp_path, {
        "Apps/Ostrava Rail Systems/tracker.md":
            "## Ostrava Rail Systems - Lead Signalling Engineer\n\n"
            "- [x] Applied 3/2/2026 through their portal\n"
            "- [x] Panel 4/20 with Petra Novak (Head of Signalling, Interlocking)\n"
            "- [x] Rejected 5/6\n"
            "- [ ] Ask Petra for ten minutes of feedback\n\n"
            "Weak spot: no ETCS Level 2 commissioning; the other candidate had commissioned two ETCS corridors.\n",
        "Apps/Ostrava Rail Systems/log.md": "- 6/1: Petra's team is short of people for the autumn possessions\n"
                                            "- 6/9: saw a \"Signalling Engineer – Testing\" req on their jobs page\n",
        "Apps/Ostrava Rail Systems/since.md": "What I did since:\n\n- [x] Passed the IRSE module 5 exam (5/28)\n"
                                              "- [ ] Book the ETCS course\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.role, no.gap) == ("Ostrava Rail Systems", dt.date(2026, 5, 6),
                                                      "Lead Signalling Engineer", "ETCS Level 2 commissioning")
    [petra] = case.people
    assert (petra.company, petra.role) == ("Ostrava Rail Systems", "Head of Signalling, Interlocking")
    [opening] = case.openings
    assert (opening.company, opening.title, opening.date) == ("Ostrava Rail Systems", "Signalling Engineer – Testing",
                                                              dt.date(2026, 6, 9))
    assert [(p.what, p.date) for p in case.progress] == [("Passed the IRSE module 5 exam (5/28)", dt.date(2026, 5, 28))]


def test_a_score_a_count_or_a_plan_in_a_list_is_no_date_and_no_rejection():
    import datetime as dt_

    from assistant.reading.kinds import tells_of_no
    from assistant.text import find_dates

    today = dt_.date(2026, 11, 30)
    assert [d.day for d in find_dates("- Rejected 9/15 :(", reference=today)] == [dt_.date(2026, 9, 15)]
    assert find_dates("- scored 3/4 in the mock exam", reference=today) == []
    assert find_dates("we closed 2/3 of the tickets", reference=today) == []
    assert tells_of_no("- [x] rejected on 12 Oct") and tells_of_no("Rejected today, gutted")
    assert not tells_of_no("I rejected 2 offers this year") and not tells_of_no("the rejected 3 designs")


def test_a_pasted_thread_is_the_quoted_message_from_its_writer_with_the_reason_and_no_opening_still_to_come(tmp_path):
    case = case_of(tmp_path, {
        "threads/ledgerly.md": "Thank you Priya, that's fair. I'll keep learning and would love to stay in touch.\n\n"
                               "Sam\n\n"
                               "On 3 Nov 2026, at 09:12, Priya Raman <priya.raman@ledgerly.example>\nwrote:\n"
                               "> Dear Sam,\n> You were our runner-up for the Payments Engineer post. The deciding "
                               "factor was experience operating card settlement at scale - our hire ran it at a bank.\n"
                               "> We will probably post a second payments role in spring.\n>\n"
                               "> Priya Raman\n> Engineering Manager, Ledgerly\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.role, no.gap) == ("Ledgerly", dt.date(2026, 11, 3), "Payments Engineer",
                                                      "experience operating card settlement at scale")
    assert no.red_flags == []  # the user's own kind reply is no misfit
    [priya] = case.people
    assert (priya.name, priya.company, priya.role) == ("Priya Raman", "Ledgerly", "Engineering Manager")
    assert case.openings == []


def test_a_memo_or_transcript_named_by_its_file_is_nobody():
    from assistant.reading.who import looks_like_name

    assert not looks_like_name("Voice Memo Nov") and not looks_like_name("Call Transcript Oct")
    assert looks_like_name("Nova Memon")


def test_emoji_are_list_marks_at_a_lines_start_and_decoration_elsewhere(tmp_path):
    case = case_of(tmp_path, {
        "tidewater.md": "# Tidewater Logistics 🚢\n\n"
                        "📞 3/9 call w/ Ines Carvalho (People Partner)\n"
                        "❌ 3/30 no - they went with someone with more customs brokerage depth 😞\n",
        "done.md": "# Done since 🎉\n✅ Passed the customs declarations exam (Apr 14)\n✅ Mapped our EU import flows\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.role, no.gap) == ("Tidewater Logistics", dt.date(2026, 3, 30), None,
                                                      "customs brokerage depth")
    assert [p.what for p in case.progress] == ["Passed the customs declarations exam (Apr 14)",
                                               "Mapped our EU import flows"]
    [ines] = case.people
    assert (ines.company, ines.role) == ("Tidewater Logistics", "People Partner")


def test_who_will_own_a_project_is_no_part_of_the_work(tmp_path):
    case = case_of(tmp_path, {
        "people/ravi.md": "# Ravi Kumar\n\nGot the planner job at Corvane Foods (started Oct 2026). The team is "
                          "launching a supplier scorecard programme he'll probably run.\n",
    })
    [project] = case.projects
    assert project.what == "a supplier scorecard programme"


def test_front_matter_in_the_users_own_words_says_what_the_usual_keys_would(tmp_path):
    case = case_of(tmp_path, {
        "crm/petra.md": "---\ncontact: Petra Kowalczyk\norganisation: Brindle Audio\njob_title: Head of DSP\n"
                        "how_we_met: the hiring manager for my loop\nlast-spoke: 2026-10-02\n---\n"
                        "Sharp, fair, funny.\n",
        "crm/brindle.md": "---\nfirm: Brindle Audio\noutcome: declined\ndate_of_call: 2026-09-29\n"
                          "role_applied: Audio DSP Engineer\nreason given: needed more embedded C on tiny MCUs\n---\n"
                          "Phone call from Petra.\n",
    })
    [petra] = case.people
    assert (petra.name, petra.company, petra.role, petra.relationship) == (
        "Petra Kowalczyk", "Brindle Audio", "Head of DSP", "the hiring manager for my loop")
    [no] = case.rejections
    assert (no.company, no.date, no.role, no.reason) == ("Brindle Audio", dt.date(2026, 9, 29), "Audio DSP Engineer",
                                                         "needed more embedded C on tiny MCUs")


def test_a_friend_who_tells_who_got_the_job_did_not_get_it_and_a_supportive_manager_is_liked(tmp_path):
    case = case_of(tmp_path, {
        "people/ayo.md": "# Ayo Bello\n\nWorks at: Fenwick Labs\n\nDrinks Nov 2 - he told me who got the job "
                         "(Maren Holt, started in October). Said he'd put in a good word next time.\n",
        "people/ines.md": "# Ines Okafor\n\nRole: Lab Director, Fenwick Labs\nRelationship: hiring manager\n\n"
                          "Super encouraging in the final round.\n",
    })
    parts = {p.name: sorted(c.part for c in p.parts) for p in case.people}
    assert parts == {"Ayo Bello": ["insider"], "Maren Holt": ["got-the-job"],
                     "Ines Okafor": ["hiring-manager", "manager-i-liked"]}


def test_a_spoken_memo_gives_what_was_done_lately_clause_by_clause(tmp_path):
    case = case_of(tmp_path, {
        "audio/memo 14.txt": "memo for myself, so um the big news, I passed the PRINCE2 practitioner exam yesterday "
                             "and I also started mentoring at work, and honestly I presented my old portfolio at an "
                             "interview once, that went badly.\n",
    })
    assert [p.what for p in case.progress] == ["I passed the PRINCE2 practitioner exam yesterday"]


def test_an_apple_notes_export_titles_by_a_first_name_and_honorifics_are_no_part_of_a_name(tmp_path):
    case = case_of(tmp_path, {
        "Notes/Pendle result.txt": "Pendle result\n\nCall on Tue 6 Oct from Ravi Nair in HR - not this time. They "
                                   "wanted someone with more theatre recovery experience.\n",
        "Notes/Ada.txt": "Ada\n\nDr. Ada Okoro, clinical lead at Pendle Vale Hospital. Would've been my boss. "
                         "Lovely, asked about my sepsis audit.\n",
        "Notes/Open day.txt": "Open day\n\nChatted with Dr Ada Okoro (clinical lead, Theatres) about the unit.\n",
    })
    people = {p.name: p for p in case.people}
    assert set(people) == {"Ada Okoro", "Ravi Nair"}  # "Ravi Nair in HR": the one who called, a recruiter
    ada, ravi = people["Ada Okoro"], people["Ravi Nair"]
    assert (ravi.role, ravi.has_part("recruiter")) == ("HR", True)
    assert (ada.name, ada.company) == ("Ada Okoro", "Pendle Vale Hospital")
    assert {c.part for c in ada.parts} == {"hiring-manager", "manager-i-liked"}
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Pendle Vale Hospital", dt.date(2026, 10, 6),
                                             "theatre recovery experience")


def test_dates_as_europe_writes_them_and_a_weekday_counted_back():
    from assistant.text import days_ago, find_dates

    today = dt.date(2026, 11, 30)  # a Monday
    assert [d.day for d in find_dates("Absage am 14.10.2026, call on 2026/10/20", reference=today)] == [
        dt.date(2026, 10, 14), dt.date(2026, 10, 20)]
    assert find_dates("upgraded to Python 3.11. and 3.12.1", reference=today) == []
    assert (days_ago("heard back last Friday", today), days_ago("posted yesterday", today)) == (
        dt.date(2026, 11, 27), dt.date(2026, 11, 29))
    assert days_ago("last Monday", today) == dt.date(2026, 11, 23)


def test_markdown_emphasis_and_links_are_read_as_their_words(tmp_path):
    case = case_of(tmp_path, {
        "people/contacts.md": "# Contacts at Lowmoor Wind\n\n"
            "- [Aoife Byrne](https://www.linkedin.com/in/aoife-byrne-1234/) – *Head of Asset Performance* – "
            "**hiring manager**, we really clicked\n"
            "- **Sven Dahl** (Senior Analyst) - [LinkedIn](https://linkedin.com/in/svendahl) - offered to refer me\n",
        "lowmoor.md": "## Lowmoor Wind — outcome\n\n**Date:** 2026-10-09\n**Result:** no offer\n"
                      "**Why:** *we need someone who has already "
                      "built SCADA alarm analytics*\n\nRead [their blade study](https://lowmoor.example/blades) "
                      "again before the next round.\n",
    })
    people = {p.name: (p.company, p.role, sorted(c.part for c in p.parts)) for p in case.people}
    assert people == {"Aoife Byrne": ("Lowmoor Wind", "Head of Asset Performance", ["hiring-manager",
                                                                                     "manager-i-liked"]),
                      "Sven Dahl": ("Lowmoor Wind", "Senior Analyst", ["insider"])}
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Lowmoor Wind", dt.date(2026, 10, 9), "building SCADA alarm analytics")


def test_an_employer_page_with_a_status_is_the_companys_page_not_a_second_rejection(tmp_path):
    case = case_of(tmp_path, {
        "Search 2026 7c1d/Brackenfield Trust 9e8d.md": "# Brackenfield Trust\n\nType: Employer\n"
                                                       "Status: Applied - not selected\n"
                                                       "Role: Deputy Head, Brackenfield Primary\n\n"
                                                       "## Why I want it\nStrong maths curriculum, kind culture.\n",
        "Search 2026 7c1d/Outcome 4f4f.md": "# Outcome\n\nBrackenfield Trust turned me down on 2 October 2026: they "
                                            "wanted more experience leading Ofsted inspections.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Brackenfield Trust", dt.date(2026, 10, 2),
                                             "experience leading Ofsted inspections")
    kinds = {r.source.split("/")[-1]: r.kind for r in case.notes}
    assert kinds["Brackenfield Trust 9e8d.md"] == "company"


def test_a_no_passed_on_by_an_agency_recruiter_is_the_clients_and_the_recruiter_works_at_the_agency(tmp_path):
    case = case_of(tmp_path, {
        "apps/corrin.txt": "Corrin Mutual - Actuarial Analyst (via Robert Walters)\n\n"
                           "Recruiter: Aled Price at Robert Walters\n"
                           "Met Farah Iqbal (Head of Reserving) on 2 Sept.\n"
                           "9 Sept - Aled called: the client has gone with another candidate, they need more "
                           "IFRS 17 reserving experience.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.role) == ("Corrin Mutual", dt.date(2026, 9, 9), "Actuarial Analyst")
    places = {p.name: p.company for p in case.people}
    assert places == {"Aled Price": "Robert Walters", "Farah Iqbal": "Corrin Mutual"}


def test_an_arrow_chain_is_a_list_of_steps_and_a_title_does_not_end_a_sentence(tmp_path):
    case = case_of(tmp_path, {
        "log.txt": "Halvorsen Pharma -> applied 7/2 -> panel 7/28 -> rejected 8/14\n"
                   "  why: wanted more sterile manufacturing exp\n"
                   "  HM: Dr. Ines Moreau (Head of QC, Biologics)\n"
                   "  hire: Karim Said (started Sept)\n"
                   "since -> passed the ISPE GMP exam (Oct 3) -> running my site's CAPA board\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Halvorsen Pharma", dt.date(2026, 8, 14),
                                             "sterile manufacturing experience")
    parts = {p.name: (p.company, sorted(c.part for c in p.parts), len(p.remarks)) for p in case.people}
    assert parts == {"Ines Moreau": ("Halvorsen Pharma", ["hiring-manager"], 0),
                     "Karim Said": ("Halvorsen Pharma", ["got-the-job"], 0)}  # "Said" is his name, not a remark
    assert [(g.what, g.date) for g in case.progress] == [("passed the ISPE GMP exam (Oct 3)", dt.date(2026, 10, 3)),
                                                         ("running my site's CAPA board", None)]


def test_a_month_in_brackets_after_what_was_done_dates_it():
    from assistant.text import find_dates

    today = dt.date(2026, 11, 30)
    assert [d.day for d in find_dates("- rebuilt the onboarding emails (Sept)", reference=today)] == [
        dt.date(2026, 9, 1)]
    assert find_dates("- joined the (may) reading group", reference=today) == []  # a verb, not the month


def test_a_list_of_contact_cards_gives_each_person_with_title_and_company(tmp_path):
    case = case_of(tmp_path, {
        "crm.txt": "People\n\nName: Odile Marchetti\nTitle: VP Operations\nCompany: Tessera Foods\n"
                   "Notes: chaired my panel; warm, asked about my lean work.\n\n"
                   "Name: Femi Okoro\nTitle: Recruiter\nCompany: Tessera Foods\nEmail: femi@tessera.example\n",
    })
    people = {p.name: (p.company, p.role, sorted(c.part for c in p.parts)) for p in case.people}
    assert people == {"Odile Marchetti": ("Tessera Foods", "VP Operations", ["manager-i-liked"]),
                      "Femi Okoro": ("Tessera Foods", "Recruiter", ["recruiter"])}


def test_a_first_name_met_with_in_a_journal_is_no_company(tmp_path):
    case = case_of(tmp_path, {
        "Harwick Foods.txt": "Harwick Foods\n\nMon 5 Oct: site visit with Priyanka Shah (plant manager)\n"
                             "Thu 15 Oct: final round with Priyanka, two hours\n"
                             "Tue 20 Oct: they went with an internal candidate. Priyanka wanted more HACCP "
                             "audit experience.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date) == ("Harwick Foods", dt.date(2026, 10, 20))
    assert [(p.name, p.company) for p in case.people] == [("Priyanka Shah", "Harwick Foods")]


def test_rows_pasted_from_a_spreadsheet_read_as_a_table_of_applications(tmp_path):
    case = case_of(tmp_path, {
        "tracker.txt": "Company\tRole\tStatus\tWhen\tWho\n"
                       "Fenmore Water\tAsset Planner\tRejected 2026-10-02\t\tLeah Quinn (HM)\n"
                       "Calder Rail\tPlanner\tApplied\t2026-11-01\tOwen Price (recruiter)\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.role) == ("Fenmore Water", dt.date(2026, 10, 2), "Asset Planner")
    assert {p.name: p.company for p in case.people} == {"Leah Quinn": "Fenmore Water", "Owen Price": "Calder Rail"}


def test_a_company_named_with_a_word_of_a_kind_is_that_company_and_a_heading_labels_a_list(tmp_path):
    case = case_of(tmp_path, {
        "northside.md": "## Northside Growth\n\n3 Nov: panel with Ama Boateng (Head of Paid Media)\n"
                        "17 Nov: they chose another candidate, wanted more B2B paid search experience.\n\n"
                        "## Since then\n\n- Ran a B2B search pilot for a friend's startup\n- Passed the Google Ads "
                        "search certification\n",
    })
    [no] = case.rejections
    assert (no.company, no.date) == ("Northside Growth", dt.date(2026, 11, 17))
    assert [p.what for p in case.progress] == ["Ran a B2B search pilot for a friend's startup",
                                               "Passed the Google Ads search certification"]


def test_a_heading_after_a_journals_dated_lines_ends_the_last_entry(tmp_path):
    case = case_of(tmp_path, {
        "kestrel.md": "## Kestrel Air\n\n2 Oct: panel with Jonas Lind (Head of Ops)\n"
                      "9 Oct: they went with another candidate, wanted more ETOPS planning.\n\n"
                      "## Since then\n\n- Passed the ETOPS module exam\n",
    })
    assert [(p.what, p.date) for p in case.progress] == [("Passed the ETOPS module exam", None)]  # not 9 Oct
    [no] = case.rejections
    assert (no.company, no.date) == ("Kestrel Air", dt.date(2026, 10, 9))


def test_a_one_file_note_whose_first_line_names_the_company_and_role_is_that_companys_rejection(tmp_path):
    tops = {
        "Halden Freight, logistics analyst role": ("Halden Freight", "logistics analyst"),
        "Halden Freight (Logistics Analyst)": ("Halden Freight", "Logistics Analyst"),
        "Logistics analyst at Halden Freight": ("Halden Freight", "Logistics analyst"),
    }
    for top, (company, role) in tops.items():
        folder = tmp_path / role.replace(" ", "-") / top.count(",").__str__()
        case = case_of(folder, {
            "halden.md": f"{top}\n\nFinal interview on 2 October with Ines Okafor (hiring manager).\n"
                         "Rejection email on 10 October: they picked someone with more SQL experience.\n",
        })
        [no] = case.rejections
        assert (no.company, no.role, no.date, no.gap) == (company, role, dt.date(2026, 10, 10), "SQL experience"), top
        [ines] = case.people
        assert (ines.name, ines.company) == ("Ines Okafor", "Halden Freight"), top


def test_a_terse_tracker_in_a_catch_all_folder_is_read_with_its_shorthand_and_a_shouted_title(tmp_path):
    case = case_of(tmp_path, {
        "career misc/Tidewater Ports.md": (
            "TIDEWATER PORTS - Logistics Planner\n\n"
            "- 1st chat w/Rosa Ferreira (recruiter) 8/12\n"
            "- onsite 8/30: Malik Osei (Dir. Network Planning). Malik v friendly, we talked shop about berth slots\n"
            "- 9/15 Rosa rang: they won't be moving fwd w/ me. feedback = they need someone who has managed a "
            "terminal shift team\n\n"
            "since:\n"
            "- mapped our warehouse slotting rules (finished 11/2)\n"),
    })
    [no] = case.rejections
    assert (no.company, no.date, no.role, no.gap) == (
        "Tidewater Ports", dt.date(2026, 9, 15), "Logistics Planner", "managing a terminal shift team")
    people = {p.name: p for p in case.people}
    assert set(people) == {"Rosa Ferreira", "Malik Osei"}
    malik = people["Malik Osei"]
    assert (malik.company, malik.role) == ("Tidewater Ports", "Dir. Network Planning")
    assert malik.has_part("manager-i-liked")
    assert [(p.what, p.date) for p in case.progress] == [
        ("mapped our warehouse slotting rules (finished 11/2)", dt.date(2026, 11, 2))]
    assert case.openings == []


def test_an_obsidian_vault_names_a_company_by_its_file_and_a_person_who_works_at_it(tmp_path):
    case = case_of(tmp_path, {
        "Vault/Orgs/Saltmarsh Bio.md": "#org #target\nSeries A, 40 people. Enzyme screening for food makers.\n",
        "Vault/Contacts/Imre Takacs.md": "#contact\nWorks at [[Saltmarsh Bio]] - Principal Scientist. Ran my panel.\n",
    })
    kinds = {r.source: (r.kind, r.about_company) for r in case.notes}
    assert kinds["Vault/Orgs/Saltmarsh Bio.md"] == ("company", "Saltmarsh Bio")
    assert not [h for h in case.hints if h.source == "Vault/Orgs/Saltmarsh Bio.md"]
    [imre] = case.people
    assert (imre.name, imre.company, imre.role) == ("Imre Takacs", "Saltmarsh Bio", "Principal Scientist")


def _eml(sender: str, subject: str, day: str, body: str) -> str:
    return (f"From: {sender}\nTo: Lior Ben-Ami <lior@mailbox.example>\nSubject: {subject}\nDate: {day}\n"
            f"Content-Type: text/plain; charset=\"UTF-8\"\n\n{body}")


def test_an_email_from_someone_on_the_team_who_asks_to_stay_in_touch_makes_them_worth_following_up(tmp_path):
    case = case_of(tmp_path, {
        "inbox/outcome.eml": _eml(
            "Harbourline Freight Careers <careers@myworkday-mail.example>", "Update on your application",
            "Mon, 05 Oct 2026 10:00:00 +0000",
            "Dear Lior,\n\nThank you for interviewing for the Network Planning Lead role at Harbourline Freight. We "
            "have chosen to proceed with a candidate whose background better matches the role, especially around "
            "running cross-dock operations.\n\nKind regards,\nHarbourline Freight Careers\n"),
        "inbox/re-thanks.eml": _eml(
            "Nadia Petrov <nadia.petrov@harbourline.example>", "Re: thank you", "Thu, 22 Oct 2026 18:30:00 +0000",
            "Hi Lior,\n\nThanks for the kind note. You were a strong finalist and I enjoyed our chat about lane "
            "pricing. Keep in touch - we expect to open more planning roles in the spring.\n\n"
            "Nadia\nDirector of Network Planning, Harbourline Freight\n"),
        "inbox/recruiter.eml": _eml(
            "Tom Greaves <tom.greaves@harbourline.example>", "Re: next steps", "Fri, 23 Oct 2026 09:00:00 +0000",
            "Hi Lior,\n\nHappy to keep in touch and flag anything suitable.\n\n"
            "Tom Greaves\nTalent Acquisition Partner, Harbourline Freight\n"),
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Harbourline Freight", dt.date(2026, 10, 5),
                                             "running cross-dock operations")
    people = {p.name: p for p in case.people}
    nadia, tom = people["Nadia Petrov"], people["Tom Greaves"]
    assert (nadia.role, nadia.company) == ("Director of Network Planning", "Harbourline Freight")
    assert nadia.has_part("manager-i-liked") and not tom.has_part("manager-i-liked")
    assert any("lane pricing" in r.text for r in nadia.remarks)
    assert not any(r.text == "Nadia" or "Director" in r.text for r in nadia.remarks)  # the signature is no remark


def test_a_message_passed_on_by_a_recruiter_is_what_the_manager_said_to_the_user(tmp_path):
    case = case_of(tmp_path, {
        "people/ines-duarte.md": "# Ines Duarte\n\nEngineering Manager at Corvid Rail, ran my system design round.\n",
        "inbox/update.eml": _eml(
            "Bea Moss <bea.moss@corvidrail.example>", "Your interview", "Tue, 06 Oct 2026 12:00:00 +0000",
            "Hi Lior,\n\nIt was a tough call and we went with another candidate. Ines asked me to pass on that she "
            "liked your whiteboard approach and hopes you'll apply again.\n\nBea Moss\nRecruiter, Corvid Rail\n"),
    })
    ines = next(p for p in case.people if p.name == "Ines Duarte")
    assert [r.text for r in ines.remarks] == ["said she liked my whiteboard approach and hopes I'll apply again"]


def test_paragraphs_led_by_company_names_are_read_each_about_its_company_with_its_own_flags(tmp_path):
    case = case_of(tmp_path, {
        "catch-up.txt": (
            "Notes to self, late autumn\n\n"
            "Pellham Mills: final interview on 14 September with Ines Varga, who heads procurement. Three days later "
            "the recruiter emailed: they went with someone who already knew Dynamics 365.\n\n"
            "Corbel Studio Ltd - I turned up half an hour late and was rude to the receptionist. They passed on me "
            "soon after.\n\n"
            "Since then I have finished the Dynamics 365 fundamentals course.\n\n"
            "Heard that Pellham Mills' new Ops Planner is Dev Anand, started the second week of October.\n"),
    })
    nos = {no.company: no for no in case.rejections}
    assert set(nos) == {"Pellham Mills", "Corbel Studio Ltd"}
    pellham, corbel = nos["Pellham Mills"], nos["Corbel Studio Ltd"]
    assert (pellham.date, pellham.gap, pellham.red_flags) == (dt.date(2026, 9, 17), "Dynamics 365", [])
    assert corbel.verdict == "egregious"
    people = {p.name: p for p in case.people}
    assert (people["Ines Varga"].company, people["Ines Varga"].role) == ("Pellham Mills", "head of procurement")
    dev = people["Dev Anand"]
    assert (dev.role, dev.started, dev.has_part("got-the-job")) == ("Ops Planner", dt.date(2026, 10, 1), True)

    from assistant.planner import build_plan

    plan = {c.company: c.readiness.status for c in build_plan(case, today=dt.date(2026, 11, 30)).companies}
    assert plan == {"Corbel Studio Ltd": "do-not-reapply", "Pellham Mills": "wait"}


def test_what_was_talked_over_is_a_remark_and_a_course_done_since_is_progress(tmp_path):
    case = case_of(tmp_path, {
        "people/arlo-quinn.md": "# Arlo Quinn\n\nHead of Fleet at Ridgeway Couriers. We spent hours on route "
                                "density in the final round; really liked him.\n",
        "progress/since.md": "Since then I've done the Samsara fleet analytics course.\n",
    })
    [arlo] = case.people
    assert [r.text for r in arlo.remarks] == ["talked about route density in the final round"]
    assert [p.what for p in case.progress] == ["Since then I've done the Samsara fleet analytics course"]


def test_a_log_headed_by_a_company_other_notes_name_is_no_person_and_its_terse_no_has_its_own_day(tmp_path):
    case = case_of(tmp_path, {
        "people/zoe.md": "Zoë Müller - Leiterin Data Science @ Sonnwend Kraftwerke (hiring mgr).\n",
        "people/jose.md": "José Álvarez-Ortega, senior analyst on Zoë's team. Said he'd refer me next time.\n",
        "sonnwend.md": "Sonnwend Kraftwerke\n- 2026-10-02 final round\n- 2026-10-12 rejected. Zoë said they hired "
                       "someone with more experience in power market modelling.\n",
    })
    assert [(p.name, p.company) for p in case.people] == [("José Álvarez-Ortega", "Sonnwend Kraftwerke"),
                                                          ("Zoë Müller", "Sonnwend Kraftwerke")]
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Sonnwend Kraftwerke", dt.date(2026, 10, 12),
                                             "experience in power market modelling")


def test_an_applications_file_in_company_and_role_sections_reads_each_no_and_a_quoted_reply(tmp_path):
    case = case_of(tmp_path, {
        "apps.md": (
            "# Applications, autumn\n\n"
            "## Quillfeather Press — Production Editor\n"
            "Applied Sept 3. Onsite Fri 2 Oct: met Ilse Brandt (Managing Editor).\n"
            "Tue 13 Oct — auto email: \"we will not be progressing your application\". No feedback.\n"
            "Emailed Ilse, she replied: \"You were brilliant, we needed someone who had run a journal's "
            "production end to end. Do apply again in 6 months.\"\n\n"
            "## Ashgrove Books — Editorial Assistant\n"
            "Applied Oct 6. Status: no reply.\n\n"
            "## Since then\n"
            "- copy-edited a 300-page monograph for a university press (Nov)\n"),
    })
    [no] = case.rejections
    assert (no.company, no.role, no.date, no.wait_months) == (
        "Quillfeather Press", "Production Editor", dt.date(2026, 10, 13), 6)
    assert no.gap == "running a journal's production end to end"
    [ilse] = case.people
    assert (ilse.company, ilse.role, ilse.has_part("manager-i-liked")) == (
        "Quillfeather Press", "Managing Editor", True)
    assert [p.date for p in case.progress] == [dt.date(2026, 11, 1)]


def test_a_manager_who_asks_the_user_to_stay_in_touch_is_worth_following_up_but_a_recruiter_is_not(tmp_path):
    case = case_of(tmp_path, {
        "Larkspur Foods/debrief.md": (
            "Debrief, final round 14/10\n\nPanel: Hedda Lund (Head of Category), Sam Ives (recruiter)\n\n"
            "Result (21/10): Hedda rang, it's a no; they went with someone with FMCG buying experience. She said "
            "she'd keep me in mind for the Q1 opening and asked me to stay in touch.\n"
            "Sam Ives said I should apply again and to keep in touch.\n"),
        "since.txt": "Things I've done since October\n- took on a grocery client at work, launched 20/11\n",
    })
    people = {p.name: p for p in case.people}
    assert people["Hedda Lund"].has_part("manager-i-liked")
    assert not people["Sam Ives"].has_part("manager-i-liked")
    [no] = case.rejections
    assert (no.company, no.date) == ("Larkspur Foods", dt.date(2026, 10, 21))
    assert [p.date for p in case.progress] == [dt.date(2026, 11, 20)]


def test_a_diary_of_weekday_entries_reads_the_boss_who_said_to_write_and_the_hr_contact(tmp_path):
    case = case_of(tmp_path, {
        "diary.md": (
            "Tuesday 6th October\nFinal interview at Weald Mutual for the pricing lead job. Met Oskar Lind, who "
            "would be my manager, and Priti Rao from HR.\n\n"
            "Monday 12th October\nPriti emailed. They've gone with someone else - they wanted someone with Emblem "
            "experience.\n\n"
            "Thursday 22nd October\nOskar connected on LinkedIn and said to drop him a line after Christmas.\n"),
    })
    people = {p.name: p for p in case.people}
    assert set(people) == {"Oskar Lind", "Priti Rao"}
    assert people["Oskar Lind"].has_part("manager-i-liked") and people["Oskar Lind"].has_part("hiring-manager")
    assert (people["Priti Rao"].role, people["Priti Rao"].has_part("recruiter")) == ("HR", True)
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Weald Mutual", dt.date(2026, 10, 12), "Emblem experience")
    assert no.role == "pricing lead"  # told in the entry of the interview, not the one of the no
