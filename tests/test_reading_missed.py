"""Ideas users' notes state that were missed: a first name alone, a month a few words after what was done, a role
given as a relation to a job, a pasted chat (held-out review). Each idea is tested in several wordings."""

from __future__ import annotations

import datetime as dt

from tests.test_reading_ideas import case_of


def _progress(case):
    return [(g.what, g.date) for g in case.progress]


def test_a_month_a_few_words_after_what_was_done_dates_it_in_a_list_of_wins(tmp_path):
    case = case_of(tmp_path, {"me/done.md": (
        "things since the no:\n- finished the AWS Solutions Architect cert in oct\n"
        "- shipped the returns dashboard for the warehouse team\n"
        "- Passed my CIPD level 5 exam at the end of August\n")})
    assert _progress(case) == [("finished the AWS Solutions Architect cert in oct", dt.date(2026, 10, 1)),
                               ("shipped the returns dashboard for the warehouse team", None),
                               ("Passed my CIPD level 5 exam at the end of August", dt.date(2026, 8, 1))]


def test_a_month_after_the_thing_done_is_the_last_such_month_before_the_notes_own_day(tmp_path):
    case = case_of(tmp_path, {"journal/2026-02-10.md": "Completed the Coursera ML course mid December, finally.",
                              "progress/pmp.txt": "Got my PMP back in September after two attempts.\n"})
    assert sorted(_progress(case)) == [
        ("Completed the Coursera ML course mid December, finally", dt.date(2025, 12, 1)),
        ("Got my PMP back in September after two attempts", dt.date(2026, 9, 1))]


def test_a_month_in_a_plan_after_what_was_done_is_no_date_but_a_place_between_does_not_stop_it(tmp_path):
    case = case_of(tmp_path, {"me/wins.md": "wins:\n- finished the portfolio site and will reapply in March\n"
                                            "- Sat the NEBOSH certificate in Leeds in June\n"})
    assert _progress(case) == [("finished the portfolio site and will reapply in March", None),
                               ("Sat the NEBOSH certificate in Leeds in June", dt.date(2026, 6, 1))]


def test_a_month_after_the_verb_is_read_by_the_one_date_reader():
    from assistant.text import find_dates

    today = dt.date(2026, 11, 30)
    read = {text: [d.day for d in find_dates(text, reference=today)] for text in (
        "the course wrapped up mid March", "took over the rota when Ana left in early Feb",
        "got a reply, they want to talk in January", "started learning Go, hope to finish it in March",
        "met the team who are launching in March")}
    assert read == {"the course wrapped up mid March": [dt.date(2026, 3, 1)],
                    "took over the rota when Ana left in early Feb": [dt.date(2026, 2, 1)],
                    "got a reply, they want to talk in January": [],
                    "started learning Go, hope to finish it in March": [],
                    "met the team who are launching in March": []}


def _people(case):
    return {p.name: (p.company, p.role, sorted(c.part for c in p.parts)) for p in case.people}


def test_a_hiring_manager_for_a_role_has_that_part_and_the_role_is_the_one_applied_for(tmp_path):
    case = case_of(tmp_path, {
        "Kestrel Cloud/people.md": "Dana Wu, hiring manager for the Analytics Lead role. Very sharp.\n",
        "Kestrel Cloud/no.md": "Got the no from Kestrel on 3 Nov. Went with someone with more Looker experience.",
    })
    assert _people(case) == {"Dana Wu": ("Kestrel Cloud", "hiring manager", ["hiring-manager"])}
    assert [(r.company, r.role) for r in case.rejections] == [("Kestrel Cloud", "Analytics Lead")]


def test_a_recruiter_for_a_position_in_brackets_works_where_the_no_came_from(tmp_path):
    case = case_of(tmp_path, {"tessaro.md": "Tessaro Foods turned me down on 12 Oct\n"
                                            "- Leo Park (recruiter for the Category Buyer position) called me\n"
                                            "- he said the panel liked me\n"})
    assert _people(case) == {"Leo Park": ("Tessaro Foods", "recruiter", ["recruiter"])}
    assert [(r.company, r.role) for r in case.rejections] == [("Tessaro Foods", "Category Buyer")]


