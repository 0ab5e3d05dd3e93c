"""Step 2, sheets: a sheet's rows as values, cells and fills, and where a warning points.

Takes an openpyxl read-only worksheet (the CSV reader makes the same rows);
gives :class:`SheetRow` values, each cell's text as a person sees it, the
cells' fills judged as RAG colours, and :class:`SheetWarnings`, which names
sheet, row and column letter for every step after this one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from openpyxl.utils import get_column_letter

from nhp_planner.io.reading import ImportWarning
from nhp_planner.io.tracker.shared_strings import sheet_cells
from nhp_planner.io.xlsx_colours import FillColours
from nhp_planner.io.xlsx_safety import reading_errors
from nhp_planner.model.dates import MONTH_NAMES, format_day_first, read_date
from nhp_planner.model.rag import Rag


class SheetRow(NamedTuple):
    """One row of a sheet: its number (1-based), cell values by column, the source's cells."""

    number: int
    values: Sequence[object]
    cells: Sequence[Any] = ()


def sheet_rows(source: Path, sheet: Any, limit: int | None = None) -> Iterator[SheetRow]:
    """The sheet's rows, streamed; the first ``limit`` only when given.

    A number or date whose format changes what it shows (1.1 formatted ``0.00``
    shows 1.10; a date formatted ``mmm-yy`` shows Mar-24, a whole month) is
    given as the text it shows.
    """
    # Writers other than Excel often record the used range wrongly; read what is there.
    sheet.reset_dimensions()
    with reading_errors(source, sheet.title):
        rows = sheet_cells(sheet)
        for number, cells in enumerate(rows if limit is None else islice(rows, limit), start=1):
            values = [cell.value for cell in cells]
            if not _FORMATTED.isdisjoint(map(type, values)):
                values = [_shown(cell) for cell in cells]
            yield SheetRow(number, values, cells)


_FORMATTED = frozenset({float, dt.datetime})
_DECIMALS = re.compile(r"^0\.(0+)$")
_FORMAT_TOKEN = re.compile(r'mmmm|mmm|mm|m|yyyy|yy|"[^"]*"|\\.|\[[^\]]*\]|.', re.IGNORECASE)


def _shown(cell: Any) -> object:
    """A number or date cell as the text its format shows, when that is not its plain value."""
    value = cell.value
    if isinstance(value, float):
        decimals = _DECIMALS.match(cell.number_format or "")
        return f"{value:.{len(decimals.group(1))}f}" if decimals else value
    if isinstance(value, dt.datetime):
        fmt = (cell.number_format or "").lower()
        if "y" in fmt and "m" in fmt and "d" not in fmt and "h" not in fmt:
            shown = month_shown(value, fmt)
            if read_date(shown).due != _month_end(value):
                # "mmmm yy" shows "March 24", which may be 24 March: the year in full.
                shown = month_shown(value, re.sub(r"(?<!y)yy(?!y)", "yyyy", fmt))
            return shown
    return value


def _month_end(value: dt.datetime) -> dt.date:
    return dt.date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])


def month_shown(value: dt.date, fmt: str) -> str:
    """A date in a month-only number format ("mmm-yy"), as Excel shows it: "Mar-24"."""
    parts = []
    for token in _FORMAT_TOKEN.findall(fmt):
        lowered = token.lower()
        if lowered == "mmmm":
            parts.append(MONTH_NAMES[value.month - 1])
        elif lowered == "mmm":
            parts.append(MONTH_NAMES[value.month - 1][:3])
        elif lowered in ("mm", "m"):
            parts.append(f"{value.month:02d}" if lowered == "mm" else str(value.month))
        elif lowered == "yyyy":
            parts.append(f"{value.year:04d}")
        elif lowered == "yy":
            parts.append(f"{value.year % 100:02d}")
        elif token.startswith('"'):
            parts.append(token[1:-1])
        elif token.startswith("\\"):
            parts.append(token[1:])
        elif not token.startswith("["):
            parts.append(token)
    return "".join(parts).strip()


