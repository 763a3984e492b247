"""A rich Table that measures plain-text cells itself: the same layout, without a render per cell to measure it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.table import Column


class QuickTable(Table):
    """A `rich.table.Table` whose column widths come out as rich's, measured without rendering each cell.

    Rich measures a string cell by turning it into a Text and asking for its widest line and its longest word;
    a cell with no markup and no emoji code needs neither step, so its width is read off the string. A cell with
    markup or an emoji code becomes, once, the Text rich would draw (its markup is not parsed a second time to
    draw it); any other renderable is measured by rich as before.
    """

    def _measure_column(self, console: Console, options: ConsoleOptions, column: Column) -> Measurement:
        max_width = options.max_width
        if max_width < 1 or column.width is not None:
            return super()._measure_column(console, options, column)
        cells = column._cells
        for index, found in enumerate(cells):
            if isinstance(found, str) and ("[" in found or ":" in found):
                # The Text rich would make of it when drawing the cell: its markup is parsed once, not twice.
                cells[index] = console.render_str(found, markup=options.markup, highlight=column.highlight)
        min_widths: list[int] = []
        max_widths: list[int] = []
        for cell in self._get_cells(console, column._index, column):
            padded = cell.renderable  # a Padding around the cell
            inner = padded.renderable if isinstance(padded, Padding) else None
            if isinstance(padded, Padding) and type(inner) is Text:
                low, high = _plain_measure(inner.plain, padded.left + padded.right, max_width)
            elif isinstance(padded, Padding) and isinstance(inner, str) and "[" not in inner and ":" not in inner:
                low, high = _plain_measure(inner, padded.left + padded.right, max_width)
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
