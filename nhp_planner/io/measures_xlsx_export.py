"""Writing measure values to an Excel tracker, in either layout the importer reads back.

``WIDE``: a sheet per frequency with measures down the side and periods across
the top, and a "Reasons and responses" sheet with one row per narrative.
``LONG``: one sheet with a row per measure and period. Names, periods and
narratives are written as text cells, so "=2+2" stays text; a missing value is
a blank cell, never 0.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from nhp_planner.io.atomic_file import replacing
from nhp_planner.io.measures_xlsx import LONG, WIDE
from nhp_planner.io.xlsx_save import save_workbook
from nhp_planner.io.xlsx_sheet import PageText, SheetWriter, TextLog, print_setup
from nhp_planner.io.xlsx_styles import TrackerStyles
from nhp_planner.model.dates import format_date
from nhp_planner.model.errors import ExportError
from nhp_planner.model.measures import Frequency, Measure, MeasurePeriod

log = logging.getLogger(__name__)

SHEETS = {Frequency.QUARTERLY: "Quarterly measures", Frequency.MONTHLY: "Monthly measures"}
NARRATIVE_SHEET = "Reasons and responses"
LONG_SHEET = "Measure values"


@dataclass(frozen=True, slots=True)
class MeasureExportResult:
    out: Path
    measures: int
    values: int
    sheets: tuple[str, ...]
    #: Texts Excel could not hold as they were (see TextLog).
    notes: tuple[str, ...] = ()


def export_measures(
    measures: Sequence[Measure],
    out: Path,
    *,
    layout: str = WIDE,
    title: str = "Performance measures",
    today: dt.date | None = None,
) -> MeasureExportResult:
    """Write the measures' values and narratives to ``out`` (whole, or not at all).

    Raises:
        ExportError: the name does not end in .xlsx, or the file cannot be written.
    """
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"{out}: a tracker is an Excel workbook, so its name must end in .xlsx.")
    if layout not in (WIDE, LONG):
        raise ExportError(f"'{layout}' is not a layout (use '{WIDE}' or '{LONG}').")
    today = today or dt.date.today()
    workbook = Workbook()
    styles = TrackerStyles(workbook)
    texts = TextLog()
    page = PageText(title, "Performance measures", f"Exported {format_date(today)}")
    workbook.remove(workbook.active)
    if layout == WIDE:
        # A sheet per frequency, in the order the measures come.
        for frequency in dict.fromkeys(m.frequency for m in measures):
            of_kind = [m for m in measures if m.frequency is frequency]
            if of_kind:
                sheet = workbook.create_sheet(SHEETS[frequency])
                _write_wide(SheetWriter(sheet, texts), of_kind, styles, title)
                print_setup(sheet, page, title_rows="3:3")
        sheet = workbook.create_sheet(NARRATIVE_SHEET)
        _write_long(SheetWriter(sheet, texts), measures, styles, title, values=False)
        print_setup(sheet, page, title_rows="3:3")
    else:
        sheet = workbook.create_sheet(LONG_SHEET)
        _write_long(SheetWriter(sheet, texts), measures, styles, title, values=True)
        print_setup(sheet, page, title_rows="3:3")
    with replacing(out, "the measures tracker") as stream:
        save_workbook(workbook, stream)
    count = sum(len(m.values) for m in measures)
    log.info("Wrote %d measures (%d values) to %s", len(measures), count, out)
    return MeasureExportResult(out, len(measures), count, tuple(workbook.sheetnames), texts.notes())


def _span(measures: Sequence[Measure]) -> list[MeasurePeriod]:
    """Every period from the earliest any measure has to the latest, gaps included."""
    known = [p for m in measures for p in (*m.values, *m.narratives)]
    if not known:
        return []
    first, last = min(known), max(known)
    return [first.shifted(n) for n in range(last.ordinal - first.ordinal + 1)]


def _title(writer: SheetWriter, styles: TrackerStyles, title: str, subtitle: str) -> None:
    writer.add([writer.text(title, styles.title, "the title")], 24)
    writer.add([writer.text(subtitle, styles.subtitle, "the subtitle")])


def _write_wide(
    writer: SheetWriter, measures: Sequence[Measure], styles: TrackerStyles, title: str
) -> None:
    periods = _span(measures)
    _title(writer, styles, title, "Values per period; a blank cell has no value.")
    writer.add(
        [
            writer.text("Measure", styles.header, "the header"),
            writer.text("Unit", styles.header, "the header"),
            *[writer.text(_period_text(p), styles.header, "the header") for p in periods],
        ]
    )
    for measure in measures:
        cells: list[Any] = [
            writer.text(measure.name, styles.label, f"Measure '{measure.name}'", "name"),
            writer.text(measure.unit.value, styles.centre, measure.name),
        ]
        for period in periods:
            value = measure.values.get(period)
            cells.append(
                writer.blank(styles.number)
                if value is None
                else writer.number(value, styles.number)
            )
        writer.add(cells)
    _widths(writer, [40, 8, *[11] * len(periods)])


def _write_long(
    writer: SheetWriter,
    measures: Sequence[Measure],
    styles: TrackerStyles,
    title: str,
    *,
    values: bool,
) -> None:
    subtitle = "One row per measure and period." if values else "Reasons and Response per period."
    _title(writer, styles, title, subtitle)
    headings = ["Measure", "Unit", "Period", "Value"] if values else ["Measure", "Period"]
    headings += ["Reasons", "Response"]
    writer.add([writer.text(h, styles.header, "the header") for h in headings])
    for measure in measures:
        periods = sorted({*measure.values, *measure.narratives} if values else measure.narratives)
        for period in periods:
            where = f"Measure '{measure.name}', {period.label}"
            story = measure.narratives.get(period)
            value = measure.values.get(period)
            cells: list[Any] = [writer.text(measure.name, styles.label, where, "name")]
            if values:
                cells.append(writer.text(measure.unit.value, styles.centre, where))
            cells.append(writer.text(_period_text(period), styles.centre, where))
            if values:
                cells.append(
                    writer.blank(styles.number)
                    if value is None
                    else writer.number(value, styles.number)
                )
            cells += [
                writer.text(story.reasons if story else "", styles.text, where, "reasons"),
                writer.text(story.response if story else "", styles.text, where, "response"),
            ]
            writer.add(cells)
    _widths(writer, [40, 8, 12, 10, 60, 60] if values else [40, 12, 60, 60])


def _period_text(period: MeasurePeriod) -> str:
    """As the papers write it; months as "Jan 2024", which Excel keeps as text in a text cell."""
    return period.short_label


def _widths(writer: SheetWriter, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, 1):
        writer.ws.column_dimensions[get_column_letter(column)].width = width
