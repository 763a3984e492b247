"""A model-graded rubric for letters (tone, tactic, facts, order), calibrated on labelled good and bad letters.

Live, `judge` cases ask the configured model to grade each labelled letter (`--judge-runs N` asks N times and
reports how often the verdict flips), and `--judge` also grades every letter the model wrote in a letter case.
Offline, the same cases are served recorded verdicts: the plumbing (prompt, strict schema, agreement and
spread metrics) is tested in CI, and the agreement is reported as `(recorded)`, never as the judge's quality.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.evals.runner import CaseFailed, CaseResult, Runner, register_handler
from assistant.evals.suite import BaseCase, register_case_type

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.retrieval import Evidence

CRITERIA = ("tone", "tactic", "facts", "order")
Criterion = Literal["tone", "tactic", "facts", "order"]


class Grade(BaseModel):
    """One criterion of the rubric: passed or not, and why in one sentence."""

    model_config = ConfigDict(extra="forbid")

    passed: bool
    reason: str = Field(description="One sentence: what in the letter makes it pass or fail.")


class JudgeVerdict(BaseModel):
    """The judge's grades for one letter; `good` only when every criterion passes."""

    model_config = ConfigDict(extra="forbid")

    tone: Grade = Field(description="Warm and confident; no bitterness, envy, blame, begging or pressure.")
    tactic: Grade = Field(description="Does what this kind of letter is for.")
    facts: Grade = Field(description="Every fact supported by the cited notes and credited to the right person.")
    order: Grade = Field(description="One coherent letter: greeting, paragraphs in a sensible order, sign-off.")
    verdict: Literal["good", "bad"]

    def failed(self) -> list[str]:
        """The criteria that failed."""
        return [name for name in CRITERIA if not getattr(self, name).passed]


@register_case_type
class JudgeCase(BaseCase):
    """A labelled letter the judge must grade as labelled (with the criteria that must fail for a bad one)."""

    type: Literal["judge"]
    kind: str
    to: str
    letter: str = Field(description="A recorded letter body in responses/ (content: subject, body, cited_ids).")
    label: Literal["good", "bad"]
    fails: list[Criterion] = Field(default_factory=list, description="Criteria a bad letter must fail.")
    model: str = "gpt-4o-mini"
    responses: list[str] = Field(default_factory=list, description="Recorded verdicts, served offline.")
    record: bool = True

    @property
    def group(self) -> str:
        """Judge cases are reported together."""
        return "judge"


def judge_letter(model: BaseChatModel, *, kind: str, recipient: str, user_name: str, subject: str, body: str,
                 evidence: list[Evidence], workspace: Any = None) -> JudgeVerdict:
    """Grade one letter against the rubric with a strict structured verdict."""
    from langchain_core.messages import HumanMessage

    from assistant.chains import fence, structured_call
    from assistant.prompts import load_prompt
    from assistant.tactics import LETTER_KINDS, TACTICS

    spec = LETTER_KINDS[kind]
    text = load_prompt("judge", workspace=workspace).render(
        kind=kind, recipient=recipient, user_name=user_name, subject=subject, body=body,
        tactics="\n".join(f"- {TACTICS[t].title}: {TACTICS[t].idea}" for t in spec.tactics),
        required="\n".join(f"- {e.description}" for e in spec.required),
        avoid="\n".join(f"- {a}" for a in spec.avoid), notes=fence(evidence) or "(no note cited)",
    )
    return structured_call(model, [HumanMessage(text)], JudgeVerdict, what="verdict", workspace=workspace)


