"""The `plan` command: readiness, a timeline and dated steps per company; optionally an iCalendar file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.common import (
    JsonOption,
    KnowledgeOption,
    console,
    err_console,
    print_models_json,
    settings,
    spinner,
)

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from assistant.casecache import CaseInputs
    from assistant.casefile import CaseFile
    from assistant.cli.tables import Piece
    from assistant.config import Settings
    from assistant.ics import IcsReport
    from assistant.notes import LoadResult
    from assistant.planner import CompanyPlan, Plan
    from assistant.reading import Reader

TodayOption = Annotated[
    str | None,
    typer.Option("--today", help="Plan as if today were this date (YYYY-MM-DD).", show_default="today"),
]
STATUS_STYLE = {"wait": "yellow", "ready": "green", "do-not-reapply": "red"}
TACTIC_STYLE = {"be-strategic": "cyan", "build-bridges": "magenta", "stay-in-touch": "blue",
                "show-progress": "green", "overcome-rejection": "bold yellow"}
MAX_WEEKS = 26
WIDE_TABLE = 150  # columns from which each part of a step gets its own column


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
    app.command("plan")(plan_campaign)


def plan_campaign(
    company: Annotated[str | None, typer.Option("--company", help="Only the company with this name.")] = None,
    today: TodayOption = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Also write the steps to this iCalendar file.", dir_okay=False)
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Model that reads the notes, or 'offline'.")
    ] = None,
    knowledge: KnowledgeOption = None,
    json_output: JsonOption = False,
) -> None:
    """Plan a dated campaign for each company that turned you down: when to reapply, whom to write, and when."""
    from assistant.gcpause import keep, paused_gc

    day = parse_today(today)
    # Settings, the cached case, the plan and its tables are kept until the end: nothing for the collector to find
    # (it would walk the modules imported on the way and the case again and again: 40 ms at 10,000 notes), and
    # nothing to free one by one when the command is done (`keep`).
    with paused_gc():
        config = settings(knowledge)
        with spinner("Reading your notes"):
            inputs = read_case_inputs(config, model)
        keep(inputs)
        _plan(inputs, config, day, company=company, ics=ics, json_output=json_output)


def _plan(inputs: CaseInputs, config: Settings, day: dt.date, *, company: str | None, ics: Path | None,
          json_output: bool) -> None:
    from assistant.gcpause import keep
    from assistant.planner import NO_REJECTIONS, Touches, build_plan, read_sent_drafts

    case = inputs.case
    touches = Touches(case, read_sent_drafts(config.drafts_dir), today=day, last_contact=inputs.last_contact)
    plan = build_plan(case, today=day, company=company, touches=touches)
    keep(touches, plan)
    scope = (plan.companies[0].company if plan.companies else company) if company else None
    written = _write_ics(plan, ics, config, scope) if ics is not None else None
    if json_output:
        document = plan.model_dump(mode="json")
        if written is not None:
            document["ics"] = {"path": str(ics), "events": written.events, "cancelled": written.cancelled}
        print_models_json(document)  # a plan has no float
        return
    if not plan.companies and not plan.warnings:
        console().print(NO_REJECTIONS + (" (The example notes from `init` do not count.)" if inputs.examples else ""))
        return
    for index, company_plan in enumerate(plan.companies):
        if index:
            console().print()
        render_company(company_plan, plan.today)
    render_warnings(plan)
    if written is not None:
        cancelled = f" and {written.cancelled} cancelled (done or no longer planned)" if written.cancelled else ""
        console().print(f"\nWrote {written.events} events{cancelled} to {ics}; importing it again updates them "
                        "instead of adding copies.", markup=False)


def parse_today(value: str | None) -> dt.date:
    """The --today date, or the real today; a bad date is a one-line UserError."""
    from assistant.errors import UserError

    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"--today must be a date like 2026-11-25 (YYYY-MM-DD), not '{value}'.") from None


def read_case(config: Settings, model: str | None = None, *, offline: bool = False) -> CaseFile:
    """The case file of the knowledge folder, read by `model` (or the configured one), or `offline`."""
    return read_notes_and_case(config, model, offline=offline)[1]


def read_case_inputs(config: Settings, model: str | None = None, *, offline: bool = False) -> CaseInputs:
    """The case file with init's examples and stated last contacts, from the case cache when no note changed (there
    without its promises: `plan` and `people`, the callers, read none).

    Otherwise as `read_notes_and_case`, then cached again (only when every note was read by the chosen reader, so
    a model that failed is asked again next time).
    """
    import datetime as dt

    from assistant.casecache import CaseInputs, case_stamp, load_case, save_case
    from assistant.gcpause import collecting, paused_gc

    # Offline, the stamp's digest of the reading code stands for the reader's version: no rules imported.
    reader = None if offline or (model is None and config.chat_model == "offline") else _reader(config, model)
    name, version = ("offline", "") if reader is None else (reader.name, reader.version)
    stamp = case_stamp(name, version, dt.date.today().year, config.knowledge_dir)
    cached = load_case(config.state_dir, config.knowledge_dir, stamp, promises=False)  # neither reads any
    if cached is not None:
        return cached
    from assistant.planner import stated_last_contacts

    reader = reader or _reader(config, model, offline=True)
    # Reading offline only allocates (no sockets, no cycles to reclaim), so the collector can wait; a model cannot.
    with paused_gc() if reader.name == "offline" else collecting():
        loaded, case = _read(config, reader)
    inputs = CaseInputs(case=case, examples=loaded.examples, last_contact=stated_last_contacts(loaded))
    if not getattr(reader, "failure", None) and all(n.reader == reader.name for n in case.notes):
        save_case(config.state_dir, config.knowledge_dir, stamp, loaded, inputs)
    return inputs


def _reader(config: Settings, model: str | None, *, offline: bool = False) -> Reader:
    from assistant.reading import OfflineReader

    if offline:
        return OfflineReader()
    if model is not None:
        from assistant.llm import resolve_model

        config = config.model_copy(update={"model": resolve_model(config, model)})  # a model needs a key: exit 2
    from assistant.reading.core import default_reader

    return default_reader(config)


def _read(config: Settings, reader: Reader) -> tuple[LoadResult, CaseFile]:
    from assistant.notes import load_notes
    from assistant.reading import read_case_file

    loaded = load_notes(config.knowledge_dir, cache_dir=config.state_dir)
    case = read_case_file(loaded, settings=config, reader=reader)
    failure = getattr(reader, "failure", None)
    if failure:
        from rich.markup import escape

        err_console().print(f"[yellow]warning:[/yellow] the model could not read your notes ({escape(failure)}); "
                            "read them offline instead.")
    return loaded, case


def read_notes_and_case(config: Settings, model: str | None = None, *,
                        offline: bool = False) -> tuple[LoadResult, CaseFile]:
    """The notes and their case file, read by `model` (or the configured one), or `offline`.

    Readings are cached per note, so unchanged notes cost nothing; a listing (`people`) reads offline, so it
    never waits for, or pays for, a model call.
    """
    return _read(config, _reader(config, model, offline=offline))


def _write_ics(plan: Plan, path: Path, config: Settings, scope: str | None) -> IcsReport:
    from assistant.files import may_write
    from assistant.ics import write_ics

    target = may_write(path, config.knowledge_dir, what="--ics")
    return write_ics(plan, target, record=config.state_dir / "calendar.json", scope=scope)


def render_warnings(plan: Plan) -> None:
    """Print the rejection notes the plan had to leave out, and what to add to them."""
    from rich.markup import escape

    if plan.warnings and plan.companies:
        console().print()
    for warning in plan.warnings:
        console().print(f"[yellow]Warning:[/yellow] {escape(warning)}")


def render_company(plan: CompanyPlan, today: dt.date) -> None:
    """Print one company's verdict, timeline and steps."""
    from assistant.cli.tables import styled

    # Lines are built with their styles (`styled`), not as markup for rich to parse again.
    out = console()
    readiness = plan.readiness
    style = STATUS_STYLE[readiness.status]
    when = f" · earliest reapply {readiness.earliest_reapply}" if readiness.earliest_reapply else ""
    out.print(styled((plan.company, "bold"), "  ", (readiness.status.upper(), style), when))
    out.print(styled(f"  {readiness.reason}"))
    if readiness.suggestion:
        out.print(styled("  ", (readiness.suggestion, "bold")))
        _print_hints(plan)
        return
    if plan.progress:
        answers = ", ".join(f"{p.source} ({', '.join(p.words)})" for p in plan.progress)
        out.print(styled(f"  Progress that answers the reason they gave: {answers}"))
    if not plan.steps:
        out.print("  No steps to plan from these notes.")
    else:
        out.print()
        out.print(timeline(plan, today))
        out.print(_legend(plan))
        out.print()
        out.print(steps_table(plan))
    # Lines that need no layout go out in one print each (a print costs more than its line: 600 of them at 10,000
    # notes); each line still wraps on its own, so the output is the same.
    planned = {step.to for step in plan.steps}
    idle = [f"No letter to {c.name}: {c.status}." for c in plan.contacts if c.name not in planned]
    if idle:
        out.print(_dim_lines(idle))
    _print_hints(plan)


