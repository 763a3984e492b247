"""The command line: thin typer commands, one module per group; the one place errors become exit codes."""

from __future__ import annotations

import gc
from typing import Any

# Importing the commands builds modules, classes and functions that last as long as the process: the collector
# would only walk them, again and again while they are built (a tenth of a `plan` at 10,000 notes went to it).
_COLLECTING = gc.isenabled()
gc.disable()

import typer  # noqa: E402
from typer.core import TyperGroup  # noqa: E402

from assistant.errors import SecondChanceError  # noqa: E402


class _Commands(TyperGroup):
    """Run a command and turn our errors into one red line and the error's exit code."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors click; its Context type is private
        try:
            return super().invoke(ctx)
        except SecondChanceError as exc:
            from assistant.cli.common import err_console

            err_console().print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:  # a full disk or a read-only folder that no core code expected: still one line
            from assistant.files import disk_problem

            problem = disk_problem(exc)
            if problem is None:
                raise
            from assistant.cli.common import err_console

            err_console().print(f"[red]error:[/red] Cannot write {exc.filename or 'a file'}: {problem}; free some "
                                "space or fix the folder's permissions, then retry.", highlight=False, soft_wrap=True)
            raise typer.Exit(3) from None


app = typer.Typer(
    cls=_Commands,
    name="second-chance",
    help="Win a second chance at a company that turned you down: notes in, grounded plan and letters out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rendering it with rich costs ~0.15 s at every start
)

def _show_version(value: bool) -> None:
    if value:
        from assistant import __version__

        typer.echo(f"second-chance {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True,
                                 callback=_show_version),
) -> None:
    """Win a second chance at a company that turned you down: notes in, grounded plan and letters out."""


from assistant.cli import notes as _notes  # noqa: E402  (commands register themselves on `app`)

_notes.register(app)

from assistant.cli import reading as _reading  # noqa: E402

_reading.register(app)

from assistant.cli import letters as _letters  # noqa: E402

_letters.register(app)

from assistant.cli import plan as _plan  # noqa: E402

_plan.register(app)

from assistant.cli import chat as _chat  # noqa: E402

_chat.register(app)

from assistant.cli import imports as _imports  # noqa: E402

_imports.register(app)

from assistant.cli import evals as _evals  # noqa: E402

_evals.register(app)

from assistant.cli import demo as _demo  # noqa: E402

_demo.register(app)

gc.freeze()  # what is here now stays: later collections skip it
if _COLLECTING:
    gc.enable()


def main() -> None:
    """Entry point of the `second-chance` console script."""
    try:
        app()
    except SystemExit as done:
        from assistant.gcpause import end_now

        end_now(done.code)  # a listing that kept its case ends here, without freeing it; else:
        raise
