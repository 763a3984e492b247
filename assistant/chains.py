"""The letter chain: evidence for the recipient and kind -> structured brief -> letter -> checks -> one revision.

Every step is a langchain-core runnable over one state dict; the model steps ask for structured output
(`json_schema`, strict) and get one re-ask when the reply is malformed, then a ModelError.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.checks import CheckContext, CheckResult, run_checks
from assistant.errors import ModelError, NotFoundError
from assistant.prompts import chat_messages, load_prompt
from assistant.retrieval import Evidence, search
from assistant.tactics import TACTICS, LetterKind

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from assistant.casefile import Person
    from assistant.index import NoteIndex

T = TypeVar("T", bound=BaseModel)
StructuredMethod = Literal["json_schema", "function_calling"]

# Which kinds of notes a letter draws on besides the recipient's own, and how many passages of each.
EVIDENCE_TYPES: tuple[tuple[str, int, bool], ...] = (
    # (note type, passages, filter by the recipient's company)
    ("rejection", 2, True),
    ("progress", 4, False),
    ("opening", 2, True),
    ("company", 2, True),
    ("article", 2, False),
    ("profile", 1, False),
)


class BriefPoint(BaseModel):
    """One point the letter should make, with the notes it comes from."""

    model_config = ConfigDict(extra="forbid")

    use: str = Field(description="recall, cares, progress, value, project, opening, article, news, offer or ask.")
    text: str = Field(description="The point, one plain sentence, using only facts from the cited notes.")
    evidence: list[str] = Field(description="Ids of the notes this point comes from, e.g. n3f9a2c1d07be.")


class Brief(BaseModel):
    """The plan for one letter: its angle and its points, each grounded in notes."""

    model_config = ConfigDict(extra="forbid")

    angle: str = Field(description="The letter's angle in one sentence.")
    points: list[BriefPoint] = Field(description="The points to make, most important first.")


class LetterDraft(BaseModel):
    """A letter as written: subject, body, and the ids of the notes it takes facts from."""

    model_config = ConfigDict(extra="forbid")

    subject: str = Field(description="The subject line.")
    body: str = Field(description="The letter body, from greeting to signature, plain text with blank lines.")
    cited_ids: list[str] = Field(description="Ids of every note the letter takes a fact from.")


class Sender(BaseModel):
    """The user, from their profile note: whom letters are from and how they are signed."""

    name: str
    signature: str
    email: str | None = None


class ChainResult(BaseModel):
    """What the chain produced: the brief, the final letter, its checks, and whether it was revised."""

    brief: Brief
    draft: LetterDraft
    checks: list[CheckResult]
    revised: bool = False
    warnings: list[str] = Field(default_factory=list, description="One line each: a note to add for a stronger "
                                "letter.")


def gather_evidence(
    index: NoteIndex, recipient: Person, kind: LetterKind, *, about: str | None = None
) -> list[Evidence]:
    """The passages a letter may use: all about the recipient, then the rejection, progress, opening, news."""
    query = " ".join(filter(None, [about, kind.purpose, recipient.role, recipient.company]))
    try:
        found = search(index, query, k=50, person=recipient.label)  # the label keeps namesakes at other companies out
    except NotFoundError:  # no front matter names them: the caller adds the notes the case file says are theirs
        found = []
    for note_type, k, by_company in EVIDENCE_TYPES:
        if by_company and not recipient.company:
            continue
        try:
            found += search(index, query, k=k, type=note_type, company=recipient.company if by_company else None)
        except NotFoundError:
            continue  # no notes of this type for that company
    unique: dict[str, Evidence] = {}
    for item in found:
        unique.setdefault(item.id, item)
    return list(unique.values())


# Note metadata shown to the model with each passage: an article's title and an email's subject say what they are.
_FENCED = ("type", "name", "title", "subject", "person", "role", "company", "date")


def fence(evidence: list[Evidence]) -> str:
    """Wrap each passage in a <note> fence (assistant/fence.py): text in a note never passes for an instruction."""
    from assistant import fence as fences

    return "\n".join(
        fences.note(item.id, item.source, item.text,
                    **{key: item.metadata[key] for key in _FENCED if item.metadata.get(key)})
        for item in evidence
    )  # fmt: skip


def kind_guidance(kind: LetterKind, *, workspace: Path | None = None) -> str:
    """Render the per-kind prompt from the kind's data in tactics.py."""
    return load_prompt(f"kinds/{kind.id}", workspace=workspace).render(
        tactics="\n".join(f"- {TACTICS[t].title}: {TACTICS[t].idea}" for t in kind.tactics),
        purpose=kind.purpose,
        recipient_role=kind.recipient,
        required="\n".join(f"- {e.description}" for e in kind.required),
        avoid="\n".join(f"- {a}" for a in kind.avoid),
        min_words=kind.min_words,
        max_words=kind.max_words,
    ).strip()


