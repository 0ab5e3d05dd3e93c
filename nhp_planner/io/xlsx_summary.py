"""The tracker's "Summary" sheet (RAG counts, movement) and "Key" sheet (key, how to fill it in)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl.worksheet.pagebreak import Break

from nhp_planner.io.xlsx_delivery_plan import objective_heading, summary_heading
from nhp_planner.io.xlsx_sheet import SheetWriter, row_height, title_height
from nhp_planner.io.xlsx_styles import LINE_HEIGHT, TrackerStyles
from nhp_planner.io.xlsx_text import wrapped_lines
from nhp_planner.model.dates import format_date
from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.movement import DateMove, DeliverableMovement, PlanMovement, RagMove
from nhp_planner.model.rag import ALL_RAGS, RATED, Rag
from nhp_planner.model.summary import PlanSummary, RagCounts

SUMMARY_SHEET = "Summary"
KEY_SHEET = "Key"

_SUMMARY_WIDTHS = (52.0, 13.0, 11.0, 11.0, 11.0, 11.0, 11.0)
_KEY_WIDTHS = (20.0, 90.0)
_HEADING_HEIGHT = 20.0

#: Movement rows in the order a board reads them: what needs attention first.
_MOVES = (
    RagMove.DECLINED,
    RagMove.IMPROVED,
    RagMove.RATED,
    RagMove.NEW,
    RagMove.REMOVED,
    RagMove.UNCHANGED,
)
_DATE_MOVES = (DateMove.SLIPPED, DateMove.BROUGHT_FORWARD, DateMove.CHANGED)


def write_summary(
    sheet: SheetWriter,
    snapshot: PlanSnapshot,
    summary: PlanSummary,
    movement: PlanMovement | None,
    styles: TrackerStyles,
    *,
    subtitle: str,
    as_at: dt.date,
    advance: Callable[[int], None],
) -> None:
    """RAG counts per objective and overall (overdue as at ``as_at``, said in the heading),
    then the movement since the previous period."""
    sheet.widths(_SUMMARY_WIDTHS)
    columns = len(_SUMMARY_WIDTHS)
    _titles(sheet, styles, snapshot.plan.title, subtitle, _SUMMARY_WIDTHS)
    sheet.skip()
    _heading(
        sheet, styles, f"RAG ratings by objective, overdue as at {format_date(as_at)}", columns
    )
    names = ("Objective", "Deliverables", *(rag.label for rag in ALL_RAGS), "Overdue")
    sheet.add(
        [sheet.text(names[0], styles.header, "heading"), sheet.text(names[1], styles.header, "")]
        + [sheet.text(rag.label, styles.key_rag[rag], "heading") for rag in ALL_RAGS]
        + [sheet.text(names[-1], styles.header, "heading")],
        row_height(1) + 6,
    )
    for item in summary.objectives:
        objective = snapshot.objective(item.number)
        title = objective_heading(item.number, objective.title if objective else None)
        _counts_row(sheet, styles, title, item.counts, total=False)
    _counts_row(sheet, styles, "All objectives", summary.overall, total=True)
    overall = summary.overall
    if overall.total:
        sheet.add(
            [
                sheet.text("Share of all deliverables", styles.label, "label"),
                sheet.blank(styles.number),
            ]
            + [sheet.number(overall.share(rag), styles.share) for rag in ALL_RAGS]
            + [sheet.number(overall.overdue / overall.total, styles.share)],
            row_height(1),
        )
    sheet.skip()
    row = sheet.add(
        [
            sheet.text(
                "Overdue: the date has passed and the deliverable is not GREEN.",
                styles.note,
                "note",
            )
        ]
    )
    sheet.merge(row, 1, columns)
    if movement is None:
        sheet.skip()
        row = sheet.add(
            [
                sheet.text(
                    "There is no earlier reporting period to compare with: movement since the "
                    "last period shows from the next one.",
                    styles.note,
                    "note",
                )
            ]
        )
        sheet.merge(row, 1, columns)
        return
    _movement(sheet, styles, movement, columns, advance)


def _titles(
    sheet: SheetWriter, styles: TrackerStyles, title: str, subtitle: str, widths: Sequence[float]
) -> None:
    """The sheet's title and subtitle, across the sheet."""
    columns = len(widths)
    row = sheet.add(
        [sheet.text(title, styles.title, "plan title")], title_height(title, sum(widths))
    )
    sheet.merge(row, 1, columns)
    row = sheet.add([sheet.text(subtitle, styles.subtitle, "subtitle")], LINE_HEIGHT + 4)
    sheet.merge(row, 1, columns)


