"""Step 2, sheets: a sheet's rows as values, cells and fills, and where a warning points.

Takes an openpyxl read-only worksheet (the CSV reader makes the same rows);
gives :class:`SheetRow` values, each cell's text as a person sees it, the
cells' fills judged as RAG colours, and :class:`SheetWarnings`, which names
sheet, row and column letter for every step after this one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from openpyxl.utils import get_column_letter

from nhp_planner.io.reading import ImportWarning
from nhp_planner.io.xlsx_colours import FillColours
from nhp_planner.io.xlsx_safety import reading_errors
from nhp_planner.model.dates import format_day_first
from nhp_planner.model.rag import Rag


class SheetRow(NamedTuple):
    """One row of a sheet: its number (1-based), cell values by column, the source's cells."""

    number: int
    values: Sequence[object]
    cells: Sequence[Any] = ()


def sheet_rows(source: Path, sheet: Any, limit: int | None = None) -> Iterator[SheetRow]:
    """The sheet's rows, streamed; the first ``limit`` only when given."""
    # Writers other than Excel often record the used range wrongly; read what is there.
    sheet.reset_dimensions()
    with reading_errors(source, sheet.title):
        rows = sheet.iter_rows()
        for number, cells in enumerate(rows if limit is None else islice(rows, limit), start=1):
            yield SheetRow(number, [cell.value for cell in cells], cells)


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

    def shaded(self, row: SheetRow, column: int) -> bool:
        """Whether the cell is filled with a visible colour (objective rows often are)."""


class FillStyles:
    """Cell fills of an openpyxl read-only sheet, judged as RAG colours."""

    def __init__(self, colours: FillColours) -> None:
        self._colours = colours

    def rag(self, row: SheetRow, column: int) -> Rag | None:
        cells = row.cells
        return self._colours.rag(cells[column].fill) if column < len(cells) else None

    def shaded(self, row: SheetRow, column: int) -> bool:
        cells = row.cells
        return column < len(cells) and self._colours.shaded(cells[column].fill)


class NoStyles:
    """CSV cells have no colours."""

    def rag(self, row: SheetRow, column: int) -> Rag | None:
        return None

    def shaded(self, row: SheetRow, column: int) -> bool:
        return False


class SheetWarnings:
    """The warnings of one sheet's reading, each placed by row and column letter."""

    def __init__(self, sheet: str | None) -> None:
        self.sheet = sheet
        self._warnings: list[ImportWarning] = []

    def add(self, row: int, column: int | None, message: str) -> None:
        """Warn of ``row`` (1-based) and ``column`` (0-based; None or -1 for the whole row)."""
        letter = get_column_letter(column + 1) if column is not None and column >= 0 else None
        self._warnings.append(ImportWarning(message, self.sheet, row, letter))

    def in_order(self) -> tuple[ImportWarning, ...]:
        """Top to bottom, left to right; warnings of one cell in the order they were made."""
        return tuple(sorted(self._warnings, key=lambda w: (w.row or 0, w.column or "")))
