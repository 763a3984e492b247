"""Hand-off to the mail client (never sending), `sent` as contact dates, and names typed without accents."""

from __future__ import annotations

import email
import email.policy
import json
import stat
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit


def test_draft_eml_writes_an_unsent_mail_draft_beside_the_letter(indexed, cli, cli_json):
    letter = cli_json("draft", "follow-up", "--to", "Dana Reyes", "--eml")
    eml = Path(letter["eml"]["path"])
    assert eml == Path(letter["path"]).with_suffix(".eml")
    assert stat.S_IMODE(eml.stat().st_mode) == 0o600
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    # The address comes from Dana's saved email (her person note has none).
    assert message["To"] == "Dana Reyes <dana.reyes@northwind.example>"
    assert message["From"] == "Priya Raman <priya.raman@example.com>"
    assert message["Subject"] == letter["subject"]
    assert message["X-Unsent"] == "1"
    assert message.get_content_type() == "text/plain"
    assert message.get_content().replace("\r\n", "\n").strip() == letter["body"].strip()
    assert b"\r\n" in eml.read_bytes()
    link = urlsplit(letter["eml"]["mailto"])
    assert (link.scheme, unquote(link.path)) == ("mailto", "dana.reyes@northwind.example")
    query = parse_qs(link.query)
    assert query["subject"] == [letter["subject"]] and query["body"] == [letter["body"].strip()]
    assert " " not in letter["eml"]["mailto"] and "\n" not in letter["eml"]["mailto"]


def test_draft_eml_text_output_prints_the_link_and_says_when_no_address_is_known(indexed, cli):
    result = cli("draft", "follow-up", "--to", "Marcus Chen", "--eml")
    assert result.exit_code in (0, 1), result.stderr
    assert "Mail draft (not sent): drafts/" in result.stdout
    assert "to nobody yet (no email address for Marcus Chen in your notes: add `email:` to their note)" in (
        " ".join(result.stdout.split()))
    link = next(line for line in result.stdout.splitlines() if line.startswith("mailto:"))
    assert link.startswith("mailto:?subject=") and "&body=" in link
    eml = next((indexed / "drafts").glob("*-follow-up-marcus-chen.eml"))
    assert "To" not in email.message_from_bytes(eml.read_bytes())


def test_email_in_the_person_note_wins(indexed):
    note = indexed / "knowledge" / "people" / "marcus-chen.md"
    note.write_text(note.read_text().replace("name: Marcus Chen", "name: Marcus Chen\nemail: marcus@northwind.example"))
    from assistant.mail import email_address
    from assistant.notes import load_notes

    assert email_address("Marcus Chen", load_notes(indexed / "knowledge")) == "marcus@northwind.example"
    assert email_address("marcus chen", load_notes(indexed / "knowledge")) == "marcus@northwind.example"


def test_chat_draft_eml_writes_the_mail_draft(indexed, cli):
    result = cli("chat", "--model", "offline", input="/draft follow-up Dana Reyes --eml\n")
    assert result.exit_code == 0, result.stderr
    eml = next((indexed / "drafts").glob("*-follow-up-dana-reyes.eml"))
    assert f"Mail draft (not sent): {eml}, to dana.reyes@northwind.example." in result.stdout
    assert "mailto:dana.reyes@northwind.example?subject=" in result.stdout


def test_mailto_percent_encodes_every_part():
    from assistant.mail import mailto_link

    link = mailto_link(to="a.b@example.com", subject="Café & more?", body="Line one\nTwo = 2 #1")
    assert link == ("mailto:a.b@example.com?subject=Caf%C3%A9%20%26%20more%3F"
                    "&body=Line%20one%0ATwo%20%3D%202%20%231")


def test_sent_counts_as_last_contact_and_warns_the_second_time(indexed, cli, cli_json):
    before = {p["name"]: p["last_contact"] for p in cli_json("people")["people"]}
    assert before["Marcus Chen"] == "2026-08-21"
    path = Path(cli_json("draft", "follow-up", "--to", "Marcus Chen")["path"])
    first = cli("sent", str(path), "--date", "2026-11-02")
    assert first.exit_code == 0 and first.stderr == ""
    assert "count it as your last contact with Marcus Chen" in first.stdout
    after = {p["name"]: p["last_contact"] for p in cli_json("people")["people"]}
    assert after["Marcus Chen"] == "2026-11-02" and after["Dana Reyes"] == before["Dana Reyes"]
    assert "2026-11-02" in cli("people").stdout
    chat = cli("chat", "--model", "offline", input="/people\n")
    assert "last contact 2026-11-02" in chat.stdout
    again = cli("sent", str(path), "--date", "2026-11-03")
    assert again.exit_code == 0
    assert again.stderr.strip() == (f"warning: {path.relative_to(indexed)} was already marked sent on 2026-11-02; "
                                    "it now says 2026-11-03.")
    same = json.loads(cli("sent", str(path), "--date", "2026-11-03", "--json").stdout)
    assert same["already_sent"] == "2026-11-03"


