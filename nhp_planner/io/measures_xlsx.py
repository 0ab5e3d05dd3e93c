"""Reading measure values from an Excel tracker, and previewing what they would change.

Two layouts are read, as forces keep them: measures down the side with
periods across the top ("Measure | Q4 2022/23 | Q1 2023/24 | ..."), or one row
per measure and period ("Measure | Period | Value | Reasons | Response"). Every
sheet with such a header is read; title rows above it and notes below are
passed over. A blank or "n/a" cell is a missing value, never zero, and leaves
the plan's value as it is. Anything else that is not a number refuses the whole
file, in one sentence naming the file, sheet, row and column: so do a decimal
comma ("0,81"), a plain fraction (0.81) among a measure's values written as
"78%", and a period heading without its year ("Q2") or with one year for a
quarter ("Q1 2024"), none of which can be read without a guess.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import statistics
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from nhp_planner.io.importing import TEXT_SUFFIXES
from nhp_planner.io.reading import ImportWarning
from nhp_planner.io.tracker.sheet_xml import formulas_and_merges
from nhp_planner.io.xlsx_safety import check_workbook_file, reading_errors, require_safe_xml
from nhp_planner.io.xlsx_text import CELL_LIMIT
from nhp_planner.model.dates import MONTH_NAMES
from nhp_planner.model.errors import ImportFormatError, ValidationError
from nhp_planner.model.measures import Frequency, Measure, MeasurePeriod, Narrative, Unit
from nhp_planner.model.plural import counted
from nhp_planner.model.spc import Polarity

log = logging.getLogger(__name__)

#: Rows searched for a header: trackers put a title, a date and notes above the table.
HEADER_ROWS = 30
WIDE = "wide"
LONG = "long"
#: How each layout is described to people.
LAYOUTS = {
    WIDE: "measures down the side, periods across the top",
    LONG: "one row per measure and period",
}

_MEASURE = re.compile(
    r"^((success|performance|policing plan) )?(measure|measures|indicator|kpi)( name)?$|^name$"
)
_PERIOD = re.compile(r"^(reporting )?(period|quarter|month)$")
_VALUE = re.compile(r"^(value|values|count|figure|result|actual|volume|number)$")
_REASONS = re.compile(r"^reasons?$")
_RESPONSE = re.compile(r"^(response|responses)$")
_UNIT = re.compile(r"^units?$")
_MONTH_WORDS = "|".join(["sept", *(f"{m.lower()}|{m[:3].lower()}" for m in MONTH_NAMES)])
#: A period heading without its year ("Q2", "May"): its values have no period to go to.
_YEARLESS = re.compile(rf"^(q[1-4]|quarter [1-4]|{_MONTH_WORDS})$")
#: "Q1 2024", "2024 Q1": one year, so a calendar quarter or a financial one.
_ONE_YEAR_QUARTER = re.compile(r"^q ?([1-4]) (\d{4})$|^(\d{4}) ?q([1-4])$")
#: A heading that names a month or quarter ("Apr-24 (provisional)", "Q1 FY24") in words
#: NHP Planner does not place.
_PERIOD_LIKE = re.compile(rf"\bq ?[1-4]\b|^({_MONTH_WORDS})\b")
#: A financial year heading ("2023/24", "FY 2023-24"): a year's total beside the periods.
_YEAR = re.compile(r"^(fy )?\d{4}[/-](\d{2}|\d{4})( total)?$")
_MISSING = frozenset({"", "-", "–", "—", "n/a", "na", "n.a.", "no data", "not available", "tbc"})
_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")
#: "1,250", "12 500" (a space, or Excel's no-break spaces): one separator, between thousands only.
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(?P<sep>[, \u00a0\u202f])\d{3}((?P=sep)\d{3})*(\.\d+)?$")
#: "0,81", "1,5": a decimal comma, which reading as thousands would make 81 and 15.
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")


@dataclass(frozen=True, slots=True)
class MeasureRow:
    """One measure's value (and narrative) for one period, and where the tracker holds it."""

    name: str
    period: MeasurePeriod
    value: float | None
    reasons: str | None
    response: str | None
    sheet: str
    row: int
    column: str
    #: The unit the tracker gives the measure, when it has a Unit column.
    unit: Unit | None = None
    #: The value was written as a percentage: "78%", or a cell formatted as one.
    percent: bool = False


