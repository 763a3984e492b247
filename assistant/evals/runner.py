"""Run eval cases: each against its persona's notes, with the model mocked, recorded or live."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, SecretStr

from assistant.evals import metrics
from assistant.evals.mocks import OFFLINE_BASE_URL, Mode, Served, save_recorded, serve_model
from assistant.evals.suite import (
    Case,
    ChatCase,
    LetterCase,
    LetterExpect,
    PlannedStep,
    PlannerCase,
    RetrievalCase,
    Suite,
)
from assistant.tactics import LETTER_KINDS

if TYPE_CHECKING:
    from assistant.planner import CompanyPlan

Status = Literal["passed", "failed", "error", "skipped", "known"]
CHECK_NAMES = ("grounding", "recipient", "tone", "tactic", "length", "placeholders", "injection")


class CheckOutcome(BaseModel):
    """One check on one letter: did it fire, should it have, and what it said."""

    fired: bool
    expected: bool
    message: str = ""


class CaseResult(BaseModel):
    """What one case scored; `skipped` means the part it evaluates is not there to run."""

    id: str
    type: str
    group: str
    persona: str
    status: Status
    message: str = ""
    seconds: float = 0.0
    scores: dict[str, float] = Field(default_factory=dict)
    checks: dict[str, CheckOutcome] = Field(default_factory=dict)
    good: bool | None = Field(default=None, description="For letters: labelled good (no check should fail).")
    reasks: int = 0
    structured: int = Field(default=0, description="Structured outputs the model gave.")
    malformed: int = Field(default=0, description="Of those, how many did not parse.")
    details: dict[str, Any] = Field(default_factory=dict)


class _Fail(Exception):
    """The case ran but missed its expectations; the message says how."""


class _Persona:
    """A persona's notes, a throwaway workspace for its index and drafts, and the settings for the mode."""

    def __init__(self, suite: Suite, name: str, root: Path, mode: Mode) -> None:
        from assistant.config import Settings, load_settings

        self.name = name
        self.knowledge = suite.persona_dir(name)
        self.home = root / name
        self.home.mkdir(parents=True, exist_ok=True)
        if mode == "offline":
            self.settings = Settings(
                home=self.home, knowledge=self.knowledge, model="gpt-4o-mini", embeddings="local",
                chroma_url=None, openai_api_key=SecretStr("sk-eval-offline-not-a-key"),
                openai_base_url=OFFLINE_BASE_URL, max_retries=1, timeout=10,
            )
        else:
            live = load_settings(home=self.home, knowledge=self.knowledge)
            self.settings = live.model_copy(update={"chroma_url": None, "embeddings": "local"})
        self._loaded: Any = None
        self._index: Any = None

    @property
    def loaded(self) -> Any:
        """The persona's notes, parsed once."""
        if self._loaded is None:
            from assistant.notes import load_notes

            self._loaded = load_notes(self.knowledge)
        return self._loaded

    @property
    def index(self) -> Any:
        """The persona's index, built once per run."""
        if self._index is None:
            from assistant.index import NoteIndex

            self._index = NoteIndex(self.settings)
            self._index.sync(self.loaded)
        return self._index

    def evidence_for(self, recipient: str) -> str:
        """Every note's text and front matter except notes about other people: what a letter may use."""
        wanted = recipient.casefold()
        parts = []
        for note in self.loaded.notes:
            about = (note.meta.person or "").casefold()
            if about and about != wanted and not wanted.startswith(about) and not about.startswith(wanted):
                continue
            values = note.meta.model_dump(mode="json", exclude_none=True, by_alias=True)
            parts.append(" ".join(str(v) for v in values.values()) + "\n" + note.text)
        return "\n".join(parts)


