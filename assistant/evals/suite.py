"""The eval suite as data: cases (YAML), personas' notes, recorded model responses and thresholds."""

from __future__ import annotations

import fnmatch
import importlib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import ConfigError

SAMPLE_PERSONA = "sample"


class BaseCase(BaseModel):
    """What every case has; a case type subclasses it with `type: Literal["name"]` and registers itself."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="Unique case name; `--case` globs match it.")
    persona: str = Field(default=SAMPLE_PERSONA, description="A folder under personas/, or 'sample'.")
    description: str = ""
    known_issue: str | None = Field(
        default=None, description="Why this case fails for now (and where it is tracked): reported, not a failure."
    )
    type: str

    @property
    def group(self) -> str:
        """What the case is reported under in the per-kind table."""
        return getattr(self, "type", "case")


class RetrievalCase(BaseCase):
    """A question and the notes that answer it: scored by recall@k and reciprocal rank."""

    type: Literal["retrieval"]
    query: str
    k: int = 5
    person: str | None = None
    company: str | None = None
    note_type: str | None = None
    relevant: list[str] = Field(min_length=1, description="Note paths (relative to the persona) that answer it.")
    first: bool = Field(default=False, description="A relevant note must be ranked first, not only in the top k.")
    carried_by: Literal["bm25", "embeddings", "both"] | None = Field(
        default=None, description="Which half of hybrid search finds it alone (documents why the case exists).")


class LetterExpect(BaseModel):
    """What a letter case should come out as."""

    model_config = ConfigDict(extra="forbid")

    fails: list[str] = Field(default_factory=list, description="Checks that must fail; every other must pass.")
    error: bool = Field(default=False, description="The chain must stop with a clean model error.")
    error_says: str | None = Field(default=None, description="Words the model error's one line must contain.")
    reasks: int | None = Field(default=None, description="Re-asks the chain must use.")
    mentions: list[str] = Field(default_factory=list, description="Words a good letter must contain.")
    absent: list[str] = Field(default_factory=list, description="Words the letter must not contain.")
    min_grounding: float = 0.9
    sent: list[str] = Field(default_factory=list, description="Text the requests to the model must contain.")
    not_sent: list[str] = Field(default_factory=list, description="Text no request to the model may contain.")


class LetterCase(BaseCase):
    """Draft a letter through the chain with recorded model responses, then judge the result."""

    type: Literal["letter"]
    kind: str
    to: str
    about: str | None = None
    today: str | None = None
    model: str = Field(default="gpt-4o-mini", description="'offline' runs the offline writer (no recordings).")
    responses: list[str] | dict[str, str] = Field(
        default_factory=list,
        description="Recorded responses in the order the model gives them (the last repeats), or by schema name.",
    )
    record: bool = Field(default=True, description="False for responses that are bad on purpose.")
    expect: LetterExpect = Field(default_factory=LetterExpect)

    @property
    def group(self) -> str:
        """Letter cases are reported per letter kind."""
        return self.kind


class PlannedStep(BaseModel):
    """A step the plan must (or must not) contain."""

    model_config = ConfigDict(extra="forbid")

    kind: str | None = None
    to: str | None = None
    tactic: str | None = None
    date: str | None = Field(default=None, description="The step must be dated exactly this day.")
    after: str | None = Field(default=None, description="The step must be dated on or after this day.")
    before: str | None = Field(default=None, description="The step must be dated before this day.")


class PlannerCase(BaseCase):
    """Plan a campaign on a fixed day and compare the verdict and steps with the labels."""

    type: Literal["planner"]
    today: str
    company: str | None = None
    verdict: Literal["wait", "ready", "do-not-reapply"]
    steps: list[PlannedStep] = Field(default_factory=list)
    forbid: list[PlannedStep] = Field(default_factory=list)
    first_kind: str | None = Field(default=None, description="The kind of the earliest outreach step.")
    model: str = Field(default="offline", description="Not 'offline': the model classifier with `responses`.")
    responses: list[str] = Field(default_factory=list, description="Recorded verdicts for the model classifier.")
    record: bool = True
    sent: list[str] = Field(default_factory=list, description="Text the requests to the model must contain.")


class ChatCase(BaseCase):
    """Send chat turns (piped, one message per line) and check the answers and their citations."""

    type: Literal["chat"]
    messages: list[str] = Field(min_length=1)
    model: str = "offline"
    today: str = Field(default="2026-11-25", description="The day the chat believes it is (it is in the prompt).")
    responses: list[str] = Field(default_factory=list)
    record: bool = True
    cites: list[str] = Field(default_factory=list, description="Notes the answers must cite.")
    mentions: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    sent: list[str] = Field(default_factory=list, description="Text the requests to the model must contain.")
    not_sent: list[str] = Field(default_factory=list, description="Text no request to the model may contain.")
    error_line: bool = Field(default=False, description="A model error must give one line and the chat goes on.")


Case = BaseCase

# The case types a suite may use, by their `type:`. A new type registers its model here (see
# `register_case_type`) from a module listed in EXTENSIONS, and its handler with `runner.register_handler`.
CASE_TYPES: dict[str, type[BaseCase]] = {
    "retrieval": RetrievalCase, "letter": LetterCase, "planner": PlannerCase, "chat": ChatCase,
}
# Modules that add case types (each calls register_case_type and runner.register_handler on import).
EXTENSIONS: list[str] = ["assistant.evals.judge", "assistant.evals.offline_letters", "assistant.evals.reading"]


def register_case_type(model: type[BaseCase]) -> type[BaseCase]:
    """Make `model` (a BaseCase with `type: Literal["name"]`) a case type suites may use; usable as a decorator."""
    name = model.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
    CASE_TYPES[str(name)] = model
    return model


def load_extensions() -> None:
    """Import the modules in EXTENSIONS, so their case types and handlers are registered."""
    for module in EXTENSIONS:
        importlib.import_module(module)


def parse_case(data: Any) -> BaseCase:
    """Validate one case (a mapping with a known `type:`) as its registered model."""
    if not isinstance(data, dict):
        raise ValueError("a case must be a mapping with `id` and `type`")
    kind = data.get("type")
    if kind not in CASE_TYPES:
        raise ValueError(f"unknown case type {kind!r} (known: {', '.join(sorted(CASE_TYPES))})")
    return CASE_TYPES[kind].model_validate(data)


class Threshold(BaseModel):
    """A bound on one metric: `min` for scores, `max` for costs such as re-asks."""

    model_config = ConfigDict(extra="forbid")

    min: float | None = None
    max: float | None = None

    def allows(self, value: float) -> bool:
        """Whether `value` is within the bound."""
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def __str__(self) -> str:
        return " ".join(p for p in (f">= {self.min:g}" if self.min is not None else "",
                                    f"<= {self.max:g}" if self.max is not None else "") if p)


class Suite(BaseModel):
    """Everything one eval run needs."""

    root: Path
    cases: list[BaseCase]
    thresholds: dict[str, Threshold]

    def persona_dir(self, persona: str) -> Path:
        """The notes folder of `persona` ('sample' is the bundled sample notes)."""
        if persona == SAMPLE_PERSONA:
            from assistant.resources import bundled

            return bundled("knowledge")
        return self.root / "personas" / persona

    def response_file(self, name: str) -> Path:
        """The recorded response `name` (a .json body, or .sse text for streams)."""
        for suffix in ("", ".json", ".sse"):
            path = self.root / "responses" / f"{name}{suffix}"
            if path.is_file():
                return path
        return self.root / "responses" / f"{name}.json"

    def requests_dir(self) -> Path:
        """Where each case's recorded requests live (one JSON file per case id)."""
        return self.root / "requests"

    def select(self, pattern: str | None) -> list[BaseCase]:
        """The cases whose id matches the glob `pattern` (all when None)."""
        if not pattern:
            return list(self.cases)
        return [c for c in self.cases if any(fnmatch.fnmatchcase(c.id, p.strip()) for p in pattern.split(","))]


