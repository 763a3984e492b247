"""Matching a typed name to one person or company, and the hint when nothing matches."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.casefile import Person
from assistant.errors import AmbiguousError, NotFoundError
from assistant.names import Contacts, resolve_contact, resolve_name
from assistant.notes import load_notes
from assistant.people import find_person, list_people
from assistant.reading import read_case_file

SAMPLE = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture(scope="module")
def people() -> list[Person]:
    return read_case_file(load_notes(SAMPLE)).people


@pytest.mark.parametrize(("query", "expected"), [
    ("Dana Reyes", "Dana Reyes"),
    ("dana  reyes", "Dana Reyes"),
    ("Dana Reyes (Northwind Analytics)", "Dana Reyes"),
    ("Whitfield", "Dana Whitfield"),
    ("Sam", "Sam Patel"),
])  # fmt: skip
def test_find_person(people, query, expected):
    assert find_person(people, query).name == expected


def test_typo_suggests_by_name_and_prints_the_label(people):
    with pytest.raises(NotFoundError) as caught:
        find_person(people, "Dana Reyez")
    assert str(caught.value) == ('No person named "Dana Reyez" in your notes. Did you mean: '
                                 "Dana Reyes (Northwind Analytics), Dana Whitfield (Contoso Health)?")


def test_nothing_close_lists_everyone(people):
    with pytest.raises(NotFoundError) as caught:
        find_person(people, "Zed")
    assert str(caught.value) == (
        'No person named "Zed" in your notes. Known: Dana Reyes (Northwind Analytics), Dana Whitfield '
        "(Contoso Health), Lena Fischer (Northwind Analytics), Marcus Chen (Northwind Analytics), Sam Patel "
        "(Northwind Analytics)."
    )


def test_first_name_shared_by_two_is_ambiguous(people):
    with pytest.raises(AmbiguousError, match="2 people match"):
        find_person(people, "Dana")


def test_plain_names_suggest_themselves():
    with pytest.raises(NotFoundError, match=r"Did you mean: Northwind Analytics\?$"):
        resolve_name("Northwnd Analytics", ["Contoso Health", "Northwind Analytics"], what="company")


@pytest.mark.parametrize(("written", "company", "person", "candidates"), [
    ("Dana Reyes", None, "Dana Reyes", []),
    ("dana reyes", "Northwind Analytics", "Dana Reyes", []),
    ("Dana Reyes (Northwind Analytics)", None, "Dana Reyes", []),
    ("Dana", "Northwind Analytics", "Dana Reyes", []),  # unique at that company
    ("Dana", "Contoso Health", "Dana Whitfield", []),
    ("Marcus", None, "Marcus Chen", []),                # unique overall
    ("Dana", None, None, ["Dana Reyes", "Dana Whitfield"]),
    ("Dana Reyes", "Contoso Health", None, []),         # not at that company
    ("Reyes", None, None, []),                          # only a first name stands for a person
    ("Zed", None, None, []),
])  # fmt: skip
def test_resolve_contact(people, written, company, person, candidates):
    found = resolve_contact(written, people, company=company)
    assert (found.person.name if found.person else None) == person
    assert sorted(p.name for p in found.candidates) == candidates
    assert resolve_contact(written, Contacts(people), company=company) == found  # the index built once agrees


@pytest.mark.parametrize(("with_", "company", "attached_to", "entry"), [
    ("Dana", "Northwind Analytics", "Dana Reyes", None),
    ("Marcus", None, "Marcus Chen", None),
    ("Dana", None, None, ("Dana", None, ["Dana Reyes (Northwind Analytics)", "Dana Whitfield (Contoso Health)"])),
    ("Bo Olsen", "Globex", None, ("Bo Olsen", "Globex", [])),
])  # fmt: skip
def test_people_resolve_interaction_names_like_the_plan(tmp_path, with_, company, attached_to, entry):
    import shutil

    folder = tmp_path / "knowledge"
    shutil.copytree(SAMPLE, folder)
    extra = f"company: {company}\n" if company else ""
    (folder / "interactions/call.md").write_text(
        f"---\ntype: interaction\nwith: {with_}\n{extra}direction: sent\ndate: 2026-11-20\n---\nA call.\n")
    people = list_people(read_case_file(load_notes(folder)))
    holders = [p for p in people if "interactions/call.md" in p.sources]
    assert len(holders) == 1
    if attached_to:
        assert holders[0].name == attached_to and holders[0].last_contact is not None
    else:
        assert (holders[0].name, holders[0].company, holders[0].could_be) == entry