class Runner:
    """Run cases of a suite; personas are indexed once, in a temporary folder removed at the end."""

    def __init__(self, suite: Suite, *, mode: Mode = "offline", record: bool = False) -> None:
        self.suite = suite
        self.mode: Mode = "record" if record else mode
        self.recorded: list[str] = []
        self._personas: dict[str, _Persona] = {}
        self._root: Path | None = None

    @contextmanager
    def session(self) -> Iterator[Runner]:
        """Hold the temporary workspaces for the duration of a run."""
        with tempfile.TemporaryDirectory(prefix="second-chance-evals-") as root:
            self._root = Path(root)
            try:
                yield self
            finally:
                self._personas.clear()
                self._root = None

    def persona(self, name: str) -> _Persona:
        """The persona `name`, prepared on first use."""
        if name not in self._personas:
            assert self._root is not None, "use Runner.session()"
            self._personas[name] = _Persona(self.suite, name, self._root, self.mode)
        return self._personas[name]

    def run(self, cases: list[Case], *, progress: Callable[[CaseResult], None] | None = None) -> list[CaseResult]:
        """Run `cases` in order; one case's failure never stops the others."""
        results = []
        with self.session():
            for case in cases:
                result = self.run_case(case)
                results.append(result)
                if progress:
                    progress(result)
        return results

    def run_case(self, case: Case) -> CaseResult:
        """Run one case and score it."""
        result = CaseResult(id=case.id, type=case.type, group=case.group, persona=case.persona, status="passed")
        started = time.perf_counter()
        handler = getattr(self, f"_{case.type}")
        try:
            if self.mode != "offline" and not getattr(case, "record", True):
                result.status, result.message = "skipped", "offline only: its responses are bad on purpose"
            else:
                handler(case, result)
        except _Fail as exc:
            result.status, result.message = "failed", str(exc)
        except Exception as exc:  # an eval reports a crash as that case's error and goes on
            result.status, result.message = "error", f"{type(exc).__name__}: {exc}"[:500]
        if case.known_issue and result.status in {"failed", "error"}:
            result.status, result.message = "known", f"known issue ({case.known_issue}): {result.message}"
        elif case.known_issue and result.status == "passed":
            result.message = f"passes now: remove known_issue ({case.known_issue})"
        result.seconds = round(time.perf_counter() - started, 3)
        return result

    def _reading(self, case: Any, result: CaseResult) -> None:
        from assistant.evals.reading import score_persona

        scores, misses = score_persona(self.suite.persona_dir(case.persona))
        result.scores |= {f"reading.{name}": value for name, value in scores.items()}
        if misses:
            raise _Fail("; ".join(misses))

    # -- retrieval ---------------------------------------------------------------------------------

    def _retrieval(self, case: RetrievalCase, result: CaseResult) -> None:
        from assistant.retrieval import search

        persona = self.persona(case.persona)
        found = search(persona.index, case.query, k=case.k, person=case.person, company=case.company,
                       type=case.note_type)
        ranked = list(dict.fromkeys(e.source for e in found))
        result.scores["recall@k"] = metrics.recall_at_k(ranked, case.relevant, case.k)
        result.scores["mrr"] = metrics.reciprocal_rank(ranked, case.relevant)
        result.details["ranked"] = ranked
        missing = [r for r in case.relevant if r not in ranked[: case.k]]
        if missing:
            raise _Fail(f"not in the top {case.k}: {', '.join(missing)} (got {', '.join(ranked) or 'nothing'})")

    # -- letters through the chain -----------------------------------------------------------------

    def _letter(self, case: LetterCase, result: CaseResult) -> None:
        from assistant.errors import ModelError
        from assistant.letters import Letter, write_letter

        persona = self.persona(case.persona)
        today = dt.date.fromisoformat(case.today) if case.today else None
        model = case.model if self.mode == "offline" else None
        letter: Letter | None = None
        error: ModelError | None = None
        with serve_model(case.responses, folder=self.suite.root / "responses", mode=self.mode) as served:
            try:
                from assistant.reading import OfflineReader  # the recorded responses are the letter's only

                letter = write_letter(persona.settings, case.kind, case.to, about=case.about, model=model,
                                      index=persona.index, today=today, reader=OfflineReader())
            except ModelError as exc:
                error = exc
        self._count_format(served, result)
        _assert_sent(served, case.expect.sent, case.expect.not_sent)
        if self.mode == "record" and case.record and error is None:
            self.recorded += save_recorded(served, case.responses, folder=self.suite.root / "responses")
        if error is not None or case.expect.error:
            result.scores["parsed"] = 0.0 if error is not None else 1.0
            if case.expect.error and error is None:
                raise _Fail("the chain accepted output it should have rejected with a model error")
            if error is not None and not case.expect.error:
                raise _Fail(f"model error: {error}")
            result.details["error"] = str(error)
            self._expect_reasks(case.expect, result)
            return
        assert letter is not None  # write_letter returned, or raised the ModelError handled above
        result.scores["parsed"] = 1.0
        subject, body = letter.subject, letter.body
        checks = [c.model_dump(mode="json") for c in letter.checks]
        result.details.update(subject=subject, body=body, checks=checks,
                              citations=[c.model_dump(mode="json") for c in letter.citations])
        self._judge(case.kind, case.to, subject, body, checks, case.expect, persona, result)
        self._expect_reasks(case.expect, result)

    def _count_format(self, served: Served, result: CaseResult) -> None:
        result.reasks = served.reasks
        result.structured = sum(1 for e in served.exchanges if e.schema_name)
        result.malformed = served.malformed
        result.details["responses"] = [e.response for e in served.exchanges]

    @staticmethod
    def _expect_reasks(expect: LetterExpect, result: CaseResult) -> None:
        if expect.reasks is not None and result.reasks != expect.reasks:
            raise _Fail(f"the chain used {result.reasks} re-ask(s); expected {expect.reasks}")

    def _judge(self, kind: str, to: str, subject: str, body: str, checks: list[dict[str, Any]],
               expect: LetterExpect, persona: _Persona, result: CaseResult) -> None:
        """Score a letter: grounding share, tactic elements, and each check against its label."""
        share, missing = metrics.grounded_share(f"{subject}\n{body}", persona.evidence_for(to))
        result.scores["grounding"] = round(share, 4)
        result.details["ungrounded"] = missing
        good = result.good = not expect.fails
        if good:
            present = _elements(kind, f"{subject}\n{body}")
            result.scores["elements"] = sum(present.values()) / len(present) if present else 1.0
            result.details["elements"] = present
        by_name = {c["name"]: c for c in checks}
        for name in CHECK_NAMES:
            if name in by_name:
                result.checks[name] = CheckOutcome(fired=not by_name[name]["passed"], expected=name in expect.fails,
                                                   message=str(by_name[name].get("message", "")))
        problems = [f"{n} should have failed" for n in expect.fails if n not in by_name or by_name[n]["passed"]]
        problems += [f"{n} failed: {c['message']}" for n, c in by_name.items()
                     if not c["passed"] and n not in expect.fails]
        text = f"{subject}\n{body}".casefold()
        problems += [f"does not mention '{w}'" for w in expect.mentions if w.casefold() not in text]
        problems += [f"mentions '{w}'" for w in expect.absent if w.casefold() in text]
        if good and share < expect.min_grounding:
            problems.append(f"grounding {share:.2f} < {expect.min_grounding}: {', '.join(missing)}")
        if problems:
            raise _Fail("; ".join(problems))

    def _offline_letters(self, case: Any, result: CaseResult) -> None:
        from assistant.evals import offline_letters

        offline_letters.run(self, case, result)

    # -- planner ------------------------------------------------------------------------------------

    def _planner(self, case: PlannerCase, result: CaseResult) -> None:
        from assistant.planner import build_plan
        from assistant.reading import read_case_file

        persona = self.persona(case.persona)
        plan = build_plan(read_case_file(persona.loaded), today=dt.date.fromisoformat(case.today), company=case.company)
        if not plan.companies:
            result.scores.update(verdict=0.0, steps=0.0)
        target = _pick_company(plan.companies, case.company)
        verdict = target.readiness.status
        steps = [s.model_dump(mode="json") for s in target.steps]
        result.details.update(verdict=verdict, reason=target.readiness.reason,
                              steps=[{k: s.get(k) for k in ("date", "tactic", "kind", "to")} for s in steps])
        result.scores["verdict"] = float(verdict == case.verdict)
        matched = [e for e in case.steps if any(_step_matches(e, s) for s in steps)]
        forbidden = [f for f in case.forbid if any(_step_matches(f, s) for s in steps)]
        score = len(matched) / len(case.steps) if case.steps else float(not steps)
        first_ok = True
        if case.first_kind and steps:
            first = min(steps, key=lambda s: str(s.get("date") or ""))
            first_ok = first.get("kind") == case.first_kind
        result.scores["steps"] = 0.0 if forbidden or not first_ok else round(score, 4)
        problems = []
        if verdict != case.verdict:
            problems.append(f"verdict {verdict}, expected {case.verdict}")
        problems += [f"missing step {_describe(e)}" for e in case.steps if e not in matched]
        problems += [f"forbidden step {_describe(f)}" for f in forbidden]
        if not case.steps and steps:
            problems.append(f"expected no outreach steps, got {len(steps)}")
        if not first_ok:
            problems.append(f"first step is not a {case.first_kind}")
        if problems:
            raise _Fail("; ".join(problems))

    # -- chat ---------------------------------------------------------------------------------------

    def _chat(self, case: ChatCase, result: CaseResult) -> None:
        from assistant.chat import Message, open_session
        from assistant.errors import SecondChanceError

        persona = self.persona(case.persona)
        persona.index  # noqa: B018 (build the index once, before the session syncs it)
        model = case.model if self.mode == "offline" else None
        answers: list[Message] = []
        errors: list[str] = []
        with serve_model(case.responses, folder=self.suite.root / "responses", mode=self.mode) as served:
            session = open_session(persona.settings, model=model)
            for message in case.messages:
                try:
                    answer = session.ask(message).answer
                    if answer is not None:
                        answers.append(answer)
                except SecondChanceError as exc:
                    errors.append(str(exc))
        self._count_format(served, result)
        if self.mode == "record" and case.record:
            self.recorded += save_recorded(served, case.responses, folder=self.suite.root / "responses")
        text = "\n".join(a.content for a in answers)
        cited_sources = {e.source for a in answers for e in a.citations}
        result.details.update(answers=text[-2000:], cited=sorted(cited_sources), errors=errors)
        cited = [c for c in case.cites if c in cited_sources]
        result.scores["citations"] = len(cited) / len(case.cites) if case.cites else 1.0
        problems = [f"does not cite {c}" for c in case.cites if c not in cited]
        low = text.casefold()
        problems += [f"does not mention '{w}'" for w in case.mentions if w.casefold() not in low]
        problems += [f"mentions '{w}'" for w in case.absent if w.casefold() in low]
        if case.error_line and not errors:
            problems.append("the failed model call gave no error")
        if errors and not case.error_line:
            problems.append(f"model error: {errors[0]}")
        if any("\n" in e for e in errors):
            problems.append("an error message is more than one line")
        try:
            _assert_sent(served, case.sent, [])
        except _Fail as exc:
            problems.append(str(exc))
        if problems:
            raise _Fail("; ".join(problems))


