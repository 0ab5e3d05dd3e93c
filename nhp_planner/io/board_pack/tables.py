"""Long tables for the pack: blocks of about 50 rows, the header on every page, tall rows split.

One reportlab table of thousands of rows is laid out in time that grows faster
than its length; tables of about 50 rows keep the cost linear. The header row
is not part of the blocks (it would then reappear wherever a block starts), but
set as the frame's top flowable, so reportlab draws it at the top of every page,
followed by "Objective 1 (continued)" when the page carries on an objective's rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, TypeAlias

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.flowables import SetTopFlowables

from nhp_planner.io.board_pack.progress import Progress, ProgressMark
from nhp_planner.io.board_pack.styles import (
    CELL,
    CELL_BOLD,
    CELL_HEADING,
    FONT,
    GRID,
    HEADER_FILL,
    SECTION_FILL,
)
from nhp_planner.io.board_pack.text import (
    Para,
    fits_on_a_line,
    markup,
    para,
    right_to_left,
    shorten,
    split_text,
    style_for,
)

Cell: TypeAlias = str | Flowable

#: Rows per block: small enough for linear layout, big enough that tables are few.
BLOCK_ROWS = 50
#: A row taller than this (about half a landscape page) is cut into continuation rows,
#: so that no row outgrows a page (reportlab's "too large" error)...
SPLIT_ABOVE = 280.0
#: ...of this height: four fit on a landscape page, so a page is never left more than
#: about a quarter empty before one. Shorter rows stay whole, as readers expect.
PIECE_HEIGHT = 105.0
PADDING = 3.0
_UNBOUNDED = 1e9

_BASE_STYLE: list[tuple[Any, ...]] = [
    ("FONT", (0, 0), (-1, -1), FONT, CELL.fontSize, CELL.leading),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("GRID", (0, 0), (-1, -1), 0.4, GRID),
    ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
]


@dataclass(frozen=True, slots=True)
class Column:
    """A table's column: its heading and its width on the page."""

    title: str
    width: float

    @property
    def inner(self) -> float:
        """The width left for text inside the cell's padding."""
        return self.width - 2 * PADDING


class _Running:
    """What the page being laid out carries on: the group whose rows ran over its top.

    Shared by one table's blocks and its running header: a block records it as
    it is drawn, the header reads it at the top of the next page.
    """

    def __init__(self) -> None:
        self.open: str | None = None


class _RowStart(str):
    """A row's first cell (its ref) that knows which group carries on after the row.

    reportlab copies cell values, not table attributes, into the tables a split
    makes, so the cell is where this can live.
    """

    running: _Running
    open_after: str | None


class _TrackedTable(Table):  # type: ignore[misc]
    """A block that, once drawn, records the group its last row leaves open."""

    def draw(self) -> None:
        super().draw()
        last = self._cellvalues[-1][0] if self._cellvalues else None
        if isinstance(last, _RowStart):
            last.running.open = last.open_after


class _RunningHeader(Flowable):  # type: ignore[misc]
    """The header row at the top of each page, with the group carried on below it, if any."""

    def __init__(self, header: Table, columns: Sequence[Column], running: _Running) -> None:
        super().__init__()
        self._header = header
        self._columns = columns
        self._running = running
        self._tables: dict[str | None, Table] = {None: header}
        self._shown: Table = header

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        label = self._running.open
        if label is not None and label not in self._tables:
            # One line, however long the heading it carries on (a title of thousands of
            # characters would not leave the page room for anything else).
            width = sum(c.width for c in self._columns) - 2 * PADDING
            line = shorten(label, CELL_BOLD.fontName, CELL_BOLD.fontSize, width)
            row = [para(line, CELL_BOLD), *[""] * (len(self._columns) - 1)]
            self._tables[label] = Table(
                [self._header._cellvalues[0], row],
                colWidths=[c.width for c in self._columns],
                style=TableStyle(
                    [
                        *_BASE_STYLE,
                        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                        ("SPAN", (0, 1), (-1, 1)),
                        ("BACKGROUND", (0, 1), (-1, 1), SECTION_FILL),
                    ]
                ),
                hAlign="LEFT",
            )
        self._shown = self._tables[label]
        size: tuple[float, float] = self._shown.wrap(availWidth, availHeight)
        return size

    def draw(self) -> None:
        self._shown.drawOn(self.canv, 0, 0)


