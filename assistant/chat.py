"""A grounded chat about the campaign: evidence per turn, bounded history, a transcript written as it goes.

Each turn retrieves passages for the question (and for the question before it, so follow-ups work), answers
from them and the conversation only, and cites passage ids. Offline, the answer is the passages themselves.
Every message is appended to `.second-chance/chats/<started>.jsonl` the moment it exists, so Ctrl-C or a
model error never loses what was said; `--resume` reads the newest transcript back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.config import OFFLINE, Settings
from assistant.errors import ModelError, SecondChanceError
from assistant.retrieval import Evidence
from assistant.text import content_words
from assistant.transcript import (
    Header,
    Message,
    Status,
    Transcript,
    Turn,
    bound_history,
    estimate_tokens,
    now,
    pair_turns,
)

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from assistant.casefile import CaseFile
    from assistant.index import NoteIndex
    from assistant.planner import Plan

HISTORY_TOKENS = 3000  # conversation sent back to the model each turn; the transcript keeps everything
EARLIER_TOKENS = 300  # room for the questions of turns left out of that history
EVIDENCE_K = 5  # passages retrieved for the question itself
CONTEXT_K = 2  # extra passages retrieved for the question together with the one before it
OFFLINE_PASSAGES = 3
CHATS_DIR = "chats"

def summarise_earlier(left_out: list[Turn], *, budget: int = EARLIER_TOKENS, workspace: Path | None = None) -> str:
    """The questions of turns left out of the history, newest first, each whole, as many as fit `budget`."""
    questions: list[str] = []
    used = 0
    for turn in reversed(left_out):
        quoted = f'"{" ".join(turn.question.content.split())}"'
        if used + estimate_tokens(quoted) > budget:
            break
        questions.append(quoted)
        used += estimate_tokens(quoted)
    if not questions:
        return ""
    return "\n" + render_prompt("chat-earlier", workspace=workspace, questions="; ".join(reversed(questions)))


def offline_answer(question: str, evidence: list[Evidence], *, workspace: Path | None = None) -> str:
    """Answer without a model: the passages that share words with the question, cited; else say so."""
    if not evidence:
        return render_prompt("chat-offline-empty", workspace=workspace).strip()
    asked = content_words(question)
    relevant = [e for e in evidence if asked & content_words(_searchable(e))]
    name, shown = ("chat-offline", relevant) if relevant else ("chat-offline-unsure", evidence[:2])
    passages = "\n\n".join(f"{e.citation}\n{e.text.strip()}" for e in shown[:OFFLINE_PASSAGES])
    return render_prompt(name, workspace=workspace, passages=passages).strip()


def _searchable(evidence: Evidence) -> str:
    """A passage with the note's front matter values, so 'who got the job' finds the note that says so."""
    values = [str(v) for k, v in evidence.metadata.items() if isinstance(v, str) and k not in {"source", "hash"}]
    return "\n".join([evidence.text, *values])


