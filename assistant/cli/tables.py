"""A rich Table that measures and draws plain-text cells itself: the same bytes, without rich's per-cell machinery."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from rich._pick import pick_bool
from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderableType, RenderResult
    from rich.table import Column


_EMOJI_CODE = re.compile(r":\S*:")  # what rich's markup could read as an emoji code (":wave:")


Piece = str | tuple[str, str]  # a cell's text, or text and its style


def styled(*pieces: Piece) -> Text | str:
    """A cell of `pieces` (text, or text and its style): the Text rich would parse out of their markup (each piece
    escaped, each style a tag around it), built without markup; that markup itself where parsing would not give
    the pieces back as written (an emoji code, a backslash), so the cell reads as it always did."""
    parts = [(piece, "") if isinstance(piece, str) else piece for piece in pieces]
    if any("\\" in text or _EMOJI_CODE.search(text) for text, _ in parts):
        from rich.markup import escape

        return "".join(f"[{style}]{escape(text)}[/{style}]" if style else escape(text) for text, style in parts)
    cell = Text()
    for text, style in parts:
        cell.append(text, style or None)
    return cell


class QuickTable(Table):
    """A `rich.table.Table` whose column widths come out as rich's, measured without rendering each cell.

    Rich measures a string cell by turning it into a Text and asking for its widest line and its longest word;
    a cell with no markup and no emoji code needs neither step, so its width is read off the string. A cell with
    markup or an emoji code becomes, once, the Text rich would draw (its markup is not parsed a second time to
    draw it); any other renderable is measured by rich as before.

    Drawing, a cell of text is laid out as one string per line (wrapped by rich's own `Text.wrap` where a line does
    not fit), its styled stretches cut where rich cuts them; headers and anything else go through rich's renderer.
    Rows are then put together as rich puts them (`Table._render`), once per distinct cell, without rich's
    per-cell options, alignment and reshaping, and each line's unstyled stretches go out as one segment: the
    same characters and the same styles, so the same bytes on a terminal or in a pipe.
    """

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self._cell_memo: dict[int, list[Any]] | None = {}  # measuring and drawing ask for each column's cells
        try:
            yield from super().__rich_console__(console, options)
        finally:
            self._cell_memo = None

    def _get_cells(self, console: Console, column_index: int, column: Column) -> Iterable[Any]:
        memo = getattr(self, "_cell_memo", None)
        if memo is None:
            return super()._get_cells(console, column_index, column)
        cells = memo.get(column_index)
        if cells is None:
            cells = memo[column_index] = list(super()._get_cells(console, column_index, column))
        return cells

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        cells = _PlainCells(console)
        if not self._rows_are_plain():
            return super()._render(cast("Console", cells), options, widths)
        return self._draw(cells, console, options, widths)

    def _rows_are_plain(self) -> bool:
        """Whether `_draw` draws these rows as rich would: no footer, row styles, leading, or vertical alignment."""
        return (not self.show_footer and not self.row_styles and not self.leading
                and all(row.style is None for row in self.rows)
                and all(column.vertical == "top" for column in self.columns)
                and all(type(cell) in (str, Text) for column in self.columns for cell in column._cells))

    def _draw(self, cells: _PlainCells, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        """`Table._render` for rows of text cells with no row styles: the same lines, cells drawn once each."""
        get_style = console.get_style
        border_style = get_style(self.style or "") + get_style(self.border_style or "")
        box = self.box.substitute(options, safe=pick_bool(self.safe_box, console.safe_box)) if self.box else None
        box = box.get_plain_headed_box() if box and not self.show_header else box
        new_line = Segment.line()
        show_edge, show_header = self.show_edge, self.show_header
        column_options = []
        for width, column in zip(widths, self.columns, strict=True):
            cell_options = options.update(width=width, justify=column.justify, no_wrap=column.no_wrap,
                                          overflow=column.overflow, height=None, highlight=column.highlight)
            column_options.append((cell_options, cells.options_id(cell_options)))
        edges: list[tuple[Segment, Segment, Segment]] = []
        if box:
            null = Style.null()
            for outer_left, outer_right, inner in ((box.head_left, box.head_right, box.head_vertical),
                                                   (box.mid_left, box.mid_right, box.mid_vertical),
                                                   (box.foot_left, box.foot_right, box.foot_vertical)):
                # A divider of spaces takes the row's background (rows here have no style): as rich does.
                edges.append((Segment(outer_left, border_style), Segment(outer_right, border_style),
                              Segment(inner, border_style) if inner.strip()
                              else Segment(inner, null.background_style + border_style)))
            if show_edge:
                yield Segment(box.get_top(widths), border_style)
                yield new_line
        columns = (self._get_cells(console, index, column) for index, column in enumerate(self.columns))
        rows = list(zip(*columns, strict=True))
        for index, row_cells in enumerate(rows):
            first, last = index == 0, index == len(rows) - 1
            header_row = first and show_header
            drawn = []
            for (cell_options, options_key), cell, width in zip(column_options, row_cells, widths, strict=True):
                style = get_style(cell.style)
                drawn.append((cells.lines(cell.renderable, cell_options, options_key, style), width, style))
            tallest = max(len(lines) for (lines, _), _, _ in drawn)
            height = max(1, tallest)  # a row of empty cells is still one line (blank, unstyled)
            shaped = [drawing if len(drawing[0]) == height else
                      _aligned(_aligned(drawing, width, style, tallest, bottom=header_row), width, None, height,
                               bottom=False) for drawing, width, style in drawn]
            left, right, divider = edges[0 if first else (2 if last else 1)] if box else (None, None, None)
            outer = [left, right] if box and show_edge else []
            plain_edges = _text_of([*outer, *([divider] if divider is not None else [])])
            for line_no in range(height):
                texts = [flat[line_no] for _, flat in shaped]
                if plain_edges is not None and None not in texts:  # all unstyled: the line is one string
                    line = (plain_edges[-1] if divider is not None else "").join(cast("list[str]", texts))
                    yield Segment(f"{plain_edges[0]}{line}{plain_edges[1]}" if outer else line)
                    yield new_line
                    continue
                parts: list[Segment] = [left] if outer and left is not None else []
                for column_index, (lines, _) in enumerate(shaped):
                    if column_index and divider is not None:
                        parts.append(divider)
                    parts.extend(lines[line_no])
                if outer and right is not None:
                    parts.append(right)
                yield from _merged(parts)
                yield new_line
            if box and header_row:
                yield Segment(box.get_row(widths, "head", edge=show_edge), border_style)
                yield new_line
            row = None if header_row else self.rows[index - show_header]
            if box and (self.show_lines or (row is not None and row.end_section)) and not last and not header_row:
                yield Segment(box.get_row(widths, "row", edge=show_edge), border_style)
                yield new_line
        if box and show_edge:
            yield Segment(box.get_bottom(widths), border_style)
            yield new_line

    def _measure_column(self, console: Console, options: ConsoleOptions, column: Column) -> Measurement:
        max_width = options.max_width
        if max_width < 1 or column.width is not None:
            return super()._measure_column(console, options, column)
        cells = column._cells
        # A timeline repeats its marks in every column: each is parsed once a table (rich draws, never edits, it).
        parsed: dict[tuple[str, bool | None, bool], Text] = self.__dict__.setdefault("_parsed", {})
        for index, found in enumerate(cells):
            if isinstance(found, str) and ("[" in found or ":" in found):
                # The Text rich would make of it when drawing the cell: its markup is parsed once, not twice.
                parse_key = (found, options.markup, column.highlight)
                text = parsed.get(parse_key)
                if text is None:
                    text = parsed[parse_key] = console.render_str(found, markup=options.markup,
                                                                  highlight=column.highlight)
                cells[index] = text
        min_widths: list[int] = []
        max_widths: list[int] = []
        measured: dict[tuple[str, int], tuple[int, int]] = {}  # a listing repeats its companies and roles
        for cell in self._get_cells(console, column._index, column):
            padded = cell.renderable  # a Padding around the cell, or the cell itself in a table without padding
            inner, extra = ((padded.renderable, padded.left + padded.right) if isinstance(padded, Padding)
                            else (padded, 0))
            plain = None
            if type(inner) is Text:
                plain = inner.plain
            elif isinstance(inner, str) and "[" not in inner and ":" not in inner:
                plain = inner
            if plain is not None:
                key = (plain, extra)
                found_size = measured.get(key)
                if found_size is None:
                    found_size = measured[key] = _plain_measure(plain, extra, max_width)
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
    """What `Measurement.get` gives a Padding (`extra` columns) around a Text of `text` (no markup, no emoji), or
    the Text itself (`extra` 0: a Padding of nothing measures as what it holds)."""
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


Drawing = tuple[list[list[Segment]], list[str | None]]  # a cell's lines, and each line as text when unstyled


def _aligned(drawing: Drawing, width: int, style: Style | None, height: int, *, bottom: bool) -> Drawing:
    """A cell's lines made `height` tall with blank lines in its style: below, or above for a header (as rich)."""
    lines, texts = drawing
    missing = height - len(lines)
    if not missing:
        return drawing
    blank, text = [[Segment(" " * width, style)]] * missing, [None if style else " " * width] * missing
    return (blank + lines, text + texts) if bottom else (lines + blank, texts + text)


