"""`import`: the user's own exports as notes (LinkedIn connections); the one command that writes into knowledge/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.common import JsonOption, KnowledgeOption, console, print_json, settings


def register(app: typer.Typer) -> None:
    """Add the `import` group to `app`."""
    group = typer.Typer(help="Turn your own exports into notes (written to knowledge/imported/, never overwriting).",
                        no_args_is_help=True)
    group.command("linkedin")(import_linkedin_command)
    app.add_typer(group, name="import")


def import_linkedin_command(
    file: Annotated[Path, typer.Argument(help="LinkedIn's Connections.csv (Settings, Data privacy, Get a copy of "
                                              "your data).", dir_okay=False)],
    knowledge: KnowledgeOption = None,
    json_output: JsonOption = False,
) -> None:
    """Write a person note in knowledge/imported/ for each connection at a company of your campaigns."""
    from assistant.cli.plan import read_notes_and_case
    from assistant.imports import import_linkedin
    from assistant.planner import rejected_companies

    config = settings(knowledge)
    loaded, case = read_notes_and_case(config, offline=True)  # an import never waits for a model
    campaigns = [rejected.company for rejected in rejected_companies(case)]
    report = import_linkedin(file.expanduser().resolve(), config.knowledge_dir, loaded, campaigns)
    if json_output:
        print_json(report)
        return
    out = console()
    where = f"{config.knowledge_dir.name}/imported/"
    out.print(f"Wrote {len(report.written)} person notes to {where} for {', '.join(report.companies)}.", markup=False)
    for path in report.written:
        out.print(f"  {path}", markup=False)
    for skip in report.skipped:
        out.print(f"  skipped {skip.name}: {skip.reason}", markup=False)
    if report.elsewhere:
        out.print(f"{report.elsewhere} connections at other companies left out (only companies with a rejection "
                  "note are imported).", markup=False)
    if report.written:
        out.print("Add what you know about each person to their note, then run `second-chance index`.", markup=False)
