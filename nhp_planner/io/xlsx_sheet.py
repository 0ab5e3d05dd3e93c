"""Writing rows of a tracker sheet: text cells that stay text, row heights, page set-up."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl.cell import Cell, MergedCell
from openpyxl.styles import Border
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins

from nhp_planner.io.xlsx_styles import FONT_NAME, LINE_HEIGHT, MAX_ROW_HEIGHT
from nhp_planner.io.xlsx_text import (
    CELL_LIMIT,
    cell_text,
    header_footer_text,
    needs_cleaning,
    wrapped_lines,
)
from nhp_planner.model.errors import ExportError
from nhp_planner.model.plural import counted

#: Space above and below the text of a row, in points.
ROW_PADDING = 3.0
_TITLE_LINE = 18.0
_TITLE_HEIGHT = 24.0


#: What makes Excel read typed text as a formula.
FORMULA_STARTS = frozenset("=+-@")


def row_height(lines: int, line_height: float = LINE_HEIGHT) -> float:
    """The stored height of a row of ``lines`` wrapped lines, within what Excel allows.

    Without a stored height LibreOffice prints a wrapped row one line high,
    its text overprinting the rows below.
    """
    return min(lines * line_height + ROW_PADDING, MAX_ROW_HEIGHT)


def title_height(title: str, width: float) -> float:
    """The height of a sheet's title row (14 pt bold: two thirds as many letters to a line)."""
    return max(_TITLE_HEIGHT, wrapped_lines(title, width / 1.5) * _TITLE_LINE + 6)


class TextLog:
    """What did not fit in Excel as it is, once per text, for the person exporting to check."""

    def __init__(self) -> None:
        self._changed: dict[str, int] = {}
        self._too_tall: dict[str, int] = {}

    def record(self, where: str, count: int) -> None:
        """``count`` characters of the text at ``where`` were removed or replaced."""
        self._changed.setdefault(where, count)

    def too_tall(self, where: str, lines: int) -> None:
        """The row at ``where`` needs about ``lines`` lines, more than an Excel row can show."""
        self._too_tall.setdefault(where, lines)

    def notes(self) -> tuple[str, ...]:
        changed = (
            f"{where}: {counted(count, 'character')} that Excel cannot hold "
            f"{'were' if count != 1 else 'was'} removed or replaced"
            for where, count in self._changed.items()
        )
        tall = (
            f"{where}: the text is all in the cell, but at about {lines} lines it is taller "
            f"than an Excel row can be, so only the first {int(MAX_ROW_HEIGHT // LINE_HEIGHT)} "
            "lines show and print"
            for where, lines in self._too_tall.items()
        )
        return (*changed, *tall)