def _text_of(segments: list[Segment | None]) -> list[str] | None:
    """Each segment's text when none has a style (or is a control code); else None."""
    if any(segment is None or segment.style or segment.control for segment in segments):
        return None
    return [segment.text for segment in segments if segment is not None]


def _merged(segments: Iterable[Segment]) -> Iterator[Segment]:
    """`segments` with each run of unstyled ones joined: what a console writes of them is the same text."""
    plain: list[str] = []
    for segment in segments:
        if segment.style or segment.control:
            if plain:
                yield Segment("".join(plain))
                plain = []
            yield segment
        else:
            plain.append(segment.text)
    if plain:
        yield Segment("".join(plain))


class _PlainCells:
    """The console a table draws its rows with: lays out unstyled plain-text cells itself, and draws any cell it
    has drawn before (same content, same options: a timeline's "·" in every empty week) only once.
    """

    def __init__(self, console: Console) -> None:
        self._console = console
        self._wrapped: dict[tuple[str, int, str, str | None, bool], list[str]] = {}  # a listing repeats its roles
        self._drawn: dict[tuple[Any, ...], list[list[Segment]]] = {}
        self._drawings: dict[tuple[Any, ...], Drawing] = {}
        self._options_ids: dict[tuple[Any, ...], int] = {}

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

    def options_id(self, options: ConsoleOptions) -> int:
        """A number that stands for `options` (all its values) in the keys of cells drawn with them."""
        return self._options_ids.setdefault(tuple(vars(options).values()), len(self._options_ids))

    def lines(self, renderable: RenderableType, options: ConsoleOptions, options_key: int,
              style: Style) -> Drawing:
        """`render_lines` for `QuickTable._draw` (which keeps the lists as they are: no copies, and gives the options'
        key, the same for every cell of a column), with each line's text when it has no style."""
        content = _cell_key(renderable)
        if content is None:
            return _with_texts(self._console.render_lines(renderable, options, style=style))
        key = (content, options_key, style)
        drawing = self._drawings.get(key)
        if drawing is None:
            lines = _text_lines(self._console, renderable, options, self._wrapped, style)
            if lines is None:
                lines = self._console.render_lines(renderable, options, style=style)
            drawing = self._drawings[key] = _with_texts(lines)
        return drawing


