"""Commands about the notes themselves: init, index, search, people."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import (
    JsonOption,
    KnowledgeOption,
    console,
    err_console,
    print_json,
    print_models_json,
    settings,
)

if TYPE_CHECKING:
    import datetime as dt
    import os

    from assistant.casecache import CaseInputs
    from assistant.config import Settings
    from assistant.manifest import SyncReport


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("init")(init_workspace)
    app.command("index")(index_notes)
    app.command("search")(search_notes)
    app.command("people")(list_people_command)


def init_workspace(
    directory: Annotated[Path, typer.Argument(help="The workspace folder to create.")] = Path("."),
    json_output: JsonOption = False,
) -> None:
    """Start a workspace: a knowledge/ folder with example notes; never redoes what exists or was deleted."""
    from assistant.workspace import init_workspace as create

    report = create(directory.expanduser().resolve())
    if json_output:
        print_json(report)
        return
    out = console()
    out.print(f"Workspace ready at {report.workspace}: {len(report.created)} files created.", markup=False)
    for path in report.created:
        out.print(f"  {path}", markup=False)
    if report.skipped:
        out.print(f"Skipped {len(report.skipped)}:", markup=False)
        for skip in report.skipped:
            out.print(f"  {skip.path} ({skip.reason})", markup=False)
    if report.created:
        out.print("The example notes say `example: true`: they stay out of people, plans and letters. Replace them "
                  "with your own notes, then run `second-chance index`.", markup=False)


def index_notes(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-embed every note from scratch.")] = False,
    knowledge: KnowledgeOption = None,
    json_output: JsonOption = False,
) -> None:
    """Sync the index with the notes; only what changed is embedded again."""
    from assistant.cli.reading import hint_line
    from assistant.embeddings import fingerprint
    from assistant.manifest import unchanged_report
    from assistant.notes import note_stats
    from assistant.readingcache import forget_stamp, read_stamp, reading_stamp, write_stamp

    config = settings(knowledge)
    walk = note_stats(config.knowledge_dir)  # one stat of each file, for both what follows
    # Nothing changed (a stat of each file says so) and the notes were read by these rules: answer without opening
    # Chroma, a model client or any note.
    report = None if rebuild else unchanged_report(config, fingerprint(config), walk)
    stamp = reading_stamp(config)
    known = read_stamp(config) if report is not None else None
    if report is not None and known is not None and known[0] == stamp:
        read, hints = 0, known[1]
    else:
        forget_stamp(config)  # until this run's reading is done, no count is trusted
        report, read, hints = _sync(config, walk, rebuild=rebuild,
                                    bar=not json_output and err_console().is_terminal)
        write_stamp(config, stamp, hints)
    if json_output:
        print_json(report.model_dump(mode="json", exclude={"warnings"}) | {"warnings": report.warnings}
                   | {"examples": report.examples, "read": read, "hints": hints})
        return
    for warning in report.warnings:
        err_console().print(f"[yellow]warning:[/yellow] {warning.path}: {warning.message}")
    console().print(format_sync(report))
    if report.examples:
        console().print(f"{len(report.examples)} example notes from `init` are still in {config.knowledge_dir.name}/ "
                        f"({', '.join(report.examples)}); they stay out of people, plans and letters: delete them "
                        "once your own notes are in.", markup=False)
    if hint_line(hints):
        console().print(hint_line(hints), markup=False)


def _sync(config: Settings, walk: list[tuple[str, str, os.stat_result]], *, rebuild: bool,
          bar: bool) -> tuple[SyncReport, int, int]:
    """Load the notes, sync the index (a progress bar on a terminal), then read new and changed notes.

    `walk`: the stat of each file `index` made. Returns the report, how many notes were read afresh, and how many
    notes need a hint.
    """
    from assistant.casecache import paused_gc
    from assistant.cli.reading import start_reading
    from assistant.embeddings import make_embedder
    from assistant.notes import load_notes

    loaded = load_notes(config.knowledge_dir, cache_dir=config.state_dir, walk=walk)
    embedder = make_embedder(config)
    # The reading stage: new and changed notes only (cached), with the index's own embedding model, then the case
    # file assembled and cached; in a worker process alongside the sync when there are many notes (forked before
    # Chroma is imported, which it does not need), so reading and assembling add little time.
    reading = start_reading(config, loaded, embedder=embedder, whole=rebuild)
    from assistant.index import NoteIndex

    index = NoteIndex(config, embedder=embedder)
    say = partial(err_console().print, markup=False)  # why an older index is embedded again (on stderr: --json)
    with paused_gc():  # the sync builds a chunk per passage: the collector would walk them and the notes over and over
        if not bar:
            report = index.sync(loaded, rebuild=rebuild, upgrade=say)
        else:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            columns = (TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TextColumn("chunks"),
                       TimeRemainingColumn())
            with Progress(*columns, console=err_console(), transient=True) as progress:
                task = progress.add_task("embedding", total=None)
                report = index.sync(loaded, rebuild=rebuild, upgrade=say,
                                    progress=lambda done, total: progress.update(task, completed=done, total=total))
    read, hints = reading.result()
    return report, read, hints


def format_sync(report: object) -> str:
    """One line such as `added 14, updated 0, removed 0, unchanged 0 (57 chunks); skipped 1: photo.png (...)`."""
    from assistant.manifest import SyncReport

    assert isinstance(report, SyncReport)
    line = (
        f"added {report.added}, updated {report.updated}, removed {report.removed}, "
        f"unchanged {report.unchanged} ({report.chunks} chunks)"
    )
    if report.skipped:
        line += f"; skipped {len(report.skipped)}: " + ", ".join(f"{s.path} ({s.reason})" for s in report.skipped)
    return line


def search_notes(
    query: Annotated[str, typer.Argument(help="What to look for, in your own words.")],
    person: Annotated[str | None, typer.Option("--person", help="Only notes about this person.")] = None,
    company: Annotated[str | None, typer.Option("--company", help="Only notes about this company.")] = None,
    note_type: Annotated[
        str | None, typer.Option("--type", help="Only notes of this type (person, company, ...; note: untyped).")
    ] = None,
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many passages to show.")] = 5,
    knowledge: KnowledgeOption = None,
    json_output: JsonOption = False,
) -> None:
    """Find the passages in your notes that answer QUERY, each with its citation id."""
    from rich.markup import escape

    from assistant.errors import UserError
    from assistant.index import NoteIndex
    from assistant.notes import NOTE_TYPES
    from assistant.retrieval import relevance, search

    if not query.strip():
        raise UserError('Give something to search for, e.g. second-chance search "what does Dana care about".')
    if note_type is not None and note_type not in (*NOTE_TYPES, "note"):
        from assistant.names import closest

        close = closest(note_type, [*NOTE_TYPES, "note"], n=1)
        hint = f"; did you mean {close[0]}? Use" if close else "; use"
        raise UserError(f"Unknown note type '{note_type}'{hint} one of: {', '.join(NOTE_TYPES)}, or note (no type).")
    results = search(NoteIndex(settings(knowledge)), query, k=k, person=person, company=company, type=note_type)
    if json_output:
        print_json({"query": query, "results": [evidence.model_dump(mode="json") | {
            "rank": rank, "relevance": relevance(evidence.score)} for rank, evidence in enumerate(results, 1)]})
        return
    if not results:
        console().print("No passage in your notes matches that. Try other words, or fewer filters.")
        return
    for rank, evidence in enumerate(results, 1):
        console().print(f"{rank}. [bold]{escape(f'[{evidence.id}]')}[/bold] {escape(evidence.source)}  "
                        f"[dim]{relevance(evidence.score)}[/dim]")
        console().print(_indent(evidence.text, 500), markup=False)
        console().print()


def _indent(text: str, limit: int) -> str:
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return "\n".join(f"    {line}" for line in text.splitlines())


def list_people_command(
    today: Annotated[
        str | None, typer.Option("--today", help="Plan next touches as if today were this date (YYYY-MM-DD).")
    ] = None,
    knowledge: KnowledgeOption = None,
    json_output: JsonOption = False,
) -> None:
    """List who is in your notes: role, company, relationship, last contact, and their next touch and why."""
    from assistant.cli.plan import parse_today, read_case_inputs
    from assistant.gcpause import keep, paused_gc

    day = parse_today(today)
    with paused_gc():  # all that is built here is kept until the end: nothing for the collector (as `plan`)
        config = settings(knowledge)
        inputs = read_case_inputs(config, offline=True)  # a listing never waits for a model
        keep(inputs)  # and nothing freed one by one when the command is done
        _list_people(inputs, config, day, json_output=json_output)


def _list_people(inputs: CaseInputs, config: Settings, day: dt.date, *, json_output: bool) -> None:
    from assistant.cli.tables import QuickTable, styled
    from assistant.gcpause import keep
    from assistant.people import list_people
    from assistant.planner import Touches, build_plan, read_sent_drafts

    case = inputs.case
    touches = Touches(case, read_sent_drafts(config.drafts_dir), today=day, last_contact=inputs.last_contact)
    plan = build_plan(case, today=day, touches=touches)
    people = list_people(case, plan=plan, touches=touches)
    keep(touches, plan, people)
    if json_output:
        print_models_json({"people": people})  # people have no float
        return
    if not people:
        console().print("No people in your notes yet: add a note about someone (a `# Full Name` heading, or `name:`)."
                        + (" (The example notes from `init` do not count.)" if inputs.examples else ""))
        return
    table = QuickTable("Name", "Role", "Company", "Relationship", "Last contact", "Notes")
    for person in people:
        relationship = person.in_words
        table.add_row(
            person.name, person.role or "", person.company or "", relationship,
            person.last_contact.isoformat() if person.last_contact else "", str(len(person.sources)),
        )  # fmt: skip
    console().print(table)
    # Below the table, one line each, so the reason stays readable in a narrow terminal.
    # One print for all: a line each, wrapped alike, without rich's per-call cost (800 people at 10,000 notes).
    # Styled text, not markup: nothing for rich to parse.
    lines = "\n".join(f"  {person.label}: {_next_touch(person.next_touch)}" for person in people)
    console().print(styled("\n", ("Next touch", "bold"),
                           f" (see `second-chance plan` for the whole campaign)\n{lines}"))


def _next_touch(touch: object) -> str:
    from assistant.people import NextTouch

    if not isinstance(touch, NextTouch):
        return "none"
    if touch.date is None:
        return f"none; {touch.why}"
    return f"{touch.date} {touch.kind or 'research'}, because {touch.why}"