def _heading(sheet: SheetWriter, styles: TrackerStyles, text: str, columns: int) -> None:
    row = sheet.add([sheet.text(text, styles.heading, "heading")], _HEADING_HEIGHT)
    sheet.merge(row, 1, columns)


def _counts_row(
    sheet: SheetWriter, styles: TrackerStyles, title: str, counts: RagCounts, *, total: bool
) -> None:
    label, number = (
        (styles.total_label, styles.total_number) if total else (styles.label, styles.number)
    )
    values = (counts.total, *(counts.count(rag) for rag in ALL_RAGS), counts.overdue)
    sheet.add(
        [sheet.text(title, label, "objective title")] + [sheet.number(v, number) for v in values],
        row_height(wrapped_lines(title, _SUMMARY_WIDTHS[0])),
    )


def _movement(
    sheet: SheetWriter,
    styles: TrackerStyles,
    movement: PlanMovement,
    columns: int,
    advance: Callable[[int], None],
) -> None:
    before = movement.from_period.label if movement.from_period else "the previous period"
    after = movement.to_period.label if movement.to_period else "now"
    sheet.skip()
    _heading(sheet, styles, f"Movement since {before}", columns)
    counts = movement.counts()
    _across(
        sheet,
        styles,
        "RAG rating",
        [(f"{move.arrow} {move.value.capitalize()}", counts[move]) for move in _MOVES],
    )
    sheet.skip(6)
    dates = {move: sum(item.date is move for item in movement.items) for move in _DATE_MOVES}
    _across(
        sheet,
        styles,
        "Date and summary",
        [
            ("Date slipped", dates[DateMove.SLIPPED]),
            ("Date brought forward", dates[DateMove.BROUGHT_FORWARD]),
            ("Date otherwise changed", dates[DateMove.CHANGED]),
            ("Summary position updated", sum(item.summary_changed for item in movement.items)),
        ],
    )
    moved = [
        item
        for item in movement.items
        if item.rag is not RagMove.UNCHANGED or item.date in _DATE_MOVES
    ]
    sheet.skip()
    # The list starts a page of its own rather than leaving its heading at the foot of one.
    sheet.ws.row_breaks.append(Break(id=sheet.row))
    _heading(sheet, styles, "Deliverables whose RAG rating or date moved", columns)
    if not moved:
        row = sheet.add(
            [sheet.text("None: every RAG rating and date is as it was.", styles.note, "note")]
        )
        sheet.merge(row, 1, columns)
        return
    # "Ref and title" rather than "Deliverable": a heading an importer reads as a deliverables
    # column would make this list look like a second tracker table in the file.
    names = (
        "Ref and title",
        f"RAG {before}",
        f"RAG {after}",
        "Movement",
        f"Date {before}",
        f"Date {after}",
    )
    lines = max(
        wrapped_lines(name, width - 1) for name, width in zip(names, _SUMMARY_WIDTHS, strict=False)
    )
    sheet.add([sheet.text(name, styles.header, "heading") for name in names], row_height(lines) + 4)
    for item in moved:
        _moved_row(sheet, styles, item)
    advance(len(moved))


def _across(
    sheet: SheetWriter, styles: TrackerStyles, label: str, counts: Sequence[tuple[str, int]]
) -> None:
    """A count table laid across: the names in a header row, the numbers under them."""
    lines = max(
        wrapped_lines(name, width - 1)
        for (name, _), width in zip(counts, _SUMMARY_WIDTHS[1:], strict=False)
    )
    sheet.add(
        [sheet.text(label, styles.header, "heading")]
        + [sheet.text(name, styles.header, "heading") for name, _ in counts],
        row_height(lines) + 4,
    )
    sheet.add(
        [sheet.text("Deliverables", styles.label, "label")]
        + [sheet.number(count, styles.number) for _, count in counts],
        row_height(1),
    )


