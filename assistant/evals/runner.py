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

from assistant.evals import cassettes, metrics
from assistant.evals.mocks import OFFLINE_BASE_URL, Mode, Served, save_recorded, serve_model
from assistant.evals.suite import (
    BaseCase,
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


class CaseFailed(Exception):
    """The case ran but missed its expectations; the message says how (raise it from a handler)."""


_Fail = CaseFailed
Handler = Callable[["Runner", Any, CaseResult], None]
# Case type -> the function that runs a case of it and fills in its result; see `register_handler`.
HANDLERS: dict[str, Handler] = {}


def register_handler(case_type: str, handler: Handler) -> None:
    """Run cases of `case_type` with `handler(runner, case, result)`; it raises CaseFailed on a miss."""
    HANDLERS[case_type] = handler


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
    def user_name(self) -> str:
        """The job seeker's name from the profile note ('the user' without one)."""
        profile = self.loaded.profile
        return profile.meta.name if profile is not None and profile.meta.name else "the user"

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

    def __init__(self, suite: Suite, *, mode: Mode = "offline", record: bool = False,
                 update_requests: bool = False, judge: bool = False, judge_runs: int = 1) -> None:
        self.suite = suite
        self.mode: Mode = "record" if record else mode
        self.update_requests = update_requests and self.mode == "offline"
        self.judge_letters = judge and self.mode != "offline"  # offline letters are recordings: nothing to judge
        self.judge_runs = max(1, judge_runs)
        self.recorded: list[str] = []
        self._personas: dict[str, _Persona] = {}
        self._mismatch: str | None = None  # the current case's requests against its cassette
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
        self._mismatch = None
        try:
            if self.mode != "offline" and not getattr(case, "record", True):
                result.status, result.message = "skipped", "offline only: its responses are bad on purpose"
            elif case.type in HANDLERS:
                HANDLERS[case.type](self, case, result)
            else:
                getattr(self, f"_{case.type}")(case, result)
        except _Fail as exc:
            result.status, result.message = "failed", str(exc)
        except Exception as exc:  # an eval reports a crash as that case's error and goes on
            result.status, result.message = "error", f"{type(exc).__name__}: {exc}"[:500]
        if self._mismatch and result.status == "passed":
            result.status, result.message = "failed", self._mismatch
        elif self._mismatch and result.status == "failed":
            result.message += f"; the requests differ from the recording too ({self._mismatch.splitlines()[0]})"
        if case.known_issue and result.status in {"failed", "error"}:
            result.status, result.message = "known", f"known issue ({case.known_issue}): {result.message}"
        elif case.known_issue and result.status == "passed":
            result.message = f"passes now: remove known_issue ({case.known_issue})"
        result.seconds = round(time.perf_counter() - started, 3)
        return result

    @contextmanager
    def model_calls(self, case: BaseCase, responses: list[str] | dict[str, str], result: CaseResult,
                    *, record: bool = True) -> Iterator[Served]:
        """Serve the model's endpoint for one case, then hold what was sent against the case's cassette.

        Offline, each request must match the recorded one (else the case fails with a diff); with
        --update-requests the cassette is rewritten instead; with --record the responses and the cassette are.
        """
        folder = self.suite.root / "responses"
        requests = self.suite.requests_dir()
        rewrite = self.update_requests or (self.mode == "record" and record and bool(responses))
        with serve_model(responses, folder=folder, mode=self.mode) as served:
            try:
                yield served
            finally:  # even when the code crashed: the cassette shows what it sent up to then
                self._count_format(served, result)
                if rewrite and (served.exchanges or cassettes.cassette_path(requests, case.id).is_file()):
                    cassettes.save(requests, case.id, served)
        if rewrite and self.mode == "record":
            self.recorded += save_recorded(served, responses, folder=folder)
        elif not rewrite and self.mode == "offline":
            # Held until the case's own assertions have run: "the prompt lacks '<note'" says more than a diff.
            self._mismatch = cassettes.mismatch(requests, case.id, served)

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
        if case.first and ranked[0] not in case.relevant:
            raise _Fail(f"ranked first: {ranked[0]}, not {' or '.join(case.relevant)} (got {', '.join(ranked)})")

    # -- letters through the chain -----------------------------------------------------------------

    def _letter(self, case: LetterCase, result: CaseResult) -> None:
        from assistant.errors import ModelError
        from assistant.letters import Letter, write_letter

        persona = self.persona(case.persona)
        today = dt.date.fromisoformat(case.today) if case.today else None
        model = case.model if self.mode == "offline" or case.model == "offline" else None
        letter: Letter | None = None
        error: ModelError | None = None
        result.details["letter_from"] = _letter_from(self.mode, case.model)
        with self.model_calls(case, case.responses, result, record=case.record) as served:
            try:
                from assistant.reading import OfflineReader  # the recorded responses are the letter's only

                letter = write_letter(persona.settings, case.kind, case.to, about=case.about, model=model,
                                      index=persona.index, today=today, reader=OfflineReader())
            except ModelError as exc:
                error = exc
        _assert_sent(served, case.expect.sent, case.expect.not_sent)
        if error is not None or case.expect.error:
            result.scores["parsed"] = 0.0 if error is not None else 1.0
            if case.expect.error and error is None:
                raise _Fail("the chain accepted output it should have rejected with a model error")
            if error is not None and not case.expect.error:
                raise _Fail(f"model error: {error}")
            result.details["error"] = str(error)
            if case.expect.error_says and case.expect.error_says not in str(error):
                raise _Fail(f"the model error should say {case.expect.error_says!r}: {error}")
            self._expect_reasks(case.expect, result)
            return
        assert letter is not None  # write_letter returned, or raised the ModelError handled above
        result.scores["parsed"] = 1.0
        subject, body = letter.subject, letter.body
        checks = [c.model_dump(mode="json") for c in letter.checks]
        result.details.update(subject=subject, body=body, checks=checks,
                              citations=[c.model_dump(mode="json") for c in letter.citations])
        if self.judge_letters and not case.expect.error:
            from assistant.evals.judge import judge_produced_letter

            judge_produced_letter(self, persona=persona, kind=case.kind, to=case.to, subject=subject, body=body,
                                  cited=[c.id for c in letter.citations], good=not case.expect.fails, result=result)
        self._judge(case.kind, case.to, subject, body, checks, case.expect, persona, result)
        self._expect_reasks(case.expect, result)

    def _count_format(self, served: Served, result: CaseResult) -> None:
        result.reasks = served.reasks
        result.structured = sum(1 for e in served.exchanges if e.schema_name)
        result.malformed = served.malformed
        result.details["responses"] = [e.response for e in served.exchanges]

    def _expect_reasks(self, expect: LetterExpect, result: CaseResult) -> None:
        # Offline every re-ask is known in advance: none unless the case says how many. Live, only when it says.
        wanted = expect.reasks if expect.reasks is not None or self.mode != "offline" else 0
        if wanted is not None and result.reasks != wanted:
            raise _Fail(f"the chain used {result.reasks} re-ask(s); expected {wanted}")

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

    # -- planner ------------------------------------------------------------------------------------

    def _planner(self, case: PlannerCase, result: CaseResult) -> None:
        from assistant.planner import build_plan
        from assistant.reading import read_case_file

        persona = self.persona(case.persona)
        today = dt.date.fromisoformat(case.today)
        if case.model == "offline" and self.mode == "offline":
            plan = build_plan(read_case_file(persona.loaded, today=today), today=today, company=case.company)
        else:  # the model reader: recorded readings offline, the configured model live
            from assistant.llm import resolve_model
            from assistant.reading.model import ModelReader

            name = case.model if self.mode == "offline" else resolve_model(persona.settings)
            reader = ModelReader(persona.settings.model_copy(update={"model": name}), user_name=persona.user_name)
            with self.model_calls(case, case.responses, result, record=case.record) as served:
                read = read_case_file(persona.loaded, reader=reader, today=today)
                plan = build_plan(read, today=today, company=case.company)
            _assert_sent(served, case.sent, [])
        if not plan.companies:
            result.scores.update(verdict=0.0, steps=0.0)
        target = _pick_company(plan.companies, case.company)
        result.details["classified_by"] = target.readiness.classified_by
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
        from assistant.chat import open_session
        from assistant.errors import SecondChanceError
        from assistant.transcript import Message

        persona = self.persona(case.persona)
        persona.index  # noqa: B018 (build the index once, before the session syncs it)
        model = case.model if self.mode == "offline" else None
        answers: list[Message] = []
        errors: list[str] = []
        with self.model_calls(case, case.responses, result, record=case.record) as served:
            session = open_session(persona.settings, model=model)
            session.today = dt.date.fromisoformat(case.today)
            for message in case.messages:
                try:
                    answer = session.ask(message).answer
                    if answer is not None:
                        answers.append(answer)
                except SecondChanceError as exc:
                    errors.append(str(exc))
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
            _assert_sent(served, case.sent, case.not_sent)
        except _Fail as exc:
            problems.append(str(exc))
        if problems:
            raise _Fail("; ".join(problems))


def _letter_from(mode: Mode, model: str) -> str:
    """Whose letter is judged: 'recorded' (an authored or recorded body), or 'produced' by the code or model."""
    return "recorded" if mode == "offline" and model != "offline" else "produced"


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
    if expected.date and day != expected.date:
        return False
    if (expected.after and day < expected.after) or (expected.before and day >= expected.before):
        return False
    return not expected.to or expected.to.casefold() in str(step.get("to") or "").casefold()


def _describe(step: PlannedStep) -> str:
    return " ".join(f"{k}={v}" for k, v in step.model_dump(exclude_none=True).items())
