"""Appendix 1: the full delivery plan, objectives as section rows, every deliverable's position."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from nhp_planner.io.board_pack.progress import Progress
from nhp_planner.io.board_pack.rag_summary import rag_key_table
from nhp_planner.io.board_pack.styles import (
    BODY,
    CELL,
    LANDSCAPE_WIDTH,
    RAG_FILL,
    TITLE,
)
from nhp_planner.io.board_pack.tables import Column, PagedTable, plain_or_para
from nhp_planner.io.board_pack.text import Para, markup, objective_heading, para
from nhp_planner.model.entities import Deliverable, PlanSnapshot
from nhp_planner.model.movement import DeliverableMovement, PlanMovement

_REF, _PROGRESS, _DATE = 16 * mm, 27 * mm, 36 * mm
_DELIVERABLE = 68 * mm

Moves = Mapping[str, DeliverableMovement]


def delivery_columns(snapshot: PlanSnapshot) -> list[Column]:
    """Ref, Deliverable, Summary position (Month YYYY), Progress, Date: the tracker's columns."""
    when = f" ({snapshot.period.label})" if snapshot.period else ""
    return [
        Column("Ref", _REF),
        Column("Deliverable", _DELIVERABLE),
        Column(
            f"Summary position{when}", LANDSCAPE_WIDTH - _REF - _DELIVERABLE - _PROGRESS - _DATE
        ),
        Column("Progress", _PROGRESS),
        Column("Date", _DATE),
    ]


def moves_by_id(movement: PlanMovement | None) -> dict[str, DeliverableMovement]:
    """Each current deliverable's movement, found by id (a search per row would be quadratic)."""
    if movement is None or movement.from_period is None:
        return {}
    return {item.after.id: item for item in movement.items if item.after is not None}


def add_deliverable_row(
    table: PagedTable, deliverable: Deliverable, moves: Moves, today: dt.date
) -> None:
    """A deliverable as the tracker shows it: the RAG coloured and worded, overdue dates flagged."""
    move = moves.get(deliverable.id)
    progress = deliverable.rag.label + (f" {move.rag.arrow}" if move else "")
    date: Para | str
    if deliverable.is_overdue(today):
        date = Para(markup(deliverable.date_text) + "<br/><b>OVERDUE</b>", CELL)
    else:
        date = plain_or_para(deliverable.date_text, table.columns[4])
    table.row(
        [
            deliverable.ref,
            para(deliverable.commitment, CELL),
            para(deliverable.summary_position, CELL),
            progress,
            date,
        ],
        fills={3: RAG_FILL[deliverable.rag]},
        continued=[deliverable.ref, "(continued)", "", progress, ""],
    )


def appendix_story(
    snapshot: PlanSnapshot,
    movement: PlanMovement | None,
    today: dt.date,
    progress: Progress,
) -> list[Flowable]:
    """The whole plan in reference order, grouped under its objectives, with the RAG key."""
    period = snapshot.period.label if snapshot.period else "no reporting period"
    story: list[Flowable] = [
        para("Appendix 1 – Delivery plan", TITLE),
        para(f"{snapshot.plan.title}: the position as at {period}.", BODY),
        rag_key_table(snapshot.plan.rag_key, movement),
    ]
    if not snapshot.deliverables:
        story.append(para("The plan has no deliverables yet.", BODY))
        return story
    table = PagedTable(delivery_columns(snapshot), progress)
    moves = moves_by_id(movement)
    titles = {o.number: o.title for o in snapshot.objectives}
    objective: int | None = None
    for deliverable in sorted(snapshot.deliverables, key=lambda d: (d.objective, d.sort_key)):
        if deliverable.objective != objective:
            objective = deliverable.objective
            table.section(objective_heading(objective, titles.get(objective)))
        add_deliverable_row(table, deliverable, moves, today)
    return story + table.flowables()
