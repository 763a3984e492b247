"""QuickTable lays a table out exactly as rich's Table does, at any terminal width."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from assistant.cli.tables import Piece, QuickTable, styled

ROWS = [
    ("Aisha Chen", "VP Engineering", "Woodgrove Finance", "interviewed me on system design", "2026-10-26", "10"),
    ("Zoë Ødegård", "", "東京 Labs", "", "", "1"),
    ("Bo", "Staff Data Scientist and extraordinarily-long-hyphenated-title", "X", "recruiter", "2026-10-07", "6"),
    ("[bold]Marked[/bold] up", "a :smile: code", "two\nlines here", "x" * 70, "", "3"),
    ("", "", "", "", "", ""),
]


STYLED = [
    ("2026-12-01\n[red]overdue since 2026-11-20[/red]", "[cyan]be-strategic[/cyan]", "[dim]$ second-chance draft "
     "follow-up --to 'Dana Reyes'[/dim]"),
    ("2026-12-08", "[magenta]build-bridges[/magenta] · [bold]intro[/bold] → Sam", "a \\[literal] bracket :wave:"),
]


def _render(table_type: type[Table], width: int, *, color: bool = False, **options: Any) -> str:
    out = io.StringIO()
    table = table_type("Name", "Role", "Company", "Relationship", "Last contact", "Notes", **options)
    for row in ROWS:
        table.add_row(*row)
    for row in STYLED:
        table.add_row(*row, end_section=True)
    console = Console(file=out, width=width, highlight=False, soft_wrap=True,
                      color_system="truecolor" if color else None, force_terminal=color)
    console.print(table)
    return out.getvalue()


@pytest.mark.parametrize("width", [200, 120, 80, 50, 20, 6])
def test_quick_table_prints_what_rich_prints(width: int) -> None:
    expected = _render(Table, width)
    assert _render(QuickTable, width) == expected
    assert width < 80 or "Aisha Chen" in expected  # the sample is laid out, not cropped away
    assert _render(QuickTable, width, color=True) == _render(Table, width, color=True)  # styles too


@pytest.mark.parametrize("options", [{"pad_edge": False}, {"collapse_padding": True, "padding": (0, 2)},
                                     {"show_header": False}, {"expand": True}])
def test_quick_table_keeps_rich_layout_options(options: dict[str, Any]) -> None:
    for width in (100, 60):
        assert _render(QuickTable, width, **options) == _render(Table, width, **options)


PLAIN_ROWS = [
    ("Dana Reyes", "Director of Data Platform", "Northwind Analytics", "led my final interview; we got on well"),
    ("  leading and trailing  ", "a-very-long-unbreakable-word-that-cannot-fit-anywhere", "x", "tab\there"),
    ("Zoë", "東京 Labs の 責任者", "emoji 🎉 party", "carriage\rreturn"),
    ("", "one two three four five six seven eight nine ten eleven twelve", "two\nlines", "   "),
]


def _render_plain(table_type: type[Table], width: int, *, color: bool = False, text_cells: bool = False) -> str:
    out = io.StringIO()
    table = table_type(box=box.ROUNDED, show_lines=True)
    table.add_column("Name")
    table.add_column("Role", justify="right", overflow="fold")
    table.add_column("Company", justify="center", overflow="crop")
    table.add_column("About", no_wrap=True, overflow="ellipsis", justify="full")
    for row in PLAIN_ROWS:
        table.add_row(*(Text(cell) if text_cells else cell for cell in row))
    table.add_row(Text("styled", style="bold"), Text("span"), "[green]markup[/green]", Text("tabs\t", tab_size=2))
    table.rows[-1].style = "on blue"
    console = Console(file=out, width=width, highlight=False, soft_wrap=True,
                      color_system="truecolor" if color else None, force_terminal=color)
    console.print(table)
    return out.getvalue()


@pytest.mark.parametrize("width", [160, 90, 60, 33, 12])
@pytest.mark.parametrize("text_cells", [False, True])
def test_quick_table_draws_plain_cells_as_rich_draws_them(width: int, text_cells: bool) -> None:
    for color in (False, True):
        expected = _render_plain(Table, width, color=color, text_cells=text_cells)
        assert _render_plain(QuickTable, width, color=color, text_cells=text_cells) == expected
    assert width < 90 or "Dana Reyes" in expected  # laid out, not cropped away


def _styled_cells() -> list[tuple[Text | str, ...]]:
    across = Text("a span that crosses the point where this cell wraps onto its next line")
    across.stylize("bold red", 10, 50)
    across.stylize("underline", 30, 70)
    based = Text("a whole cell in one base style, long enough to wrap twice or more in a narrow column", style="cyan")
    based.stylize("bold", 0, 7)
    return [
        (across, based, Text("only a base style", style="magenta"), "[dim]·[/dim]"),
        (Text.from_markup("[green]東京[/green] Labs 🎉 [b]party[/b] time"), "[dim]·[/dim]",
         Text.from_markup("[red]overdue since 2026-11-20[/red]\n[dim]$ second-chance draft follow-up[/dim]"),
         Text("tab\tstyled", style="blue", tab_size=4)),
        ("[dim]·[/dim]", Text.from_markup("ends [i]styled[/i]", justify="right"),
         Text.from_markup("[u]centred[/u] and long enough to wrap", justify="center"),
         Text.from_markup("[b]x[/b]" * 40, overflow="ellipsis")),
    ]


@pytest.mark.parametrize("width", [150, 70, 40, 16])
def test_quick_table_draws_styled_text_cells_as_rich_draws_them(width: int) -> None:
    def draw(table_type: type[Table], color: bool) -> str:
        out = io.StringIO()
        table = table_type("One", "Two", "Three", "Four", box=box.SIMPLE_HEAD)
        for row in _styled_cells():
            table.add_row(*row, end_section=True)
        Console(file=out, width=width, highlight=False, soft_wrap=True, color_system="truecolor" if color else None,
                force_terminal=color).print(table)
        return out.getvalue()

    for color in (False, True):
        assert draw(QuickTable, color) == draw(Table, color)
    assert width < 150 or "crosses the point" in draw(Table, False)


PIECES: list[tuple[Piece, ...]] = [
    (("be-strategic", "cyan"), " · ", ("follow-up", "bold"), " → Dana Reyes", "\n",
     "Thank Dana Reyes, and remind them what you could do: a long line that has to wrap in a narrow column", "\n",
     ("$ second-chance draft follow-up --to \"Dana Reyes\" --about \"A very long opening title\"", "dim")),
    (("overdue since 2026-11-20", "red"), "\n", "a [bold]literal[/bold] tag, [1] and [X] kept as written"),
    ("an emoji code :wave: and a path C:\\notes\\", ("styled :smile: too", "bold yellow")),
    ("", ("", "dim"), "ends with a break\n"),
]


def _markup(pieces: tuple[Piece, ...]) -> str:
    from rich.markup import escape

    parts = [(p, "") if isinstance(p, str) else p for p in pieces]
    return "".join(f"[{style}]{escape(text)}[/{style}]" if style else escape(text) for text, style in parts)


@pytest.mark.parametrize("width", [160, 70, 24])
def test_styled_cells_print_as_their_markup_does(width: int) -> None:
    def draw(table_type: type[Table], cells: list[Text | str], color: bool) -> str:
        out = io.StringIO()
        table = table_type("Date", "Step", box=box.SIMPLE_HEAD)
        for cell in cells:
            table.add_row("2026-12-01", cell, end_section=True)
        Console(file=out, width=width, highlight=False, soft_wrap=True, color_system="truecolor" if color else None,
                force_terminal=color).print(table)
        return out.getvalue()

    for color in (False, True):
        expected = draw(Table, [_markup(pieces) for pieces in PIECES], color)
        assert draw(QuickTable, [styled(*pieces) for pieces in PIECES], color) == expected
    assert isinstance(styled(*PIECES[0]), Text)  # built, not parsed
    assert isinstance(styled(*PIECES[2]), str)  # an emoji code or a backslash: rich's markup reads it as before


@pytest.mark.parametrize("width", [120, 40, 9])
def test_quick_table_without_padding_or_box_draws_as_rich(width: int) -> None:
    """A timeline: no box, no padding, centred marks in narrow columns, a bold first column, two-line headers."""
    def draw(table_type: type[Table], color: bool) -> str:
        out = io.StringIO()
        table = table_type(box=None, padding=(0, 0), show_edge=False, pad_edge=False)
        table.add_column("week of", no_wrap=True, style="bold", min_width=16)
        for day in range(8):
            table.add_column(f"{'Dec' if day == 0 else ''}\n{day * 7 + 1:02d}", justify="center", min_width=4,
                             no_wrap=True)
        marks = ["[cyan]F[/cyan]", "[dim]·[/dim]", "[green]P[/green][blue]A[/blue]", "", "[bold yellow]▲[/bold yellow]"]
        for row in range(5):
            table.add_row(["Dana Reyes", "(research)", "a much longer name than fits", "", "[dim]x[/dim]"][row],
                          *[marks[(row + week) % len(marks)] for week in range(8)])
        Console(file=out, width=width, highlight=False, soft_wrap=True, color_system="truecolor" if color else None,
                force_terminal=color).print(table)
        return out.getvalue()

    for color in (False, True):
        assert draw(QuickTable, color) == draw(Table, color)


def test_plain_wrap_breaks_lines_where_rich_does() -> None:
    """Thousands of texts (spaces runs, long words, wide characters, line breaks) at many widths and options."""
    import random

    from assistant.cli.tables import _wrap_plain

    rng = random.Random(12)
    words = ["a", "to", "Dana", "Reyes,", "interviewed", "extraordinarily-long-hyphenated-title", "東京", "é", "🎉",
             "x" * 33, ""]
    console = Console(width=80)
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice([" ", "  ", " ", "\n", "   "]) for _ in range(rng.randint(0, 12)))
        text = text if rng.random() < 0.8 else text.strip()
        width = rng.randint(1, 40)
        justify = rng.choice(["default", "left"])
        overflow = rng.choice(["fold", "crop", "ellipsis", "ignore", None])
        no_wrap = rng.random() < 0.2
        expected = [line.plain for line in Text(text).wrap(console, width, justify=justify, overflow=overflow,
                                                             no_wrap=no_wrap)]
        assert _wrap_plain(text, width, justify, overflow, no_wrap) == expected, (text, width, justify, overflow)
        checked += 1
    assert checked == 3000
    assert _wrap_plain("tab\there", 10, "default", "fold", False) is None  # tabs: rich's to expand


@pytest.mark.parametrize("width", [100, 30])
def test_quick_table_draws_styled_plain_cells_as_rich_in_every_justification(width: int) -> None:
    """Headers and a styled column, justified each way, wrapped and not: rich's segments, so its bytes in colour."""
    def draw(table_type: type[Table], color: bool) -> str:
        out = io.StringIO()
        table = table_type(box=box.SIMPLE_HEAD, header_style="bold magenta")
        for justify in ("default", "left", "center", "right", "full"):
            table.add_column(f"{justify} header that wraps", justify=justify, style="bold", no_wrap=False)  # type: ignore[arg-type]
        table.add_row(*(["a line long enough to wrap in a narrow column, twice over"] * 5))
        table.add_row(*([Text("short")] * 5))
        table.add_row(*([""] * 5))
        Console(file=out, width=width, highlight=False, soft_wrap=True, color_system="truecolor" if color else None,
                force_terminal=color).print(table)
        return out.getvalue()

    for color in (False, True):
        assert draw(QuickTable, color) == draw(Table, color)