def value_text(value: object) -> str:
    """A cell value as the text a person sees: dates day-first ("31/03/2024"), 3.0 as "3"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        return format_day_first(value.date())
    if isinstance(value, dt.date):
        return format_day_first(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format(value, ".15g")
    return str(value).strip()


def filled(values: Sequence[object]) -> list[tuple[int, str]]:
    """The row's non-empty cells as (column, text)."""
    return [(c, t) for c, v in enumerate(values) if v is not None and (t := value_text(v))]


class CellStyles(Protocol):
    """What the source knows of a cell beyond its value: its fill colour (none for CSV)."""

    def rag(self, row: SheetRow, column: int) -> Rag | None:
        """The RAG the cell's fill colour shows, if any."""

    def ink(self, row: SheetRow, column: int) -> Rag | None:
        """The RAG the cell's font colour shows, if any (a "●" kept in green)."""

    def shaded(self, row: SheetRow, column: int) -> bool:
        """Whether the cell is filled with a visible colour (objective rows often are)."""

    def bold(self, row: SheetRow, column: int) -> bool:
        """Whether the cell's text is bold (objective rows often are)."""

    def struck(self, row: SheetRow, column: int) -> bool:
        """Whether the cell's text is struck through (as a dropped deliverable's is)."""


class FillStyles:
    """Cell fills of an openpyxl read-only sheet, judged as RAG colours."""

    def __init__(self, colours: FillColours, source: Path, sheet: str | None) -> None:
        self._colours = colours
        self._source = source
        self._sheet = sheet

    def rag(self, row: SheetRow, column: int) -> Rag | None:
        if column >= len(row.cells):
            return None
        return self._colours.rag(self._style(row, column, "fill"))

    def ink(self, row: SheetRow, column: int) -> Rag | None:
        return self._colours.ink(self._style(row, column, "font"))

    def shaded(self, row: SheetRow, column: int) -> bool:
        if column >= len(row.cells):
            return False
        return self._colours.shaded(self._style(row, column, "fill"))

    def bold(self, row: SheetRow, column: int) -> bool:
        return bool(getattr(self._style(row, column, "font"), "b", False))

    def struck(self, row: SheetRow, column: int) -> bool:
        return bool(getattr(self._style(row, column, "font"), "strike", False))

    def _style(self, row: SheetRow, column: int, name: str) -> Any:
        """A cell's fill or font; a style the workbook does not have is a damaged workbook."""
        cells = row.cells
        if column >= len(cells):
            return None
        try:
            return getattr(cells[column], name, None)
        except (IndexError, OverflowError):  # a style number past the workbook's styles
            with reading_errors(self._source, self._sheet):
                raise


class NoStyles:
    """CSV cells have no colours."""

    def rag(self, row: SheetRow, column: int) -> Rag | None:
        return None

    def ink(self, row: SheetRow, column: int) -> Rag | None:
        return None

    def shaded(self, row: SheetRow, column: int) -> bool:
        return False

    def bold(self, row: SheetRow, column: int) -> bool:
        return False

    def struck(self, row: SheetRow, column: int) -> bool:
        return False


class SheetWarnings:
    """The warnings of one sheet's reading, each placed by row and column letter."""

    def __init__(self, sheet: str | None) -> None:
        self.sheet = sheet
        self._warnings: list[ImportWarning] = []

    def add(self, row: int, column: int | None, message: str) -> ImportWarning:
        """Warn of ``row`` (1-based) and ``column`` (0-based; None or -1 for the whole row)."""
        warning = self.at(row, column, message)
        self._warnings.append(warning)
        return warning

    def at(self, row: int, column: int | None, message: str) -> ImportWarning:
        """A message placed as :meth:`add` places it, not added to the warnings."""
        letter = get_column_letter(column + 1) if column is not None and column >= 0 else None
        return ImportWarning(message, self.sheet, row, letter)

    def in_order(self) -> tuple[ImportWarning, ...]:
        """Top to bottom, left to right; warnings of one cell in the order they were made."""
        return tuple(sorted(self._warnings, key=lambda w: (w.row or 0, w.column or "")))