def _print_hints(plan: CompanyPlan) -> None:
    if plan.hints:
        console().print(_dim_lines(f"Tip: {hint}" for hint in plan.hints))


def _dim_lines(lines: Iterable[str]) -> Text | str:
    """The lines, each indented and dim, as one thing to print."""
    from assistant.cli.tables import styled

    indented: list[list[Piece]] = [["  ", (line, "dim")] for line in lines]
    return styled(*_lines(*indented))


def timeline(plan: CompanyPlan, today: dt.date) -> Table:
    """Weeks across, one row per person (and one for research), a mark per touch."""
    from assistant.cli.tables import QuickTable
    from assistant.planner import MARKS

    start = today - dt.timedelta(days=today.weekday())
    last = max([s.date for s in plan.steps] + [plan.readiness.earliest_reapply or today])
    weeks = min(MAX_WEEKS, max(8, (last - start).days // 7 + 1))
    table = QuickTable(box=None, padding=(0, 0), show_edge=False, pad_edge=False, title_justify="left")
    table.add_column("week of", no_wrap=True, style="bold", min_width=16)
    previous_month = None
    for week in range(weeks):
        monday = start + dt.timedelta(weeks=week)
        month = monday.strftime("%b") if monday.month != previous_month else ""
        previous_month = monday.month
        table.add_column(f"{month}\n{monday.day:02d}", justify="center", min_width=4, no_wrap=True)
    for row, steps in _rows(plan).items():
        cells: list[dict[str, str]] = [{} for _ in range(weeks)]
        for step in steps:
            week = (step.date - start).days // 7
            if 0 <= week < weeks:
                # One mark per kind and week (three research items are one "?"); at most three marks fit.
                mark = MARKS.get(step.kind, "?")
                if mark in cells[week] or len(cells[week]) < 3:
                    cells[week].setdefault(mark, TACTIC_STYLE.get(step.tactic, ""))
        table.add_row(row, *["".join(f"[{style}]{mark}[/{style}]" for mark, style in c.items()) or "[dim]·[/dim]"
                             for c in cells])
    earliest = plan.readiness.earliest_reapply
    if earliest is not None:
        marks = ["" for _ in range(weeks)]
        week = (earliest - start).days // 7
        if 0 <= week < weeks:
            marks[week] = "[bold yellow]▲[/bold yellow]"
            table.add_row("[dim]reapply from[/dim]", *marks)
    return table


def _rows(plan: CompanyPlan) -> dict[str, list]:
    rows: dict[str, list] = {}
    for step in plan.steps:
        rows.setdefault(step.to or ("(research)" if step.kind is None else "(hiring team)"), []).append(step)
    return rows


def _legend(plan: CompanyPlan) -> Text | str:
    from assistant.cli.tables import styled
    from assistant.planner import MARKS

    used = list(dict.fromkeys(step.kind for step in plan.steps))
    return styled("  ", (" · ".join(f"{MARKS.get(k, '?')} {k or 'research'}" for k in used), "dim"))


def steps_table(plan: CompanyPlan, *, width: int | None = None) -> Table:
    """Date, tactic, letter kind, recipient, one-line action and the draft command, one row per step.

    On a wide terminal each is a column; on a narrow one the action and the command go under the step's
    heading, so the command stays readable and can be copied whole.
    """
    from rich import box

    from assistant.cli.tables import QuickTable, styled

    wide = (width or console().width) >= WIDE_TABLE
    if wide:
        table = QuickTable("Date", "Tactic", "Kind", "To", "Action", "Draft command", box=box.SIMPLE_HEAD)
    else:
        table = QuickTable("Date", "Step: tactic · kind → to, what to do, the command that drafts it",
                      box=box.SIMPLE_HEAD, show_lines=False)
    # Each cell is built with its styles, not written as markup that rich parses again cell by cell (`styled`).
    for step in plan.steps:
        date, kind = step.date.isoformat(), step.kind or "research"
        tactic = (step.tactic, TACTIC_STYLE.get(step.tactic, ""))
        late: list[Piece] = [(f"overdue since {step.overdue_since}", "red")] if step.overdue_since else []
        command: list[Piece] = [(f"$ {step.command}", "dim")] if step.command else []
        if wide:
            table.add_row(styled(*_lines([date], late)), styled(tactic), kind, styled(step.to or ""),
                          styled(step.action), styled(*command) if command else "")
            continue
        heading: list[Piece] = [tactic, " · ", (kind, "bold"), *([f" → {step.to}"] if step.to else [])]
        table.add_row(date, styled(*_lines(heading, late, [step.action] if step.action else [], command)),
                      end_section=True)
    return table


def _lines(*lines: list[Piece]) -> list[Piece]:
    """The pieces of each line that has any, a line break between lines."""
    joined: list[Piece] = []
    for line in filter(None, lines):
        joined += [*(["\n"] if joined else []), *line]
    return joined
