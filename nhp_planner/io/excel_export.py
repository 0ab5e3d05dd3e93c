"""Export a plan to an Excel tracker: the sheet forces keep, its RAG summary, and how to fill it in.

The "Delivery Plan" sheet follows the trackers forces keep by hand, so the
importer reads it back into exactly the same plan; with a lead named, the
tracker holds only that lead's deliverables: the "update return" an
inspector fills in offline and sends back.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty

from nhp_planner import APP_NAME, __version__
from nhp_planner.io.atomic_file import replacing
from nhp_planner.io.xlsx_collector import collector_paused
from nhp_planner.io.xlsx_delivery_plan import SHEET, write_delivery_plan
from nhp_planner.io.xlsx_properties import (
    PROPERTY_FORCE,
    PROPERTY_LEAD,
    PROPERTY_OWNER,
    PROPERTY_PERIOD,
    PROPERTY_PLAN_ID,
)
from nhp_planner.io.xlsx_save import save_workbook
from nhp_planner.io.xlsx_sheet import PageText, SheetWriter, TextLog, print_setup
from nhp_planner.io.xlsx_styles import TrackerStyles
from nhp_planner.io.xlsx_summary import KEY_SHEET, SUMMARY_SHEET, write_key, write_summary
from nhp_planner.io.xlsx_text import cell_text
from nhp_planner.model.dates import format_date
from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.errors import ExportError, ValidationError
from nhp_planner.model.movement import compare
from nhp_planner.model.summary import summarise

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
SHEETS = (SHEET, SUMMARY_SHEET, KEY_SHEET)


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written: where, how many deliverables, which sheets, for which lead.

    ``lead`` is the lead as the plan spells it (None: the whole plan).
    ``notes`` lists, one sentence each, for the person to check: texts that
    had to change to fit in Excel (control characters removed), and rows
    too long for an Excel row to show in full.
    """

    path: Path
    rows: int
    sheets: tuple[str, ...]
    lead: str | None = None
    notes: tuple[str, ...] = ()


@collector_paused()
def export_tracker(
    snapshot: PlanSnapshot,
    out: Path,
    *,
    previous: PlanSnapshot | None = None,
    lead: str | None = None,
    today: dt.date | None = None,
    as_at: dt.date | None = None,
    progress: ProgressCallback | None = None,
) -> ExportResult:
    """Write the plan in one period as an Excel tracker.

    Safe to call off the UI thread: it reads only the immutable snapshots and
    never changes the plan. The file appears whole or not at all: it is
    written to a temporary file beside ``out`` and renamed into place, so a
    failure leaves any earlier tracker of that name as it was.

    Args:
        snapshot: the plan in the period to export.
        out: the .xlsx file to write (replaced if it exists).
        previous: the plan in the period before, for the movement on the Summary sheet.
        lead: write only this lead's deliverables (matched ignoring case and spacing).
        today: the day of the export, as the tracker records it (default: today).
        as_at: the day overdue is counted at, said on the Summary sheet (default: ``today``);
            a closed period's is its last day, not the day it is exported.
        progress: called with (done, total) as rows are written; it may raise
            ``OperationCancelled`` to stop, and then no file is left behind.

    Raises:
        ValidationError: no deliverable has ``lead`` (the message lists the leads).
        ExportError: the file cannot be written (wrong name, folder missing, no
            permission, disk full) or a text is longer than an Excel cell holds.
    """
    today = today or dt.date.today()
    as_at = as_at or today
    out = Path(out)
    _check_target(out)
    if lead is not None:
        lead = match_lead(snapshot, lead)
        snapshot = only_lead(snapshot, lead)
        if previous is not None:
            previous = only_lead(previous, lead, also={d.id for d in snapshot.deliverables})
    summary = summarise(snapshot, as_at)
    movement = compare(previous, snapshot) if previous is not None else None
    moved = len(movement.items) if movement is not None else 0
    rows = len(snapshot.deliverables)
    # Building the rows is about a third of the work, saving them the rest.
    tracker = _Progress(progress, 3 * (rows + moved) + 1)
    tracker.advance(0)

    workbook = Workbook()
    styles = TrackerStyles(workbook)
    texts = TextLog()
    period = snapshot.period.label if snapshot.period else "No reporting period"
    subtitle = _subtitle(snapshot, period, lead)
    page = PageText(
        title=snapshot.plan.title,
        period=f"{period} · {lead}" if lead else period,
        exported=f"Exported {format_date(today)}",
    )

    plan_sheet = workbook.active
    plan_sheet.title = SHEET
    header_row, _ = write_delivery_plan(
        SheetWriter(plan_sheet, texts),
        snapshot,
        styles,
        subtitle=subtitle,
        today=as_at,
        advance=tracker.advance,
    )
    print_setup(plan_sheet, page, title_rows=f"{header_row}:{header_row}")

    summary_sheet = workbook.create_sheet(SUMMARY_SHEET)
    write_summary(
        SheetWriter(summary_sheet, texts),
        snapshot,
        summary,
        movement,
        styles,
        subtitle=f"RAG summary · {subtitle}",
        as_at=as_at,
        advance=tracker.advance,
    )
    print_setup(summary_sheet, page)

    key_sheet = workbook.create_sheet(KEY_SHEET)
    write_key(
        SheetWriter(key_sheet, texts),
        snapshot,
        styles,
        subtitle=snapshot.plan.title,
        about=_about(snapshot, period, lead, today),
    )
    print_setup(key_sheet, page, landscape=False)

    _properties(workbook, snapshot, period, lead)
    _save(workbook, out)
    tracker.finish()
    log.info("Wrote the tracker %s (%d deliverables; %s)", out, rows, period)
    return ExportResult(out, rows, tuple(workbook.sheetnames), lead, texts.notes())