class Bookmarked(Para):
    """A heading (user text) that puts itself in the PDF's outline where it is drawn.

    ``title`` is the outline's entry when the heading is only the first piece of
    a longer one.
    """

    def __init__(
        self, text: str, style: ParagraphStyle, key: str, level: int, *, title: str | None = None
    ) -> None:
        super().__init__(markup(text), style_for(text, style))
        self.right_to_left = right_to_left(text)
        self.key, self.title, self.level = key, title or text, level

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        canvas.bookmarkHorizontal(self.key, x, y + self.height)
        canvas.addOutlineEntry(self.title, self.key, self.level)
        super().drawOn(canvas, x, y, _sW)


class PagedTable:
    """Rows added one by one, given back as flowables: header, blocks, progress marks.

    Args:
        columns: titles and widths (points).
        progress: counts a step for each row made here and another when it is laid out
            (None for short tables not worth counting).
        header: whether the column titles head the table and every page it runs onto.
    """

    def __init__(
        self, columns: Sequence[Column], progress: Progress | None, *, header: bool = True
    ) -> None:
        self.columns = tuple(columns)
        self._progress = progress
        self._header = header
        self._flowables: list[Flowable] = []
        self._rows: list[list[Cell]] = []
        self._commands: list[tuple[Any, ...]] = []
        self._sections: list[int] = []
        self._items = 0
        self._first_height = 0.0
        self._running = _Running()
        self._open: str | None = None
        self._last_start: _RowStart | None = None

    def section(
        self, text: str, *, continued: str | None = None, bookmark: tuple[str, int] | None = None
    ) -> None:
        """A full-width row naming the group of rows that follows (an objective).

        A heading too tall for a page (a title of thousands of characters) is
        cut into several rows, the last kept with the first row of its group.

        Args:
            continued: the label repeated at the top of a page the group runs onto.
            bookmark: (key, level) to list the heading in the PDF's outline.
        """
        if len(self._rows) >= BLOCK_ROWS - 5:
            self._close_block()
        if self._last_start is not None:
            self._last_start.open_after = None
        self._open = continued
        plain = para(text, CELL_BOLD)
        width = sum(c.width for c in self.columns) - 2 * PADDING
        tall = plain.wrap(width, _UNBOUNDED)[1] > SPLIT_ABOVE
        pieces: list[Cell] = _cut(plain, width) if tall else [plain]
        first = pieces[0]
        if bookmark and isinstance(first, Para) and first.source is not None:
            pieces[0] = Bookmarked(first.source, CELL_BOLD, bookmark[0], bookmark[1], title=text)
        for piece in pieces:
            index = len(self._rows)
            self._rows.append([piece, *[""] * (len(self.columns) - 1)])
            self._commands += [
                ("SPAN", (0, index), (-1, index)),
                ("BACKGROUND", (0, index), (-1, index), SECTION_FILL),
            ]
        self._sections.append(len(self._rows) - 1)

    def row(
        self,
        cells: Sequence[Cell],
        *,
        fills: Mapping[int, Color] | None = None,
        continued: Sequence[str] | None = None,
    ) -> None:
        """One item's row; ``fills`` colours cells by column; ``continued`` heads continuation rows.

        A row too tall for a page is cut into several, each repeating the
        ``continued`` cells (the reference and the RAG), so every page reads.
        """
        pieces = self._pieces(list(cells), continued)
        for piece in pieces:
            if self._open is not None and isinstance(piece[0], str):
                start = _RowStart(piece[0])
                start.running, start.open_after = self._running, self._open
                piece[0] = self._last_start = start
            index = len(self._rows)
            if not self._first_height:
                self._first_height = self._height(piece)
            self._rows.append(piece)
            for column, colour in (fills or {}).items():
                self._commands.append(("BACKGROUND", (column, index), (column, index), colour))
        self._items += 1
        if len(self._rows) >= BLOCK_ROWS:
            self._close_block()

    def flowables(self) -> list[Flowable]:
        """The header (kept off the foot of a page), the blocks, then the header switched off."""
        if self._last_start is not None:
            self._last_start.open_after = None
        self._close_block()
        if not self._flowables or not self._header:
            return self._flowables
        width = sum(c.width for c in self.columns)
        header = Table(
            [[Para(escape(c.title, quote=False), CELL_HEADING) for c in self.columns]],
            colWidths=[c.width for c in self.columns],
            style=TableStyle([*_BASE_STYLE, ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL)]),
            hAlign="LEFT",
        )
        _, header_height = header.wrap(width, _UNBOUNDED)
        return [
            CondPageBreak(header_height + self._first_height + 4),
            header,
            SetTopFlowables([_RunningHeader(header, self.columns, self._running)]),
            *self._flowables,
            SetTopFlowables([]),
        ]

    def _close_block(self) -> None:
        if not self._rows:
            return
        commands = list(_BASE_STYLE) + self._commands
        # Keep an objective's heading on the page of its first deliverable.
        last = len(self._rows) - 1
        commands += [("NOSPLIT", (0, r), (-1, r + 1)) for r in self._sections if r < last]
        self._flowables.append(
            _TrackedTable(
                self._rows,
                colWidths=[c.width for c in self.columns],
                style=TableStyle(commands),
                hAlign="LEFT",
            )
        )
        if self._progress is not None:
            self._flowables.append(ProgressMark(self._items))
            self._progress.advance(self._items)
        self._rows, self._commands, self._sections, self._items = [], [], [], 0

    def _height(self, cells: Sequence[Cell]) -> float:
        tallest = CELL.leading
        for cell, column in zip(cells, self.columns, strict=True):
            if isinstance(cell, Flowable):
                tallest = max(tallest, cell.wrap(column.inner, _UNBOUNDED)[1])
        return float(tallest) + 2 + PADDING

    def _pieces(self, cells: list[Cell], continued: Sequence[str] | None) -> list[list[Cell]]:
        """The row as it is, or cut into rows of PIECE_HEIGHT if taller than SPLIT_ABOVE."""
        if self._height(cells) <= SPLIT_ABOVE:
            return [cells]
        columns: list[list[Cell]] = []
        for cell, column in zip(cells, self.columns, strict=True):
            if isinstance(cell, Para) and cell.wrap(column.inner, _UNBOUNDED)[1] > PIECE_HEIGHT:
                columns.append(_cut(cell, column.inner))
            else:
                columns.append([cell])
        again: Sequence[Cell] = continued or [""] * len(self.columns)
        return [
            [
                pieces[number] if number < len(pieces) else again[index]
                for index, pieces in enumerate(columns)
            ]
            for number in range(max(len(pieces) for pieces in columns))
        ]


