"""The demo: the whole flow on the bundled sample notes, in a state folder of its own."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import console

DEMO_QUESTION = "who got the job I applied for"


def register(app: typer.Typer) -> None:
    """Add the demo command to `app`."""
    app.command("demo")(run_demo)


def run_demo(
    model: Annotated[str | None, typer.Option("--model", help="Chat model for the letters, or 'offline'.")] = None,
) -> None:
    """Run the whole flow on the bundled sample notes: index, people, search, plan and the two primary letters."""
    from assistant.cli.letters import draft_letter
    from assistant.cli.notes import index_notes, list_people_command, search_notes
    from assistant.cli.plan import plan_campaign
    from assistant.config import load_settings
    from assistant.resources import bundled
    from assistant.tactics import PRIMARY_KINDS

    knowledge = bundled("knowledge")
    demo_home = load_settings().state_dir / "demo"
    failed = 0
    with _workspace(demo_home):
        _step(f"1. Index the sample notes in {knowledge}")
        index_notes(rebuild=False, knowledge=knowledge, json_output=False)
        _step("2. Who is in the notes")
        list_people_command(today=None, knowledge=knowledge, json_output=False)
        _step(f'3. Search: "{DEMO_QUESTION}"')
        search_notes(DEMO_QUESTION, person=None, company=None, note_type=None, k=2, knowledge=knowledge,
                     json_output=False)
        _step("4. The campaign plan")
        plan_campaign(company=None, today=None, ics=None, model=model, knowledge=knowledge, json_output=False)
        recipients = {"follow-up": "Dana Reyes", "consultant-offer": "Sam Patel"}
        for number, kind in enumerate(PRIMARY_KINDS, start=5):
            _step(f"{number}. Draft: {kind} to {recipients[kind]}")
            try:
                draft_letter(kind, recipients[kind], about=None, model=model, out=None, knowledge=knowledge,
                             json_output=False)
            except typer.Exit as exc:
                failed += exc.exit_code != 0
    _step("Done")
    console().print(
        f"The demo's index and letters are under {demo_home}. Start your own with `second-chance init`."
    )
    if failed:
        raise typer.Exit(1)


def _step(title: str) -> None:
    console().print()
    console().rule(f"[bold]{title}[/bold]", align="left")


@contextlib.contextmanager
def _workspace(home: Path) -> Iterator[None]:
    """Point every command at the demo's own workspace, so the demo never touches the user's index or drafts."""
    home.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("SECOND_CHANCE_HOME")
    os.environ["SECOND_CHANCE_HOME"] = str(home)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SECOND_CHANCE_HOME", None)
        else:
            os.environ["SECOND_CHANCE_HOME"] = previous