@dataclass(frozen=True, slots=True)
class MeasureSheetReading:
    """What was understood from a workbook of measures, before it touches any plan."""

    source: Path
    rows: tuple[MeasureRow, ...]
    #: How each sheet read was laid out: (sheet name, WIDE or LONG).
    layouts: tuple[tuple[str, str], ...]
    warnings: tuple[ImportWarning, ...] = ()


def read_measures_workbook(path: str | Path) -> MeasureSheetReading:
    """Read measure values from an .xlsx tracker.

    Raises:
        ImportFormatError: the file is not a readable workbook, holds no table of
            measures, or holds a value that is neither a number nor blank, or one
            that cannot be read without a guess (see the module's docstring).
    """
    source = Path(path)
    if source.suffix.lower() in TEXT_SUFFIXES:
        raise ImportFormatError(
            f"{source}: measures are read from an Excel workbook (.xlsx), not from text or "
            "CSV; open it in Excel and save it as an Excel Workbook (.xlsx), then import that."
        )
    require_safe_xml(source)
    check_workbook_file(source)
    with source.open("rb") as stream, warnings.catch_warnings(record=True) as noted:
        warnings.simplefilter("always")
        with reading_errors(source):
            workbook = openpyxl.load_workbook(
                stream, read_only=True, data_only=True, keep_links=False
            )
        try:
            reading = _read_workbook(source, workbook)
        finally:
            workbook.close()
    for warning in noted:
        log.info("openpyxl, reading %s: %s", source, warning.message)
    return reading


def _refuse_unsaved_formulas(source: Path, sheet: Any, body: Sequence[_Row]) -> None:
    """A value worked out by a formula the workbook never calculated reads as blank (a
    script wrote it): that would be a missing value the limits are worked out without."""
    with reading_errors(source, sheet.title):
        unsaved, _ = formulas_and_merges(sheet)
    below = body[0].number if body else None
    found = sorted(
        (row, column) for column, rows in unsaved.items() for row in rows
        if below is not None and row >= below
    )  # fmt: skip
    if found:
        row, column = found[0]
        raise ImportFormatError(
            f"{source}: sheet '{sheet.title}', row {row}, column {get_column_letter(column + 1)}: "
            "holds a formula whose result was never saved, so its value cannot be read (the "
            "workbook was written by a program that does not calculate); open it in Excel or "
            "LibreOffice, save it, and import it again."
        )


def _read_workbook(source: Path, workbook: Any) -> MeasureSheetReading:
    with reading_errors(source):
        sheets = list(workbook.worksheets)
    rows: list[MeasureRow] = []
    layouts: list[tuple[str, str]] = []
    notes: list[ImportWarning] = []
    for sheet in sheets:
        sheet_rows = list(_rows(source, sheet))
        found = _header(source, sheet.title, sheet_rows, notes)
        if found is None:
            continue
        header_index, layout, columns = found
        layouts.append((sheet.title, layout))
        body = sheet_rows[header_index + 1 :]
        _refuse_unsaved_formulas(source, sheet, body)
        reader = _read_wide if layout == WIDE else _read_long
        rows += reader(source, sheet.title, body, columns, notes)
    if not layouts:
        names = ", ".join(f"'{s.title}'" for s in sheets)
        raise ImportFormatError(
            f"{source}: no table of measures found on any sheet ({names}); NHP Planner looks for "
            "a 'Measure' column with periods across the top (Q3 2023/24, Jan 2024...) or "
            "'Measure', 'Period' and 'Value' columns."
        )
    _refuse_duplicates(source, rows)
    _refuse_mixed_scales(source, rows)
    return MeasureSheetReading(source, tuple(rows), tuple(layouts), tuple(notes))


