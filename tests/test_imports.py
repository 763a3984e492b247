"""The user's own exports as notes: a mail export (.mbox) and LinkedIn's Connections.csv."""

from __future__ import annotations

import datetime as dt
import json
import mailbox
from email.message import EmailMessage
from pathlib import Path

from assistant.notes import load_notes


def message(sender: str, to: str, subject: str, body: str | bytes, date: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"], mail["Date"] = sender, to, subject, date
    if isinstance(body, bytes):
        mail.set_content(body, maintype="image", subtype="png")  # no text to read
    else:
        mail.set_content(body)
    return mail


def write_mbox(path: Path, messages: list[EmailMessage]) -> None:
    box = mailbox.mbox(path)
    for mail in messages:
        box.add(mail)
    box.flush()
    box.close()


def test_an_mbox_is_one_interaction_per_message_oriented_like_eml(workspace):
    write_mbox(workspace / "knowledge" / "interactions" / "northwind.mbox", [
        message("Marcus Chen <marcus@northwind.example>", "Priya Raman <priya.raman@example.com>",
                "Alerts", "We still get 300 alerts a week.", "Mon, 05 Oct 2026 10:00:00 +0000"),
        message("Priya Raman <priya.raman@example.com>", "Marcus Chen <marcus@northwind.example>",
                "Re: Alerts", "I built a late-event alert suite since.", "Tue, 06 Oct 2026 09:00:00 +0000"),
        message("Nobody <n@example.com>", "Priya Raman <priya.raman@example.com>", "Pic", b"\x89PNG",
                "Wed, 07 Oct 2026"),
    ])
    loaded = load_notes(workspace / "knowledge")
    mails = {n.source: n for n in loaded.notes if ".mbox#" in n.source}
    assert sorted(mails) == ["interactions/northwind.mbox#1", "interactions/northwind.mbox#2"]
    received, sent = mails["interactions/northwind.mbox#1"].meta, mails["interactions/northwind.mbox#2"].meta
    assert (received.type, received.direction, received.with_, received.date) == (
        "interaction", "received", "Marcus Chen", dt.date(2026, 10, 5))
    assert (sent.direction, sent.with_, sent.subject) == ("sent", "Marcus Chen", "Re: Alerts")
    assert "late-event alert suite" in mails["interactions/northwind.mbox#2"].text
    assert [s.path for s in loaded.skipped if ".mbox" in s.path] == ["interactions/northwind.mbox#3"]


def test_mbox_messages_are_indexed_searched_and_counted_as_contact(workspace, cli, cli_json):
    write_mbox(workspace / "knowledge" / "mail.mbox", [
        message("Priya Raman <priya.raman@example.com>", "Marcus Chen <marcus@northwind.example>",
                "Checking in", "Marcus, the flamingo dashboard idea is ready to show.",
                "Thu, 12 Nov 2026 09:00:00 +0000"),
    ])
    report = cli_json("index")
    assert report["added"] == 16
    found = cli_json("search", "flamingo dashboard", "-k", "1")["results"][0]
    assert found["source"] == "mail.mbox#1"
    people = {p["name"]: p for p in cli_json("people")["people"]}
    assert people["Marcus Chen"]["last_contact"] == "2026-11-12" and "mail.mbox#1" in people["Marcus Chen"]["sources"]
    assert "Priya Raman" not in people  # a message the user sent is with its recipient, not with the user


CONNECTIONS = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing. You will \
only see email addresses for connections who have allowed their connections to see or download their email address."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Tomasz,Wójcik,https://linkedin.com/in/tw,tomasz@northwind.example,"Northwind Analytics, Inc.",Staff Engineer,12 Jan 2024
Marcus,Chen,https://www.linkedin.com/in/marcus,,Northwind Analytics,Engineering Manager,01 Feb 2023
Jo,Bloggs,https://www.linkedin.com/in/jo,,Contoso Health,Developer,03 Mar 2022
Ana,Silva,https://www.linkedin.com/in/ana,,Northwind Analytics Europe,Data Engineer,
"""


def test_import_linkedin_writes_person_notes_for_campaign_companies_only(workspace, cli, cli_json, tmp_path):
    csv_file = tmp_path / "Connections.csv"
    csv_file.write_text(CONNECTIONS, encoding="utf-8")
    report = cli_json("import", "linkedin", str(csv_file))
    assert report["companies"] == ["Northwind Analytics"]
    assert report["written"] == ["imported/tomasz-wojcik.md", "imported/ana-silva.md"]
    assert report["skipped"] == [{"name": "Marcus Chen", "reason": "already in your notes (people/marcus-chen.md)"}]
    assert report["elsewhere"] == 1
    note = load_notes(workspace / "knowledge")
    tomasz = next(n for n in note.notes if n.source == "imported/tomasz-wojcik.md")
    assert (tomasz.meta.type, tomasz.meta.name, tomasz.meta.role, tomasz.meta.company, tomasz.meta.email) == (
        "person", "Tomasz Wójcik", "Staff Engineer", "Northwind Analytics", "tomasz@northwind.example")
    assert tomasz.meta.model_extra["connected_on"] == "2024-01-12"
    assert tomasz.text == ""  # nothing a letter could quote as their words
    names = [p["name"] for p in cli_json("people")["people"]]
    assert "Tomasz Wójcik" in names and "Jo Bloggs" not in names


def test_import_linkedin_never_overwrites(workspace, cli, tmp_path):
    csv_file = tmp_path / "Connections.csv"
    csv_file.write_text(CONNECTIONS, encoding="utf-8")
    (workspace / "knowledge" / "imported").mkdir()
    mine = workspace / "knowledge" / "imported" / "ana-silva.md"
    mine.write_text("my own words about Ana")
    result = cli("import", "linkedin", str(csv_file))
    assert result.exit_code == 0, result.stderr
    assert mine.read_text() == "my own words about Ana"
    assert "skipped Ana Silva: imported/ana-silva.md already there" in result.stdout
    assert "Wrote 1 person notes to knowledge/imported/ for Northwind Analytics." in result.stdout
    again = json.loads(cli("import", "linkedin", str(csv_file), "--json").stdout)
    assert again["written"] == []


def test_import_linkedin_user_errors(workspace, cli, tmp_path):
    missing = cli("import", "linkedin", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and missing.stderr.startswith(f"error: No file at {tmp_path / 'nope.csv'}")
    other = tmp_path / "other.csv"
    other.write_text("Name,Phone\nA,1\n")
    wrong = cli("import", "linkedin", str(other))
    assert wrong.exit_code == 2 and "has no 'First Name,Last Name,...' header" in wrong.stderr
    (workspace / "knowledge" / "rejection.md").unlink()
    for extra in (workspace / "knowledge").rglob("*rejection*"):
        extra.unlink()
    (tmp_path / "c.csv").write_text(CONNECTIONS)
    none = cli("import", "linkedin", str(tmp_path / "c.csv"))
    assert none.exit_code == 2 and "No company has a rejection note yet" in none.stderr
    assert not (workspace / "knowledge" / "imported").exists()


def test_company_matching_ignores_legal_suffixes_and_case():
    from assistant.imports import campaign_company

    campaigns = ["Northwind Analytics", "Acme"]
    assert campaign_company("NORTHWIND ANALYTICS GmbH", campaigns) == "Northwind Analytics"
    assert campaign_company("Northwind", campaigns) is None
    assert campaign_company("Acme Corp.", campaigns) == "Acme"
    assert campaign_company("Acmeville", campaigns) is None
