"""The readability lint catches what a reader stumbles on, and leaves a letter a person would send alone."""

from __future__ import annotations

import pytest

from assistant.evals.readability import lint_letter, lint_letters

GOOD = """Hi Dana,

I hope things are going well at Northwind Analytics. When we spoke, you mentioned you are reading about
exactly-once delivery in Kafka, and it has stayed with me since.

In November, I built a Kafka and Flink pipeline that moves point-of-sale events into the warehouse within 30
seconds instead of overnight.

I would love to help your team with data quality checks.

Best,
Priya Raman
priya.raman@example.com
"""


def letter(*paragraphs: str) -> str:
    return "Hi Sam,\n\n" + "\n\n".join(paragraphs) + "\n\nBest,\nRosa\n"


def test_a_letter_a_person_would_send_is_clean():
    lint = lint_letter(GOOD, notes=["Dana leads the group. She mentioned she is reading about exactly-once delivery."])
    assert lint.problems == [] and lint.clean and lint.sentences == 4 and lint.sentence_score == 1.0


@pytest.mark.parametrize(("text", "rule"), [
    # The failures the issue reports, each as the letter had it.
    ("I still think about our conversation: you Takahashi - VP Sls NA, Corvane - hiring mgr for the Ent AE seat.",
     "abbreviation"),
    ("I still think about our conversation: you Takahashi - VP Sls NA, Corvane - hiring mgr for the Ent AE seat.",
     "fragment"),
    ("I still think about our conversation: you Takahashi - VP Sls NA, Corvane - hiring mgr for the Ent AE seat.",
     "second-person"),
    ('The feedback was that "The panel loved your customer empathy in the case study. I have kept at it.', "quotes"),
    ("I took that seriously, and I have spent the months since closing the gap.", "dangling"),
    ("That is why I kept working on it.", "dangling"),
    ("- shipped the INT8 model", "fragment"),
    ("and then the pipeline went live.", "fragment"),
    ("I wanted to share what happened...", "fragment"),
    ("The decision " + "and the work since " * 9 + "was fine.", "long"),
    ("I know you cares about forecasts.", "second-person"),
])
def test_each_rule_catches_its_problem(text, rule):
    found = lint_letter(letter(text)).problems
    assert rule in {p.rule for p in found}, found


def test_second_person_borrowed_from_a_note_is_caught():
    note = "Bea said: the panel loved your customer empathy in the case study."
    lint = lint_letter(letter("Everyone says the panel loved your customer empathy in the case study, which is kind."),
                       notes=[note])
    assert [p.rule for p in lint.problems] == ["second-person"]
    assert lint_letter(letter("I hope your team is well and that the launch went smoothly."), notes=[note]).clean


def test_repeats_across_letters_to_different_people():
    shared = "In November, I built a Kafka and Flink pipeline that moves events within 30 seconds."
    paragraph = "Thank you again for your time during the interviews. I hope our paths cross again soon."
    letters = [("Dana", letter(shared, paragraph)), ("Marcus", letter(shared, "I would love to keep in touch.")),
               ("Lena", letter(shared)), ("Dana", letter(paragraph)), ("Sam", letter(paragraph))]
    results = lint_letters(letters)
    # A sentence to three people, a paragraph to two: both repeats; the same paragraph twice to Dana alone is not.
    assert [sorted({p.text for p in r.problems if p.rule == "repeated"}) for r in results] == [
        sorted([paragraph, shared]), [shared], [shared], [paragraph], [paragraph]]
    # The same paragraph to the same person twice is not a repeat across people.
    assert all(r.clean for r in lint_letters([("Dana", letter(paragraph)), ("Dana", letter(paragraph))]))