@dataclass(frozen=True, slots=True)
class _Row:
    number: int
    cells: tuple[Any, ...]


def _rows(source: Path, sheet: Any) -> Iterator[_Row]:
    # Writers other than Excel often record the used range wrongly; read what is there.
    sheet.reset_dimensions()
    with reading_errors(source, sheet.title):
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            for index, cell in enumerate(cells):
                if isinstance(cell.value, str) and len(cell.value) > CELL_LIMIT:
                    # Excel never holds more; the measures could not be exported again.
                    raise ImportFormatError(
                        f"{source}: sheet '{sheet.title}', row {number}, column "
                        f"{get_column_letter(index + 1)}: is {len(cell.value):,} characters "
                        f"long, more than the {CELL_LIMIT:,} an Excel cell holds, so the file "
                        "was not read."
                    )
            yield _Row(number, tuple(cells))


def _heading(value: object) -> str:
    if value is None:
        return ""
    text = value.strftime("%b %Y") if isinstance(value, dt.datetime) else str(value)
    return " ".join(text.lower().replace(":", " ").split())


def _header_period(value: object) -> MeasurePeriod | None:
    """A period heading: an Excel date (its month), "Jan 2024", "2024-01", "Q3 2023/24"."""
    if isinstance(value, dt.datetime | dt.date):
        return MeasurePeriod.month(value.year, value.month)
    if not isinstance(value, str):
        return None
    for frequency in Frequency:
        try:
            return MeasurePeriod.parse(value, frequency)
        except ValidationError:
            continue
    return None


@dataclass(frozen=True, slots=True)
class _Columns:
    measure: int
    unit: int | None = None
    period: int | None = None
    value: int | None = None
    reasons: int | None = None
    response: int | None = None
    #: WIDE: (column index, period) for each period heading.
    periods: tuple[tuple[int, MeasurePeriod], ...] = ()


def _header(
    source: Path, sheet: str, rows: Sequence[_Row], notes: list[ImportWarning]
) -> tuple[int, str, _Columns] | None:
    for index, row in enumerate(rows[:HEADER_ROWS]):
        headings = [_heading(cell.value) for cell in row.cells]
        measure = next((i for i, h in enumerate(headings) if _MEASURE.match(h)), None)
        if measure is None:
            continue

        def find(pattern: re.Pattern[str], headings: list[str] = headings) -> int | None:
            return next((i for i, h in enumerate(headings) if pattern.match(h)), None)

        unit = find(_UNIT)
        period, value = find(_PERIOD), find(_VALUE)
        reasons, response = find(_REASONS), find(_RESPONSE)
        if period is not None and (value is not None or reasons is not None):
            return index, LONG, _Columns(measure, unit, period, value, reasons, response)
        periods = tuple(
            (i, p)
            for i, cell in enumerate(row.cells)
            if i != measure and (p := _header_period(cell.value)) is not None
        )
        _refuse_unplaced(source, sheet, row, headings, periods)
        if not periods:
            continue
        frequencies = {p.frequency for _, p in periods}
        if len(frequencies) > 1:
            months = next(i for i, p in periods if p.frequency is Frequency.MONTHLY)
            quarters = next(i for i, p in periods if p.frequency is Frequency.QUARTERLY)
            raise ImportFormatError(
                f"{source}: sheet '{sheet}', row {row.number}: the headings mix months "
                f"(column {get_column_letter(months + 1)}) and quarters (column "
                f"{get_column_letter(quarters + 1)}); put monthly and quarterly measures on "
                "separate sheets."
            )
        seen: dict[MeasurePeriod, int] = {}
        for i, p in periods:
            if p in seen:
                raise ImportFormatError(
                    f"{source}: sheet '{sheet}', row {row.number}, columns "
                    f"{get_column_letter(seen[p] + 1)} and {get_column_letter(i + 1)}: both are "
                    f"headed {p.label}; keep one column per period."
                )
            seen[p] = i
        (frequency,) = frequencies
        notes += [
            ImportWarning(
                f"'{_text(row, i)}' is a year, not a {frequency.value} period: "
                "its column is not read",
                sheet,
                row.number,
                get_column_letter(i + 1),
            )
            for i, h in enumerate(headings)
            if _YEAR.match(h)
        ]
        return index, WIDE, _Columns(measure, unit, periods=periods)
    return None