def _moved_row(sheet: SheetWriter, styles: TrackerStyles, item: DeliverableMovement) -> None:
    deliverable = item.deliverable
    ref = deliverable.ref
    name = f"{ref}  {deliverable.commitment}".rstrip()
    was = item.before.rag if item.before else None
    now = item.after.rag if item.after else None
    date_was = item.before.date_text if item.before else ""
    date_now = item.after.date_text if item.after else ""
    cells = [
        sheet.text(name, styles.text, ref, "deliverable"),
        _rag_cell(sheet, styles, was, ref),
        _rag_cell(sheet, styles, now, ref),
        sheet.text(f"{item.rag.arrow} {item.rag.value}", styles.centre, "movement"),
        sheet.text(date_was, styles.centre, ref, "date"),
        sheet.text(date_now, styles.centre, ref, "date"),
    ]
    widths = _SUMMARY_WIDTHS
    lines = max(
        wrapped_lines(name, widths[0]),
        wrapped_lines(date_was, widths[4]),
        wrapped_lines(date_now, widths[5]),
    )
    sheet.add(cells, row_height(lines))


def _rag_cell(sheet: SheetWriter, styles: TrackerStyles, rag: Rag | None, ref: str) -> Any:
    if rag is None:
        return sheet.text("–", styles.centre, ref, "RAG")
    return sheet.text(rag.label, styles.rag[rag], ref, "RAG")


def write_key(
    sheet: SheetWriter,
    snapshot: PlanSnapshot,
    styles: TrackerStyles,
    *,
    subtitle: str,
    about: Sequence[tuple[str, str]],
) -> None:
    """The plan's RAG key, how to fill the return in, and what this file is."""
    plan = snapshot.plan
    sheet.widths(_KEY_WIDTHS)
    _titles(sheet, styles, "How to use this tracker", subtitle, _KEY_WIDTHS)
    sheet.skip()
    _heading(sheet, styles, "RAG key", 2)
    for rag in ALL_RAGS:
        meaning = (
            plan.rag_key.meaning(rag)
            if rag in RATED
            else "Not yet rated: leave the RAG cell blank until the deliverable can be judged."
        )
        sheet.add(
            [
                sheet.text(rag.label, styles.key_rag[rag], "RAG key"),
                sheet.text(meaning, styles.text, f"RAG key ({rag.label})"),
            ],
            row_height(wrapped_lines(meaning, _KEY_WIDTHS[1])) + 4,
        )
    sheet.skip()
    _heading(sheet, styles, "Filling in the return", 2)
    for number, step in enumerate(_steps(snapshot), 1):
        sheet.add(
            [sheet.text(str(number), styles.ref, "step"), sheet.text(step, styles.text, "step")],
            row_height(wrapped_lines(step, _KEY_WIDTHS[1])) + 2,
        )
    sheet.skip()
    _heading(sheet, styles, "About this tracker", 2)
    for label, value in about:
        sheet.add(
            [
                sheet.text(label, styles.label, "label"),
                sheet.text(value, styles.text, label.lower()),
            ],
            row_height(wrapped_lines(value, _KEY_WIDTHS[1])),
        )


def _steps(snapshot: PlanSnapshot) -> tuple[str, ...]:
    owner = snapshot.plan.owner or "the plan owner"
    return (
        "Work in the Delivery Plan sheet: one row per deliverable, under its objective. Leave the "
        "Ref column, the objective rows and the column headings as they are: each update is "
        "matched to its deliverable by its reference when the tracker comes back.",
        f"Write this month's position in the \u201c{summary_heading(snapshot)}\u201d column: what "
        "has been done, what happens next, and any risk or help needed. Replace last month's "
        "text rather than adding to it.",
        "Choose the RAG rating from the drop-down list in the RAG column: GREEN, AMBER or RED, "
        "as the key above says. Leave it blank if it cannot be judged yet. The cell takes the "
        "rating's colour.",
        "If the date has changed, type the new one in the Date column, day first (31/03/2027), "
        "or as Ongoing, TBC, Complete, Complete Review 31/03/2027, End 2027. A date in dark red "
        "has passed while the deliverable is not GREEN: it is overdue.",
        f"Save the file as an Excel workbook (.xlsx) and send it back to {owner}. NHP Planner "
        "reads it back in and shows every change before anything in the plan is altered.",
    )