# ---------------------------------------------------------------- lead returns


def leads(snapshot: PlanSnapshot) -> list[str]:
    """Every lead named in the plan, alphabetically."""
    return sorted({d.lead for d in snapshot.deliverables if d.lead}, key=str.casefold)


def match_lead(snapshot: PlanSnapshot, lead: str) -> str:
    """The lead as the plan spells it; ``lead`` may differ in case and spacing.

    Raises:
        ValidationError: no deliverable has that lead; the message lists those that do.
    """
    names = leads(snapshot)
    if lead in names:
        return lead
    matches = [name for name in names if _fold(name) == _fold(lead)]
    if len(matches) == 1:
        return matches[0]
    known = f"the leads are: {'; '.join(names)}" if names else "no deliverable has a lead yet"
    raise ValidationError(f"No deliverable has the lead '{lead}'; {known}.")


def only_lead(snapshot: PlanSnapshot, lead: str, also: set[str] | None = None) -> PlanSnapshot:
    """The snapshot cut to one lead's deliverables (and ``also`` these ids) and their objectives."""
    kept = tuple(
        d for d in snapshot.deliverables if d.lead == lead or (also is not None and d.id in also)
    )
    numbers = {d.objective for d in kept}
    objectives = tuple(o for o in snapshot.objectives if o.number in numbers)
    return replace(snapshot, objectives=objectives, deliverables=kept)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


# -------------------------------------------------------------------- details


def _subtitle(snapshot: PlanSnapshot, period: str, lead: str | None) -> str:
    plan = snapshot.plan
    parts = [f"Update return for {lead}"] if lead else []
    parts.append(f"Reporting period: {period}")
    parts.extend(part for part in (plan.force, plan.owner and f"Plan owner: {plan.owner}") if part)
    return "  ·  ".join(parts)


def _about(
    snapshot: PlanSnapshot, period: str, lead: str | None, today: dt.date
) -> list[tuple[str, str]]:
    plan = snapshot.plan
    rows = [("Plan", plan.title)]
    if plan.force:
        rows.append(("Force", plan.force))
    if plan.owner:
        rows.append(("Plan owner", plan.owner))
    rows.append(("Reporting period", period))
    if lead:
        rows.append(("Update return for", lead))
    rows.append(("Deliverables", str(len(snapshot.deliverables))))
    rows.append(("Exported", f"{format_date(today)} by {APP_NAME} {__version__}"))
    return rows


def _properties(workbook: Any, snapshot: PlanSnapshot, period: str, lead: str | None) -> None:
    """File properties Excel shows (File > Info) and search tools index, and the plan's details."""
    plan = snapshot.plan
    properties = workbook.properties
    properties.title = cell_text(plan.title)[0]
    properties.subject = f"Delivery plan tracker, {period}"
    properties.creator = APP_NAME
    properties.keywords = "Neighbourhood Policing; delivery plan; RAG"
    details = (
        (PROPERTY_PLAN_ID, plan.id),
        (PROPERTY_FORCE, plan.force),
        (PROPERTY_OWNER, plan.owner),
        (PROPERTY_PERIOD, snapshot.period.key if snapshot.period else None),
        (PROPERTY_LEAD, lead),
    )
    for name, value in details:
        if value:
            workbook.custom_doc_props.append(StringProperty(name=name, value=cell_text(value)[0]))


class _Progress:
    """Counts work out of a total known up front; the callback may raise to cancel."""

    def __init__(self, callback: ProgressCallback | None, total: int) -> None:
        self._callback = callback
        self._total = max(total, 1)
        self._done = 0

    def advance(self, steps: int) -> None:
        self._done = min(self._done + steps, self._total)
        if self._callback is not None:
            self._callback(self._done, self._total)

    def finish(self) -> None:
        self.advance(self._total - self._done)


# -------------------------------------------------------------------- writing


def _check_target(out: Path) -> None:
    """Fail before any work when the file cannot be what was asked for."""
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"{out}: a tracker is an Excel workbook, so its name must end in .xlsx.")
    if out.is_dir():
        raise ExportError(f"{out} is a folder; name the tracker file to write in it.")
    if not out.parent.is_dir():
        raise ExportError(
            f"Cannot write the tracker {out}: the folder {out.parent} does not exist."
        )


def _save(workbook: Any, out: Path) -> None:
    with replacing(out, "the tracker") as stream:
        save_workbook(workbook, stream)
