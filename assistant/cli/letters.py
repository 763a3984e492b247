"""Commands about letters: draft, check, sent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import JsonOption, KnowledgeOption, console, print_json, settings

if TYPE_CHECKING:
    from assistant.checks import CheckResult
    from assistant.letters import Letter


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("draft")(draft_letter)
    app.command("check")(check_letter_file)
    app.command("sent")(mark_letter_sent)


def draft_letter(
    kind: Annotated[str, typer.Argument(help="follow-up, consultant-offer, referral-request, progress-update, "
                                             "article-share, recommendation-ask or reapplication.")],
    to: Annotated[str, typer.Option("--to", help="Who the letter is for, as named in your notes.")],
    about: Annotated[str | None, typer.Option("--about", help="What to focus on, e.g. an opening.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Chat model name, or 'offline'.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the letter here instead of drafts/.")] = None,
    knowledge: KnowledgeOption = None,
    json_output: JsonOption = False,
) -> None:
    """Write a letter grounded in your notes, check it, save it to drafts/ and show it with its sources."""
    from assistant.letters import write_letter

    letter = write_letter(settings(knowledge), kind, to, about=about, model=model, out=out)
    if json_output:
        print_json(letter)
    else:
        show_letter(letter)
    if not letter.passed:
        raise typer.Exit(1)


def show_letter(letter: Letter) -> None:
    """Print a letter as rendered Markdown, then its citations, its checks and where it was saved."""
    from rich.markdown import Markdown

    # Two trailing spaces keep the signature's line breaks in Markdown.
    body = "\n".join(f"{line}  " if line.strip() else line for line in letter.body.splitlines())
    console().print(Markdown(f"**Subject: {_escape_md(letter.subject)}**\n\n{body}"))
    console().print()
    console().print("[bold]Sources[/bold]")
    for citation in letter.citations:
        console().print(f"  {citation.label}", markup=False)
    if not letter.citations:
        console().print("  (none cited)")
    console().print()
    show_checks(letter.checks)
    for warning in letter.warnings:
        console().print(f"Note: {warning}", markup=False)
    console().print(f"Saved to {_relative(Path(letter.path))} (model: {letter.model}).", markup=False)


def show_checks(checks: list[CheckResult]) -> None:
    """Print the check table: name, pass or FAIL, and what to do."""
    from rich.table import Table

    table = Table("Check", "Result", "Message", show_lines=False)
    for check in checks:
        table.add_row(check.name, "[green]pass[/green]" if check.passed else "[red]FAIL[/red]", check.message)
    console().print(table)


def check_letter_file(
    file: Annotated[Path, typer.Argument(help="The letter file, e.g. drafts/2026-11-25-follow-up-dana-reyes.md.")],
    kind: Annotated[str | None, typer.Option("--kind", help="The letter kind, if the file does not say.")] = None,
    to: Annotated[str | None, typer.Option("--to", help="The recipient, if the file does not say.")] = None,
    knowledge: KnowledgeOption = None,
    json_output: JsonOption = False,
) -> None:
    """Run the letter checks on a letter file again, for instance after you edit it by hand."""
    from assistant.letters import check_letter

    report = check_letter(settings(knowledge), file.expanduser().resolve(), kind=kind, to=to)
    if json_output:
        print_json(report)
    else:
        show_checks(report.checks)
        failed = sum(not c.passed for c in report.checks)
        console().print("All checks passed." if report.passed else f"{failed} of {len(report.checks)} checks failed.")
    if not report.passed:
        raise typer.Exit(1)


def mark_letter_sent(
    file: Annotated[Path, typer.Argument(help="The draft you sent.")],
    date: Annotated[str | None, typer.Option("--date", help="When you sent it (YYYY-MM-DD); default today.")] = None,
    knowledge: KnowledgeOption = None,
    json_output: JsonOption = False,
) -> None:
    """Mark a draft as sent, so the planner counts it as a touch."""
    from assistant.drafts import as_json, mark_sent
    from assistant.errors import UserError

    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        raise UserError(f"--date '{date}' is not a date; use YYYY-MM-DD, e.g. 2026-11-25.") from None
    draft = mark_sent(file.expanduser().resolve(), day=day, knowledge_dir=settings(knowledge).knowledge_dir)
    if json_output:
        print_json(as_json(draft))
        return
    console().print(f"Marked {_relative(draft.path)} as sent on {day.isoformat()}.", markup=False)


def _relative(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _escape_md(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_")
