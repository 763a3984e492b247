"""`second-chance notes`: what was understood in each note, and what to add where it was not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.cli.common import JsonOption, KnowledgeOption, console, err_console, print_json, settings

if TYPE_CHECKING:
    import typer

    from assistant.casefile import NoteReading
    from assistant.config import Settings
    from assistant.notes import LoadResult

PROGRESS_FROM = 20  # show a progress bar when at least this many notes are read afresh


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("notes")(list_notes)


def read_all(config: Settings, loaded: LoadResult, *, embedder: Any = None) -> tuple[list[NoteReading], int]:
    """Read every note (cached ones from disk), with a progress bar on a terminal; Ctrl-C keeps what was read."""
    from assistant.reading import read_notes

    stderr = err_console()
    if not stderr.is_terminal:
        return read_notes(loaded.notes, settings=config, embedder=embedder)
    from rich.progress import Progress

    with Progress(console=stderr, transient=True) as bar:
        task = bar.add_task("Reading notes", total=None)

        def advance(done: int, total: int) -> None:
            if total >= PROGRESS_FROM:
                bar.update(task, completed=done, total=total)

        return read_notes(loaded.notes, settings=config, progress=advance, embedder=embedder)


def hint_line(count: int) -> str | None:
    """`3 notes need a hint: run `second-chance notes``, or None when every note was understood."""
    if not count:
        return None
    return f"{count} note{'s' if count != 1 else ''} need{'s' if count == 1 else ''} a hint: run `second-chance notes`."


def list_notes(knowledge: KnowledgeOption = None, json_output: JsonOption = False) -> None:
    """List each note: its type, who or what it is about, what was found, and what to add where it was unclear."""
    from rich.markup import escape

    from assistant.notes import load_notes
    from assistant.reading import assemble

    config = settings(knowledge)
    loaded = load_notes(config.knowledge_dir, cache_dir=config.state_dir)
    readings, _ = read_all(config, loaded)
    case = assemble(readings)  # assembling adds the hints that need every note (a rejection's company)
    if json_output:
        print_json({"notes": [_as_json(r) for r in case.notes], "hints": len(case.hints), "skipped": loaded.skipped})
        return
    out = console()
    for reading in case.notes:
        about = reading.about_person or reading.about_company or ""
        out.print(
            f"[bold]{escape(reading.source)}[/bold]  {reading.kind or 'note'}"
            + (f"  about {escape(about)}" if about else "")
        )
        for found in reading.found:
            out.print(f"    {escape(found)}")
        for hint in reading.hints:
            out.print(f"    [yellow]hint:[/yellow] {escape(hint.message)}")
    line = hint_line(sum(1 for r in case.notes if r.hints))
    out.print(f"\n{len(case.notes)} notes read" + (f"; {line}" if line else "; every note was understood."))


def _as_json(reading: NoteReading) -> dict[str, Any]:
    return {
        "source": reading.source,
        "type": reading.kind,
        "person": reading.about_person,
        "company": reading.about_company,
        "reader": reading.reader,
        "found": reading.found,
        "hints": [h.message for h in reading.hints],
    }
