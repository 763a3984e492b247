"""Notes written as plain prose and quick lists, in words no sample uses (held-out review: a phone-call log, a
"people I met" list, a Notion-style tracker, a weekday journal)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.text import find_dates
from tests.test_reading_ideas import case_of


def _parts(case, name):
    [person] = [p for p in case.people if p.name == name]
    return sorted(c.part for c in person.parts), person.company


def test_a_line_led_by_a_name_and_a_dash_is_about_that_person_to_its_end(tmp_path):
    case = case_of(tmp_path, {
        "interviews/no from tallis.md": "Tallis Foods said no to me for the buyer job on 2 Nov.\n",
        "who i met.txt": "Tallis Foods people\n\n"
                         "Ines Varga – category director. Chaired the final. So welcoming, we compared notes on "
                         "cold-chain audits. She asked me to stay in touch.\n"
                         "Piet Mol – sat in on the case study. Quiet.\n",
    })
    assert _parts(case, "Ines Varga") == (["manager-i-liked"], "Tallis Foods")
    # "Quiet." says no part of Piet's, and Ines's words are not his
    assert [p.parts for p in case.people if p.name == "Piet Mol"] in ([], [[]])


def test_someone_in_brackets_at_a_company_names_the_company_that_said_no_and_the_role_in_lowercase(tmp_path):
    case = case_of(tmp_path, {
        "calls/friday call.txt": "phone call from Bea (people partner @ Marlowe Health), fri 9 oct\n"
                                 "- not going ahead, I didn't get the data analyst job\n"
                                 "- they picked someone with more Epic reporting experience\n",
    })
    [no] = case.rejections
    assert (no.company, no.role, no.date) == ("Marlowe Health", "data analyst", dt.date(2026, 10, 9))
    assert no.gap == "Epic reporting experience"
    assert _parts(case, "Bea") == (["recruiter"], "Marlowe Health")


def test_a_file_of_a_companys_news_is_that_companys_note_not_a_person(tmp_path):
    case = case_of(tmp_path, {
        "marlowe updates.md": "Marlowe Health opened a second clinic in Hove on 3 Nov; they are hiring analysts.\n",
    })
    [note] = case.notes
    assert (note.kind, note.about_company, note.about_person) == ("company", "Marlowe Health", None)
    assert case.people == []


def test_an_item_dated_before_a_dash_is_progress_on_that_day(tmp_path):
    case = case_of(tmp_path, {
        "done lately.md": "sep 30 - passed the Epic Clarity data model exam\n"
                          "18 Oct – reworked my portfolio around two reporting projects\n",
    })
    assert sorted((p.date, p.what) for p in case.progress) == [
        (dt.date(2026, 9, 30), "sep 30 - passed the Epic Clarity data model exam"),
        (dt.date(2026, 10, 18), "18 Oct – reworked my portfolio around two reporting projects"),
    ]


def test_a_journal_entry_dates_the_no_by_the_day_its_words_give(tmp_path):
    case = case_of(tmp_path, {
        "diary.txt": "Tuesday, November 10\n\n"
                     "Quiet day. On the 6th Omar, the warehouse manager at Pell & Reed, rang to say they had gone "
                     "with an internal candidate for the shift lead job. He said he would love to see me apply "
                     "again in spring.\n\n"
                     "Thursday, November 19\n\n"
                     "Lunch with Kezia, who works at Pell & Reed in payroll. Offered to put in a word when the "
                     "next shift lead job comes up.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date) == ("Pell & Reed", dt.date(2026, 11, 6))
    assert _parts(case, "Omar")[0] == ["manager-i-liked"]
    assert _parts(case, "Kezia") == (["insider"], "Pell & Reed")


def test_a_sentence_about_her_after_a_sentence_about_someone_is_theirs(tmp_path):
    case = case_of(tmp_path, {
        "ashgrove.md": "# Ashgrove Trust - outcome\n\nAshgrove Trust turned me down on 4 Nov for the fundraising "
                       "officer post.\n\nI met Hanna Kowalski, the head of development, at the final. Hanna was sharp "
                       "and funny. I'd love to work for her one day.\n",
    })
    parts, company = _parts(case, "Hanna Kowalski")
    assert "manager-i-liked" in parts and company == "Ashgrove Trust"


def test_a_feedback_section_of_kind_words_gives_way_to_the_sentence_that_gives_the_reason(tmp_path):
    case = case_of(tmp_path, {
        "applications/ashgrove.md": "# Ashgrove Trust\n\nStatus: rejected 4 Nov 2026\n\n## Notes\n"
                                    "They chose someone with more legacy giving experience.\n\n"
                                    "## Feedback\nRosa: \"Hanna rated you highly, honestly it was tight.\"\n",
    })
    [no] = case.rejections
    assert no.reason == "They chose someone with more legacy giving experience."
    assert no.gap == "legacy giving experience"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("On the 14th Lena called me", dt.date(2026, 10, 14)),
        ("nothing since the 21st, sadly", dt.date(2026, 9, 21)),  # later than the 18th: last month's
        ("on the 31st they wrote", dt.date(2026, 8, 31)),  # September has no 31st
        ("the 3rd round was the hardest", None),
        ("on the 2nd floor of their office", None),
    ],
)
def test_a_day_of_the_month_alone_is_the_latest_such_day(text, day):
    found = find_dates(text, reference=dt.date(2026, 10, 18))
    assert (found[0].day if found else None) == day


def test_a_log_kept_as_a_table_of_dated_rows_is_progress(tmp_path):
    case = case_of(tmp_path, {
        "growth.md": "| When | Done | Comment |\n|---|---|---|\n"
                     "| Sep 14 2026 | Passed the NEBOSH general certificate | first try |\n"
                     "| 2 Oct 2026 | Mentored two new site leads | |\n",
    })
    assert sorted((p.date, p.what) for p in case.progress) == [
        (dt.date(2026, 9, 14), "Sep 14 2026: Passed the NEBOSH general certificate; first try"),
        (dt.date(2026, 10, 2), "2 Oct 2026: Mentored two new site leads"),
    ]


def test_what_the_user_was_asked_about_their_own_plans_is_no_project_of_the_team(tmp_path):
    case = case_of(tmp_path, {
        "applications/corvid.md": "# Corvid Labs\n\nStatus: withdrawn\n\nThe panel lead asked whether I was "
                                  "planning to move abroad next year. The lab is trying to automate its sample "
                                  "intake and is short on people.\n",
    })
    assert [p.what for p in case.projects] == ["automate its sample intake"]


def test_a_company_dossier_titled_by_the_company_reads_its_sections_as_that_companys(tmp_path):
    case = case_of(tmp_path, {
        "Harrow Pharma.md": "# Harrow Pharma\n\n"
                            "## Timeline\n- 2026-07-30 applied for Regulatory Affairs Manager\n"
                            "- 2026-09-02 declined. Reason: they hired someone with more EU MDR submissions\n\n"
                            "## People\n"
                            "- **Lotte Brandt**, Director of Regulatory. Would have been my boss. Brilliant, we "
                            "debated MDR timelines for an hour. Told me to stay in touch.\n"
                            "- **Omar Aziz**, Senior Scientist. Led my technical round.\n"
                            "- **Elif Demir**, the person they hired\n\n"
                            "## Since\n- Passed the RAPS RAC-Devices exam\n- EU MDR masterclass certificate, "
                            "finished Oct 30\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Harrow Pharma", dt.date(2026, 9, 2), "EU MDR submissions")
    assert {p.company for p in case.people} == {"Harrow Pharma"}
    assert _parts(case, "Lotte Brandt")[0] == ["hiring-manager", "manager-i-liked"]
    assert _parts(case, "Elif Demir")[0] == ["got-the-job"]
    assert sorted(p.what for p in case.progress) == ["EU MDR masterclass certificate, finished Oct 30",
                                                       "Passed the RAPS RAC-Devices exam"]
    assert [n.kind for n in case.notes if n.about_company == "Timeline"] == []


def test_a_no_written_in_a_second_language_is_read_for_its_day_role_gap_and_hire(tmp_path):
    case = case_of(tmp_path, {
        "mine/answer.txt": "03.11 mail from Vestby Marine: I not get the job (Procurement Analyst). Reason - no "
                           "hands on SAP Ariba exp. They took other guy, Lars Eide, he work there as temp before.\n",
        "mine/henrik.txt": "HM Henrik Aas (Procurement, Vestby Marine) v friendly, he say new position maybe "
                           "in spring. Told me write him in March.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.role) == ("Vestby Marine", dt.date(2026, 11, 3), "Procurement Analyst")
    assert no.gap == "hands on SAP Ariba experience"
    assert _parts(case, "Lars Eide")[0] == ["got-the-job"]
    assert _parts(case, "Henrik Aas") == (["hiring-manager", "manager-i-liked"], "Vestby Marine")


def test_a_managers_reply_that_weighs_the_user_against_another_finalist_is_a_no_and_a_question_is_no_reason(
        tmp_path):
    case = case_of(tmp_path, {
        "mail/Re: your interview.eml": "From: Dario Conti <dario@tessera.example.com>\n"
                                       "To: Me <me@mail.example.com>\nDate: Mon, 9 Nov 2026 11:00:00 +0000\n"
                                       "Subject: Re: your interview\n\n"
                                       "Hi,\n\nIt was a hard decision between you and the other finalist. He had "
                                       "more experience leading warehouse automation rollouts.\n\nDario\n\n"
                                       "> Thanks for the call. Is there any feedback you could share?\n",
    })
    [no] = case.rejections
    assert no.company == "Tessera"
    assert no.gap == "experience leading warehouse automation rollouts"
    assert "?" not in (no.reason or "")


def test_what_the_user_is_doing_now_is_progress(tmp_path):
    case = case_of(tmp_path, {
        "lately.txt": "- since sept doing the Google data analytics course, module 5 now\n"
                      "- helping a local charity with their donor database (2h a week)\n",
    })
    assert sorted(p.what for p in case.progress) == [
        "helping a local charity with their donor database (2h a week)",
        "since sept doing the Google data analytics course, module 5 now"]


def test_notes_kept_about_the_user_in_the_third_person_name_the_company_and_the_gap(tmp_path):
    case = case_of(tmp_path, {
        "coaching/session 3.md": "Session, 12 Nov 2026\n\nJo was rejected by Amberley Housing for the Tenancy "
                                 "Officer role on 2 Nov. Feedback: good rapport with residents, but she lacked "
                                 "experience handling rent arrears cases.\n",
    })
    [no] = case.rejections
    assert (no.company, no.role, no.date) == ("Amberley Housing", "Tenancy Officer", dt.date(2026, 11, 2))
    assert no.gap == "experience handling rent arrears cases"


def test_a_spoken_memo_dated_by_its_file_name(tmp_path):
    case = case_of(tmp_path, {
        "memos/memo 9 nov.txt": "right so um got the call today from Copperleaf Events, they went with someone "
                                "else for the event producer job. the recruiter Ama Boateng said it was close and "
                                "the other candidate had more festival production experience. um Grace Obi the "
                                "head of live events was really lovely, she said to reach out in the spring because "
                                "they are planning a bigger season.\n",
        "memos/memo 20 nov.txt": "so since then I ran the logistics for a 3,000-person charity fun run.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Copperleaf Events", dt.date(2026, 11, 9),
                                             "festival production experience")
    assert _parts(case, "Grace Obi") == (["manager-i-liked"], "Copperleaf Events")
    [done] = case.progress
    assert done.what == "so since then I ran the logistics for a 3,000-person charity fun run"


def test_a_chat_saved_under_a_linkedin_folder_with_its_header_names_the_speakers_company(tmp_path):
    case = case_of(tmp_path, {
        "LinkedIn/tomas.txt": "Tomas Berg\nHead of Data at Vandra\n\n"
                              "Tomas Berg  9:12 AM\nSorry it was a no this time. You were a strong finalist, and "
                              "I'd love to stay in touch.\n\n"
                              "Ines Ferreira  9:30 AM\nThank you, Tomas. I enjoyed the case study round a lot.\n",
        "vandra.txt": "Vandra said no on 3 Nov (Analytics Engineer). They wanted more dbt at scale.\n",
        "me.md": "Ines Ferreira - ines.ferreira@example.com\n",
    })
    [tomas] = case.people
    assert (tomas.name, tomas.company, tomas.role) == ("Tomas Berg", "Vandra", "Head of Data")
    assert [c.part for c in tomas.parts] == ["manager-i-liked"]
    [no] = case.rejections
    assert (no.company, no.role, no.date) == ("Vandra", "Analytics Engineer", dt.date(2026, 11, 3))
    assert [n.kind for n in case.notes if n.source == "LinkedIn/tomas.txt"] == ["interaction"]


def test_a_title_line_with_the_ward_after_the_role_and_a_labelled_list_of_things_done(tmp_path):
    case = case_of(tmp_path, {
        "Lakeside Infirmary.txt": "Lakeside Infirmary - Band 5 Staff Nurse, Renal Unit\n"
                                  "Interview 2nd Sept with Matron Eve Doyle.\n"
                                  "Outcome 15 Sept: unsuccessful on this occasion, they chose a candidate with "
                                  "more dialysis experience.\n",
        "since/growth.txt": "Done since the interview:\n"
                            "- 4 weeks shadowing on the dialysis unit (finished 20 Oct)\n"
                            "- IV therapy module, then passed on 4 Nov\n"
                            "- [ ] renal nursing course (starts Jan)\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Lakeside Infirmary", dt.date(2026, 9, 15), "dialysis experience")
    assert sorted((p.date, p.what) for p in case.progress) == [
        (dt.date(2026, 10, 20), "4 weeks shadowing on the dialysis unit (finished 20 Oct)"),
        (dt.date(2026, 11, 4), "IV therapy module, then passed on 4 Nov")]


def test_a_tradesperson_s_notes_in_their_own_words(tmp_path):
    case = case_of(tmp_path, {
        "work/search.txt": "Went for the HGV mechanic job at Dunmore Haulage. Trial shift on 9 Sept with the "
                           "workshop manager Kev Doyle, sound bloke, showed me round the bays. Kev rang on the "
                           "14th, they took a lad with his MOT tester licence already. Kev said to give him a "
                           "bell in the new year.\n\n"
                           "Booked the MOT tester course, passed it 20/11.\n\n"
                           "My mate Shona works at Dunmore in the parts office.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Dunmore Haulage", dt.date(2026, 9, 14), "MOT tester licence")
    assert _parts(case, "Kev Doyle")[0] == ["manager-i-liked"]
    assert _parts(case, "Shona") == (["insider"], "Dunmore Haulage")
    assert [(p.date, p.what) for p in case.progress] == [
        (dt.date(2026, 11, 20), "Booked the MOT tester course, passed it 20/11")]


def test_an_html_email_from_a_manager_signed_with_her_team_is_from_the_company_of_her_address(tmp_path):
    from email.message import EmailMessage

    mail = EmailMessage()
    mail["From"] = "Noor Aziz <noor.aziz@fenwick-labs.example.com>"
    mail["To"] = "Kit Lane <kit.lane@example.org>"
    mail["Date"] = "Thu, 12 Nov 2026 16:00:00 +0000"
    mail["Subject"] = "Re: thanks"
    mail.set_content("<html><body><p>Hi Kit,</p><p>You were a really strong finalist and I&#39;d love to stay in "
                     "touch.</p><p>Noor<br>Head, Assay Development</p></body></html>", subtype="html")
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "Re_ thanks.eml").write_bytes(bytes(mail))
    case = case_of(tmp_path, {"me.md": "Kit Lane - kit.lane@example.org\n"})
    [noor] = case.people
    assert (noor.name, noor.company, noor.role) == ("Noor Aziz", "Fenwick Labs", "Head, Assay Development")
    assert [c.part for c in noor.parts] == ["manager-i-liked"]


def test_a_reflection_exported_from_a_word_processor(tmp_path):
    case = case_of(tmp_path, {
        "Kelso Water debrief.txt": "Debrief - Kelso Water\n\n**Role:** Leakage Analyst\n"
                                   "**Date of interview:** Tuesday 8th September\n"
                                   "**Outcome:** No - call from Petra Lind on Monday 21st September\n\n"
                                   "What went well\n\t•\tGot on with Hamish Reid (Network Manager) - we compared "
                                   "notes on pressure logging and he said he'd like to keep in touch\n\n"
                                   "What to improve\n\t•\tThey wanted more hands-on acoustic logging (Petra said "
                                   "this tipped it)\n\n"
                                   "Since then\n\t•\tCompleted the acoustic leak detection course on 2nd November\n",
    })
    [no] = case.rejections
    assert (no.company, no.role, no.date) == ("Kelso Water", "Leakage Analyst", dt.date(2026, 9, 21))
    assert no.gap == "hands-on acoustic logging"
    assert _parts(case, "Hamish Reid") == (["manager-i-liked"], "Kelso Water")
    assert [(p.date, p.what) for p in case.progress] == [
        (dt.date(2026, 11, 2), "Completed the acoustic leak detection course on 2nd November")]


def test_a_label_line_for_someone_by_their_first_name_is_about_them_to_its_end(tmp_path):
    case = case_of(tmp_path, {
        "Job hunt/Tarn Robotics.md": "# Tarn Robotics\n\nApplied: 2026-08-03 (Test Engineer)\n"
                                     "Rejected: 2026-09-30, went with an internal transfer\n\n"
                                     "- [x] thank-you note to Rosa Lindqvist (sent 10/2)\n\n"
                                     "Rosa = hiring manager. Generous with her time, we clicked over test rigs.\n",
    })
    assert _parts(case, "Rosa Lindqvist") == (["hiring-manager", "manager-i-liked"], "Tarn Robotics")


def test_a_tracker_saved_as_comma_separated_values_is_read_row_by_row(tmp_path):
    case = case_of(tmp_path, {
        "tracker.txt": "Company,Role,Applied,Status,Contact,Notes\n"
                       "Harlow Mills,Production Planner,2026-08-04,Rejected 2026-09-22,Idris Said (Ops Director),"
                       "\"liked Idris a lot, he said to reapply in spring\"\n"
                       "Corran Ltd,Scheduler,2026-08-20,Interviewing,,second round 12/10\n",
    })
    [no] = case.rejections
    assert (no.company, no.role, no.date, no.reason) == ("Harlow Mills", "Production Planner",
                                                          dt.date(2026, 9, 22), None)
    assert _parts(case, "Idris Said") == (["manager-i-liked"], "Harlow Mills")


def test_a_list_of_people_written_name_at_company(tmp_path):
    case = case_of(tmp_path, {
        "contacts.md": "## ppl\n- Ana Ruiz @ Vireo — eng mgr, super helpful, said ping her in Jan\n"
                       "- Tom Becker @ Vireo — recruiter\n"
                       "- Process Engineer @ Vireo — the job I want next\n",
    })
    assert {p.name: (p.company, [c.part for c in p.parts]) for p in case.people} == {
        "Ana Ruiz": ("Vireo", ["manager-i-liked"]), "Tom Becker": ("Vireo", ["recruiter"])}


def test_a_civil_service_application_and_a_panel_chairs_feedback(tmp_path):
    case = case_of(tmp_path, {
        "applications/cabinet.txt": "Office for National Statistics - SEO Data Adviser (ref 77120)\n\n"
                                    "Interview 10 Sept, panel: Joy Mensah (G7, panel chair), Alan Pike (HEO).\n"
                                    "Result 1 Oct: not successful.\n"
                                    "Joy's feedback on the call: needed a clearer example of leading a team.\n"
                                    "She was really encouraging and said to apply again in the spring round.\n",
    })
    [no] = case.rejections
    assert (no.company, no.role, no.date) == ("Office for National Statistics", "SEO Data Adviser",
                                              dt.date(2026, 10, 1))
    assert _parts(case, "Joy Mensah") == (["manager-i-liked"], "Office for National Statistics")


def test_a_barristers_pupillage_file_in_sections_per_chambers(tmp_path):
    case = case_of(tmp_path, {
        "Pupillage applications.md": "# Pupillage applications\n\n## Ashworth Chambers\nSecond round 4 Aug. "
                                     "Email 19 Aug: no offer this year. Feedback: advocacy needed more structure.\n\n"
                                     "## Tenby Chambers\nPaper sift only, rejected 2 Jul.\n\n"
                                     "## Since\n- Won the Gray's Inn moot (Oct 2026)\n",
    })
    assert sorted((r.company, r.date) for r in case.rejections) == [
        ("Ashworth Chambers", dt.date(2026, 8, 19)), ("Tenby Chambers", dt.date(2026, 7, 2))]
    assert [p.what for p in case.progress] == ["Won the Gray's Inn moot (Oct 2026)"]


def test_an_academic_application_names_the_university_and_a_referee(tmp_path):
    case = case_of(tmp_path, {
        "fellowships/glasgow.md": "Fellowship application, University of Glasgow (School of Physics), Research "
                                  "Associate in Photonics\n\nInterviewed 03.09.2026 by Prof. Ewan Ross (PI).\n"
                                  "Email on 21.09.2026: they offered the post to a candidate with more "
                                  "ultrafast laser experience.\n"
                                  "Ewan was lovely, told me he'd be happy to write me a reference.\n",
        "since.md": "- 2026.10.12: submitted a paper on frequency combs to Optica\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("University of Glasgow", dt.date(2026, 9, 21),
                                             "ultrafast laser experience")
    assert _parts(case, "Ewan Ross") == (["insider", "manager-i-liked"], "University of Glasgow")
    assert [(p.date, p.what) for p in case.progress] == [
        (dt.date(2026, 10, 12), "2026.10.12: submitted a paper on frequency combs to Optica")]


def test_a_school_and_its_district_are_one_campaign(tmp_path):
    from assistant.casefile import same_company

    assert same_company("Maple Ridge Public Schools", "Maple Ridge Elementary")
    assert same_company("Riverside NHS Trust", "Riverside Infirmary")
    assert not same_company("Maple Ridge Schools", "Maple Ridge Marina")
    assert not same_company("Maple Schools", "Maple Ridge Middle")
    case = case_of(tmp_path, {
        "district/no.md": "# Maple Ridge Public Schools\n\nMaple Ridge Public Schools turned me down on 2 Oct for the "
                          "Assistant Principal post.\n",
        "people/dev.md": "Dev Sharma, principal at Maple Ridge Elementary. Would have been my boss; I liked him "
                         "a lot.\n",
    })
    from assistant.planner import build_plan

    # the school's principal is planned in the district's campaign, as the district said no
    plan = build_plan(case, today=dt.date(2026, 11, 30))
    [company] = plan.companies
    assert "Dev Sharma" in {step.to for step in company.steps}


def test_notes_filed_by_day_and_company_and_a_role_to_go_for_later(tmp_path):
    case = case_of(tmp_path, {
        "Interviews/2026-09-14 Lumen Audio final.md": "Final round for Sound Designer. Panel: Ida Berg (Audio "
                                                      "Director). Ida and I really hit it off over foley.\n",
        "Interviews/2026-09-21 Lumen Audio outcome.md": "Ida called. They went with an internal candidate. She "
                                                        "wants me to apply for the Senior Sound Designer role when it "
                                                        "opens in spring.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.role) == ("Lumen Audio", dt.date(2026, 9, 21), None)
    assert _parts(case, "Ida Berg") == (["manager-i-liked"], "Lumen Audio")


def test_someone_who_pushed_for_the_user_would_speak_for_them():
    from assistant.reading.parts import rule_part

    assert rule_part("she fought hard for me in the debrief") == ("insider", "fought hard for me")
    assert rule_part("Bea pushed for me") == ("insider", "pushed for me")
    assert rule_part("I pushed for a decision by Friday") is None


def test_a_debrief_kept_as_questions_and_answers(tmp_path):
    case = case_of(tmp_path, {
        "calls/debrief with recruiter.md": "Debrief call with Ayo Bankole (recruiter, Marrow & Finch), 12 Nov\n\n"
                                           "Q: why not me?\n"
                                           "A: the other finalist had run a warehouse of 200+ staff; I've run 60.\n\n"
                                           "Q: would they see me again?\n"
                                           "A: yes - Ines Costa (the hiring manager) rated me highly and wants to "
                                           "see me for the next Site Manager vacancy.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Marrow & Finch", dt.date(2026, 11, 12),
                                             "running a warehouse of 200+ staff")
    assert _parts(case, "Ines Costa") == (["hiring-manager", "manager-i-liked"], "Marrow & Finch")


def test_a_reply_quoted_across_sentences_is_read_to_its_closing_quote(tmp_path):
    case = case_of(tmp_path, {
        "tarn.md": "# Tarn Bio\n\nTarn Bio turned me down on 3 Nov for the QA Lead role.\n\nI emailed Rhoda Kerr "
                   "(the hiring manager) to thank her. She replied: \"Thanks for the kind note. It was a close call. "
                   "We would love to see you apply again next year.\" Then I heard nothing from the recruiter, "
                   "Sam Okafor, who said I should keep in touch.\n",
    })
    assert _parts(case, "Rhoda Kerr")[0] == ["hiring-manager", "manager-i-liked"]


def test_a_one_page_summary_with_the_outcome_in_a_bold_label(tmp_path):
    case = case_of(tmp_path, {
        "Fenmore Bank.md": "# Fenmore Bank — Risk Analyst\n\n"
                           "**Applied:** 1 Sept · **Final:** 20 Sept (Tomasz Wolak, Head of Risk; Ana Pires, TA)\n"
                           "**Outcome:** 30 Sept — no. Tomasz said they needed someone with more IFRS 9 modelling.\n\n"
                           "Tomasz — genuinely lovely, said \"come back to us next year\".\n",
        "Carrow Ltd.md": "# Carrow Ltd\n\n**Status:** no news yet\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.gap) == ("Fenmore Bank", dt.date(2026, 9, 30), "IFRS 9 modelling")
    assert sorted(p.name for p in case.people) == ["Ana Pires", "Tomasz Wolak"]  # no "Pires" alone


def test_a_list_of_nos_one_line_a_company(tmp_path):
    case = case_of(tmp_path, {
        "job stuff/outcomes.txt": "Outcomes this autumn\n"
                                  "- Pellham Mills (Shift Supervisor) — rejected 9/12, went with an internal hire\n"
                                  "- Arden Foods — no reply after the final\n"
                                  "- Castle & Hart (Operations Lead) — rejected 10/3, wanted more lean experience\n",
    })
    assert sorted((r.company, r.role, r.date) for r in case.rejections if r.date) == [
        ("Castle & Hart", "Operations Lead", dt.date(2026, 10, 3)),
        ("Pellham Mills", "Shift Supervisor", dt.date(2026, 9, 12))]
    [castle] = [r for r in case.rejections if r.company == "Castle & Hart"]
    assert castle.gap == "lean experience"


def test_a_reflective_note_names_who_said_no_mid_sentence_and_gives_no_reason_it_does_not_have(tmp_path):
    case = case_of(tmp_path, {
        "thoughts.md": "It's been a month since Marlow Transit said no (Oct 20) and I've stopped checking my email.\n\n"
                       "I froze on the timetabling question. Ines Roy, who would've been my manager, was kind about "
                       "it and said she'd be glad to talk again in the new year if I want feedback on my prep.\n\n"
                       "Since then I've practised weekly with a friend, and I finished the GTFS data course on "
                       "Nov 18.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date, no.reason) == ("Marlow Transit", dt.date(2026, 10, 20), None)
    assert _parts(case, "Ines Roy") == (["hiring-manager", "manager-i-liked"], "Marlow Transit")
    assert [(p.date, p.what) for p in case.progress] == [
        (dt.date(2026, 11, 18), "I finished the GTFS data course on Nov 18")]


def test_a_diary_page_titled_by_its_month_dates_entries_by_weekday_and_day(tmp_path):
    case = case_of(tmp_path, {
        "diary/2026/September.md": "# September\n\n"
                                   "**Tue 8** — Final at Ostrava Rail for Signalling Engineer.\n\n"
                                   "**Fri 18** — Email from Ostrava Rail: they went with an internal candidate.\n\n"
                                   "**Wed 30** — Passed the IRSE module 3 exam.\n",
    })
    [no] = case.rejections
    assert (no.company, no.date) == ("Ostrava Rail", dt.date(2026, 9, 18))
    assert [(p.date, p.what) for p in case.progress] == [
        (dt.date(2026, 9, 30), "Wed 30 — Passed the IRSE module 3 exam")]