def test_names_match_without_accents_and_file_names_stay_readable(indexed, cli_json, cli):
    (indexed / "knowledge" / "people" / "tomasz.md").write_text(
        "---\ntype: person\nname: Tomasz Wójcik\nrole: Staff Engineer\ncompany: Northwind Analytics\n"
        "relationship: a manager I liked in the final round\n---\nTomasz cares about data quality and asked "
        "about my streaming project.\n")
    result = cli("draft", "follow-up", "--to", "Tomasz Wojcik", "--json")
    assert result.exit_code in (0, 1), result.stderr
    letter = json.loads(result.stdout)
    assert letter["to"] == "Tomasz Wójcik"
    assert Path(letter["path"]).name.endswith("-follow-up-tomasz-wojcik.md")
    found = cli_json("search", "data quality", "--person", "TOMASZ WOJCIK")
    assert {r["metadata"]["person"] for r in found["results"]} == {"Tomasz Wójcik"}


def test_fold_and_slug():
    from assistant.drafts import slug
    from assistant.names import fold

    assert fold("  Łukasz   Żółć ") == "lukasz zolc"
    assert slug("Tomasz Wójcik") == "tomasz-wojcik" and slug("Søren Ærø") == "soren-aero"
    assert slug("李雷") == "someone"


def test_kinds_and_names_typed_wrong_get_the_closest_suggestion(indexed, cli):
    kind = cli("draft", "followup", "--to", "Dana Reyes")
    assert kind.exit_code == 2
    assert kind.stderr.startswith("error: Unknown letter kind 'followup'; did you mean follow-up? Use one of: ")
    note_type = cli("search", "kafka", "--type", "persn")
    assert note_type.stderr.startswith("error: Unknown note type 'persn'; did you mean person? Use one of: profile,")
    chat = cli("chat", "--model", "offline", input="/draft follow-up Marcs\n/draft follow-up Sma Patel\n/drfat\n")
    errors = chat.stderr.splitlines()
    assert "Unknown command /drfat; did you mean /draft? /help lists the commands." in errors
    assert 'error: No person named "Marcs" in your notes. Did you mean: Marcus Chen (Northwind Analytics)?' in errors
    assert 'error: No person named "Sma" in your notes. Did you mean: Sam Patel (Northwind Analytics)?' in errors


def test_one_word_typo_of_a_long_name_is_suggested():
    from assistant.errors import NotFoundError
    from assistant.names import resolve_name

    try:
        resolve_name("Hana", ["Hanna Nováková-Dvořáková", "Petr Svoboda"])
    except NotFoundError as exc:
        assert "Did you mean: Hanna Nováková-Dvořáková?" in str(exc)
    else:
        raise AssertionError("Hana should not resolve")


def test_chat_draft_takes_a_name_typed_without_accents_whole():
    from assistant.chat import parse_draft

    request = parse_draft("follow-up tomasz wojcik the data quality talk", ["Tomasz Wójcik", "Dana Reyes"])
    assert request is not None
    assert (request.kind, request.to, request.about) == ("follow-up", "tomasz wojcik", "the data quality talk")


def test_one_person_whether_or_not_a_note_writes_the_accents(tmp_path):
    from assistant.notes import load_notes
    from assistant.people import list_people
    from assistant.reading import read_case_file

    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "a.md").write_text("---\ntype: person\nname: Tomasz Wójcik\ncompany: Acme\n---\nx\n")
    (tmp_path / "people" / "b.md").write_text("---\ntype: person\nname: Tomasz Wojcik\ncompany: ACME\n"
                                              "role: Staff Engineer\n---\ny\n")
    (person,) = list_people(read_case_file(load_notes(tmp_path)))
    assert (person.name, person.role, person.sources) == ("Tomasz Wójcik", "Staff Engineer",
                                                          ["people/a.md", "people/b.md"])