def recipient_details(recipient: Person) -> str:
    """Role, company and relationship as the notes say them, fenced: front matter is data, never an instruction."""
    from assistant.fence import element

    lines = [f"{label}: {value}" for label, value in (("role", recipient.role), ("company", recipient.company),
                                                        ("relationship", recipient.relationship)) if value]
    return element("recipient", "\n".join(lines) or "no details")


def fenced_brief(brief: Brief) -> str:
    """The model-written brief as the letter prompt gets it: fenced like a note, since notes shaped it."""
    from assistant.fence import element

    return element("brief", brief.model_dump_json(indent=2))


def fenced_letter(body: str) -> str:
    """A letter body sent back for revision, fenced: it may quote text that came from notes."""
    from assistant.fence import element

    return element("letter", body)


def run_model_chain(
    model: BaseChatModel,
    *,
    model_name: str,
    kind: LetterKind,
    recipient: Person,
    sender: Sender,
    evidence: list[Evidence],
    context: CheckContext,
    about: str | None = None,
    today: dt.date,
    workspace: Path | None = None,
    method: StructuredMethod = "json_schema",
) -> ChainResult:
    """Brief, letter, checks and at most one revision, as a chain of runnables over one state dict."""
    from langchain_core.runnables import RunnableLambda

    from assistant import progress
    from assistant.fence import inline
    from assistant.llm import model_errors

    values: dict[str, Any] = {
        "user_name": sender.name, "today": today.isoformat(), "kind": kind.id,
        "kind_guidance": kind_guidance(kind, workspace=workspace), "recipient": inline(recipient.name),
        "recipient_details": recipient_details(recipient), "about": about or "nothing in particular",
        "evidence": fence(evidence), "signature": sender.signature, "min_words": kind.min_words,
        "max_words": kind.max_words, "subject_max_chars": kind.subject_max_chars,
    }  # fmt: skip

    def ask(names: tuple[str, str], extra: dict[str, Any], schema: type[T], what: str) -> T:
        messages = chat_messages(names, values | extra, workspace=workspace)
        return structured_call(model, messages, schema, what=what, method=method, workspace=workspace)

    def brief_step(state: dict[str, Any]) -> dict[str, Any]:
        progress.step("writing the brief")
        return state | {"brief": ask(("system", "brief"), {}, Brief, "brief")}

    def letter_step(state: dict[str, Any]) -> dict[str, Any]:
        progress.step("writing the letter")
        brief = fenced_brief(state["brief"])
        return state | {"draft": ask(("system", "letter"), {"brief": brief}, LetterDraft, "letter")}

    def check_step(state: dict[str, Any]) -> dict[str, Any]:
        progress.step("checking the letter")
        draft = state["draft"]
        return state | {"checks": run_checks(draft.subject, draft.body, context, cited=draft.cited_ids)}

    def revise_step(state: dict[str, Any]) -> dict[str, Any]:
        failed = [c for c in state["checks"] if not c.passed]
        if not failed:
            return state
        progress.step("revising the letter")
        draft = state["draft"]
        extra = {"subject": inline(draft.subject), "body": fenced_letter(draft.body),
                 "failures": "\n".join(f"- {c.name}: {c.message}" for c in failed)}
        revised = ask(("system", "revise"), extra, LetterDraft, "revised letter")
        checks = run_checks(revised.subject, revised.body, context, cited=revised.cited_ids)
        return state | {"draft": revised, "checks": checks, "revised": True}

    chain = RunnableLambda(brief_step) | RunnableLambda(letter_step) | RunnableLambda(check_step) | RunnableLambda(
        revise_step
    )
    with model_errors(model_name):
        state = chain.invoke({"revised": False})
    return ChainResult(brief=state["brief"], draft=state["draft"], checks=state["checks"], revised=state["revised"])