def _assert_sent(served: Served, wanted: list[str], unwanted: list[str]) -> None:
    """The prompts the code sent must carry `wanted` and none of `unwanted`."""
    sent = served.sent()
    problems = [f"the prompt lacks '{w}'" for w in wanted if w not in sent]
    problems += [f"the prompt carries '{w}'" for w in unwanted if w.casefold() in sent.casefold()]
    if problems:
        raise _Fail("; ".join(problems))


_ELEMENT_WORDS: dict[str, str] = {
    "value": r"\b(could|can|would|happy to|glad to)\b.{0,80}\b(help|bring|build|share|contribute|support|take on)",
    "personal": r"\b(you (said|mentioned|told|described|talked)|your (team|plan|point|question|work))",
    "congratulate": r"\bcongratulat",
    "project": r"\b(project|test suite|checklist|migration|load tests?|service)\b",
    "opening": r"\b(opening|role|position|team)\b",
    "ask": r"\b(would you|could you|willing|recommend|refer|referral|put my name)",
    "progress": r"\b(built|passed|earned|finished|merged|ran|wrote|completed|shipped|certif)",
    "connection": r"\b(your team|for your|what you|you need|your plan|your move|the team)",
    "article": r"(\"|“|\barticle\b)",
    "why": r"\b(thought of you|because|since you|you mentioned|useful for|relevant)",
    "areas": r"\b(other (teams|areas|parts|groups)|where else|which teams|fit)",
    "transparent": r"\b(applied (before|earlier|last)|again|previous(ly)?|last time|reapply|second time|back)\b",
}