def _refuse_unplaced(
    source: Path,
    sheet: str,
    row: _Row,
    headings: Sequence[str],
    periods: Sequence[tuple[int, MeasurePeriod]],
) -> None:
    """Refuse a heading that names a period NHP Planner cannot place ("Q2", "Q1 2024").

    Passed over, its column's values would be lost without a word. The year is
    not taken from the headings beside it: "Q1 2024/25, Q2, Q3" most likely runs
    on, but a sheet that starts at Q4 or skips a year would put the values a
    year out, with nothing to show it.
    """
    placed = {i for i, _ in periods}
    for index, heading in enumerate(headings):
        if index in placed or not _PERIOD_LIKE.search(heading):
            continue
        written = _text(row, index)
        if _YEARLESS.match(heading):
            if periods:
                first = periods[0][0]
                how = (
                    f"in full, as column {get_column_letter(first + 1)}'s '{_text(row, first)}' is"
                )
            else:
                how = f"with its year (e.g. {written} {'2024/25' if heading[0] == 'q' else '2024'})"
            why = f"has no year, so its values have no period; write it {how}"
        elif found := _ONE_YEAR_QUARTER.match(heading):
            number, year = (
                (int(found[1]), int(found[2])) if found[1] else (int(found[4]), int(found[3]))
            )
            calendar = MeasurePeriod.month(year, 3 * number - 2)
            # The calendar's Q1 (January to March) is the financial year's Q4, and so on.
            financial = MeasurePeriod.quarter(year - (number == 1), (number - 2) % 4 + 1)
            why = (
                "names one year, so it could be a calendar or a financial quarter; write the "
                f"financial year (e.g. {financial.label} for {MONTH_NAMES[calendar.number - 1]} to "
                f"{calendar.shifted(2).label})"
            )
        else:
            why = (
                "is not a period NHP Planner can place, so its values would be lost; write it as "
                "a month or a financial quarter (e.g. Jan 2024 or Q3 2023/24)"
            )
        raise ImportFormatError(
            f"{source}: sheet '{sheet}', row {row.number}, column {get_column_letter(index + 1)}: "
            f"the heading '{written}' {why}."
        )


def _cell(row: _Row, index: int | None) -> Any:
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


def _text(row: _Row, index: int | None) -> str:
    cell = _cell(row, index)
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    return " ".join(value.split()) if isinstance(value, str) else str(value).strip()


def _long_text(row: _Row, index: int | None) -> str | None:
    """A narrative as written (line breaks kept), or None when the tracker has no such column."""
    if index is None:
        return None
    cell = _cell(row, index)
    if cell is None or cell.value is None:
        return ""
    return str(cell.value).strip()


_UNITS = {
    "count": Unit.COUNT,
    "number": Unit.COUNT,
    "%": Unit.PERCENT,
    "percent": Unit.PERCENT,
    "percentage": Unit.PERCENT,
    "days": Unit.DAYS,
    "day": Unit.DAYS,
}


def _unit(source: Path, sheet: str, row: _Row, index: int | None) -> Unit | None:
    text = _text(row, index).lower()
    if not text:
        return None
    if text in _UNITS:
        return _UNITS[text]
    assert index is not None
    raise ImportFormatError(
        f"{source}: sheet '{sheet}', row {row.number}, column {get_column_letter(index + 1)}: "
        f"'{text}' is not a unit (write count, % or days)."
    )