def test_the_hm_on_a_req_in_another_note_names_the_role_of_the_no(tmp_path):
    case = case_of(tmp_path, {
        "Kestrel Cloud/bo.md": "Bo Chen - the HM on the Platform Engineer req. said I was close.\n",
        "Kestrel Cloud/outcome.md": "They said no on 4 Nov, went with someone internal.\n",
        "people/mia.md": "Mia Lund, Head of Talent for the Nordics at Sorla Bank.\n",
    })
    assert _people(case) == {"Bo Chen": ("Kestrel Cloud", "HM", ["hiring-manager"]),
                             "Mia Lund": ("Sorla Bank", "Head of Talent for the Nordics", [])}  # a title, no relation
    assert [(r.company, r.role) for r in case.rejections] == [("Kestrel Cloud", "Platform Engineer")]


def test_a_first_name_from_a_team_is_the_person_another_note_names_in_full_at_that_company(tmp_path):
    case = case_of(tmp_path, {
        "Brightwell Health/people.md": "Priya Nair - head of operations at Brightwell Health\n",
        "Brightwell Health/standup.md": "Quick chat at the careers fair. Priya from ops said the team is growing "
                                        "and they need more planners.\n",
    })
    [priya] = case.people
    assert (priya.name, priya.company, priya.role) == ("Priya Nair", "Brightwell Health", "head of operations")
    assert sorted(priya.sources) == ["Brightwell Health/people.md", "Brightwell Health/standup.md"]


def test_a_first_name_with_a_role_in_brackets_or_after_per_is_someone_at_the_notes_company(tmp_path):
    case = case_of(tmp_path, {
        "log.md": "coffee w/ Sam (recruiter) on Tue. he said the req reopens in Jan.\n",
        "Ortega Rail/update.txt": "Per Jonas, the role closes Friday. Applied anyway.\n",
        "Fenner Foods/loop.md": "Onsite went ok. Bea, the plant manager, showed me the line; she would be my boss.\n",
    })
    people = _people(case)
    assert (people["Sam"], people["Jonas"]) == ((None, "recruiter", ["recruiter"]), ("Ortega Rail", None, []))
    assert people["Bea"][:2] == ("Fenner Foods", "plant manager") and "hiring-manager" in people["Bea"][2]
    assert len(people) == 3


def test_a_message_that_greets_someone_by_first_name_is_a_contact_with_them(tmp_path):
    case = case_of(tmp_path, {"mail/to-marta.txt": "Hi Marta,\n\nThanks for the call today about the planner role.\n"
                                                    "\nBest,\nOla\n"})
    assert [p.name for p in case.people] == ["Marta"]
    assert [t.with_ for t in case.touches] == ["Marta"]
    assert not case.hints


def test_a_capitalised_word_where_a_first_name_could_stand_is_nobody(tmp_path):
    case = case_of(tmp_path, {
        "Acme Corp/no.md": "Acme said no on 3 Nov. Management said they froze hiring.\n"
                           "Saw on LinkedIn that the team is growing. Monday call went fine, Feedback from HR was "
                           "short.\nMet Priya Shah at the meetup.\n",
        "misc/budget.md": "SREcon Europe in Dublin is the likely pick; Google said my account was fine.\n",
        "misc/home.md": "Mum said I should apply again. Glassdoor says the culture is good.\n"
                        "Learned Tableau (analyst tool) last week. Everybody said the panel was tough.\n",
    })
    assert [p.name for p in case.people if " " not in p.name] == []


def _said(person):
    return [r.text for r in person.remarks]


def test_a_linkedin_chat_tells_the_speakers_apart_and_the_managers_encouragement_makes_her_worth_a_follow_up(tmp_path):
    case = case_of(tmp_path, {"Vell Labs/linkedin.md": (
        "Marta Silva  10:42 AM\nThanks for reaching out! I was on the panel for your interview.\n"
        "I'd like to see you apply again when the senior role opens.\n\n"
        "Ola Nowak  10:50 AM\nThank you Marta, that means a lot. I'm working on my SQL skills.\n")})
    [marta] = case.people  # Ola Nowak, whom Marta writes to about "your interview", is the user
    assert (marta.name, marta.company, [c.part for c in marta.parts]) == ("Marta Silva", "Vell Labs",
                                                                         ["manager-i-liked"])
    assert marta.relationship == "I was on the panel for your interview."  # she interviewed the user
    assert _said(marta) == ["said Marta was on the panel for my interview",  # a letter says "you were"
                            "said Marta would like to see me apply again when the senior role opens"]
    assert [t.with_ for t in case.touches] == ["Marta Silva"]


