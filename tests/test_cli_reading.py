"""`second-chance notes` and the reading stage of `index`, as a user runs them."""

from __future__ import annotations

from pathlib import Path


def write(home: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = home / "knowledge" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


NOTES = {
    "ppl/renata-vieira.txt": "Renata Vieira, design director at Oakfield. She would vouch for me.",
    "contacts/x.txt": "met at the conference, works on payments",
    "debriefs/oakfield.txt": "Oakfield turned me down on July 22nd. I snapped at the panel lead.",
}


def test_notes_lists_what_was_understood_and_how_to_fix_the_rest(home, cli):
    write(home, NOTES)
    result = cli("notes")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "ppl/renata-vieira.txt  person  about Renata Vieira" in lines
    assert "    person Renata Vieira (Oakfield): insider" in lines
    assert "contacts/x.txt  person" in lines
    assert any(line.startswith("    hint: no name found: start the note with the person's name") for line in lines)
    assert "debriefs/oakfield.txt  rejection" in lines
    assert lines[-1] == "3 notes read; 1 note needs a hint: run `second-chance notes`."


def test_notes_json_shape(home, cli_json):
    write(home, NOTES)
    document = cli_json("notes")
    by_source = {n["source"]: n for n in document["notes"]}
    assert set(by_source) == set(NOTES)
    assert by_source["ppl/renata-vieira.txt"] | {"found": None} == {
        "source": "ppl/renata-vieira.txt", "type": "person", "person": "Renata Vieira", "company": "Oakfield",
        "reader": "offline", "found": None, "hints": []}
    assert by_source["debriefs/oakfield.txt"]["found"] == [
        "rejection by Oakfield (its text names Oakfield, a company in your notes) on 2026-07-22 (red flags: rude)"]
    assert document["hints"] == 1


def test_index_reads_new_notes_once_and_counts_hints(home, cli, cli_json):
    write(home, NOTES)
    result = cli("index")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1 note needs a hint: run `second-chance notes`."
    again = cli_json("index")
    assert (again["read"], again["hints"]) == (0, 1)
    write(home, {"contacts/x.txt": "Ines Moreau, recruiter at Oakfield."})
    changed = cli_json("index")
    assert (changed["read"], changed["hints"]) == (1, 0)
