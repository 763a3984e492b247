"""Sentence plans: each letter kind's paragraphs as a data file in prompts/offline/, filled with rendered facts.

A plan is a prompt file (front matter: description, variables, subjects). Its body is paragraphs separated by
blank lines; a paragraph's variants are separated by a line `--or--`. Of the variants whose facts are all there,
the ones that use the most facts compete, and a seed (kind, recipient, draft number) picks one, so two drafts
may differ while a test stays deterministic. A paragraph with no variant whose facts are there is left out, so
a sentence never loses the fact it points back to. A paragraph that starts with `? ` is optional: it is the
first to go when the letter runs over its kind's word budget. A paragraph that starts with `+ ` is a reserve:
it is added only when the letter would be shorter than its kind's minimum.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pydantic import BaseModel

from assistant.errors import TemplateError
from assistant.prompts import load_prompt, template_fields


class Filled(BaseModel):
    """A plan filled in: subject, body, and which facts it used."""

    subject: str
    body: str
    used: list[str]


def pick(seed: str, options: list[str] | list[int], salt: str = "") -> int:
    """A stable index into `options`, from the seed and a salt."""
    digest = hashlib.sha256(f"{seed}\0{salt}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % max(len(options), 1)


def fill(kind: str, values: dict[str, str], *, seed: str, slot: int = 0, min_words: int = 0, max_words: int,
         max_subject: int, workspace: Path | None = None) -> Filled:
    """Fill the kind's plan with `values` (empty means missing) and keep it within `max_words`.

    `slot` turns the choice among equal variants: letters of one kind to different people (different slots)
    take different variants of a paragraph as long as it has enough of them.
    """
    plan = load_prompt(f"offline/{kind}", workspace=workspace)
    known = {name: values.get(name, "") for name in plan.meta.variables}
    paragraphs: list[tuple[bool, str, set[str]]] = []
    reserves: list[tuple[int, tuple[bool, str, set[str]]]] = []
    for number, block in enumerate(plan.template.strip().split("\n\n")):
        optional, reserve = block.startswith("? "), block.startswith("+ ")
        variants = re.split(r"\n--or--\n", block.removeprefix("? ").removeprefix("+ ").strip())
        ready: list[tuple[str, set[str]]] = []
        for variant in variants:
            fields = set(template_fields(variant))
            if all(known.get(name) for name in fields):
                ready.append((variant, fields))
        if not ready:
            continue
        richest = max(len(fields) for _, fields in ready)
        ready = [r for r in ready if len(r[1]) == richest]
        text, chosen = ready[(pick(seed, list(range(len(ready))), f"p{number}") + slot) % len(ready)]
        paragraph = (optional, _capitalise(text.format(**{n: known[n] for n in chosen})), chosen)
        if reserve:
            reserves.append((len(paragraphs), paragraph))
        else:
            paragraphs.append(paragraph)
    for offset, (at, paragraph) in enumerate(reserves):
        if _words(paragraphs) >= min_words:
            break
        paragraphs.insert(at + offset, paragraph)
    while _words(paragraphs) > max_words and any(optional for optional, _, _ in paragraphs):
        last = max(i for i, (optional, _, _) in enumerate(paragraphs) if optional)
        del paragraphs[last]
    body = "\n\n".join(text for _, text, _ in paragraphs).strip() + "\n"
    used = sorted({name for _, _, names in paragraphs for name in names})
    subject = _subject(plan.meta.subjects, known, seed, slot, max_subject, plan.path)
    return Filled(subject=subject, body=body, used=used)


def _words(paragraphs: list[tuple[bool, str, set[str]]]) -> int:
    return sum(len(text.split()) for _, text, _ in paragraphs)


def _subject(subjects: tuple[str, ...], values: dict[str, str], seed: str, slot: int, max_chars: int,
             path: Path) -> str:
    """A subject whose facts are all there and that fits; the seed picks among the richest."""
    ready = []
    for subject in subjects:
        names = template_fields(subject)
        if all(values.get(name) for name in names):
            text = subject.format(**{n: values[n] for n in names})
            if len(text) <= max_chars:
                ready.append((len(names), text))
    if not ready:
        raise TemplateError(f"{path}: no subject in `subjects:` can be filled; add one without variables.")
    richest = max(n for n, _ in ready)
    options = [text for n, text in ready if n == richest]
    return options[(pick(seed, list(range(len(options))), "subject") + slot) % len(options)]


def _capitalise(text: str) -> str:
    """Start every sentence with a capital letter, whatever case the fact inside it began with."""
    return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