def _elements(kind: str, text: str) -> dict[str, bool]:
    """Which of the kind's required elements the letter visibly contains."""
    spec = LETTER_KINDS.get(kind)
    if spec is None:
        return {}
    found = {}
    for element in spec.required:
        pattern = _ELEMENT_WORDS.get(element.id)
        found[element.id] = bool(pattern and re.search(pattern, text, re.IGNORECASE | re.DOTALL))
    return found


def _pick_company(companies: list[CompanyPlan], company: str | None) -> CompanyPlan:
    if not companies:
        raise _Fail("the plan has no company: no rejection note was recognised")
    if company:
        for item in companies:
            if company.casefold() in item.company.casefold():
                return item
        raise _Fail(f"the plan has no company matching '{company}'")
    return companies[0]


def _step_matches(expected: PlannedStep, step: dict[str, Any]) -> bool:
    for key in ("kind", "tactic"):
        want = getattr(expected, key)
        if want and str(step.get(key) or "") != want:
            return False
    day = str(step.get("date") or "")
    if (expected.after and day < expected.after) or (expected.before and day >= expected.before):
        return False
    return not expected.to or expected.to.casefold() in str(step.get("to") or "").casefold()


def _describe(step: PlannedStep) -> str:
    return " ".join(f"{k}={v}" for k, v in step.model_dump(exclude_none=True).items())