def test_a_slack_paste_with_the_users_own_lines_never_reads_them_as_the_other_persons(tmp_path):
    case = case_of(tmp_path, {"messages/slack.txt": (
        "[14:02] Marta: hey, saw your note\n[14:03] Me: thanks for getting back to me, you were great on the panel\n"
        "[14:05] Marta: honestly you were our second choice, would love to see you apply again\n")})
    [marta] = case.people
    assert (marta.name, [c.part for c in marta.parts]) == ("Marta", ["manager-i-liked"])
    assert _said(marta) == ["said honestly I was their second choice, would love to see me apply again"]  # no "hey"
    assert marta.relationship is None  # "you were great on the panel" is the user's line


def test_a_whatsapp_export_gives_the_managers_part_the_chats_day_and_keeps_the_users_promise(tmp_path):
    case = case_of(tmp_path, {"Halden Ports/whatsapp.txt": (
        "12/11/2026, 19:04 - Tomás Ruiz: Hey! I'm the hiring manager for the ops role, sorry it didn't work out\n"
        "12/11/2026, 19:06 - You: Thanks Tomás, I'd love to stay in touch and I will send you my capstone\n"
        "12/11/2026, 19:07 - Tomás Ruiz: Definitely, keep in touch\n")})
    [tomas] = case.people
    assert (tomas.name, sorted(c.part for c in tomas.parts)) == ("Tomás Ruiz", ["hiring-manager", "manager-i-liked"])
    assert [(t.with_, t.date) for t in case.touches] == [("Tomás Ruiz", dt.date(2026, 11, 12))]
    assert [p.what for p in case.promises] == ["send you my capstone"]


def test_a_text_thread_with_me_lines_reads_the_friends_offer_and_nothing_the_user_wrote(tmp_path):
    case = case_of(tmp_path, {
        "Orla Foods/sms.txt": "Me: any news on the analyst role?\nJo: sadly they went with someone internal. I can "
                              "put in a word for you next time though\nMe: thank you! I'd love to apply again\n",
        "Brisk Freight/chat.md": "Me: Hi Leon, I'm keen to apply again and I was on the panel for the hackathon\n"
                                 "Leon: Thanks. We filled the role, good luck.\nMe: understood\n",
        "notes/status.md": "Status: rejected\nRole: Analyst\nHM: Nadia Bauer\nNote: follow up in Jan\n",
    })
    people = {p.name: p for p in case.people}
    assert sorted(people) == ["Jo", "Leon", "Nadia Bauer"]  # no "Me", no "Status"
    assert "insider" in [c.part for c in people["Jo"].parts]
    assert not any("apply again" in r.text for r in people["Jo"].remarks)
    assert (people["Leon"].parts, people["Leon"].relationship) == ([], None)
    assert _said(people["Leon"]) == ["said they filled the role, good luck"]


def test_first_names_said_by_what_they_told_or_where_they_sit_with_their_own_words_as_remarks(tmp_path):
    case = case_of(tmp_path, {
        "Zalo Health/log.md": "Lunch with Aoife from the data team - she said they're hiring a senior analyst in Q1.\n",
        "Zalo Health/hr.md": "Spoke to Kwame (HR) today; he said feedback takes 2 weeks.\n",
        "Zalo Health/misc.md": "According to Mei, the team is reorganising.\nDinner with Tom. He's a PM there now.\n",
    })
    people = {p.name: (p.company, p.role, [r.text for r in p.remarks]) for p in case.people}
    assert people == {"Aoife": ("Zalo Health", None, ["said they're hiring a senior analyst in Q1"]),
                      "Kwame": ("Zalo Health", "HR", ["said feedback takes 2 weeks"]),
                      "Mei": ("Zalo Health", None, []), "Tom": ("Zalo Health", None, [])}
    # a bare name's part is read by the rules only: "(HR)" is Kwame's job, so recruiting is his part
    assert {p.name: [c.part for c in p.parts] for p in case.people if p.parts} == {"Kwame": ["recruiter"]}


def test_a_relation_to_a_job_written_as_a_label_before_the_name(tmp_path):
    case = case_of(tmp_path, {
        "Pell Freight/people.md": "HM for the Data Lead role: Dana Wu\nrecruiter - Paul Otieno\n",
        "Pell Freight/no.md": "Pell Freight turned me down on 2 Nov.\n",
    })
    assert _people(case) == {"Dana Wu": ("Pell Freight", "HM", ["hiring-manager"]),
                             "Paul Otieno": ("Pell Freight", "recruiter", ["recruiter"])}
    assert [(r.company, r.role) for r in case.rejections] == [("Pell Freight", "Data Lead")]


