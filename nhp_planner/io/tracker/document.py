"""Step 7, the document: the table, its header and the file's properties as a plan document.

Takes the chosen header, the :class:`~nhp_planner.io.tracker.deliverables.TableReading`
and the workbook's custom properties; gives the
:class:`~nhp_planner.io.reading.SourceReading` that
:func:`nhp_planner.io.importing.preview_import` compares with the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nhp_planner.io.excel_export import PROPERTY_FORCE, PROPERTY_OWNER, PROPERTY_PERIOD
from nhp_planner.io.plan_json import PlanDocument
from nhp_planner.io.reading import ImportWarning, SourceReading
from nhp_planner.io.tracker.deliverables import TableReading
from nhp_planner.io.tracker.headers import HeaderMatch
from nhp_planner.io.tracker.periods import tracker_period
from nhp_planner.model.entities import Plan, PlanSnapshot
from nhp_planner.model.errors import ImportFormatError
from nhp_planner.model.rag import RagKey


def source_reading(
    source: Path,
    header: HeaderMatch,
    table: TableReading,
    where: str,
    fallback_title: str,
    warnings: Sequence[ImportWarning] = (),
    properties: dict[str, str] | None = None,
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
    period = tracker_period(header.period, table.period, properties.get(PROPERTY_PERIOD))
    snapshot = PlanSnapshot(plan, period, table.objectives, table.deliverables)
    return SourceReading(
        source,
        PlanDocument(snapshot, table.fields),
        mapping=header.mapping(),
        warnings=(*warnings, *table.warnings),
    )