def _cut(paragraph: Para, width: float) -> list[Cell]:
    """A tall paragraph as pieces of about PIECE_HEIGHT."""
    if paragraph.source is None or paragraph.source_style is None:
        return _split(paragraph, width)
    pieces: list[Cell] = []
    for text in split_text(paragraph.source, paragraph.source_style, width, PIECE_HEIGHT):
        piece = para(text, paragraph.source_style)
        if piece.wrap(width, _UNBOUNDED)[1] > PIECE_HEIGHT * 1.5:
            pieces += _split(piece, width)  # the estimate was out (wide glyphs)
        else:
            pieces.append(piece)
    return pieces


def _split(paragraph: Paragraph, width: float) -> list[Cell]:
    """reportlab's own split, at line ends, for what the text estimate cannot cut."""
    pieces: list[Cell] = []
    while paragraph.wrap(width, _UNBOUNDED)[1] > PIECE_HEIGHT:
        parts = paragraph.split(width, PIECE_HEIGHT)
        if len(parts) != 2:
            break
        pieces.append(parts[0])
        paragraph = parts[1]
    pieces.append(paragraph)
    return pieces


def plain_or_para(text: str, column: Column) -> Cell:
    """Short text as a plain string (cheap to lay out), anything longer as a paragraph."""
    return text if fits_on_a_line(text, CELL, column.inner) else para(text, CELL)