def test_linkedin_headers_in_other_shapes_and_the_chat_apps_own_lines(tmp_path):
    case = case_of(tmp_path, {
        "Vell Labs/li.md": "Marta Silva (She/Her)\n10:42 AM\nThanks for reaching out! I was on the panel for your "
                           "interview.\n\nYou\n10:50 AM\nThanks Marta!\n",
        "Brightline/li2.md": "Hugo Lind sent the following messages at 10:42 AM\nView Hugo’s profile\n"
                             "Happy to refer you for the next opening, send me your CV.\n"
                             "Ola Nowak sent the following messages at 10:50 AM\nThank you so much!\n",
    })
    people = {p.name: (p.role, sorted(c.part for c in p.parts), [r.text for r in p.remarks]) for p in case.people}
    assert people == {"Marta Silva": (None, [], ["said Marta was on the panel for my interview"]),
                      "Hugo Lind": (None, ["insider", "manager-i-liked"],
                                    ["said happy to refer me for the next opening, send Hugo my CV"])}


def test_labelled_lines_and_a_days_schedule_are_no_chat(tmp_path):
    case = case_of(tmp_path, {
        "prep/acme.md": "Pros: good culture\nCons: long commute\nMe: nervous but ok\n",
        "log/tue.md": "Standup 9:30\ndiscussed the roadmap\nDebrief 4:00 PM\nwent well\n",
        "prep/q.md": "Q: Tell me about yourself\nA: I'm a data analyst with 5 years...\nQ: Why us?\nA: mission\n",
    })
    assert case.people == [] and case.touches == []


def test_a_pasted_reply_that_writes_to_the_candidate_is_a_contact_with_its_signer_not_with_the_user(tmp_path):
    case = case_of(tmp_path, {
        "Veld Systems/emails/reply.md": "Hi Ola,\n\nThank you for your interest. We decided to go with another "
                                        "candidate.\n\nBest regards,\nMarta\n",
        "mail/to-tomas.txt": "Dear Tomas,\nGreat to meet you at the open day. I attached the case study.\n"
                             "Cheers - Ola\n",
    })
    assert sorted((p.name, p.company) for p in case.people) == [("Marta", "Veld Systems"), ("Tomas", None)]
    assert sorted(t.with_ for t in case.touches) == ["Marta", "Tomas"]


def test_a_first_name_with_a_role_is_the_full_name_the_note_gives_and_a_label_or_a_dash_says_who_speaks(tmp_path):
    case = case_of(tmp_path, {
        "Corvane Labs/debrief.md": "- spoke w/ Ingrid, eng manager - said the bar for system design is high\n"
                                   "- Ingrid Solberg is the EM for data platform\n",
        "Kestrel Cloud/notes.txt": "Asked Noor whether they sponsor visas -- Noor says yes for senior roles.\n"
                                   "Told Dev I'd send the deck. Dev = their analytics lead.\n",
        "notes/2026-10-03.md": "Quick sync with Rafa from Talent. He mentioned the role is on hold until Q1.\n",
    })
    people = {p.name: (p.company, p.role) for p in case.people}
    assert people == {"Ingrid Solberg": ("Corvane Labs", "eng manager"), "Noor": ("Kestrel Cloud", None),
                      "Dev": ("Kestrel Cloud", "analytics lead"), "Rafa": (None, None)}
    [noor] = [p for p in case.people if p.name == "Noor"]
    assert not [r for r in noor.remarks if r.text.startswith("asked")]  # the user asked Noor


def test_a_whatsapp_stamp_on_a_24_hour_clock_writes_the_day_first_and_a_month_after_a_talk_dates_it(tmp_path):
    case = case_of(tmp_path, {
        "Nordlys Energy/wa.txt": "[03/11/2026, 18:22:10] Ingrid Solberg: Hi! I was your interviewer for the second "
                                 "round\n[03/11/2026, 18:23:01] Ola Nowak: Hi Ingrid, thanks for reaching out\n"
                                 "[03/11/2026, 18:25:44] Ingrid Solberg: You were very close. Glad to refer you.\n",
        "me/progress.md": "- presented the inventory model to leadership in late October\n- finally got my CSCP cert "
                          "mid-Sept\n",
    })
    [ingrid] = case.people
    assert (ingrid.relationship, [(t.with_, t.date) for t in case.touches]) == (
        "I was your interviewer for the second round", [("Ingrid Solberg", dt.date(2026, 11, 3))])
    assert [g.date for g in case.progress] == [dt.date(2026, 10, 1), dt.date(2026, 9, 1)]


