"""The chat command: talk the campaign through in the terminal, typed (with line editing) or piped."""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.common import KnowledgeOption, console, err_console, settings

if TYPE_CHECKING:
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.text import Text

    from assistant.chat import ChatSession
    from assistant.config import Settings
    from assistant.transcript import Turn

HELP = """\
Ask anything about your campaign; answers come from your notes and cite them as [id].
  /draft KIND NAME [about]  write and save a letter; KIND is one of: {kinds}; add --eml for a mail draft
  /plan [COMPANY]           the campaign plan: readiness and the dated steps
  /people                   who is in your notes
  /sources                  the passages behind the last answer
  /save [FILE]              write this conversation to a Markdown file
  /new                      start a new conversation
  /help                     this help
  /exit                     leave (Ctrl-D works too)
Several lines: end a line with \\ to go on, or press Esc then Enter for a new line.
Ctrl-C stops an answer (what was shown is kept) or clears what you typed; at an empty prompt Ctrl-C or Ctrl-D leaves."""

ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="Chat model name, or 'offline' for answers made of note passages.",
                 show_default=False),
]  # fmt: skip
ResumeOption = Annotated[bool, typer.Option("--resume", help="Continue the last conversation.")]


def register(app: typer.Typer) -> None:
    """Add the chat command to `app`."""
    app.command("chat")(chat_command)


def chat_command(model: ModelOption = None, resume: ResumeOption = False, knowledge: KnowledgeOption = None) -> None:
    """Talk your campaign through: streamed answers from your notes, each citing the notes it used (/help inside)."""
    from assistant.chat import open_session

    config = settings(knowledge)
    try:
        session = open_session(config, model=model, resume=resume)
    except KeyboardInterrupt:  # Ctrl-C while the notes are indexed: nothing was said yet, so just stop
        raise typer.Exit(130) from None
    ChatLoop(session, config).run()


