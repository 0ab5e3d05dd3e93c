"""The tracker's "Delivery Plan" sheet, laid out like the trackers forces keep by hand.

Title and period, the plan's RAG key, a grey header row, dark blue objective
rows ("Objective 1: Prevent crime..."), then one row per deliverable:
Ref | Deliverable | Lead | Summary position (Month YYYY) | RAG | Date.
The importer reads it back into exactly the same plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from nhp_planner.io.xlsx_sheet import SheetWriter, row_height, title_height
from nhp_planner.io.xlsx_styles import LINE_HEIGHT, MAX_ROW_HEIGHT, TrackerStyles, rag_fill
from nhp_planner.io.xlsx_text import cell_text, wrapped_lines
from nhp_planner.model.entities import Deliverable, PlanSnapshot
from nhp_planner.model.rag import RATED, Rag

SHEET = "Delivery Plan"
COLUMNS = 6
#: How often (in deliverables) progress is reported: often enough to cancel promptly.
PROGRESS_EVERY = 250

_OBJECTIVE_LINE = 16.5


def summary_heading(snapshot: PlanSnapshot) -> str:
    """ "Summary position (November 2026)": the importer takes the period from it."""
    period = snapshot.period
    return f"Summary position ({period.label})" if period else "Summary position"


def objective_heading(number: int, title: str | None) -> str:
    """ "Objective 1: Prevent crime..." with the title exactly as typed; "Objective 2" untitled."""
    return f"Objective {number}: {title}" if title else f"Objective {number}"


def headings(snapshot: PlanSnapshot) -> tuple[str, ...]:
    return ("Ref", "Deliverable", "Lead", summary_heading(snapshot), "RAG", "Date")


def column_widths(deliverables: Sequence[Deliverable]) -> tuple[float, ...]:
    """Widths (in characters) that suit the content, within what prints one page wide."""

    def fit(texts: Sequence[str], least: float, most: float) -> float:
        longest = max((len(text) for text in texts), default=0)
        return float(min(max(longest + 2, least), most))

    return (
        fit([d.ref for d in deliverables], 9, 10),
        fit([d.commitment for d in deliverables], 24, 46),
        fit([d.lead or "" for d in deliverables], 10, 22),
        fit([d.summary_position for d in deliverables], 34, 72),
        11.0,
        fit([d.date_text for d in deliverables], 11, 18),
    )


def write_delivery_plan(
    sheet: SheetWriter,
    snapshot: PlanSnapshot,
    styles: TrackerStyles,
    *,
    subtitle: str,
    today: dt.date,
    advance: Callable[[int], None],
) -> tuple[int, int]:
    """Write the sheet; returns the rows of the header and of the last deliverable."""
    plan = snapshot.plan
    widths = column_widths(snapshot.deliverables)
    sheet.widths(widths)
    full_width = sum(widths)

    row = sheet.add(
        [sheet.text(plan.title, styles.title, "plan title")], title_height(plan.title, full_width)
    )
    sheet.merge(row, 1, COLUMNS)
    row = sheet.add([sheet.text(subtitle, styles.subtitle, "subtitle")], LINE_HEIGHT + 4)
    sheet.merge(row, 1, COLUMNS)
    for rag in RATED:
        meaning = plan.rag_key.meaning(rag)
        lines = wrapped_lines(meaning, full_width - widths[0])
        row = sheet.add(
            [
                sheet.text(rag.label, styles.key_rag[rag], "RAG key"),
                sheet.text(meaning, styles.key_text, f"RAG key ({rag.label})"),
            ],
            row_height(lines),
        )
        sheet.merge(row, 2, COLUMNS)

    names = headings(snapshot)
    lines = max(wrapped_lines(name, width - 1) for name, width in zip(names, widths, strict=True))
    header_row = sheet.add(
        [sheet.text(name, styles.header, "heading") for name in names], row_height(lines) + 4
    )

    by_objective: dict[int, list[Deliverable]] = {}
    for deliverable in snapshot.deliverables:
        by_objective.setdefault(deliverable.objective, []).append(deliverable)
    numbers = sorted({o.number for o in snapshot.objectives} | by_objective.keys())
    written = 0
    for number in numbers:
        objective = snapshot.objective(number)
        heading = objective_heading(number, objective.title if objective else None)
        lines = wrapped_lines(cell_text(heading)[0], full_width / 1.15)
        row = sheet.add(
            [sheet.text(heading, styles.objective, f"objective {number} title")],
            row_height(lines, _OBJECTIVE_LINE) + 5,
        )
        sheet.merge(row, 1, COLUMNS)
        for deliverable in by_objective.get(number, ()):
            _deliverable_row(sheet, deliverable, styles, widths, today)
            written += 1
            if written % PROGRESS_EVERY == 0:
                advance(PROGRESS_EVERY)
    advance(written % PROGRESS_EVERY)
    last_row = sheet.row
    _finish(sheet.ws, header_row, last_row)
    return header_row, last_row


def _deliverable_row(
    sheet: SheetWriter,
    deliverable: Deliverable,
    styles: TrackerStyles,
    widths: Sequence[float],
    today: dt.date,
) -> None:
    ref = deliverable.ref
    lead = deliverable.lead or ""
    lines = max(
        wrapped_lines(deliverable.commitment, widths[1]),
        wrapped_lines(lead, widths[2]),
        wrapped_lines(deliverable.summary_position, widths[3]),
        wrapped_lines(deliverable.date_text, widths[5]),
    )
    if lines * LINE_HEIGHT >= MAX_ROW_HEIGHT:
        sheet.log.too_tall(ref, lines)
    date_style = styles.overdue if deliverable.is_overdue(today) else styles.centre
    text = sheet.text
    sheet.add(
        [
            text(ref, styles.ref, ref, "reference"),
            text(deliverable.commitment, styles.text, ref, "deliverable"),
            text(lead, styles.text, ref, "lead"),
            text(deliverable.summary_position, styles.text, ref, "summary position"),
            text(deliverable.rag.label, styles.rag[deliverable.rag], ref, "RAG"),
            text(deliverable.date_text, date_style, ref, "date"),
        ],
        row_height(lines),
    )


def _finish(worksheet: Any, header_row: int, last_row: int) -> None:
    """Freeze the header, filter the table, and make the RAG column a drop-down that recolours."""
    worksheet.freeze_panes = f"A{header_row + 1}"
    worksheet.auto_filter.ref = f"A{header_row}:F{max(last_row, header_row)}"
    if last_row <= header_row:
        return
    first = header_row + 1
    rag_cells = f"E{first}:E{last_row}"
    # A warning rather than a refusal: "Amber" or "G" typed by hand still imports.
    choice = DataValidation(
        type="list",
        formula1='"GREEN,AMBER,RED"',
        allow_blank=True,
        showDropDown=False,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="RAG rating",
        error="Choose GREEN, AMBER or RED from the list, or leave the cell blank if not yet rated.",
        showInputMessage=True,
        promptTitle="RAG rating",
        prompt="Choose GREEN, AMBER or RED. The Key sheet says what each means.",
    )
    choice.add(rag_cells)
    worksheet.add_data_validation(choice)
    # The fills written with each cell stay as they were when someone types a new rating;
    # these rules recolour the cell to match what it now says (or clear it when emptied).
    for rag in RATED:
        worksheet.conditional_formatting.add(
            rag_cells,
            CellIsRule(
                operator="equal",
                formula=[f'"{rag.value}"'],
                fill=rag_fill(rag),
                font=Font(bold=True, italic=False, color="000000"),
                stopIfTrue=True,
            ),
        )
    worksheet.conditional_formatting.add(
        rag_cells,
        FormulaRule(
            formula=[f"LEN(TRIM(E{first}))=0"], fill=rag_fill(Rag.NOT_RATED), stopIfTrue=True
        ),
    )