def test_a_first_name_at_a_company_joins_the_one_full_name_whose_company_no_note_gives_and_tools_are_nobody(tmp_path):
    case = case_of(tmp_path, {
        "people/priya-nair.md": "Priya Nair - head of ops\nMet at a meetup, very open.\n",
        "Brightwell Health/standup.md": "Priya from ops said the team is growing. Workday says my application is "
                                        "under review.\n",
    })
    assert [(p.name, p.company, sorted(p.sources)) for p in case.people] == [
        ("Priya Nair", "Brightwell Health", ["Brightwell Health/standup.md", "people/priya-nair.md"])]


def test_one_first_name_in_several_notes_about_a_company_is_one_person_there(tmp_path):
    case = case_of(tmp_path, {
        "Litware Labs/call.md": "Call with Aisha on Tue, she said the team is hiring.\n",
        "log/oct.md": "Aisha said Litware Labs is restructuring the data team.\n",
        "Northwind Analytics/x.md": "Aisha said they're growing the platform group.\n",
    })
    assert sorted((p.name, p.company, len(p.sources)) for p in case.people) == [
        ("Aisha", "Litware Labs", 2), ("Aisha", "Northwind Analytics", 1)]


def test_a_first_name_two_people_at_its_company_share_stays_apart_and_its_note_says_why(tmp_path):
    case = case_of(tmp_path, {
        "Litware Labs/people.md": "- Aisha Chen, data engineer\n- Aisha Novak, hiring manager\n",
        "Litware Labs/call.md": "Call with Aisha on Tue, she said the team is hiring.\n",
    })
    assert sorted(p.name for p in case.people) == ["Aisha", "Aisha Chen", "Aisha Novak"]
    assert [h.message for h in case.hints if h.source == "Litware Labs/call.md"] == [
        '"Aisha" could be Aisha Chen or Aisha Novak (Litware Labs): write the full name']


def test_a_contact_note_that_names_one_person_by_first_name_is_a_contact_with_the_full_name(tmp_path):
    case = case_of(tmp_path, {
        "people/rosa-kim.md": "Rosa Kim - staff engineer at Kestrel Logistics\n",
        "interactions/coffee-with-rosa.txt": "Coffee with Rosa, early October.\nShe says the platform team is "
                                             "stretched and hiring again in the new year.\n",
    })
    assert [t.with_ for t in case.touches] == ["Rosa Kim"]
    [rosa] = case.people
    assert "interactions/coffee-with-rosa.txt" in rosa.sources and not case.hints


def test_a_text_thread_of_two_full_names_taking_turns_is_a_chat_but_a_list_of_names_and_roles_is_not(tmp_path):
    case = case_of(tmp_path, {
        "Vell Labs/sms.md": "Marta Silva: thanks for applying, you were close\nOla Nowak: thanks Marta!\n"
                            "Marta Silva: keep in touch, I'll flag you for the next opening\n",
        "people/list.md": "Dana Reyes: VP Sales\nSam Okafor: recruiter\nDana Reyes: met twice\n",
        "Kestrel Cloud/p.md": "Dana Wu (HM for Analytics Lead) - direct, fair.\n",
        "Kestrel Cloud/no.md": "They went with someone internal on 3 Nov.\n",
    })
    people = {p.name: (p.role, sorted(c.part for c in p.parts)) for p in case.people}
    assert people == {"Marta Silva": (None, ["insider", "manager-i-liked"]), "Dana Reyes": ("VP Sales", []),
                      "Sam Okafor": ("recruiter", ["recruiter"]), "Dana Wu": ("HM", ["hiring-manager"])}
    assert [(r.company, r.role) for r in case.rejections] == [("Kestrel Cloud", "Analytics Lead")]
    assert [t.with_ for t in case.touches] == ["Marta Silva"]  # Ola Nowak, told "you were close", is the user


def test_a_follow_up_to_someone_known_from_a_pasted_chat_says_their_words_back_to_them(home, cli):
    folder = home / "knowledge" / "Vell Labs"
    folder.mkdir(parents=True)
    (folder / "linkedin.md").write_text(
        "Marta Silva  10:42 AM\nThanks for reaching out! I was on the panel for your interview.\n"
        "I would like to see you apply again when the senior role opens.\n\nOla Nowak  10:50 AM\nThank you Marta!\n",
        encoding="utf-8")
    (folder / "no.md").write_text("Vell Labs turned me down on 12 Oct.\n", encoding="utf-8")
    result = cli("draft", "follow-up", "--to", "Marta", "--model", "offline")
    assert result.exit_code == 0, result.output
    assert "you said you were on the panel for my interview" in " ".join(result.stdout.split())
    assert "Ola" not in result.stdout.split("Sources")[0].replace("Hi Marta", "")
