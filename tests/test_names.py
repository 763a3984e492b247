"""Matching a typed name to one person or company, and the hint when nothing matches."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import AmbiguousError, NotFoundError
from assistant.names import resolve_name
from assistant.notes import load_notes
from assistant.people import Person, find_person, list_people

SAMPLE = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture(scope="module")
def people() -> list[Person]:
    return list_people(load_notes(SAMPLE))


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
