"""The facts inside notes on a labelled set written for the ideas (tests/data/fact_phrasings.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.reading.facts import openings_in, projects_in, remarks_in
from assistant.reading.parts import rule_part

DATA = yaml.safe_load((Path(__file__).resolve().parent / "data" / "fact_phrasings.yaml").read_text(encoding="utf-8"))

READERS = {
    "warmth": lambda line: rule_part(line) is not None and rule_part(line)[0] == "manager-i-liked",  # type: ignore[index]
    "insider": lambda line: rule_part(line) is not None and rule_part(line)[0] == "insider",  # type: ignore[index]
    "remark": lambda line: bool(remarks_in([line], "x", person="Dana Pike")),
    "opening": lambda line: bool(openings_in([line], "x", company=None, today=None)),
    "project": lambda line: bool(projects_in([line], "x", company=None, person=None)),
}


def table(idea: str) -> tuple[float, float]:
    """Precision and recall of the reader of `idea` on its labelled lines."""
    read = READERS[idea]
    yes, no = DATA[idea]["holds"], DATA[idea]["lacks"]
    hits = sum(1 for line in yes if read(line))
    false = sum(1 for line in no if read(line))
    return (hits / (hits + false) if hits + false else 0.0, hits / len(yes))


@pytest.mark.parametrize("idea", sorted(READERS))
def test_facts_are_read_on_their_labelled_lines(idea):
    precision, recall = table(idea)
    print(f"{idea}: precision {precision:.2f} recall {recall:.2f}")
    assert precision >= 0.9 and recall >= 0.8, (idea, precision, recall)