def _number(source: Path, sheet: str, row: _Row, index: int) -> tuple[float, bool] | None:
    """A cell's value as a number, and whether it was written as a percentage.

    Blank, "-" or "n/a" is missing; other text refuses the file.
    """
    cell = _cell(row, index)
    value = None if cell is None else cell.value
    where = f"{source}: sheet '{sheet}', row {row.number}, column {get_column_letter(index + 1)}"
    if value is None:
        return None
    if isinstance(value, bool):
        raise ImportFormatError(f"{where}: {value} is not a number.")
    if isinstance(value, int | float):
        # A cell formatted as a percentage holds 0.21 for "21%"; the measure's values are 21.
        if "%" in str(getattr(cell, "number_format", "")):
            return round(float(value) * 100, 10), True
        return float(value), False
    text = str(value).strip()
    if text.lower() in _MISSING:
        return None
    plain = text.removesuffix("%").strip()
    if _THOUSANDS.match(plain):
        plain = re.sub(r"[, \u00a0\u202f]", "", plain)
    if _NUMBER.match(plain):
        return float(plain), text.endswith("%")
    shown = text if len(text) <= 40 else text[:39] + "…"
    if _DECIMAL_COMMA.match(plain):
        raise ImportFormatError(
            f"{where}: '{shown}' has a decimal comma, and a comma is read only between "
            f"thousands (1,250); write it as {plain.replace(',', '.')}."
        )
    raise ImportFormatError(
        f"{where}: '{shown}' is not a number; write the value as a number, or leave the cell "
        "blank (or n/a) when there is none."
    )


def _read_wide(
    source: Path,
    sheet: str,
    body: Sequence[_Row],
    columns: _Columns,
    notes: list[ImportWarning],
) -> list[MeasureRow]:
    rows: list[MeasureRow] = []
    for row in body:
        name = _text(row, columns.measure)
        values = [(i, p, _number(source, sheet, row, i)) for i, p in columns.periods]
        if not name:
            if any(v is not None for _, _, v in values):
                raise ImportFormatError(
                    f"{source}: sheet '{sheet}', row {row.number}, column "
                    f"{get_column_letter(columns.measure + 1)}: the row has values but no "
                    "measure name."
                )
            continue
        unit = _unit(source, sheet, row, columns.unit)
        kept = [
            MeasureRow(
                name, p, v[0], None, None, sheet, row.number, get_column_letter(i + 1), unit, v[1]
            )
            for i, p, v in values
            if v is not None
        ]
        if not kept:
            notes.append(ImportWarning("no values in this row", sheet, row.number))
        rows += kept
    return rows


def _read_long(
    source: Path,
    sheet: str,
    body: Sequence[_Row],
    columns: _Columns,
    notes: list[ImportWarning],
) -> list[MeasureRow]:
    assert columns.period is not None
    rows: list[MeasureRow] = []
    for row in body:
        name = _text(row, columns.measure)
        period_cell = _cell(row, columns.period)
        period_value = None if period_cell is None else period_cell.value
        if not name and period_value is None:
            continue
        column = get_column_letter(columns.period + 1)
        period = _header_period(period_value)
        if period is None or not name:
            what = (
                "no measure name"
                if not name
                else f"'{_text(row, columns.period)}' is not a period (e.g. Q3 2023/24 or Jan 2024)"
            )
            if not name:
                column = get_column_letter(columns.measure + 1)
            raise ImportFormatError(
                f"{source}: sheet '{sheet}', row {row.number}, column {column}: {what}."
            )
        value_index = columns.value if columns.value is not None else columns.period
        read = _number(source, sheet, row, columns.value) if columns.value is not None else None
        value, percent = (None, False) if read is None else read
        reasons = _long_text(row, columns.reasons)
        response = _long_text(row, columns.response)
        if value is None and not reasons and not response:
            notes.append(ImportWarning("no value or narrative in this row", sheet, row.number))
            continue
        rows.append(
            MeasureRow(
                name,
                period,
                value,
                reasons,
                response,
                sheet,
                row.number,
                get_column_letter(value_index + 1),
                _unit(source, sheet, row, columns.unit),
                percent,
            )
        )
    return rows


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _refuse_duplicates(source: Path, rows: Sequence[MeasureRow]) -> None:
    seen: dict[tuple[str, MeasurePeriod, bool], MeasureRow] = {}
    for row in rows:
        # A value sheet and a narratives sheet may both name a measure and period.
        for kind, present in (("value", row.value is not None), ("narrative", _has_story(row))):
            if not present:
                continue
            key = (_fold(row.name), row.period, kind == "value")
            if key in seen:
                first = seen[key]
                raise ImportFormatError(
                    f"{source}: sheet '{row.sheet}', row {row.row}, column {row.column}: "
                    f"'{row.name}' already has a {kind} for {row.period.label} (sheet "
                    f"'{first.sheet}', row {first.row}); keep one."
                )
            seen[key] = row


