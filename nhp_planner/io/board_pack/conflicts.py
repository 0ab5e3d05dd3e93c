"""Unresolved merge conflicts: where two copies of the plan disagree and nobody has decided yet.

The pack prints the plan as it stands, each conflict's later change; a committee should know
which of its values someone changed differently in an offline copy, and to what.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from nhp_planner.io.board_pack.styles import BODY, LANDSCAPE_WIDTH, TITLE
from nhp_planner.io.board_pack.tables import Column, PagedTable, plain_or_para
from nhp_planner.io.board_pack.text import Bookmark, para
from nhp_planner.io.paper.content import Paper

_WHAT, _FIELD, _WHO = 55 * mm, 30 * mm, 45 * mm
_VALUE = (LANDSCAPE_WIDTH - _WHAT - _FIELD - _WHO) / 2


def conflicts_story(paper: Paper) -> list[Flowable]:
    """A table of the unresolved conflicts, or nothing when there are none."""
    if not paper.conflicts:
        return []
    columns = [
        Column("What", _WHAT),
        Column("Field", _FIELD),
        Column("Printed in this pack", _VALUE),
        Column("The other value", _VALUE),
        Column("Copy and who", _WHO),
    ]
    table = PagedTable(columns, None)
    for conflict in paper.conflicts:
        cells = [conflict.what, conflict.field, conflict.printed, conflict.other, conflict.who]
        table.row(
            [plain_or_para(text, column) for text, column in zip(cells, columns, strict=True)]
        )
    return table.flowables(
        [
            Bookmark("Unresolved merge conflicts", "conflicts"),
            para("Unresolved merge conflicts", TITLE),
            para(paper.conflicts_intro, BODY),
        ]
    )