class ChatLoop:
    """Read messages, answer them, run slash commands; every message is in the transcript as it happens."""

    def __init__(self, session: ChatSession, config: Settings, *, out: Console | None = None) -> None:
        self.session = session
        self.config = config
        self.typing = sys.stdin.isatty() and sys.stdout.isatty()
        self.failed = 0  # answers that failed; piped chat exits 3 when any did, so scripts notice
        self.out = out or console()
        self.commands: dict[str, Callable[[str], bool]] = {
            "/draft": self.draft, "/plan": self.plan, "/people": self.people, "/sources": self.sources,
            "/save": self.save, "/new": self.new, "/help": self.help, "/exit": self.exit, "/quit": self.exit,
        }  # fmt: skip

    def run(self) -> None:
        """Chat until /exit, end of input, or Ctrl-C at the prompt."""
        for notice in self.session.notices:
            fold(err_console(), notice)
        self.banner()
        read = self._prompt_reader() if self.typing else self._line_reader()
        while True:
            try:
                text = read()
            except (KeyboardInterrupt, EOFError):
                text = None
            if text is None:
                break
            try:
                if not self.handle(text.strip()):
                    break
            except KeyboardInterrupt:  # between two steps of a turn: what was recorded stays recorded
                self.say("[interrupted]", style="dim")
        self.goodbye()
        if self.failed and not self.typing:
            fold(err_console(), f"{self.failed} answer{'s' if self.failed != 1 else ''} failed; see the errors above.")
            raise typer.Exit(3)

    def handle(self, text: str) -> bool:
        """Answer a message or run a command; False means leave the chat."""
        if not text:
            return True
        if not self.typing:
            self.say("\n".join(f"> {line}" for line in text.splitlines()))
        if text.startswith("/"):
            return self.command(text)
        self.answer(text)
        return True

    def banner(self) -> None:
        """Say which model answers and how to get help."""
        turns = len(self.session.turns)
        resumed = f" · resumed, {turns} earlier turn{'s' if turns != 1 else ''}" if turns else ""
        fold(
            err_console(),
            f"second-chance chat · model {self.session.model}{resumed} · /help for commands, /exit to leave",
        )

    def goodbye(self) -> None:
        """Say where the conversation was kept."""
        path = self.session.transcript.path
        if path is not None:
            fold(err_console(), f"Transcript: {path}")

    def answer(self, text: str) -> None:
        """Stream the answer to one question, then the notes it cited."""
        from assistant.config import OFFLINE
        from assistant.errors import SecondChanceError

        shown = _Streamed(self.out, live=self.out.is_terminal, markdown=self.session.model != OFFLINE)
        try:
            with shown:
                turn = self.session.ask(text, on_token=shown.add)
        except KeyboardInterrupt:
            self.say("[interrupted; what was shown is kept]", style="dim")
        except SecondChanceError as exc:
            self.failed += 1
            report(exc)
        else:
            self.footer(turn)
        self.out.print()

    def say(self, text: str, *, style: str | None = None) -> None:
        """Print plain text on stdout (see `fold`)."""
        fold(self.out, text, style=style)

    def footer(self, turn: Turn) -> None:
        """List the cited notes that the answer names only by id."""
        answer = turn.answer
        if answer is None or not answer.evidence:
            return
        cited = answer.citations
        unnamed = [e.citation for e in cited if e.citation not in answer.content]
        if unnamed:
            self.say("Sources: " + "; ".join(unnamed), style="dim")
        elif not cited:
            self.say("Sources: none cited; /sources shows the passages it was given.", style="dim")

    def command(self, line: str) -> bool:
        """Run one slash command; False means leave the chat."""
        from assistant.errors import SecondChanceError

        name, _, rest = line.partition(" ")
        handler = self.commands.get(name.lower())
        if handler is None:
            from assistant.names import closest

            close = closest(name, list(self.commands), n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            fold(err_console(), f"Unknown command {name}; {hint}/help lists the commands.")
            return True
        try:
            return handler(rest.strip())
        except KeyboardInterrupt:
            self.say("[interrupted]", style="dim")
        except SecondChanceError as exc:
            report(exc)
        return True

    def draft(self, rest: str) -> bool:
        """/draft KIND NAME [about]: write, check and save a letter, as `second-chance draft` does."""
        from assistant.chat import letter_summary, parse_draft
        from assistant.cli.plan import read_case
        from assistant.letters import write_letter

        eml = "--eml" in rest.split()  # also an unsent mail draft, as `draft --eml` writes
        words = " ".join(word for word in rest.split() if word != "--eml")
        names = [p.name for p in read_case(self.config, offline=True).people if not p.example]
        request = parse_draft(words, names)
        if request is None:
            fold(err_console(), "Usage: /draft KIND NAME [about], e.g. /draft follow-up Dana Reyes their launch")
            return True
        with err_console().status(f"Writing a {request.kind} letter to {request.to}…"):
            letter = write_letter(self.config, request.kind, request.to, about=request.about,
                                  model=self.session.model, index=self.session.index)  # fmt: skip
        summary = letter_summary(letter)
        if eml:
            from assistant.cli.letters import hand_off

            mail = hand_off(letter, self.config.knowledge_dir, cache_dir=self.config.state_dir)
            to = mail.to or "nobody yet (no email address in your notes)"
            summary += f"\n\nMail draft (not sent): {mail.path}, to {to}.\n{mail.mailto}"
        self.session.record(f"/draft {rest}", summary, by=f"draft {letter.model}")
        self.say(summary)
        return True

    def plan(self, rest: str) -> bool:
        """/plan [COMPANY]: the campaign plan, dated from today."""
        import datetime as dt

        from assistant.chat import plan_summary
        from assistant.cli.plan import read_case
        from assistant.planner import NO_REJECTIONS, build_plan, read_sent_drafts

        with err_console().status("Planning…"):
            plan = build_plan(read_case(self.config, self.session.model), today=dt.date.today(),
                              company=rest or None, sent=read_sent_drafts(self.config.drafts_dir))  # fmt: skip
        for warning in plan.warnings:
            self.say(f"Warning: {warning}")
        if not plan.companies:
            if not plan.warnings:
                self.say(NO_REJECTIONS)
            return True
        summary = plan_summary(plan)
        self.session.record(f"/plan {rest}".strip(), summary, by="plan")
        self.say(summary)
        self.say("`second-chance plan` shows it as a timeline; /draft KIND NAME writes a step's letter.", style="dim")
        return True

    def people(self, rest: str) -> bool:
        """/people: who is in the notes, one line each."""
        from assistant.cli.plan import read_notes_and_case
        from assistant.people import list_people
        from assistant.planner import Touches, read_sent_drafts, stated_last_contacts

        loaded, case = read_notes_and_case(self.config, offline=True)
        sent = read_sent_drafts(self.config.drafts_dir)
        people = list_people(case, touches=Touches(case, sent, last_contact=stated_last_contacts(loaded)))
        if not people:
            self.say("No people in your notes yet: add a note about someone (a `# Full Name` heading, or `name:`).")
        for person in people:
            about = ", ".join(filter(None, [person.role, person.company]))
            parts = [person.name + (f" — {about}" if about else ""), person.in_words]
            if person.last_contact:
                parts.append(f"last contact {person.last_contact.isoformat()}")
            self.say(" · ".join(p for p in parts if p))
        return True

    def sources(self, rest: str) -> bool:
        """/sources: the passages retrieved for the last answer."""
        evidence = self.session.last_evidence
        if not evidence:
            self.say("No sources yet: ask a question first.")
            return True
        for item in evidence:
            self.say(f"{item.citation}  (score {item.score:.4f})", style="bold")
            self.say("\n".join(f"    {line}" for line in item.text.strip().splitlines()))
        return True

    def save(self, rest: str) -> bool:
        """/save [FILE]: write the conversation to Markdown."""
        if not self.session.turns:
            self.say("Nothing to save yet: ask a question first.")
            return True
        from assistant.files import may_write, write_private

        target = Path(shlex.split(rest)[0]).expanduser() if rest else self.default_save_path()
        target = target if target.is_absolute() else Path.cwd() / target
        # The one rule for every write: never in the knowledge folder; for /save, never outside the workspace.
        target = may_write(target, self.config.knowledge_dir, what="/save", workspace=self.config.home)
        if target.is_dir():
            from assistant.errors import UserError

            raise UserError(f"/save {target} is a folder; give a file name, e.g. /save chat.md.")
        write_private(target, self.session.to_markdown())
        self.say(f"Saved the conversation to {target}.")
        return True

    def default_save_path(self) -> Path:
        """chat-<when it started>.md in the workspace."""
        path = self.session.transcript.path
        stem = path.stem if path is not None else "conversation"
        return self.config.home / f"chat-{stem}.md"

    def new(self, rest: str) -> bool:
        """/new: start over with an empty history and a new transcript."""
        self.session.new()
        self.say("Started a new conversation.")
        return True

    def help(self, rest: str) -> bool:
        """/help: the commands and keys."""
        from assistant.tactics import LETTER_KINDS

        self.say(HELP.format(kinds=", ".join(LETTER_KINDS)))
        return True

    def exit(self, rest: str) -> bool:
        """/exit: leave the chat."""
        return False

    def _line_reader(self) -> Callable[[], str | None]:
        """Piped input: one message per line; a line ending in a backslash goes on to the next."""
        stream = typer.get_text_stream("stdin")

        def read() -> str | None:
            lines: list[str] = []
            while True:
                line = stream.readline()
                if not line:
                    return "\n".join(lines) if lines else None
                line = line.rstrip("\r\n")
                if line.endswith("\\"):
                    lines.append(line[:-1])
                    continue
                lines.append(line)
                return "\n".join(lines)

        return read

    def _prompt_reader(self) -> Callable[[], str | None]:
        """Typed input: prompt-toolkit with history, multi-line editing and a Ctrl-C that clears first."""
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory, InMemoryHistory

        self.config.state_dir.mkdir(parents=True, exist_ok=True)
        history: Any
        try:
            history = FileHistory(str(self.config.state_dir / "chat-history"))
        except OSError:
            history = InMemoryHistory()
        prompt: PromptSession[str] = PromptSession(
            history=history, key_bindings=_key_bindings(), prompt_continuation=lambda width, n, soft: "… "
        )

        def read() -> str | None:
            return prompt.prompt("you> ")

        return read


def fold(out: Console, text: str | Text | Markdown, *, style: str | None = None) -> None:
    """Print `text` as it is (never as markup). On a terminal, lines break between words to fit the screen, which
    rich's soft wrap would leave the terminal to do mid-word; a word wider than the screen (a URL, a path) is
    never cut: the terminal wraps it, whole. Piped output keeps its lines as they are."""
    from rich.markdown import Markdown
    from rich.text import Text

    if isinstance(text, Markdown):  # rich wraps Markdown between words itself
        out.print(text, style=style, soft_wrap=False)
        return
    text = Text(text) if isinstance(text, str) else text
    if out.is_terminal:
        text = Text("\n").join(piece for line in text.split("\n", allow_blank=True)
                               for piece in _between_words(line, out.width))  # fmt: skip
    out.print(text, style=style, soft_wrap=True)


def _between_words(line: Text, width: int) -> list[Text]:
    """`line` cut before each word that would pass `width` cells; continuation lines keep its indent.

    A word too wide for any line stays where it is, and the next word starts a new line.
    """
    from rich.cells import cell_len
    from rich.text import Text

    plain = line.plain
    indent = plain[: len(plain) - len(plain.lstrip(" "))]
    indent = indent if len(indent) < width // 2 else ""
    cuts: list[int] = []
    start = base = 0  # where the current screen line starts in `plain`, and the indent it is shown with
    after_wide = False
    for word in re.finditer(r"\S+", plain):
        wide = cell_len(word.group()) > width - len(indent)
        past = base + cell_len(plain[start : word.end()]) > width
        if plain[start : word.start()].strip() and (after_wide or (past and not wide)):
            cuts.append(word.start())
            start, base = word.start(), len(indent)
        after_wide = wide
    pieces = list(line.divide(cuts))
    for n in range(len(pieces) - 1):
        pieces[n].rstrip()
        pieces[n + 1] = Text(indent) + pieces[n + 1]
    return pieces


def report(exc: Exception) -> None:
    """Print an error as one red line on stderr; the chat goes on."""
    from rich.text import Text

    fold(err_console(), Text.assemble(("error:", "red"), " ", str(exc)))


def _key_bindings() -> Any:
    """Enter sends unless the line ends with a backslash; Esc Enter adds a line; Ctrl-C clears, then leaves."""
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.document.text_before_cursor.endswith("\\"):
            buffer.delete_before_cursor(1)
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    @bindings.add("escape", "enter")
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    @bindings.add("c-c")
    def _interrupt(event: KeyPressEvent) -> None:
        if event.current_buffer.text:
            event.current_buffer.reset()
        else:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return bindings


class _Streamed:
    """Show an answer as it streams: re-rendered in place on a terminal (rich Live), plain text anywhere else.

    Model answers render as Markdown; offline answers are note passages, shown line for line. On a terminal
    the live view is erased when the answer ends or is interrupted, and the answer is printed once, whole.
    """

    def __init__(self, out: Console, *, live: bool, markdown: bool) -> None:
        self.out = out
        self.text = ""
        self.markdown = markdown
        self._live: Any = None
        self._use_live = live
        self._echo: list[Any] | None = None

    def _renderable(self) -> Any:
        from rich.markdown import Markdown
        from rich.text import Text

        return Markdown(self.text) if self.markdown else Text(self.text)

    def __enter__(self) -> _Streamed:
        if self._use_live:
            from rich.console import Console
            from rich.live import Live

            # Wrapped by rich (not soft-wrapped): Live must know each line's height to redraw in place.
            screen = Console(file=self.out.file, highlight=False)
            self._live = Live(_Tail(self._renderable()), console=screen, refresh_per_second=12, transient=True)
            self._quiet()
            try:
                self._live.start()
            except BaseException:  # Ctrl-C this early: __exit__ will not run, so give the echo back here
                self._unquiet()
                raise
        return self

    def add(self, token: str) -> None:
        """Show one more piece of the answer."""
        self.text += token
        if self._live is not None:
            self._live.update(_Tail(self._renderable()))
        else:
            self.out.file.write(token)
            self.out.file.flush()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._live is not None:
            try:
                self._live.stop()
            finally:
                self._unquiet()
            if self.text:
                fold(self.out, self._renderable())
        elif self.text and not self.text.endswith("\n"):
            self.out.file.write("\n")
            self.out.file.flush()

    def _quiet(self) -> None:
        """Keep the terminal from upsetting Live's count of lines while it redraws in place: no echo (the "^C"
        after a line as wide as the screen wraps it), and no discarding of output on Ctrl-C (the kernel's
        flush can drop half a redraw). Either leaves Live erasing the wrong lines: old lines stay twice."""
        try:
            import termios
        except ImportError:  # Windows: no echo to turn off
            return
        try:
            fd = self.out.file.fileno()
            self._echo = termios.tcgetattr(fd)
            quiet = [*self._echo]
            quiet[3] = (quiet[3] & ~(termios.ECHO | termios.ECHOCTL)) | termios.NOFLSH
            termios.tcsetattr(fd, termios.TCSANOW, quiet)
        except (AttributeError, ValueError, OSError, termios.error):  # not a terminal after all
            self._echo = None

    def _unquiet(self) -> None:
        if self._echo is not None:
            import termios

            termios.tcsetattr(self.out.file.fileno(), termios.TCSANOW, self._echo)
            self._echo = None


class _Tail:
    """The last lines of a renderable, one fewer than the screen has: Live can erase all of them when it stops.

    A live view as tall as the screen scrolls its first line out of reach when Live moves to the next line.
    """

    def __init__(self, renderable: Any) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: Any) -> Iterator[Any]:
        from rich.segment import Segment

        lines = console.render_lines(self.renderable, options.update(height=None), pad=False)
        shown = lines[-max(console.height - 1, 1) :]
        for n, line in enumerate(shown):
            yield from line
            if n < len(shown) - 1:
                yield Segment.line()