def _refuse_mixed_scales(source: Path, rows: Sequence[MeasureRow]) -> None:
    """Refuse a plain fraction (0.81) in a measure whose other values are written as "78%".

    Read as it stands, 0.81 sits beside 78 on one chart: two scales, and
    exceptions that are not there. Whether it means 81% or 0.81% only the
    tracker's keeper knows, so the file is refused rather than either guessed.
    """
    written: dict[str, MeasureRow] = {}
    for row in rows:
        if row.percent:
            written.setdefault(_fold(row.name), row)
    for row in rows:
        first = written.get(_fold(row.name))
        if first is None or row.percent or row.value is None or not 0 < abs(row.value) <= 1:
            continue
        assert first.value is not None  # a value written with a per cent sign
        plain = _figure(row.value)
        if (first.sheet, first.row) == (row.sheet, row.row):
            others = f"the row's other values are percentages written as '{_figure(first.value)}%'"
            at = f"column {first.column}"
        else:
            others = f"'{row.name}' has values written as percentages, as '{_figure(first.value)}%'"
            at = f"sheet '{first.sheet}', row {first.row}, column {first.column}"
        raise ImportFormatError(
            f"{source}: sheet '{row.sheet}', row {row.row}, column {row.column}: '{plain}' reads "
            f"as {plain}, but {others} ({at}); write it as {_figure(row.value * 100)}%, or as "
            f"{plain}% if it is under one per cent."
        )


def _figure(value: float) -> str:
    """A value as the tracker would show it: 0.81, 78, never 78.0 or 81.00000000000001."""
    return f"{value:.10g}"


def _has_story(row: MeasureRow) -> bool:
    return bool(row.reasons or row.response)


# ----------------------------------------------------------------------- preview


@dataclass(frozen=True, slots=True)
class MeasureChange:
    """What an import does to one measure."""

    name: str
    is_new: bool
    added: int
    changed: int
    unchanged: int
    narratives: int


@dataclass(frozen=True, slots=True)
class MeasureImportPreview:
    """A workbook of measures compared with the plan: shown before anything changes."""

    reading: MeasureSheetReading
    #: Every measure the import touches, as it would be afterwards.
    measures: tuple[Measure, ...]
    changes: tuple[MeasureChange, ...]

    @property
    def changes_anything(self) -> bool:
        return any(c.is_new or c.added or c.changed or c.narratives for c in self.changes)

    def describe(self) -> list[str]:
        """One line per measure, for the command line and the window."""
        lines = []
        for change in self.changes:
            new = " (new measure)" if change.is_new else ""
            lines.append(
                f"{change.name}{new}: {counted(change.added, 'value')} added, "
                f"{change.changed} changed, {change.unchanged} unchanged, "
                f"{counted(change.narratives, 'narrative')}"
            )
        return lines