def structured_call(
    model: BaseChatModel,
    messages: list[BaseMessage],
    schema: type[T],
    *,
    what: str,
    method: StructuredMethod = "json_schema",
    workspace: Path | None = None,
) -> T:
    """Ask for `schema` as strict structured output; re-ask once with the error, then raise ModelError."""
    import openai
    from langchain_core.messages import AIMessage, HumanMessage

    from assistant.llm import not_a_reply

    structured = model.with_structured_output(response_schema(schema), method=method, include_raw=True)
    for attempt in (1, 2):
        try:
            reply = structured.invoke(messages)
        except openai.LengthFinishReasonError:
            raise ModelError(f"The model's {what} was cut off at its length limit (finish_reason: length); retry, "
                             "or use a model with a larger output limit.") from None
        except openai.ContentFilterFinishReasonError:
            raise ModelError(f"The model's content filter stopped the {what}; rephrase --about or use --model "
                             "offline.") from None
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):  # a 200 that is no chat completion
            raise not_a_reply("model") from None
        raw = reply["raw"] if isinstance(reply, dict) else reply
        _refused_or_cut(raw, what)
        text = raw_text(raw)
        try:
            # Validate the raw text ourselves: the lenient JSON parser would accept a truncated reply.
            return schema.model_validate_json(text)
        except ValidationError as exc:
            problem = _first_problem(exc)
            if attempt == 2:
                raise ModelError(
                    f"The model's {what} was malformed twice ({problem}); retry, use a larger model, "
                    "or --model offline."
                ) from None
            reask = load_prompt("reask", workspace=workspace).render(what=what, error=problem)
            messages = [*messages, AIMessage(content=text), HumanMessage(content=reask)]
    raise AssertionError("unreachable")


def _refused_or_cut(message: Any, what: str) -> None:
    """A refusal or a reply cut at the length limit is said as such, not as malformed JSON."""
    refusal = (getattr(message, "additional_kwargs", None) or {}).get("refusal")
    if refusal:
        reason = " ".join(str(refusal).split())[:200]
        raise ModelError(f"The model refused to write the {what} (\"{reason}\"); rephrase --about, try another "
                         "model, or use --model offline.")
    finish = (getattr(message, "response_metadata", None) or {}).get("finish_reason")
    if finish == "length":
        raise ModelError(f"The model's {what} was cut off at its length limit (finish_reason: length); retry, or "
                         "use a model with a larger output limit.")
    if finish == "content_filter":
        raise ModelError(f"The model's content filter stopped the {what}; rephrase --about or use --model offline.")


def response_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """The strict JSON schema OpenAI's structured outputs want, named after the model class."""
    from langchain_core.utils.function_calling import convert_to_openai_function

    function = convert_to_openai_function(schema, strict=True)
    return {"name": function["name"], "description": function.get("description", ""),
            "schema": function["parameters"], "strict": True}


def raw_text(message: Any) -> str:
    """The JSON the model sent: the first tool call's arguments, else the message content."""
    if getattr(message, "tool_calls", None):
        return json.dumps(message.tool_calls[0]["args"])
    if getattr(message, "invalid_tool_calls", None):
        return str(message.invalid_tool_calls[0].get("args") or "")
    content = message.content
    if isinstance(content, list):
        content = "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
    return str(content or "")


def _first_problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]