def default_suite_dir() -> Path:
    """./evals when it holds a suite, else the suite shipped with the package."""
    local = Path.cwd() / "evals"
    if (local / "cases").is_dir():
        return local
    from assistant.resources import bundled

    return bundled("evals")


def load_suite(root: Path) -> Suite:
    """Read cases/*.yaml and thresholds.yaml under `root`; errors name the file and the problem."""
    import yaml

    if not (root / "cases").is_dir():
        raise ConfigError(f"{root} is not an eval suite (no cases/ folder); pass --suite DIR.")
    load_extensions()
    cases: list[BaseCase] = []
    for path in sorted((root / "cases").glob("*.y*ml")):
        data = _read_yaml(path, yaml)
        items = data.get("cases") if isinstance(data, dict) else None
        if not isinstance(items, list) or set(data) != {"cases"}:
            raise ConfigError(f"{path}: the file must hold one key, `cases:`, a list of cases; fix it.")
        for number, item in enumerate(items):
            try:
                cases.append(parse_case(item))
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in ["cases", number, *first["loc"]])
                raise ConfigError(f"{path}: {where}: {first['msg']}; fix the case.") from None
            except ValueError as exc:
                raise ConfigError(f"{path}: cases.{number}: {exc}; fix the case.") from None
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise ConfigError(f"Two eval cases are named '{case.id}'; give each a unique id.")
        seen.add(case.id)
    raw = _read_yaml(root / "thresholds.yaml", yaml) if (root / "thresholds.yaml").is_file() else {}
    thresholds = {str(k): Threshold(min=v) if isinstance(v, int | float) else Threshold.model_validate(v)
                  for k, v in (raw or {}).items()}
    return Suite(root=root, cases=cases, thresholds=thresholds)


def _read_yaml(path: Path, yaml: Any) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML ({' '.join(str(exc).split())}); fix it.") from None
