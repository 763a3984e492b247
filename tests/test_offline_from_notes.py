"""The offline writer on notes written in the user's own words: a company note's need, an insider's own offer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assistant.notes import load_notes
from assistant.offline import compose
from assistant.offline.render import offer_to_you
from assistant.reading import read_case_file

NOTES = {
    "about-me.md": "I'm Lucía Ferrer, a veterinary nurse in Bath.\n",
    "stuff/harbourside.txt": "Harbourside Animal Hospital\n\n24-hour referral hospital near Bristol.\n"
                             "Owen's team is trying to bring in nurse-led triage for walk-in emergencies and is short "
                             "on people to train it.\n",
    "folks/new-hire.txt": "# Callum Reid\n\nThe one they took instead of me. Started on 9/2 at Harbourside Animal "
                          "Hospital.\n",
    "folks/bea.txt": "Bea Lindqvist\nICU nurse at Harbourside Animal Hospital. We trained together.\n"
                     "When I told her about the no, she said she'd happily mention my name to Owen next time a post "
                     "comes up.\n",
    "after/outcome.txt": "Harbourside Animal Hospital said no on July 22nd. They went with someone whose background "
                         "in overnight ICU work was a closer match.\n",
    "stuff/icu.txt": "10/14: I finished the advanced critical care nursing module, central lines and ventilators.\n",
}


def case_of(folder: Path, notes: dict[str, str] = NOTES):
    for name, text in notes.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return read_case_file(load_notes(folder), today=dt.date(2026, 11, 30))


def test_a_consultant_offer_uses_the_company_notes_need_when_the_hires_note_has_none(tmp_path):
    case = case_of(tmp_path)
    callum = next(p for p in case.people if p.name == "Callum Reid")
    letter = compose(case, "consultant-offer", callum)
    assert "the team needs help with bringing in nurse-led triage for walk-in emergencies" in letter.body
    assert letter.grounds["project"] == ["stuff/harbourside.txt"]
    assert letter.warning is None


def test_a_referral_request_recalls_the_insiders_own_offer(tmp_path):
    case = case_of(tmp_path)
    bea = next(p for p in case.people if p.name == "Bea Lindqvist")
    letter = compose(case, "referral-request", bea)
    assert "you said you would happily mention my name to Owen next time a post comes up" in letter.body
    assert letter.grounds["their_offer"] == ["folks/bea.txt"]
    assert "if Bea offered to refer you" not in (letter.warning or "")


def test_an_offer_is_said_back_to_the_person_who_made_it():
    assert offer_to_you("- said she'd ping Marcus w/ my name when the next seat opens", name="Jen Ko") == (
        "you said you would ping Marcus with my name when the next seat opens")
    assert offer_to_you("happy to vouch", name="Kofi Mensah") == "you said you were happy to vouch"
    assert offer_to_you("Kofi reckons he can talk me up to the practice owner", name="Kofi Mensah") == (
        "you said you could talk me up to the practice owner")
    assert offer_to_you("she'd go to bat for me with the board, she said", name="Ana Lima") == (
        "you said you would go to bat for me with the board")
    assert offer_to_you("friend on the inside at Acme", name="Ana Lima") is None
    assert offer_to_you("She said your portfolio was thin", name="Ana Lima") is None


def test_a_colleagues_note_of_what_the_team_needs_is_work_the_hire_can_be_offered(tmp_path):
    notes = {
        "contacts/helen.txt": "Helen Park - head of learning at Fenwick Science Museum\nThe post would have reported "
                              "to her. She said they could use a hand with the new activity packs for the Saturday "
                              "family workshops, nobody on the team has time to write them.\n",
        "contacts/new-hire.txt": "# Priya Shah\n\nGot the job I went for at Fenwick Science Museum. Started on "
                                 "1 October.\n",
        "wins.txt": "- 3 Nov: finished the Engaging Audiences in Museums short course\n"
                    "- 20 Oct: ran a Saturday outreach workshop for 40 families\n",
    }
    case = case_of(tmp_path, notes)
    priya = next(p for p in case.people if p.name == "Priya Shah")
    letter = compose(case, "consultant-offer", priya)
    assert "the team needs help with the new activity packs for the Saturday family workshops." in letter.body
    helen = next(p for p in case.people if p.name == "Helen Park")
    follow_up = compose(case, "follow-up", helen)
    assert ("you said they could use a hand with the new activity packs for the Saturday family workshops, and"
            in follow_up.body)
    # The progress closest to what she said the team needs, its date said by the letter; her words said once.
    assert "In October, I ran a Saturday outreach workshop for 40 families." in follow_up.body
    assert "20 Oct" not in follow_up.body and follow_up.body.count("the new activity packs") == 1


def test_a_consultant_offer_brings_the_experience_that_fits_the_work_not_the_gap(tmp_path):
    notes = {
        "me.txt": "Sam Oyelaran\nwarehouse planner, 5 years\n",
        "Portside/no.txt": "Portside said no on 3 Oct: they chose someone with more hands-on customs brokerage "
                           "experience.\n",
        "Portside/new hire.txt": "Dara Quinn started as Senior Planner at Portside in November. Her team is "
                                 "drowning in the warehouse system migration and wants a contractor for it.\n",
        "wins.md": "- passed the customs brokerage certificate (Nov 2026)\n"
                   "- led the move of 3 sites onto a new warehouse management system; pick errors down 18%\n",
    }
    case = case_of(tmp_path, notes)
    dara = next(p for p in case.people if p.name == "Dara Quinn")
    letter = compose(case, "consultant-offer", dara)
    assert "warehouse system migration" in letter.body
    assert "I led the move of 3 sites onto a new warehouse management system" in letter.body
    assert "certificate" not in letter.body


def test_with_nothing_done_since_a_follow_up_offers_no_help_with_what_the_user_lacked(tmp_path):
    notes = {
        "me.md": "I'm Rosa Lind, a level designer.\n",
        "people/owen.md": "---\ncontact: Owen Pike\norg: Larkspur Games\nposition: Design Director\n"
                          "relation: hiring manager\n---\nReally encouraging in the final.\n",
        "larkspur.md": "---\nemployer: Larkspur Games\nstatus: rejected\nwhen: 2026-10-14\n"
                       "why: wanted more experience shipping multiplayer maps\n---\n",
    }
    case = case_of(tmp_path, notes)
    owen = next(p for p in case.people if p.name == "Owen Pike")
    letter = compose(case, "follow-up", owen)
    assert "multiplayer maps" not in letter.body  # the gap is hers, not the team's need
    assert letter.body.startswith("Hi Owen,")


def test_a_follow_up_from_a_pasted_chat_recalls_their_encouragement_not_the_no_and_their_work_as_theirs(tmp_path):
    notes = {
        "me.md": "I'm Tove Berg, a backend engineer.\n",
        "Quillfeather/chat.txt": "Nadia Haas\nStaff Engineer at Quillfeather\n\nNadia Haas  3:05 PM\n"
            "Hi Tove, sorry this one didn't work out. Honestly it was close - the other finalist had run a\n"
            "multi-region Postgres migration and that decided it. I'd really like to see you apply again\n"
            "when the platform team reopens its role in spring.\n\n"
            "Tove Berg  3:20 PM\nThank you, that means a lot. Can I send you an update in a few months?\n\n"
            "Nadia Haas  3:26 PM\nPlease do. We're also trying to move our billing jobs off cron, happy to compare "
            "notes.\n",
    }
    case = case_of(tmp_path, notes)
    nadia = next(p for p in case.people if p.name == "Nadia Haas")
    letter = compose(case, "follow-up", nadia)
    assert "the other finalist" not in letter.body and "decided it" not in letter.body
    assert " our billing jobs" not in letter.body and "your billing jobs" in letter.body


def test_a_follow_up_recalls_what_they_said_ahead_never_the_no_or_a_word_of_agreement(tmp_path):
    case = case_of(tmp_path, {
        "me.md": "Noor Haddad - noor.haddad@example.com\n",
        "mila.txt": "Mila Stone\nHead of Data at Fenbury\n\n"
                    "Mila Stone  9:02 AM\nYou were my first pick, but leadership wanted someone who had already run a "
                    "dbt migration.\n\n"
                    "Noor Haddad  9:10 AM\nThank you, that means a lot.\n\n"
                    "Mila Stone  9:12 AM\nSame! We'll have more headcount in Q2.\n",
        "fenbury.txt": "Fenbury said no on 3 Nov (Analytics Engineer).\n",
    })
    mila = next(p for p in case.people if p.name == "Mila Stone")
    letter = compose(case, "follow-up", mila)
    assert "you said your team will have more headcount in Q2" in letter.body
    assert "wanted someone" not in letter.body and "you said same" not in letter.body


def test_what_they_care_about_is_said_without_how_long_it_was_talked_about(tmp_path):
    from assistant.offline.render import object_of

    assert object_of("we talked about the Rotterdam hub for 20 min") == "the Rotterdam hub"
    assert object_of("talked about supplier consolidation for ages") == "supplier consolidation"
    assert object_of("talked about hiring for the new team") == "hiring for the new team"
