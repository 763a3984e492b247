"""A rich Table that measures and draws plain-text cells itself: the same bytes, without rich's per-cell machinery."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.cells import cell_len
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderableType, RenderResult
    from rich.style import Style
    from rich.table import Column


class QuickTable(Table):
    """A `rich.table.Table` whose column widths come out as rich's, measured without rendering each cell.

    Rich measures a string cell by turning it into a Text and asking for its widest line and its longest word;
    a cell with no markup and no emoji code needs neither step, so its width is read off the string. A cell with
    markup or an emoji code becomes, once, the Text rich would draw (its markup is not parsed a second time to
    draw it); any other renderable is measured by rich as before.

    Drawing, an unstyled cell of plain text (most of a long listing's) is laid out as one string per line, wrapped
    by rich's own `Text.wrap`; styled cells, headers and anything else go through rich's renderer unchanged.
    """

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        return super()._render(cast("Console", _PlainCells(console)), options, widths)

    def _measure_column(self, console: Console, options: ConsoleOptions, column: Column) -> Measurement:
        max_width = options.max_width
        if max_width < 1 or column.width is not None:
            return super()._measure_column(console, options, column)
        cells = column._cells
        parsed: dict[str, Text] = {}  # a timeline repeats its marks: each is parsed once (rich draws, never edits, it)
        for index, found in enumerate(cells):
            if isinstance(found, str) and ("[" in found or ":" in found):
                # The Text rich would make of it when drawing the cell: its markup is parsed once, not twice.
                text = parsed.get(found)
                if text is None:
                    text = parsed[found] = console.render_str(found, markup=options.markup, highlight=column.highlight)
                cells[index] = text
        min_widths: list[int] = []
        max_widths: list[int] = []
        measured: dict[tuple[str, int], tuple[int, int]] = {}  # a listing repeats its companies and roles
        for cell in self._get_cells(console, column._index, column):
            padded = cell.renderable  # a Padding around the cell
            inner = padded.renderable if isinstance(padded, Padding) else None
            plain = None
            if isinstance(padded, Padding) and type(inner) is Text:
                plain = inner.plain
            elif isinstance(padded, Padding) and isinstance(inner, str) and "[" not in inner and ":" not in inner:
                plain = inner
            if plain is not None and isinstance(padded, Padding):
                key = (plain, padded.left + padded.right)
                found_size = measured.get(key)
                if found_size is None:
                    found_size = measured[key] = _plain_measure(plain, key[1], max_width)
                low, high = found_size
            else:
                low, high = Measurement.get(console, options, padded)
            min_widths.append(low)
            max_widths.append(high)
        padding_width = self._get_padding_width(column._index)
        measurement = Measurement(
            max(min_widths) if min_widths else 1, max(max_widths) if max_widths else max_width
        ).with_maximum(max_width)
        return measurement.clamp(
            None if column.min_width is None else column.min_width + padding_width,
            None if column.max_width is None else column.max_width + padding_width,
        )


def _plain_measure(text: str, extra: int, max_width: int) -> tuple[int, int]:
    """What `Measurement.get` gives a Padding (`extra` columns) around a Text of `text` (no markup, no emoji)."""
    if max_width - extra < 1:
        return max_width, max_width
    lines = text.splitlines()
    widest = max(map(cell_len, lines)) if lines else 0
    words = text.split()
    longest = max(map(cell_len, words)) if words else widest
    low, high = min(longest, widest, max_width), min(widest, max_width)  # the Text's, normalized and capped
    if high < 1:
        low = high = 0
    low, high = min(low + extra, max_width), min(high + extra, max_width)  # the Padding's
    low = min(low, high)
    return (0, 0) if high < 1 else (low, high)


class _PlainCells:
    """The console a table draws its rows with: lays out unstyled plain-text cells itself, and draws any cell it
    has drawn before (same content, same options: a timeline's "·" in every empty week) only once.
    """

    def __init__(self, console: Console) -> None:
        self._console = console
        self._wrapped: dict[tuple[str, int, str, str | None, bool], list[str]] = {}  # a listing repeats its roles
        self._drawn: dict[tuple[Any, ...], list[list[Segment]]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._console, name)

    def render_lines(self, renderable: RenderableType, options: ConsoleOptions | None = None, *,
                     style: Style | None = None, pad: bool = True, new_lines: bool = False) -> list[list[Segment]]:
        """The cell's lines as rich lays them out (plain text: one segment a line, padded to the cell's width)."""
        options = options or self._console.options
        content = _cell_key(renderable)
        if content is None:
            return self._console.render_lines(renderable, options, style=style, pad=pad, new_lines=new_lines)
        key = (content, tuple(vars(options).values()), style, pad, new_lines)
        lines = self._drawn.get(key)
        if lines is None:
            if not style and pad and not new_lines and options.height is None:
                lines = _text_lines(self._console, renderable, options, self._wrapped)
            if lines is None:
                lines = self._console.render_lines(renderable, options, style=style, pad=pad, new_lines=new_lines)
            self._drawn[key] = lines
        return [line[:] for line in lines]  # the table reshapes the lists it gets


def _cell_key(cell: RenderableType) -> tuple[Any, ...] | None:
    """Everything a cell's drawing depends on besides the options, for a cell of text (padded or not); else None."""
    if isinstance(cell, Padding):
        inner = _cell_key(cell.renderable)
        return None if inner is None else ("padding", cell.top, cell.right, cell.bottom, cell.left, cell.expand,
                                           cell.style, inner)
    if type(cell) is str:
        return ("str", cell)
    if type(cell) is Text:
        return ("text", cell.plain, tuple(cell.spans), cell.style, cell.justify, cell.overflow, cell.no_wrap, cell.end,
                cell.tab_size)
    return None


def _text_lines(console: Console, cell: RenderableType, options: ConsoleOptions,
                wrapped_before: dict[tuple[str, int, str, str | None, bool], list[str]]) -> list[list[Segment]] | None:
    """A cell's lines, padded to the width, when it is text (plain or styled) in unstyled padding; else None.

    Rich joins the wrapped lines into one Text, renders it and cuts it at the line breaks again; rendering each line
    joined alone gives the same segments (a line's own style becomes a span either way), without the detours.
    """
    width = options.max_width
    left = right = 0
    if isinstance(cell, Padding):
        if cell.top or cell.bottom or not cell.expand or cell.style not in ("none", ""):
            return None
        left, right, cell = cell.left, cell.right, cell.renderable
    inner = width - left - right
    if inner < 1:
        return None
    if isinstance(cell, str):
        if "[" in cell or ":" in cell:  # markup or an emoji code: rich's to parse
            return None
        plain = _plain_lines(console, cell, inner, (options.justify, options.overflow, options.no_wrap),
                             wrapped_before)
        return None if plain is None else [[Segment(f"{' ' * left}{line}{' ' * right}")] for line in plain]
    if type(cell) is not Text:
        return None
    justify: JustifyMethod = cell.justify or options.justify or "default"
    overflow: OverflowMethod = cell.overflow or options.overflow or "fold"
    no_wrap = options.no_wrap if cell.no_wrap is None else cell.no_wrap
    if not cell.spans and not cell.style:
        plain = _plain_lines(console, cell.plain, inner, (justify, overflow, no_wrap), wrapped_before, cell.tab_size)
        return None if plain is None else [[Segment(f"{' ' * left}{line}{' ' * right}")] for line in plain]
    tab_size = console.tab_size if cell.tab_size is None else cell.tab_size
    lines = cell.wrap(console, inner, justify=justify, overflow=overflow, tab_size=tab_size or 8, no_wrap=bool(no_wrap))
    drawn: list[list[Segment]] = []
    newline = Text("\n")
    for line in lines:
        spaces = inner - cell_len(line.plain)
        if spaces < 0:
            return None  # wider than the cell (overflow "ignore"): rich crops it
        drawn.append([Segment(" " * left), *newline.join([line]).render(console), Segment(" " * (spaces + right))])
    return drawn or None


def _plain_lines(console: Console, text: str, width: int,
                 how: tuple[JustifyMethod | None, OverflowMethod | None, bool | None],
                 wrapped_before: dict[tuple[str, int, str, str | None, bool], list[str]],
                 tab_size: int | None = None) -> list[str] | None:
    """The lines rich wraps unstyled `text` into (justified, overflow, no_wrap as `how`), each padded to `width`."""
    justify: JustifyMethod = how[0] or "default"
    overflow, no_wrap = how[1], bool(how[2])
    if len(text) <= width and justify in ("default", "left") and text.isascii() and text.isprintable():
        wrapped = [text]  # one line that fits: what wrapping it would give
    else:
        key = (text, width, justify, overflow, no_wrap)
        wrapped = wrapped_before.get(key) or []
        if not wrapped:
            tabs = console.tab_size if tab_size is None else tab_size
            lines = Text(text).wrap(console, width, justify=justify, overflow=overflow, tab_size=tabs or 8,
                                    no_wrap=no_wrap)
            wrapped = [line.plain for line in lines]
            if tab_size is None:
                wrapped_before[key] = wrapped
        if not wrapped:
            return None
    padded = []
    for line in wrapped:
        spaces = width - cell_len(line)
        if spaces < 0:
            return None  # wider than the cell (overflow "ignore"): rich crops it
        padded.append(f"{line}{' ' * spaces}")
    return padded
