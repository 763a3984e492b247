"""Text helpers: sentences, content words, first names, and dates as people write them."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.text import (
    content_words,
    find_dates,
    first_name,
    is_time_span,
    note_sentences,
    parse_date,
    split_sentences,
)

REF = dt.date(2026, 11, 30)


@pytest.mark.parametrize(("written", "day"), [
    ("2026-07-22", dt.date(2026, 7, 22)),
    ("on July 22nd", dt.date(2026, 7, 22)),
    ("22 July", dt.date(2026, 7, 22)),
    ("the 3rd of March 2025", dt.date(2025, 3, 3)),
    ("Sept 3", dt.date(2026, 9, 3)),
    ("on 10/9", dt.date(2026, 10, 9)),
    ("10/9/2025", dt.date(2025, 10, 9)),
    ("- 8/29 Lena called", dt.date(2026, 8, 29)),
    ("Dec 14", dt.date(2025, 12, 14)),  # the most recent Dec 14 not after the reference
    ("passed it on 1st September", dt.date(2026, 9, 1)),
    ("on 20th October", dt.date(2026, 10, 20)),
    ("the 3rd of August stocktake", dt.date(2026, 8, 3)),
    ("opened 2nd of May", dt.date(2026, 5, 2)),
    ("(Nov 8)", dt.date(2026, 11, 8)),
    ("Oct 3rd: presented", dt.date(2026, 10, 3)),
    ("21st Sept, 2025", dt.date(2025, 9, 21)),
])
def test_dates_in_prose_and_numbers_take_the_year_from_the_reference(written, day):
    assert parse_date(written, reference=REF) == day


def test_a_ratio_or_a_year_less_date_without_reference_is_no_date():
    assert find_dates("we won 3/4 deals", reference=REF) == []
    assert find_dates("24/7 on-call", reference=REF) == []
    assert find_dates("on July 22nd") == []  # no year and nothing to count back from
    assert parse_date("February 30 2026") is None


def test_found_dates_keep_their_words_and_order():
    found = find_dates("Applied 2026-06-01, heard back on July 22nd.", reference=REF)
    assert [(f.words, f.day, f.has_year) for f in found] == [
        ("2026-06-01", dt.date(2026, 6, 1), True), ("July 22nd", dt.date(2026, 7, 22), False)]


def test_note_sentences_split_bullets_short_lines_and_prose_but_join_wrapped_lines():
    text = ("# Marcus Obi\n- VP Sls NA @ Kestrel\n- hiring mgr. Liked him.\nTariq Hamdan\n\n"
            "A long line of prose that wraps in the middle of a sentence because the editor\n"
            "wrapped it. Then another sentence.")
    assert note_sentences(text) == [
        "VP Sls NA @ Kestrel", "hiring mgr.", "Liked him.", "Tariq Hamdan",
        "A long line of prose that wraps in the middle of a sentence because the editor wrapped it.",
        "Then another sentence."]


def test_split_sentences_and_content_words_and_first_names():
    assert split_sentences("One. Two! Three?") == ["One.", "Two!", "Three?"]
    assert content_words("Who should I write to about the streaming jobs?") == {"write", "stream", "job"}
    assert first_name("Dr. Tamsin Ebbers") == "Tamsin"
    assert first_name("Cher") == "Cher"


@pytest.mark.parametrize(("text", "span"), [
    ("Sep-Nov", True), ("## Q3 2026", True), ("Spring 2025", True), ("March to May", True), ("Jul - Aug", True),
    ("Kestrel Cloud", False), ("May Chen", False), ("Notes", False), ("August Strindberg Theatre", False),
])
def test_a_heading_that_only_names_a_stretch_of_time(text, span):
    assert is_time_span(text) is span