def _with_texts(lines: list[list[Segment]]) -> Drawing:
    texts: list[str | None] = []
    for line in lines:
        text = _text_of(cast("list[Segment | None]", line))
        texts.append(None if text is None else "".join(text))
    return lines, texts


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
                wrapped_before: dict[tuple[str, int, str, str | None, bool], list[str]],
                style: Style | None = None) -> list[list[Segment]] | None:
    """A cell's lines, padded to the width, when it is text (plain or styled) in unstyled padding; else None.
    With a cell `style` (a header's, a column's), only plain text: each piece of each line in that style, as rich
    applies it to everything the cell draws.

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
        how: tuple[JustifyMethod | None, OverflowMethod | None, bool | None] = (
            options.justify, options.overflow, options.no_wrap)
        if style:
            return _styled_plain(_wrapped(console, cell, inner, how, wrapped_before), how[0], inner, left, right,
                                 style)
        plain = _plain_lines(console, cell, inner, how, wrapped_before)
        return None if plain is None else [[Segment(f"{' ' * left}{line}{' ' * right}")] for line in plain]
    if type(cell) is not Text:
        return None
    justify: JustifyMethod = cell.justify or options.justify or "default"
    overflow: OverflowMethod = cell.overflow or options.overflow or "fold"
    no_wrap = options.no_wrap if cell.no_wrap is None else cell.no_wrap
    if not cell.spans and not cell.style:
        if style:
            wrapped = _wrapped(console, cell.plain, inner, (justify, overflow, no_wrap), wrapped_before, cell.tab_size)
            return _styled_plain(wrapped, justify, inner, left, right, style) if cell.end == "\n" else None
        plain = _plain_lines(console, cell.plain, inner, (justify, overflow, no_wrap), wrapped_before, cell.tab_size)
        return None if plain is None else [[Segment(f"{' ' * left}{line}{' ' * right}")] for line in plain]
    if style:
        return None
    quick = _span_lines(console, cell, inner, (justify, overflow, no_wrap), wrapped_before)
    if quick is not None:
        return [[Segment(" " * left), *line, Segment(" " * (inner - length + right))] for line, length in quick]
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


def _styled_plain(wrapped: list[str] | None, justify: JustifyMethod | None, inner: int, left: int, right: int,
                  style: Style) -> list[list[Segment]] | None:
    """Rich's segments for wrapped plain lines drawn in a cell `style`: the padding, the text, the space that fills
    the line, each its own segment in that style (an empty piece is none). Justified, the text fills the line."""
    if wrapped is None:
        return None
    drawn = []
    for text in wrapped:
        fill = inner - cell_len(text)
        if fill < 0:
            return None  # wider than the cell: rich crops it
        if justify in ("left", "center", "right"):  # "full" leaves a last line as it is, as "default" does all
            text, fill = text + " " * fill, 0
        pieces = [" " * left, text, " " * fill, " " * right]
        drawn.append([Segment(piece, style) for piece in pieces if piece])
    return drawn


def _span_lines(console: Console, text: Text, width: int,
                how: tuple[JustifyMethod, OverflowMethod, bool | None],
                wrapped_before: dict[tuple[str, int, str, str | None, bool], list[str]],
                ) -> list[tuple[list[Segment], int]] | None:
    """The lines rich wraps styled `text` into, each as its segments and its width, without rich's Text surgery;
    None where that takes rich (a base style, tabs, spans that overlap, justified, a line with several styles
    that does not fit).

    Each line of the text (between line breaks) is laid out alone, as rich does: a line that fits is itself, cut
    where its spans start and end; a longer one with no style, or one style over all of it, is wrapped as plain
    text and each piece keeps that style (rich's wrap looks at the characters only).
    """
    plain = text.plain
    justify = how[0]
    if text.style or "\t" in plain or justify not in ("default", "left"):
        return None
    spans = sorted((span for span in text.spans if span.end > span.start), key=lambda span: span.start)
    if any(later.start < earlier.end for earlier, later in itertools.pairwise(spans)):
        return None
    get_style = console.get_style
    null = Style.null()
    drawn: list[tuple[list[Segment], int]] = []
    start = 0
    for line in plain.split("\n"):
        end = start + len(line)
        inside = [(max(s.start, start) - start, min(s.end, end) - start, s.style) for s in spans
                  if s.start < end and s.end > start]
        start = end + 1
        length = cell_len(line)
        if length <= width and len(line) <= width:
            segments, at = [], 0
            for begin, stop, style in inside:
                if begin > at:
                    segments.append(Segment(line[at:begin]))
                segments.append(Segment(line[begin:stop], get_style(style, default=null)))
                at = stop
            if at < len(line):
                segments.append(Segment(line[at:]))
            drawn.append((segments, length))
            continue
        if inside and not (len(inside) == 1 and inside[0][:2] == (0, len(line))):
            return None
        # Left-justified, rich pads each piece with unstyled spaces: the padding the caller adds.
        pieces = _wrapped(console, line, width, ("default", how[1], how[2]), wrapped_before)
        if pieces is None:
            return None
        line_style = get_style(inside[0][2], default=null) if inside else None
        drawn.extend(([Segment(piece, line_style)], cell_len(piece)) for piece in pieces)
    return drawn


def _plain_lines(console: Console, text: str, width: int,
                 how: tuple[JustifyMethod | None, OverflowMethod | None, bool | None],
                 wrapped_before: dict[tuple[str, int, str, str | None, bool], list[str]],
                 tab_size: int | None = None) -> list[str] | None:
    """The lines rich wraps unstyled `text` into (justified, overflow, no_wrap as `how`), each padded to `width`."""
    wrapped = _wrapped(console, text, width, how, wrapped_before, tab_size)
    if wrapped is None:
        return None
    return [f"{line}{' ' * (width - cell_len(line))}" for line in wrapped]


def _wrapped(console: Console, text: str, width: int,
             how: tuple[JustifyMethod | None, OverflowMethod | None, bool | None],
             wrapped_before: dict[tuple[str, int, str, str | None, bool], list[str]],
             tab_size: int | None = None) -> list[str] | None:
    """The lines rich wraps unstyled `text` into (justified, overflow, no_wrap as `how`); None if one is too wide."""
    justify: JustifyMethod = how[0] or "default"
    overflow, no_wrap = how[1], bool(how[2])
    if len(text) <= width and justify in ("default", "left") and text.isascii() and text.isprintable():
        wrapped = [text]  # one line that fits: what wrapping it would give
    else:
        key = (text, width, justify, overflow, no_wrap)
        wrapped = wrapped_before.get(key) or []
        if not wrapped:
            quick = _wrap_plain(text, width, justify, overflow, no_wrap)
            if quick is None:
                tabs = console.tab_size if tab_size is None else tab_size
                lines = Text(text).wrap(console, width, justify=justify, overflow=overflow, tab_size=tabs or 8,
                                        no_wrap=no_wrap)
                quick = [line.plain for line in lines]
            wrapped = quick
            if tab_size is None:
                wrapped_before[key] = wrapped
        if not wrapped:
            return None
    if any(cell_len(line) > width for line in wrapped):
        return None  # wider than the cell (overflow "ignore"): rich crops it
    return wrapped


_TRAILING_SPACE = re.compile(r"\s+$")


def _wrap_plain(text: str, width: int, justify: JustifyMethod, overflow: OverflowMethod | None,
                no_wrap: bool) -> list[str] | None:
    """What `Text(text).wrap(...)` gives as plain lines, step by step without building Texts (rich's own
    `divide_line` finds the breaks); None for what it leaves to rich: tabs, control characters, lines justified
    other than to the left."""
    lines = text.split("\n")
    if justify not in ("default", "left") or not all(line.isprintable() for line in lines):
        return None
    wrap_overflow = overflow or "fold"
    no_wrap = no_wrap or overflow == "ignore"
    wrapped: list[str] = []
    for line in lines:
        if no_wrap and overflow == "ignore":
            wrapped.append(line)
            continue
        if no_wrap:
            pieces = [line]
        else:
            breaks = [0, *divide_line(line, width, fold=wrap_overflow == "fold"), len(line)]
            pieces = [_rstrip_end(line[start:end], width) for start, end in itertools.pairwise(breaks)]
        for piece in pieces:
            length = cell_len(piece)
            if length > width:  # `Text.truncate` (overflow is not "ignore" here)
                piece = set_cell_size(piece, width - 1) + "…" if wrap_overflow == "ellipsis" else set_cell_size(
                    piece, width)
            if justify == "left" and length < width:
                piece += " " * (width - length)
            wrapped.append(piece)
    return wrapped


def _rstrip_end(piece: str, width: int) -> str:
    """`Text.rstrip_end`: trailing spaces past `width` characters dropped."""
    excess = len(piece) - width
    if excess > 0:
        trailing = _TRAILING_SPACE.search(piece)
        if trailing is not None:
            return piece[: len(piece) - min(len(trailing.group(0)), excess)]
    return piece
