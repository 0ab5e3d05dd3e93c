"""Step 7, the document: the table, its header and the file's properties as a plan document.

Takes the chosen header, the :class:`~nhp_planner.io.tracker.deliverables.TableReading`
and the workbook's custom properties; gives the
:class:`~nhp_planner.io.reading.SourceReading` that
:func:`nhp_planner.io.importing.preview_import` compares with the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nhp_planner.io.plan_json import PlanDocument
from nhp_planner.io.reading import ImportWarning, ReadFrom, SourceReading
from nhp_planner.io.tracker.deliverables import TableReading
from nhp_planner.io.tracker.headers import HeaderMatch
from nhp_planner.io.tracker.periods import heading_month, period_of_heading, tracker_period
from nhp_planner.io.xlsx_properties import PROPERTY_FORCE, PROPERTY_OWNER, PROPERTY_PERIOD
from nhp_planner.model.entities import Plan, PlanSnapshot
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import RagKey


def source_reading(
    source: Path,
    header: HeaderMatch,
    table: TableReading,
    where: str,
    fallback_title: str,
    warnings: Sequence[ImportWarning] = (),
    properties: dict[str, str] | None = None,
    read_from: ReadFrom | None = None,
) -> SourceReading:
    """The tracker as a plan document with its column mapping and warnings.

    Args:
        where: the table's place for a message ("sheet 'Plan'", "the file").
        fallback_title: the plan's title when no title line stands above the table.
        warnings: the earlier steps' warnings (other sheets with tables), shown first.
        properties: the workbook's custom properties (NHP Planner's own export records some).

    Raises:
        ImportFormatError: the table holds no deliverable.
    """
    if not table.deliverables:
        headings = ", ".join(heading for heading, _ in header.mapping())
        raise ImportFormatError(
            f"{source}: {where} has a header row at row {header.first_row} ({headings}), but no "
            "row below it has a deliverable reference such as 1.4, so there is nothing to import."
        )
    properties = properties or {}
    plan = Plan(
        title=table.title or fallback_title,
        rag_key=table.rag_key or RagKey(),
        force=properties.get(PROPERTY_FORCE),
        owner=properties.get(PROPERTY_OWNER),
    )
    if header.months:  # several months: the latest written is the current one
        period: ReportingPeriod | None = table.period
    else:
        period = tracker_period(header.period, table.period, properties.get(PROPERTY_PERIOD))
    snapshot = PlanSnapshot(plan, period, table.objectives, table.deliverables)
    history = tuple(
        PlanSnapshot(plan, month, table.objectives, deliverables)
        for month, deliverables in table.history
    )
    return SourceReading(
        source,
        PlanDocument(snapshot, table.fields, history),
        mapping=header.mapping(),
        warnings=(*warnings, *table.warnings),
        read_from=read_from,
        rag_words=table.rag_words,
        unread_dates=table.unread_dates,
        period_from=_period_from(header, table, properties.get(PROPERTY_PERIOD), period),
    )


def _period_from(
    header: HeaderMatch,
    table: TableReading,
    recorded: str | None,
    period: ReportingPeriod | None,
) -> str:
    """Where the tracker's period was read, in words for the preview."""
    if period is None:
        return "none found: this is the current month; use --period to choose another"
    if header.months:
        return "the month headings of its columns, each month its own period"
    if header.period == period:
        heading = next(
            (h for h in header.headings.values() if period_of_heading(h) == period),
            # "RAG (Jan)": a month with no year, the year read from the lines above or today
            next((h for h in header.headings.values() if _names_month(h, period)), ""),
        )
        return f"the heading '{heading}'"
    if table.period == period:
        return "a line above the table"
    if recorded is not None:
        return "the workbook's properties (written by NHP Planner)"
    return "the file"


def _names_month(heading: str, period: ReportingPeriod) -> bool:
    month = heading_month(heading)
    return month is not None and month.month == period.month
