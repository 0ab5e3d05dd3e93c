"""Exceptions: every RED, AMBER and overdue deliverable, with its summary position and date."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable

from nhp_planner.io.board_pack.appendix import (
    add_deliverable_row,
    delivery_columns,
    moves_by_id,
)
from nhp_planner.io.board_pack.progress import Progress
from nhp_planner.io.board_pack.styles import BODY, TITLE
from nhp_planner.io.board_pack.tables import PagedTable
from nhp_planner.io.board_pack.text import para
from nhp_planner.model.entities import Deliverable, PlanSnapshot
from nhp_planner.model.movement import PlanMovement
from nhp_planner.model.rag import Rag


def exception_groups(snapshot: PlanSnapshot, today: dt.date) -> list[tuple[str, list[Deliverable]]]:
    """RED, then AMBER, then overdue deliverables not yet rated: the committee reads worst first.

    An overdue RED or AMBER deliverable is listed once, in its RAG group, with its date flagged.
    """
    key = snapshot.plan.rag_key
    red = [d for d in snapshot.deliverables if d.rag is Rag.RED]
    amber = [d for d in snapshot.deliverables if d.rag is Rag.AMBER]
    overdue = [d for d in snapshot.deliverables if d.rag is Rag.NOT_RATED and d.is_overdue(today)]
    groups = [
        (f"RED – {key.red}", red),
        (f"AMBER – {key.amber}", amber),
        ("Overdue and not yet rated", overdue),
    ]
    return [(name, items) for name, items in groups if items]


def exceptions_story(
    snapshot: PlanSnapshot,
    movement: PlanMovement | None,
    today: dt.date,
    progress: Progress,
) -> list[Flowable]:
    """The exceptions table, grouped by rating, or a line saying there are none."""
    groups = exception_groups(snapshot, today)
    story: list[Flowable] = [para("Exceptions: RED, AMBER and overdue deliverables", TITLE)]
    if not groups:
        story.append(para("No deliverable is RED, AMBER or overdue.", BODY))
        return story
    listed = [d for _, items in groups for d in items]
    red = sum(d.rag is Rag.RED for d in listed)
    amber = sum(d.rag is Rag.AMBER for d in listed)
    overdue = sum(d.is_overdue(today) for d in listed)
    story.append(
        para(
            f"{len(listed)} deliverable(s) need attention: {red} RED, {amber} AMBER; "
            f"{overdue} past their due date.",
            BODY,
        )
    )
    table = PagedTable(delivery_columns(snapshot), progress)
    moves = moves_by_id(movement)
    for name, items in groups:
        table.section(f"{name} ({len(items)})")
        for deliverable in items:
            add_deliverable_row(table, deliverable, moves, today)
    return story + table.flowables()