class ChatSession:
    """One conversation: ask questions, record every message, keep the history within a token budget."""

    def __init__(
        self,
        *,
        index: NoteIndex,
        transcript: Transcript,
        model: str = OFFLINE,
        llm: Callable[[], BaseChatModel] | None = None,
        user: str = "the user",
        today: dt.date | None = None,
        turns: list[Turn] | None = None,
        history_tokens: int = HISTORY_TOKENS,
        workspace: Path | None = None,
        replies: WholeReplies | None = None,
    ) -> None:
        self.index = index
        self.transcript = transcript
        self.model = model
        self.user = user
        self.today = today or dt.date.today()
        self.turns: list[Turn] = turns or []
        self.history_tokens = history_tokens
        self.workspace = workspace
        self.notices: list[str] = []
        self.replies = replies or WholeReplies()
        self._make_llm = llm
        self._llm: BaseChatModel | None = None
        self.planner: Callable[[], Plan] | None = None  # answers "should I reapply?" and "who first?"
        self.case: Callable[[], CaseFile] | None = None  # answers "why did they say no?"

    @property
    def last_evidence(self) -> list[Evidence]:
        """The passages behind the last answer."""
        answered = [t for t in self.turns if t.answer is not None and t.answer.evidence]
        return answered[-1].answer.evidence if answered and answered[-1].answer else []

    def new(self) -> None:
        """Start over: a fresh transcript and an empty history."""
        header = self.transcript.header.model_copy(update={"started": now(), "model": self.model})
        self.transcript = Transcript(self.transcript.folder, header)
        self.turns = []

    def ask(self, question: str, *, on_token: Callable[[str], None] | None = None) -> Turn:
        """Answer `question` from the notes, streaming tokens to `on_token`; Ctrl-C keeps the partial answer.

        KeyboardInterrupt and SecondChanceError are re-raised after the partial answer is recorded.
        """
        turn = Turn(question=Message(role="user", content=question, at=now()))
        self.transcript.append(turn.question)
        self.turns.append(turn)
        text: list[str] = []
        evidence: list[Evidence] = []
        try:
            evidence = self.retrieve(question)
            for token in self._answer(question, evidence):
                text.append(token)
                if on_token is not None:
                    on_token(token)
        except KeyboardInterrupt:
            self._finish(turn, "".join(text), evidence, status="interrupted")
            raise
        except SecondChanceError as exc:
            self._finish(turn, "".join(text), evidence, status="error", error=str(exc))
            raise
        self._finish(turn, "".join(text), evidence)
        return turn

    def record(self, question: str, answer: str, *, by: str) -> Turn:
        """Add a turn answered by something other than the chat (a command such as /draft)."""
        turn = Turn(question=Message(role="user", content=question, at=now()))
        self.transcript.append(turn.question)
        self.turns.append(turn)
        self._finish(turn, answer, [], model=by)
        return turn

    def _finish(
        self, turn: Turn, text: str, evidence: list[Evidence], *, status: Status = "complete",
        error: str | None = None, model: str | None = None,
    ) -> None:
        turn.answer = Message(role="assistant", content=text, at=now(), model=model or self.model,
                              status=status, error=error, evidence=evidence)  # fmt: skip
        self.transcript.append(turn.answer)

    def retrieve(self, question: str) -> list[Evidence]:
        """Passages for the question, plus a few for it read with the previous question (the last turn is this one)."""
        from assistant.retrieval import search

        found = search(self.index, question, k=EVIDENCE_K)
        previous = [t.question.content for t in self.turns[:-1] if not t.question.content.startswith("/")]
        if previous:
            seen = {e.id for e in found}
            extra = [e for e in search(self.index, f"{previous[-1]}\n{question}", k=EVIDENCE_K) if e.id not in seen]
            found.extend(extra[:CONTEXT_K])
        return found

    def _answer(self, question: str, evidence: list[Evidence]) -> Iterator[str]:
        from assistant.chat_plan import answer_from_plan, answer_progress, answer_why, plan_intent

        intent = plan_intent(question) if self.planner is not None else None
        from_case = intent in {"why", "progress"}
        if intent is not None and self.planner is not None and (not from_case or self.case is not None):
            # The notes behind the plan's answer become this turn's evidence, so it cites them like any answer.
            cited: dict[str, Evidence] = {}

            def cite(source: str) -> str:
                return self._cite(source, cited)

            if intent == "why" and self.case is not None:
                text = answer_why(question, self.case(), cite=cite)
            elif intent == "progress" and self.case is not None:
                text = answer_progress(self.case(), cite=cite)
            else:
                text = answer_from_plan(intent, self.planner(), cite=cite)
            evidence[:] = list(cited.values())
            yield text
            return
        if self.model == OFFLINE:
            yield offline_answer(question, evidence, workspace=self.workspace)
            return
        yield from self._stream(self.messages(question, evidence))

    def _cite(self, source: str, cited: dict[str, Evidence]) -> str:
        """A note's citation label (its first passage in the index), remembered in `cited`; the path if none."""
        if source not in cited:
            hits = self.index.chunks({"source": source})
            if not hits:
                return source
            hit = hits[0]
            cited[source] = Evidence(id=hit.id, source=source, score=0.0, text=hit.text, metadata=dict(hit.metadata))
        return cited[source].citation

    def messages(self, question: str, evidence: list[Evidence]) -> list[BaseMessage]:
        """What the model is sent for the turn being asked: instructions and evidence, bounded history, question."""
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        kept, left_out = bound_history(self.turns[:-1], self.history_tokens)
        system = render_prompt(
            "chat-system",
            workspace=self.workspace,
            user=self.user,
            today=self.today.isoformat(),
            example_id=evidence[0].id if evidence else "n1a2b3c4d5e6",
            earlier=summarise_earlier(left_out, workspace=self.workspace),
            evidence=format_evidence(evidence),
        )
        history: list[BaseMessage] = []
        for turn in kept:
            assert turn.answer is not None
            history += [HumanMessage(turn.question.content), AIMessage(turn.answer.content)]
        return [SystemMessage(system), *history, HumanMessage(question)]

    @property
    def llm(self) -> BaseChatModel:
        """The chat model, built on first use (importing it takes a second)."""
        if self._llm is None:
            if self._make_llm is None:
                raise ValueError("this session has no chat model")
            self._llm = self._make_llm()
        return self._llm

    def _stream(self, messages: list[BaseMessage]) -> Iterator[str]:
        import openai

        from assistant.llm import model_errors, not_a_reply

        self.replies.clear()
        try:
            with model_errors(self.model):
                yield from self._chunks(messages)
        except openai.APIError as exc:  # an error event inside the stream: not an HTTP status, so not mapped
            reason = " ".join(exc.message.split())
            raise ModelError(f"The model stopped mid-answer ({reason}); ask again.") from None
        except (KeyError, TypeError, AttributeError, IndexError):  # events that are not chat completion chunks
            raise not_a_reply("model") from None

    def _chunks(self, messages: list[BaseMessage]) -> Iterator[str]:
        """The streamed text; a reply that came back whole is shown whole; a stream cut short is an error."""
        import openai

        arrived = shown = False
        finished = ""
        try:
            for chunk in self.llm.stream(messages):
                arrived = True
                finished = finished or str(chunk.response_metadata.get("finish_reason") or "")
                if chunk.text:
                    shown = True
                    yield chunk.text
        except openai.APIConnectionError as exc:  # a timeout too: both mean the connection gave out
            if shown:
                raise ModelError(_dropped(exc)) from None
            raise
        except ValueError:  # langchain's "No generation chunks were returned": the body held no events
            if arrived:
                raise
            yield self.replies.answer()
            return
        if shown and not finished:  # a server that closes the connection early can end the body cleanly
            raise ModelError(_dropped(None))
        if finished == "length":
            raise ModelError("The answer was cut off at the model's length limit; what was shown is kept. Ask for "
                             "the rest, or a shorter answer.")
        if arrived and not shown:  # a refusal streams no text, only its reason; a blank answer is no answer
            raise ModelError("The model sent no answer (it may have refused); nothing was stored as an answer. Ask "
                             "again in other words.")

    def to_markdown(self) -> str:
        """The conversation as Markdown: questions, answers, their sources and any interruption."""
        lines = [f"# Conversation with second-chance ({self.model})", ""]
        for turn in self.turns:
            lines += ["## You", "", turn.question.content, ""]
            answer = turn.answer
            if answer is None:
                lines += ["*(no answer)*", ""]
                continue
            lines += [f"## second-chance ({answer.model})", "", answer.content or "*(nothing yet)*", ""]
            if answer.status == "interrupted":
                lines += ["*(interrupted)*", ""]
            if answer.error:
                lines += [f"*(error: {answer.error})*", ""]
            if answer.citations:
                lines += ["Sources:", *(f"- {e.citation}" for e in answer.citations), ""]
        return "\n".join(lines)