class SheetWriter:
    """Appends rows to one worksheet, counting them itself.

    openpyxl works ``max_row`` out by scanning every cell, so asking for it
    once per row makes writing quadratic; this writer keeps its own count.
    """

    def __init__(self, worksheet: Any, log: TextLog) -> None:
        self.ws = worksheet
        self.row = 0
        self.log = log
        #: The borders merges made: (a cell's border, an edge, the first cell's border) -> border.
        self._edges: dict[tuple[int, str, int], int] = {}

    def text(self, value: str | None, style: Any, where: str, field: str = "") -> Cell:
        """A cell holding ``value`` as text, even when it starts with ``=``, ``+``, ``-``, ``@``.

        openpyxl's value setter makes any string starting with ``=`` a
        formula and ``#N/A`` and friends error values. So the text, once
        cleaned here, is stored with its type set to string directly, as
        openpyxl's own reader stores cell values: no type is guessed, and
        nothing is checked twice (a third of the time of writing a cell).
        Text that Excel would read as a formula once edited gets Excel's quote
        prefix.
        ``where`` and ``field`` name the text in messages ("1.4", "summary
        position"); they are joined only when needed.
        """
        if not value:
            return Cell(self.ws, style_array=style)
        if needs_cleaning(value):
            value, changed = cell_text(value)
            if changed:
                self.log.record(_place(where, field), changed)
        if len(value) > CELL_LIMIT:
            raise ExportError(
                f"The {_place(where, field)} is {len(value):,} characters long, more than the "
                f"{CELL_LIMIT:,} an Excel cell holds; shorten it and export again."
            )
        cell = Cell(self.ws, style_array=style)
        cell._value = value
        cell.data_type = "s"
        if value[0] in FORMULA_STARTS:
            # Excel's quote prefix: shown as typed, and still text once someone edits
            # the cell in Excel (without it, Enter would make "=SUM(...)" a formula).
            cell.quotePrefix = True
        return cell

    def number(self, value: float, style: Any) -> Cell:
        return Cell(self.ws, value=value, style_array=style)

    def blank(self, style: Any) -> Cell:
        return Cell(self.ws, style_array=style)

    def add(self, cells: Sequence[Cell], height: float | None = None) -> int:
        """Append one row; returns its number."""
        self.ws.append(cells)
        self.row += 1
        if height is not None:
            self.ws.row_dimensions[self.row].height = height
        return self.row

    def skip(self, height: float | None = None) -> int:
        """An empty row, as spacing."""
        return self.add((), height)

    def merge(self, row: int, first: int, last: int) -> None:
        """Merge columns ``first`` to ``last`` (1-based) of ``row``, as ``merge_cells`` does.

        openpyxl makes every cell but the first a merged cell, gives each cell on an edge
        of the range that edge of the first cell's border, and each the first cell's
        protection (``MergedCellRange.format``), adding a new border to the workbook's
        styles cell by cell: a quarter of the time of writing a short tracker. Here the
        same steps are taken, but the border that a cell's border and an edge make is
        worked out once per sheet (the workbook's styles are only ever added to, so it
        stays the one openpyxl would find).
        """
        ws = self.ws
        span = MergedCellRange(ws, f"{_letter(first)}{row}:{_letter(last)}{row}")
        ws.merged_cells.add(span)
        start, cells = span.start_cell, ws._cells
        for column in range(first + 1, last + 1):
            cell = MergedCell(ws, row, column)
            cell._style = StyleArray()
            cells[(row, column)] = cell
        start_border = start.border
        first_border = start._style.borderId
        every = range(first, last + 1)
        for name, edge in {
            "top": every,
            "left": (first,),
            "right": (last,),
            "bottom": every,
        }.items():
            side = getattr(start_border, name)
            if side and side.style is None:
                continue  # as openpyxl: an edge whose line has no style is left alone
            for column in edge:
                style = cells[(row, column)]._style
                style.borderId = self._edged(style.borderId, name, first_border)
        protection = ws.parent._protections.add(copy(start.protection))
        for column in every:
            cells[(row, column)]._style.protectionId = protection

    def _edged(self, border: int, edge: str, first: int) -> int:
        """The border a cell's ``border`` becomes given the ``edge`` of the ``first`` cell's."""
        key = (border, edge, first)
        found = self._edges.get(key)
        if found is None:
            borders = self.ws.parent._borders
            side = getattr(borders[first], edge)
            found = self._edges[key] = borders.add(borders[border] + Border(**{edge: side}))
        return found

    def widths(self, widths: Sequence[float]) -> None:
        for column, width in enumerate(widths, 1):
            self.ws.column_dimensions[_letter(column)].width = width


def _place(where: str, field: str) -> str:
    return f"{where} {field}" if field else where


def _letter(column: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[column - 1]


@dataclass(frozen=True, slots=True)
class PageText:
    """What every printed page says: the plan title and period above, the export date below."""

    title: str
    period: str
    exported: str


def print_setup(
    worksheet: Any,
    page: PageText,
    *,
    landscape: bool = True,
    title_rows: str | None = None,
) -> None:
    """What a person would otherwise set up before printing: A4, one page wide, headers.

    Fit to one page wide and as many pages tall as it takes (``fitToHeight``
    0), the header row repeated on every page, the plan title and period in
    the page header, page numbers in the footer; no grid lines on screen
    (the tables draw their own).
    """
    setup = worksheet.page_setup
    setup.paperSize = worksheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.3
    )
    worksheet.print_options.horizontalCentered = True
    if title_rows:
        worksheet.print_title_rows = title_rows
    header = worksheet.oddHeader
    header.center.text = header_footer_text(page.title)
    header.center.size = 9
    header.center.font = f"{FONT_NAME},Bold"
    header.right.text = header_footer_text(page.period)
    header.right.size = 9
    footer = worksheet.oddFooter
    footer.left.text = header_footer_text(page.exported)
    footer.center.text = "Page &P of &N"
    footer.right.text = "&A"
    for part in (footer.left, footer.center, footer.right):
        part.size = 8
    worksheet.sheet_view.showGridLines = False
