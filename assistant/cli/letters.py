"""Commands about letters: draft, check, sent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import JsonOption, KnowledgeOption, console, err_console, print_json, settings, spinner

if TYPE_CHECKING:
    from assistant.checks import CheckResult
    from assistant.letters import Letter
    from assistant.mail import MailDraft


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
    eml: Annotated[bool, typer.Option("--eml", help="Also write an unsent mail draft (.eml) beside it and print a "
                                                    "mailto: link, to finish the letter in your mail client.")] = False,
    knowledge: KnowledgeOption = None,
    json_output: JsonOption = False,
) -> None:
    """Write a letter grounded in your notes, check it, save it to drafts/ and show it with its sources."""
    from assistant.letters import write_letter

    config = settings(knowledge)
    with spinner("Reading your notes"):
        letter = write_letter(config, kind, to, about=about, model=model, out=out)
    mail = hand_off(letter, config.knowledge_dir, cache_dir=config.state_dir) if eml else None
    if json_output:
        print_json(letter.model_dump(mode="json") | ({"eml": mail.model_dump()} if mail else {}))
    else:
        show_letter(letter)
        if mail is not None:
            show_mail(mail, letter.to)
    if not letter.passed:
        raise typer.Exit(1)


def hand_off(letter: Letter, knowledge_dir: Path, *, cache_dir: Path | None = None) -> MailDraft:
    """Write the letter's unsent .eml beside its draft (the notes read through the note cache in `cache_dir`)."""
    from assistant.mail import write_mail_draft
    from assistant.notes import load_notes

    return write_mail_draft(Path(letter.path), subject=letter.subject, body=letter.body, recipient=letter.to,
                            loaded=load_notes(knowledge_dir, cache_dir=cache_dir))


def show_mail(mail: MailDraft, recipient: str) -> None:
    """Say where the mail draft is, whom it is addressed to, and the mailto: link."""
    to = mail.to or f"nobody yet (no email address for {recipient} in your notes: add `email:` to their note)"
    console().print(f"Mail draft (not sent): {_relative(Path(mail.path))}, to {to}. Open it in your mail client, "
                    "or use the link:", markup=False)
    console().print(mail.mailto, markup=False, overflow="ignore", crop=False)


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
    from assistant.drafts import as_json, mark_sent, read_draft
    from assistant.errors import UserError

    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        raise UserError(f"--date '{date}' is not a date; use YYYY-MM-DD, e.g. 2026-11-25.") from None
    path = file.expanduser().resolve()
    knowledge_dir = settings(knowledge, need_workspace=False).knowledge_dir
    before = read_draft(path).meta if path.is_file() else None
    earlier = before.sent if before is not None and before.status == "sent" else None
    draft = mark_sent(path, day=day, knowledge_dir=knowledge_dir)
    if before is not None and before.status == "sent":
        when = f" on {earlier.isoformat()}" if earlier else ""
        now = "; kept that date" if earlier == day else f"; it now says {day.isoformat()}"
        err_console().print(f"[yellow]warning:[/yellow] {_relative(draft.path)} was already marked sent{when}{now}.",
                            highlight=False)
    if json_output:
        print_json(as_json(draft) | {"already_sent": earlier.isoformat() if earlier else None})
        return
    console().print(f"Marked {_relative(draft.path)} as sent on {day.isoformat()}; `people` and `plan` count it as "
                    f"your last contact with {draft.meta.to}.", markup=False)


def _relative(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _escape_md(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_")
