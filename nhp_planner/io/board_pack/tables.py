"""Long tables for the pack: blocks of about 50 rows, the header on every page, tall rows split.

One reportlab table of thousands of rows is laid out in time that grows faster
than its length; tables of about 50 rows keep the cost linear. The header row
is not part of the blocks (it would then reappear wherever a block starts), but
set as the frame's top flowable, so reportlab draws it at the top of every page,
followed by "Objective 1 (continued)" when the page carries on an objective's rows.

How a table meets the page ends, as a committee paper is set: a heading (the
table's title, or a group's heading row) is never left at a page's foot with
fewer than HEAD_ROWS rows below it (reportlab's ``NOSPLIT`` in the table, a
``CondPageBreak`` above it), and a table split at a page end leaves at least
TAIL_ROWS rows for its last page (reportlab's ``rowSplitRange``), never a row or
two on a page of their own. A table that fits on a page but not in the space
left moves to the next page whole, with its heading, when it is short
(KEEP_WHOLE_ROWS rows or fewer) or less than KEEP_WHOLE_BELOW of a page is left;
otherwise it starts where it is and runs on under its repeated header row,
rather than leave half a page blank. A row is never split across a page end,
but one taller than SPLIT_ABOVE is cut into pieces that read as one cell, with no
line between them; only a piece that starts a page repeats the row's reference
and "(continued)".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, TypeAlias

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import SetTopFlowables

from nhp_planner.io.board_pack.progress import Progress, ProgressMark
from nhp_planner.io.board_pack.styles import (
    CELL,
    CELL_BOLD,
    CELL_HEADING,
    FONT,
    GRID,
    HEADER_FILL,
    LANDSCAPE_FRAME_HEIGHT,
    LANDSCAPE_WIDTH,
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
#: reportlab's names for the rows either side of a page end, in style commands.
_SPLIT_ROWS = ("splitlast", "splitfirst")
#: The fewest rows a table split at a page end carries onto its last page.
TAIL_ROWS = 3
#: The fewest rows of its group (or table) a heading keeps below it on its page.
HEAD_ROWS = 2
#: A table of at most this many rows that fits on a page is never split...
KEEP_WHOLE_ROWS = 6
#: ...nor a longer one when less than this share of a page is left for it (the page is
#: then two thirds full): either starts the next page. With more left, a longer one starts
#: there and splits.
KEEP_WHOLE_BELOW = 1 / 3
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

    running: _Running | None = None
    open_after: str | None = None
    #: For a tall row's later piece (blank where the row's first piece has its cells):
    #: the piece's cells when it starts a page, with the reference and "(continued)".
    at_top: list[Cell] | None = None


class _TrackedTable(Table):  # type: ignore[misc]
    """A block that records the group its last row leaves open once drawn, and heads the
    part a page end splits off with the reference and "(continued)" when it starts mid-row."""

    def draw(self) -> None:
        super().draw()
        last = self._cellvalues[-1][0] if self._cellvalues else None
        if isinstance(last, _RowStart) and last.running is not None:
            last.running.open = last.open_after

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) == 2:
            rest = parts[1]
            # reportlab leaves these off the rest, which a later page end may split again.
            rest._rowSplitRange = self._rowSplitRange
            rest._linecmds += [c for c in self._linecmds if c[1][1] in _SPLIT_ROWS]
            start = rest._cellvalues[0][0]
            if isinstance(start, _RowStart) and start.at_top is not None:
                ref = _RowStart(start.at_top[0])
                ref.running, ref.open_after = start.running, start.open_after
                rest._cellvalues[0] = [ref, *start.at_top[1:]]
        return parts


@dataclass(slots=True)
class _Block:
    """The rows of one table to be, with their style commands (rows counted from the block's top).

    Attributes:
        sections: the rows that head a group (kept with the row below).
        joined: the rows whose next row is a piece of the same tall row (no line between).
        items: the items (not pieces) the rows hold, for the progress count.
    """

    rows: list[list[Cell]]
    commands: list[tuple[Any, ...]]
    sections: list[int]
    joined: list[int]
    items: int

    def extend(self, other: _Block) -> None:
        """Append another block's rows (the end of a table, too short for a table of its own)."""
        shift = len(self.rows)
        self.rows += other.rows
        self.commands += [
            (name, (start[0], start[1] + shift), (end[0], end[1] + shift), *rest)
            for name, start, end, *rest in other.commands
        ]
        self.sections += [r + shift for r in other.sections]
        self.joined += [r + shift for r in other.joined]
        self.items += other.items

    def table(self, columns: Sequence[Column], *, last: bool) -> Table:
        """The block as a table; the table's last block leaves TAIL_ROWS rows for its last page."""
        final = len(self.rows) - 1
        commands = list(_BASE_STYLE if not self.joined else _JOINED_STYLE) + self.commands
        # Keep an objective's heading on the page of its first deliverables.
        commands += [
            ("NOSPLIT", (0, r), (-1, self.kept(columns, r))) for r in self.sections if r < final
        ]
        if self.joined:
            commands += _lines_between(final, set(self.joined))
            # The pieces' lines run on as one paragraph's (a padding of 1, not 3 + 2, between).
            for r in self.joined:
                commands += [
                    ("BOTTOMPADDING", (0, r), (-1, r), 1),
                    ("TOPPADDING", (0, r + 1), (-1, r + 1), 1),
                ]
        return _TrackedTable(
            self.rows,
            colWidths=[c.width for c in columns],
            style=TableStyle(commands),
            hAlign="LEFT",
            rowSplitRange=self._tail(columns) if last else None,
        )

    def content_rows(self) -> int:
        """The rows but the group headings."""
        return len(self.rows) - len(self.sections)

    def kept(self, columns: Sequence[Column], start: int) -> int:
        """The last row kept on one page with ``start`` (a heading, or the table's first row):
        HEAD_ROWS rows of its group below a heading, HEAD_ROWS rows from the first; fewer
        when the group is shorter, or they would take over half a page (they would then
        leave no page near-empty, and could outgrow one)."""
        heading = start in self.sections
        end = start
        height = _row_height(columns, self.rows[start])
        while end - start < HEAD_ROWS - (not heading) and end + 1 < len(self.rows):
            if end + 1 in self.sections:  # the next group's heading
                break
            height += _row_height(columns, self.rows[end + 1])
            if height > LANDSCAPE_FRAME_HEIGHT / 2:
                break
            end += 1
        return max(end, start + 1) if heading else end

    def _tail(self, columns: Sequence[Column]) -> tuple[int, int] | None:
        """reportlab's ``rowSplitRange`` keeping the last TAIL_ROWS rows (with a heading just
        above them) together, counted from the end so that it holds for the part a split leaves
        too; None when the block is shorter, or the rows would take over half a page (they
        would then leave no near-empty page, and could outgrow one)."""
        sections = set(self.sections)
        content = [r for r in range(len(self.rows)) if r not in sections]
        if len(content) < TAIL_ROWS:
            return None
        first = content[-TAIL_ROWS]
        if first - 1 in sections:
            first -= 1
        height = sum(_row_height(columns, row) for row in self.rows[first:])
        if height > LANDSCAPE_FRAME_HEIGHT / 2:
            return None
        return 0, first - len(self.rows)


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
        self._blocks: list[_Block] = []
        self._rows: list[list[Cell]] = []
        self._commands: list[tuple[Any, ...]] = []
        self._sections: list[int] = []
        self._joined: list[int] = []
        self._items = 0
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

        A row too tall for a page is cut into pieces; a piece that starts a page
        repeats the ``continued`` cells (the reference and the RAG), so every page reads.
        """
        for piece, at_top in self._pieces(list(cells), continued):
            if isinstance(piece[0], str) and (self._open is not None or at_top is not None):
                start = _RowStart(piece[0])
                if self._open is not None:
                    start.running, start.open_after = self._running, self._open
                    self._last_start = start
                if at_top is not None:
                    start.at_top = at_top
                    self._joined.append(len(self._rows) - 1)
                piece[0] = start
            index = len(self._rows)
            self._rows.append(piece)
            for column, colour in (fills or {}).items():
                self._commands.append(("BACKGROUND", (column, index), (column, index), colour))
        self._items += 1
        if len(self._rows) >= BLOCK_ROWS:
            self._close_block()

    def flowables(self, above: Sequence[Flowable] = ()) -> list[Flowable]:
        """The header, the blocks, then the header switched off.

        The header starts a new page unless there is room below it for the whole
        table or, when the table splits there, for its first rows (HEAD_ROWS, below
        a heading if it starts with one): a table longer than a page always can; one
        that fits on a page, only if it has more than KEEP_WHOLE_ROWS rows and at
        least KEEP_WHOLE_BELOW of a page is left.

        Args:
            above: what heads the table (its heading, a line introducing it), kept on
                its page.
        """
        if self._last_start is not None:
            self._last_start.open_after = None
        self._close_block()
        blocks = self._blocks
        if len(blocks) > 1 and blocks[-1].content_rows() < TAIL_ROWS:
            blocks[-2].extend(blocks.pop())
        tables: list[Flowable] = []
        for number, block in enumerate(blocks):
            tables.append(block.table(self.columns, last=number == len(blocks) - 1))
            if self._progress is not None:
                tables.append(ProgressMark(block.items))
        if not tables or not self._header:
            return [*above, *tables]
        width = sum(c.width for c in self.columns)
        header = Table(
            [[Para(escape(c.title, quote=False), CELL_HEADING) for c in self.columns]],
            colWidths=[c.width for c in self.columns],
            style=TableStyle([*_BASE_STYLE, ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL)]),
            hAlign="LEFT",
        )
        _, header_height = header.wrap(width, _UNBOUNDED)
        lead = header_height + _height_of(above)
        first = blocks[0]
        start = lead + sum(
            _row_height(self.columns, row) for row in first.rows[: first.kept(self.columns, 0) + 1]
        )
        whole = lead + self._rows_height(LANDSCAPE_FRAME_HEIGHT - lead)
        if whole > LANDSCAPE_FRAME_HEIGHT:  # it splits wherever it starts
            room = start
        elif sum(block.content_rows() for block in blocks) <= KEEP_WHOLE_ROWS:
            room = whole
        else:
            room = min(whole, max(start, LANDSCAPE_FRAME_HEIGHT * KEEP_WHOLE_BELOW))
        return [
            CondPageBreak(room + 4),
            *above,
            header,
            SetTopFlowables([_RunningHeader(header, self.columns, self._running)]),
            *tables,
            SetTopFlowables([]),
        ]

    def _close_block(self) -> None:
        if not self._rows:
            return
        self._blocks.append(
            _Block(self._rows, self._commands, self._sections, self._joined, self._items)
        )
        if self._progress is not None:
            self._progress.advance(self._items)
        self._rows, self._commands, self._sections, self._joined = [], [], [], []
        self._items = 0

    def _rows_height(self, limit: float) -> float:
        """The rows' height, counted only until it passes ``limit``."""
        total = 0.0
        for block in self._blocks:
            for row in block.rows:
                total += _row_height(self.columns, row)
                if total > limit:
                    return total
        return total

    def _pieces(
        self, cells: list[Cell], continued: Sequence[str] | None
    ) -> list[tuple[list[Cell], list[Cell] | None]]:
        """The row as it is, or cut into rows of PIECE_HEIGHT if taller than SPLIT_ABOVE.

        Each piece after the first is blank where the row has no more to show,
        given with its cells for the top of a page (the ``continued`` ones there).
        A row whose first column is itself cut repeats them in every piece.
        """
        if _row_height(self.columns, cells) <= SPLIT_ABOVE:
            return [(cells, None)]
        columns: list[list[Cell]] = []
        for cell, column in zip(cells, self.columns, strict=True):
            if isinstance(cell, Para) and cell.wrap(column.inner, _UNBOUNDED)[1] > PIECE_HEIGHT:
                columns.append(_cut(cell, column.inner))
            else:
                columns.append([cell])
        again: Sequence[Cell] = continued or [""] * len(self.columns)
        made: list[tuple[list[Cell], list[Cell] | None]] = []
        for number in range(max(len(pieces) for pieces in columns)):
            top = [
                pieces[number] if number < len(pieces) else again[index]
                for index, pieces in enumerate(columns)
            ]
            blank = [pieces[number] if number < len(pieces) else "" for pieces in columns]
            if number == 0 or not isinstance(blank[0], str):
                made.append((top, None))
            else:
                made.append((blank, top))
        return made


#: The style of a block holding a tall row's pieces: GRID's lines, the ones across
#: between pieces left out (see _lines_between).
_JOINED_STYLE: list[tuple[Any, ...]] = [
    *(command for command in _BASE_STYLE if command[0] != "GRID"),
    ("BOX", (0, 0), (-1, -1), 0.4, GRID),
    ("LINEAFTER", (0, 0), (-2, -1), 0.4, GRID),
    # A split in a piece's row is closed on both pages (BOX alone leaves it open).
    ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.4, GRID),
    ("LINEABOVE", (0, "splitfirst"), (-1, "splitfirst"), 0.4, GRID),
]