def run_judge_case(runner: Runner, case: JudgeCase, result: CaseResult) -> None:
    """Grade the labelled letter (N times live), score agreement with the label and the spread across runs."""
    persona = runner.persona(case.persona)
    draft = _recorded_letter(runner, case.letter)
    evidence = cited_evidence(persona.index, draft.get("cited_ids", []))
    runs = runner.judge_runs if runner.mode != "offline" else 1
    verdicts = []
    with runner.model_calls(case, case.responses, result, record=case.record):
        model, name = _model(runner, persona.settings, case.model)
        for _ in range(runs):
            verdicts.append(_grade(model, name, case.kind, case.to, persona.user_name, draft, evidence,
                                   persona.settings.home))
    record_verdicts(result, verdicts, label=case.label, by="recorded" if runner.mode == "offline" else name)
    majority = Counter(v.verdict for v in verdicts).most_common(1)[0][0]
    problems = []
    if majority != case.label:
        problems.append(f"the judge says {majority}, labelled {case.label}: " + "; ".join(
            f"{c}: {getattr(verdicts[0], c).reason}" for c in verdicts[0].failed()) if verdicts[0].failed() else
            f"the judge says {majority}, labelled {case.label}")
    missed = [c for c in case.fails if all(getattr(v, c).passed for v in verdicts)]
    problems += [f"the judge passed {c}, which this letter fails" for c in missed]
    if problems:
        raise CaseFailed("; ".join(problems))


def judge_produced_letter(runner: Runner, *, persona: Any, kind: str, to: str, subject: str, body: str,
                          cited: list[str], good: bool, result: CaseResult) -> None:
    """Live `--judge`: grade a letter the model just wrote, against its case's label (never fails the case)."""
    evidence = cited_evidence(persona.index, cited)
    from assistant.llm import resolve_model

    model, name = _model(runner, persona.settings, resolve_model(persona.settings))
    verdicts = [_grade(model, name, kind, to, persona.user_name, {"subject": subject, "body": body}, evidence,
                       persona.settings.home) for _ in range(runner.judge_runs)]
    record_verdicts(result, verdicts, label="good" if good else "bad", by=name)


def record_verdicts(result: CaseResult, verdicts: list[JudgeVerdict], *, label: str, by: str) -> None:
    """Scores: agreement of each run with the label, and whether runs disagreed with each other."""
    result.scores["judge_agreement"] = sum(v.verdict == label for v in verdicts) / len(verdicts)
    result.scores["judge_flip"] = float(len({v.verdict for v in verdicts}) > 1)
    result.details["judge"] = {"by": by, "label": label, "verdicts": [v.verdict for v in verdicts],
                               "failed": [v.failed() for v in verdicts]}


def cited_evidence(index: Any, cited: list[str]) -> list[Evidence]:
    """The passages a letter cites, as evidence (ids the index does not hold are left out)."""
    from assistant.retrieval import Evidence

    hits = index.by_ids(list(dict.fromkeys(cited)))
    return [Evidence(id=h.id, source=str(h.metadata.get("source", "")), score=0.0, text=h.text,
                     metadata={k: v for k, v in h.metadata.items() if k in {"type", "name", "person", "role",
                                                                              "company", "date", "title"}})
            for h in hits]


def _grade(model: BaseChatModel, name: str, kind: str, to: str, user_name: str, draft: dict[str, Any],
           evidence: list[Evidence], workspace: Any) -> JudgeVerdict:
    from assistant.llm import model_errors

    with model_errors(name):
        return judge_letter(model, kind=kind, recipient=to, user_name=user_name, subject=str(draft["subject"]),
                            body=str(draft["body"]), evidence=evidence, workspace=workspace)


def _model(runner: Runner, settings: Any, offline_name: str) -> tuple[BaseChatModel, str]:
    from assistant.llm import chat_model, resolve_model

    name = offline_name if runner.mode == "offline" else resolve_model(settings)
    return chat_model(settings, name), name


def _recorded_letter(runner: Runner, name: str) -> dict[str, Any]:
    from assistant.evals.mocks import response_path

    path = response_path(runner.suite.root / "responses", name)
    if not path.is_file():
        raise CaseFailed(f"no recorded letter '{name}' in {path.parent}")
    body = json.loads(path.read_text(encoding="utf-8"))
    content = json.loads(body["choices"][0]["message"]["content"])
    return content if isinstance(content, dict) else {}


register_handler("judge", run_judge_case)
