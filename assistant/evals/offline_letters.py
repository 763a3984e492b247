"""Offline-writer evals: every letter a persona's plan proposes (plus listed ones), written with no model, scored.

A case names a persona and a day. The runner plans the campaign on that day, writes every proposed letter (and
any the case lists) with the offline writer, exactly as `second-chance draft KIND --to NAME` would, and scores
them together: the letter's own checks, the facts it must use, the strings that must never leak into it, and the
readability lint (assistant/evals/readability.py) across all of the persona's letters.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.evals import metrics
from assistant.evals.runner import CaseFailed, CaseResult, Runner, register_handler
from assistant.evals.suite import BaseCase, register_case_type

if TYPE_CHECKING:
    from assistant.evals.report import Metric

TYPE = "offline_letters"


class OfflineLetterExpect(BaseModel):
    """One letter the case wants written, and what it must and must not say."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    to: str
    must_use: list[str] = Field(default_factory=list, description="Facts (as words) the letter must carry.")
    never: list[str] = Field(default_factory=list, description="Strings that must not appear in it.")
    warns: bool = Field(default=False, description="The notes lack a fact this kind needs: a warning is expected.")
    known_gap: str | None = Field(default=None, description=(
        "Why this letter is known to miss (the reading gap behind it): its misses are reported but do not fail the "
        "case, and they still count in every offline.* metric, so the figures stay honest."))


@register_case_type
class OfflineLettersCase(BaseCase):
    """Write a persona's letters offline and score them (`type: offline_letters`)."""

    type: Literal["offline_letters"]
    today: str
    plan: bool = Field(default=True, description="Also write every letter the plan proposes on `today`.")
    letters: list[OfflineLetterExpect] = Field(default_factory=list)
    never: list[str] = Field(default_factory=list, description="Strings no letter of this persona may contain.")
    expect_letters: bool = Field(default=True, description="False when the right plan proposes no letter at all.")

    @property
    def group(self) -> str:
        """Reported as one group in the per-kind table."""
        return "offline-letters"


def run(runner: Runner, case: OfflineLettersCase, result: CaseResult) -> None:
    """Write and score the case's letters; set the result's scores, details and status."""
    from assistant.errors import NotFoundError, SecondChanceError
    from assistant.evals.readability import lint_letters
    from assistant.letters import Letter, write_letter

    persona = runner.persona(case.persona)
    today = dt.date.fromisoformat(case.today)
    wanted = {(e.kind, e.to.casefold()): e for e in case.letters}
    order = [(e.kind, e.to) for e in case.letters]
    if case.plan:
        order += [pair for pair in _planned(persona.loaded, today) if (pair[0], pair[1].casefold()) not in wanted]
    order = list(dict.fromkeys(order))
    written: list[dict[str, Any]] = []
    problems: list[str] = []
    excused: list[str] = []
    for kind, to in order:
        expect = wanted.get((kind, to.casefold()), OfflineLetterExpect(kind=kind, to=to))
        path = "draft"
        try:
            letter: Letter | _Composed = write_letter(persona.settings, kind, to, model="offline",
                                                      index=persona.index, today=today)
        except NotFoundError:
            # The people list cannot see them (no front matter) while the case file can: judge the writer alone.
            path = "case file"
            try:
                letter = compose_from_case_file(persona, kind, to, today)
            except SecondChanceError as exc:
                written.append({"kind": kind, "to": to, "refused": str(exc)})
                problems.append(f"{kind} to {to} refused: {exc}")
                continue
        except SecondChanceError as exc:
            written.append({"kind": kind, "to": to, "refused": str(exc)})
            problems.append(f"{kind} to {to} refused: {exc}")
            continue
        text = f"{letter.subject}\n{letter.body}"
        low = text.casefold()
        missing = [w for w in expect.must_use if w.casefold() not in low]
        leaked = [w for w in [*expect.never, *case.never] if w.casefold() in low]
        failed = [f"{c.name}: {c.message}" for c in letter.checks if not c.passed]
        written.append({"kind": kind, "to": letter.to, "subject": letter.subject, "body": letter.body,
                        "failed": failed, "missing": missing, "leaked": leaked, "warnings": letter.warnings,
                        "must_use": len(expect.must_use), "path": path})
        misses = [f"{kind} to {to}: {f}" for f in failed]
        misses += [f"{kind} to {to} lacks '{w}'" for w in missing]
        problems += [f"{kind} to {to} leaks '{w}'" for w in leaked]  # a leak is never excused
        if expect.warns and not letter.warnings:
            misses.append(f"{kind} to {to}: expected a warning naming the note to add")
        if expect.known_gap and misses:
            excused += [f"{m} (known gap: {expect.known_gap})" for m in misses]
        else:
            problems += misses
    letters = [w for w in written if "body" in w]
    notes = [note.text for note in persona.loaded.notes]
    lints = lint_letters([(w["to"], w["body"]) for w in letters], notes=notes)
    for item, lint in zip(letters, lints, strict=True):
        item["lint"] = [f"{p.rule}: {p.text}" for p in lint.problems]
        problems += [f"{item['kind']} to {item['to']} lint {p.rule}: {p.text[:80]}" for p in lint.problems]
    musts = sum(w["must_use"] for w in letters)
    checked = [w for w in letters if w["path"] == "draft"]
    if checked:
        result.scores["offline_checks"] = metrics.mean(float(not w["failed"]) for w in checked) or 0.0
        result.scores["offline_checked"] = float(len(checked))
    result.scores["offline_refusals"] = float(len(written) - len(letters))
    if letters:
        result.scores.update({
            "offline_must_use": 1.0 - sum(len(w["missing"]) for w in letters) / musts if musts else 1.0,
            "offline_never_leak": metrics.mean(float(not w["leaked"]) for w in letters) or 0.0,
            "offline_lint_clean": metrics.mean(float(lint.clean) for lint in lints) or 0.0,
            "offline_lint_sentences": metrics.mean(lint.sentence_score for lint in lints) or 0.0,
            "offline_letters": float(len(letters)),
        })
    result.details["letters"] = written
    if excused:
        result.details["known_gaps"] = excused
    if not written and case.expect_letters:
        problems.append("no letter to write: the plan proposed none and the case lists none")
    if written and not case.expect_letters:
        problems.append(f"expected no letter (do not reapply), but the plan proposed {len(written)}")
    if problems:
        raise CaseFailed("; ".join(problems)[:1500])


