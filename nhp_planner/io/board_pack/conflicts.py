"""Unresolved merge conflicts: where two copies of the plan disagree and nobody has decided yet.

The pack reports the plan's own values; a committee should know which of them
someone else has changed differently in an offline copy.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from nhp_planner.io.board_pack.styles import BODY, LANDSCAPE_WIDTH, TITLE
from nhp_planner.io.board_pack.tables import Column, PagedTable, plain_or_para
from nhp_planner.io.board_pack.text import para
from nhp_planner.model.entities import Conflict, PlanSnapshot
from nhp_planner.model.merge import DELETED, EXISTS

_WHAT, _FIELD, _WHO = 55 * mm, 30 * mm, 45 * mm
_VALUE = (LANDSCAPE_WIDTH - _WHAT - _FIELD - _WHO) / 2
_FIELD_NAMES = {
    "summary_position": "Summary position",
    "date_text": "Date",
    "rag": "RAG",
    "commitment": "Deliverable",
    "lead": "Lead",
    "ref": "Reference",
    "objective": "Objective",
    "title": "Title",
    "number": "Number",
    EXISTS: "Kept or deleted",
}


def conflicts_story(snapshot: PlanSnapshot) -> list[Flowable]:
    """A table of the unresolved conflicts, or nothing when there are none."""
    if not snapshot.conflicts:
        return []
    columns = [
        Column("What", _WHAT),
        Column("Field", _FIELD),
        Column("In this plan (printed)", _VALUE),
        Column("In the other copy", _VALUE),
        Column("Copy and who", _WHO),
    ]
    table = PagedTable(columns, None)
    for conflict in snapshot.conflicts:
        cells = [
            conflict.label or conflict.entity,
            _FIELD_NAMES.get(conflict.field, conflict.field.replace("_", " ").capitalize()),
            _value(conflict, conflict.mine),
            _value(conflict, conflict.theirs),
            f"{conflict.source}" + (f", {conflict.theirs_by}" if conflict.theirs_by else ""),
        ]
        table.row(
            [plain_or_para(text, column) for text, column in zip(cells, columns, strict=True)]
        )
    count = len(snapshot.conflicts)
    return [
        para("Unresolved merge conflicts", TITLE),
        para(
            f"{count} value(s) were changed differently in an offline copy of the plan and have "
            "not been resolved yet. This pack prints the plan's own values.",
            BODY,
        ),
        *table.flowables(),
    ]


def _value(conflict: Conflict, value: str | None) -> str:
    if conflict.field == EXISTS:
        return "Deleted" if value == DELETED else "Kept, with changes"
    return value if value else "(blank)"
