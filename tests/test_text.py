"""Text helpers: sentences, content words, first names, and dates as people write them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assistant.patterns import any_word, guarded
from assistant.reading.kinds import REJECTION_CUE
from assistant.text import (
    content_words,
    find_dates,
    first_name,
    fold,
    folding,
    is_time_span,
    line_sentences,
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
    # A past month alone: its first day, the most recent such month.
    ("she started in December as lead", dt.date(2025, 12, 1)),
    ("volunteering since mid-Oct", dt.date(2026, 10, 1)),
    ("back in june", dt.date(2026, 6, 1)),
])
def test_dates_in_prose_and_numbers_take_the_year_from_the_reference(written, day):
    assert parse_date(written, reference=REF) == day


def test_a_ratio_or_a_year_less_date_without_reference_is_no_date():
    assert find_dates("we won 3/4 deals", reference=REF) == []
    assert find_dates("24/7 on-call", reference=REF) == []
    assert find_dates("on July 22nd") == []  # no year and nothing to count back from
    assert parse_date("February 30 2026") is None
    assert find_dates("I'll reapply in January", reference=REF) == []  # a plan, not a past month
    assert find_dates("since may be too soon", reference=REF) == []  # the verb, not the month


def test_a_markdown_table_reads_as_one_bullet_per_row_name_first_role_in_brackets():
    text = ("Intro line\n\n| Role | Name | Notes |\n|---|---|---|\n| Recruiter | Ana Lima | quick; kind |\n"
            "| VP Ops | Raj Patel | |\n\nAfter the table.")
    assert note_sentences(text) == [
        "Intro line", "Ana Lima (Recruiter): quick; kind", "Raj Patel (VP Ops)", "After the table."]
    assert note_sentences("a | b\nc | d") == ["a | b", "c | d"]  # pipes without a rule row are no table


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


def test_line_sentences_keep_each_line_with_the_sentences_note_sentences_reads_in_it():
    text = "# Marcus Obi\n- hiring mgr. Liked him.\n---\n\n* w/ Tariq Hamdan (Head of Ops)"
    assert line_sentences(text) == [
        ("# Marcus Obi", []), ("- hiring mgr. Liked him.", ["hiring mgr.", "Liked him."]), ("---", []),
        ("* w/ Tariq Hamdan (Head of Ops)", ["w/ Tariq Hamdan (Head of Ops)"])]
    assert [s for _, sentences in line_sentences(text) for s in sentences] == note_sentences(text)


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


FOLD_TEXTS = [
    "They went with another candidate. I'M NOT SURE WHY.",
    "Sadly UNSUCCESSFUL this time; we Won't Be Moving Forward",
    # Letters re.IGNORECASE pairs with ASCII ones: dotted and dotless i, the long s, the Kelvin sign.
    "They DECİDED to go with an internal hire; ıt was a no",
    "I waſ turned down, the role was fılled by someone",
    "\u212aeep in touch: they picked SOMEONE else over me",
    "Résumé, CV and RÉSUMÉ: she'd pass my RÉSUMÉ to the hiring mgr",
    "Nothing here – “quotes” and dashes — only",
]


@pytest.mark.parametrize("source", [
    REJECTION_CUE.pattern,
    r"\b(?:I|me|my|I'm|you)\b",
    r"(?:pass|walk|send)(?:ed|s)? (?:my|the) (?:resume|résumé|cv)\b",
    r"(?P<what>[A-Z][\w-]+) (?:is|was) (?:filled|a no)",
])
def test_a_folded_pattern_finds_what_the_case_insensitive_one_finds_at_the_same_offsets(source):
    plain = re.compile(source, re.I)
    folded = folding(plain)
    for text in FOLD_TEXTS:
        want = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        got = [(m.span(), {k: text[slice(*m.span(k))] if m.group(k) is not None else None for k in m.groupdict()})
               for m in folded.finditer(fold(text))]
        assert got == want, text
        assert len(fold(text)) == len(text)


GUARD_TEXTS = [
    *FOLD_TEXTS,
    "Met the ops manager on 2026-10-14 and again 14.10.2026; (Oct) - Nov: spoke at 10/9",
    "finished the AWS cert in oct\n2026 plans: started in November, hired mid-Oct",
    "\u212aelvin and KELVIN, ſ and S",
    "",
]


@pytest.mark.parametrize(("source", "flags"), [
    (REJECTION_CUE.pattern, re.IGNORECASE),
    (r"\b(?:a|an|the|new|our)\s+$", re.IGNORECASE),  # ends with: tried at every position of the text
    (r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\w]|\.\d)", 0),  # a look-behind first, a digit class
    (r"\b(\d{4})([-/])(\d{1,2})\2(\d{1,2})\b", 0),  # a reference to a group
    (r"^[ \t]*(?:[-*•][ \t]*)?(oct|nov)\.?[ \t]*(?::|[ \t][–—-])[ \t]", re.IGNORECASE | re.MULTILINE),
    (r"\bk(?:elvin)?  # a comment at the end", re.IGNORECASE | re.VERBOSE),
    (r"(?:x|\w+)", 0),  # starts with any word character: left as it is
    (r"(?:and\s+)?\s*", 0),  # may match empty text: left as it is
])
def test_a_guarded_pattern_finds_what_the_pattern_finds_at_the_same_offsets(source, flags):
    plain = re.compile(source, flags)
    fast = guarded(source, flags)
    for text in GUARD_TEXTS:
        for at in (0, 3):
            assert [(m.span(), m.groups()) for m in fast.finditer(text, at)] == [
                (m.span(), m.groups()) for m in plain.finditer(text, at)], text
        assert (fast.match(text) is None) == (plain.match(text) is None)
    assert fast.groupindex == plain.groupindex and fast.groups == plain.groups


@pytest.mark.parametrize("source", [r"(?i:x)", r"\x41", r"[^A-Z]+", r"\N{LATIN SMALL LETTER A}", "ł"])
def test_a_pattern_whose_case_cannot_be_folded_is_refused(source):
    with pytest.raises(ValueError, match="cannot fold"):
        folding(re.compile(source, re.I))


@pytest.mark.parametrize("words", [
    ("hire", "hiring", "hired", "hm", "hiring manager"),
    ("refer", "referral", "put in a word", "a.b", "c++"),
    ("x",),
])
def test_any_word_finds_a_text_exactly_when_one_of_the_words_is_in_it(words):
    found = any_word(words)
    for text in [*GUARD_TEXTS, "the hm said", "she is hiring", "re-hired", "put in a word for me", "a.b c++",
                 "axb", "c+", "HIRE", "refe", ""]:
        assert (found.search(text) is not None) == any(w in text for w in words), text