def _lines_between(final: int, joined: set[int]) -> list[tuple[Any, ...]]:
    """A line below each row up to ``final`` but those in ``joined``, in runs of rows."""
    lines: list[tuple[Any, ...]] = []
    start: int | None = None
    for row in range(final + 1):
        drawn = row < final and row not in joined
        if drawn and start is None:
            start = row
        if not drawn and start is not None:
            lines.append(("LINEBELOW", (0, start), (-1, row - 1), 0.4, GRID))
            start = None
    return lines


def _row_height(columns: Sequence[Column], cells: Sequence[Cell]) -> float:
    tallest = CELL.leading
    for cell, column in zip(cells, columns, strict=True):
        if isinstance(cell, Flowable):
            tallest = max(tallest, cell.wrap(column.inner, _UNBOUNDED)[1])
    return float(tallest) + 2 + PADDING


def _height_of(flowables: Sequence[Flowable]) -> float:
    """How much of a landscape page ``flowables`` take (page breaks and marks take none)."""
    height = 0.0
    for flowable in flowables:
        if isinstance(flowable, CondPageBreak):
            continue
        if isinstance(flowable, KeepTogether):  # wraps only on a canvas: measure its content
            height += _height_of(flowable._content)
            continue
        height += flowable.wrap(LANDSCAPE_WIDTH, LANDSCAPE_FRAME_HEIGHT)[1]
        height += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return height


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