class _Composed(BaseModel):
    """A letter composed straight from the case file, where `draft` cannot find the recipient yet."""

    to: str
    subject: str
    body: str
    checks: list[Any] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


def compose_from_case_file(persona: Any, kind: str, to: str, today: dt.date) -> _Composed:
    """Compose a letter straight from the persona's case file (no people list, no checks)."""
    from assistant.errors import NotFoundError
    from assistant.offline import compose
    from assistant.reading import OfflineReader, read_case_file

    case = read_case_file(persona.loaded, settings=persona.settings, reader=OfflineReader(), today=today)
    person = next((p for p in case.people if p.name.casefold() == to.casefold() and not p.example), None)
    if person is None:
        raise NotFoundError(f'No person named "{to}" in the case file either.')
    letter = compose(case, kind, person)
    return _Composed(to=person.name, subject=letter.subject, body=letter.body,
                     warnings=[letter.warning] if letter.warning else [])


def _planned(loaded: Any, today: dt.date) -> list[tuple[str, str]]:
    """Every (kind, recipient) the plan proposes on `today`."""
    from assistant.planner import build_plan
    from assistant.reading import read_case_file

    plan = build_plan(read_case_file(loaded, today=today), today=today)
    return [(step.kind, step.to) for company in plan.companies for step in company.steps if step.kind and step.to]


# (metric name, score key, how many cases is it over) for the report; refusals are a count, the rest shares.
_METRICS = (
    ("offline.checks_passed", "offline_checks", "all checks pass"),
    ("offline.must_use", "offline_must_use", "facts present"),
    ("offline.never_leak", "offline_never_leak", "no leak"),
    ("offline.lint_clean", "offline_lint_clean", "lint clean"),
    ("offline.lint_sentences", "offline_lint_sentences", "clean sentences"),
)


def report_metrics(results: list[CaseResult]) -> list[Metric]:
    """The offline-writer metrics over the cases that measured them, weighted by letters written."""
    from assistant.evals.report import Metric

    ran = [r for r in results if r.type == TYPE and "offline_refusals" in r.scores]
    out = []
    for name, key, note in _METRICS:
        weight = "offline_checked" if key == "offline_checks" else "offline_letters"
        scored = [r for r in ran if key in r.scores]
        letters = sum(r.scores[weight] for r in scored)
        value = (sum(r.scores[key] * r.scores[weight] for r in scored) / letters) if letters else None
        out.append(Metric(name=name, value=value, cases=len(scored), note=f"{note}, {int(letters)} letters"))
    refusals = sum(r.scores["offline_refusals"] for r in ran)
    out.append(Metric(name="offline.refusals", value=refusals if ran else None, cases=len(ran),
                      note="letters refused"))
    return out


register_handler(TYPE, run)