def _refuse_hundredths(
    source: Path,
    name: str,
    values: dict[MeasurePeriod, float],
    rows: Sequence[MeasureRow],
) -> None:
    """Refuse a plain fraction (0.81) in a per cent measure whose other values are near 80.

    The tracker may hold only this month, so nothing in it says "%": the scale
    is the measure's. A fraction whose other values' median is ten times it or
    more sits nearer a hundredth of them than them, so it is taken to be on the
    other scale, or a fall the keeper confirms by writing "0.81%". Small
    percentages written plainly (1.2, 0.8, 0.9) are read as they are.
    """
    for row in rows:
        if row.percent or row.value is None or not 0 < abs(row.value) <= 1:
            continue
        others = [abs(v) for p, v in values.items() if p != row.period]
        if not others or statistics.median(others) < 10 * abs(row.value):
            continue
        plain = _figure(row.value)
        raise ImportFormatError(
            f"{source}: sheet '{row.sheet}', row {row.row}, column {row.column}: '{plain}' reads "
            f"as {plain}%, but '{name}' is in per cent and its other values are around "
            f"{_figure(round(statistics.median(others), 1))}%; write it as "
            f"{_figure(row.value * 100)}%, or as {plain}% if it is under one per cent."
        )


def _unit_written(rows: Sequence[MeasureRow]) -> Unit:
    """A new measure's unit when the tracker has no Unit column: "78%" or "(%)" says percent."""
    if any(r.percent for r in rows) or "%" in rows[0].name:
        return Unit.PERCENT
    return Unit.COUNT


def preview_measure_import(
    reading: MeasureSheetReading, existing: Sequence[Measure]
) -> MeasureImportPreview:
    """The measures as the import would leave them; a name the plan lacks becomes a new measure.

    A new measure takes its frequency from its periods, its unit from the Unit
    column or else from a per cent sign in its values or name and, not knowing which
    direction is good, the polarity "neither" (exceptions "to investigate")
    until someone sets it.

    Raises:
        ImportFormatError: a row's period is of the other frequency than its measure's,
            or a plain fraction is given for a per cent measure whose other values are
            ten times it or more.
    """
    by_name = {_fold(m.name): m for m in existing}
    grouped: dict[str, list[MeasureRow]] = {}
    for row in reading.rows:
        grouped.setdefault(_fold(row.name), []).append(row)
    measures: list[Measure] = []
    changes: list[MeasureChange] = []
    for key, rows in grouped.items():
        measure = by_name.get(key)
        is_new = measure is None
        if measure is None:
            unit = next((r.unit for r in rows if r.unit is not None), _unit_written(rows))
            measure = Measure(
                rows[0].name, rows[0].period.frequency, unit=unit, polarity=Polarity.NEITHER
            )
        values = dict(measure.values)
        narratives = dict(measure.narratives)
        added = changed = unchanged = stories = 0
        for row in rows:
            if row.period.frequency is not measure.frequency:
                raise ImportFormatError(
                    f"{reading.source}: sheet '{row.sheet}', row {row.row}, column {row.column}: "
                    f"'{measure.name}' is {measure.frequency.value}, so it has no period "
                    f"{row.period.label}."
                )
            if row.value is not None:
                before = values.get(row.period)
                if before is None:
                    added += 1
                elif before != row.value:
                    changed += 1
                else:
                    unchanged += 1
                values[row.period] = row.value
            if row.reasons is not None or row.response is not None:
                old = narratives.get(row.period, Narrative())
                new = Narrative(
                    old.reasons if row.reasons is None else row.reasons,
                    old.response if row.response is None else row.response,
                )
                if new != old:
                    stories += 1
                    narratives[row.period] = new
        if measure.unit is Unit.PERCENT:
            _refuse_hundredths(reading.source, measure.name, values, rows)
        measures.append(replace(measure, values=values, narratives=narratives))
        changes.append(MeasureChange(measure.name, is_new, added, changed, unchanged, stories))
    return MeasureImportPreview(reading, tuple(measures), tuple(changes))