def _dropped(exc: Exception | None) -> str:
    import openai

    how = "went quiet (timed out)" if isinstance(exc, openai.APITimeoutError) else "dropped"
    return f"The connection to the model {how} mid-answer; what was shown is kept. Ask again for the rest."


class WholeReplies:
    """An httpx response hook that keeps a reply that came back whole instead of as a stream of events.

    Some OpenAI-compatible servers ignore `stream: true` and send one chat.completion; a proxy or a wrong
    OPENAI_BASE_URL sends a web page. The SDK finds no events in either; the chat then looks here.
    """

    def __init__(self) -> None:
        self.media = ""
        self.body = b""

    def __call__(self, response: Any) -> None:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if response.status_code == 200 and media != "text/event-stream":
            response.read()  # the SDK reads it again from memory
            self.media, self.body = media or "no content type", response.content

    def clear(self) -> None:
        """Forget the last reply, before a new request."""
        self.media, self.body = "", b""

    def answer(self) -> str:
        """The answer of a whole chat.completion; otherwise a ModelError that says what came instead."""
        import json

        try:
            content = json.loads(self.body)["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            content = None
        if isinstance(content, str) and content.strip():
            return content
        sent = f" (it sent {self.media})" if self.media else ""
        raise ModelError(f"The endpoint sent no streamed answer{sent}; check OPENAI_BASE_URL.")

    def install(self, client: Any = None) -> Any:
        """Add this hook to `client` (an httpx client; by default a new one, as the SDK makes) and return it."""
        if client is None:
            import openai

            client = openai.DefaultHttpxClient()
        hooks = client.event_hooks
        client.event_hooks = {**hooks, "response": [*hooks.get("response", []), self]}
        return client


def format_evidence(evidence: list[Evidence]) -> str:
    """Passages as the model sees them: each fenced in a <note> element carrying its id and source."""
    from assistant.fence import note

    return "\n\n".join(note(e.id, e.source, e.text) for e in evidence) or "(no passages found)"


def open_session(
    settings: Settings, *, model: str | None = None, resume: bool = False, http_client: Any = None
) -> ChatSession:
    """Sync the index, pick the model, and start a conversation or resume the newest one."""
    from assistant.index import READER_WAIT, NoteIndex
    from assistant.llm import chat_model, resolve_model
    from assistant.notes import load_notes

    name = resolve_model(settings, model)
    loaded = load_notes(settings.knowledge_dir, cache_dir=settings.state_dir)
    index = NoteIndex(settings)
    report = index.sync(loaded, wait=READER_WAIT)
    profile = loaded.profile
    folder = settings.state_dir / CHATS_DIR
    notices: list[str] = []
    if report.added or report.updated or report.removed:
        notices.append(f"Indexed your notes: {report.added} added, {report.updated} updated, "
                       f"{report.removed} removed.")  # fmt: skip
    previous = Transcript.latest(folder) if resume else None
    turns: list[Turn] = []
    if previous is not None and previous.path is not None:
        _, messages, bad = Transcript.read(previous.path)
        turns = pair_turns(messages)
        transcript = previous
        if bad:
            notices.append(f"Skipped {bad} unreadable line(s) in {previous.path.name}.")
    else:
        if resume:
            notices.append("No earlier conversation to resume; starting a new one.")
        transcript = Transcript(folder, Header(started=now(), model=name, knowledge=str(settings.knowledge_dir)))

    replies = WholeReplies()

    def make_llm() -> BaseChatModel:
        return chat_model(settings, name, streaming=True, http_client=replies.install(http_client))

    session = ChatSession(
        index=index, transcript=transcript, model=name, llm=None if name == OFFLINE else make_llm,
        user=(profile.meta.name if profile and profile.meta.name else "the user"), turns=turns,
        workspace=settings.home, replies=replies,
    )  # fmt: skip
    session.notices = notices
    def case() -> CaseFile:  # read again each time: the notes may change during a chat (`/index`)
        return _case(settings, loaded, offline=name == OFFLINE)

    session.case = case
    session.planner = lambda: _plan(settings, case(), session.today)
    return session


def _case(settings: Settings, loaded: Any, *, offline: bool) -> CaseFile:
    """The case file, as `second-chance plan` reads it (an offline chat reads offline)."""
    from assistant.reading import OfflineReader, read_case_file

    return read_case_file(loaded, settings=settings, reader=OfflineReader() if offline else None)


def _plan(settings: Settings, case: CaseFile, today: dt.date) -> Plan:
    """Today's plan from the case file, as `second-chance plan` makes it."""
    from assistant.planner import build_plan, read_sent_drafts

    return build_plan(case, today=today, sent=read_sent_drafts(settings.drafts_dir))


def render_prompt(name: str, *, workspace: Path | None = None, **values: str) -> str:
    """Render the prompt file `name` (a workspace's prompts/ folder may override it) with `values`."""
    from assistant.prompts import load_prompt

    return load_prompt(name, workspace=workspace).render(**values)


class DraftRequest(BaseModel):
    """What `/draft KIND NAME [about]` asks for."""

    kind: str
    to: str
    about: str | None = None


def parse_draft(rest: str, names: list[str]) -> DraftRequest | None:
    """Split `KIND NAME [about]`; NAME is the longest run of words that is someone's name (or quote it)."""
    import shlex

    try:
        words = shlex.split(rest)
    except ValueError:  # an apostrophe in the about text ("they're") is not a quote
        words = rest.split()
    if len(words) < 2:
        return None
    from assistant.names import fold  # "Tomasz Wojcik" is Tomasz Wójcik here too

    known = {fold(n) for name in names for n in (name, name.split()[0])}
    take = next((n for n in range(len(words) - 1, 0, -1) if fold(" ".join(words[1 : 1 + n])) in known), 1)
    about = " ".join(words[1 + take :]) or None
    return DraftRequest(kind=words[0], to=" ".join(words[1 : 1 + take]), about=about)


def letter_summary(letter: Any) -> str:
    """A drafted letter as the chat records it: where it was saved, the letter, and how the checks went."""
    failed = [c for c in letter.checks if not c.passed]
    checks = "all passed" if not failed else "; ".join(f"{c.name} failed: {c.message}" for c in failed)
    sources = "\nSources:" + "".join(f"\n{c.label}" for c in letter.citations) if letter.citations else ""
    return (f"Drafted a {letter.kind} letter to {letter.to}, saved to {letter.path}.\n\n"
            f"Subject: {letter.subject}\n\n{letter.body.strip()}\n\nChecks: {checks}.{sources}")  # fmt: skip


def plan_summary(plan: Any) -> str:
    """A campaign plan as the chat shows and records it: each company's readiness, then its dated steps."""
    blocks = []
    for company in plan.companies:
        readiness = company.readiness
        when = f", earliest reapply {readiness.earliest_reapply}" if readiness.earliest_reapply else ""
        lines = [f"{company.company}: {readiness.status}{when}. {readiness.reason}"]
        lines += [f"- {s.date} · {s.tactic} · {s.kind or 'research'}{f' → {s.to}' if s.to else ''}: {s.action}"
                  for s in company.steps]  # fmt: skip
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
