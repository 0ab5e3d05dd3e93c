"""The cover report: the committee paper's header table, Summary, Recommendation(s), Appendices."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from reportlab.platypus import Flowable

from nhp_planner.io.board_pack.styles import (
    BODY,
    HEADER_FILL,
    HEADING,
    LABEL,
    PORTRAIT_WIDTH,
    VALUE,
)
from nhp_planner.io.board_pack.tables import Column, PagedTable
from nhp_planner.io.board_pack.text import para
from nhp_planner.model.dates import MONTH_NAMES
from nhp_planner.model.entities import CoverReport, PlanSnapshot
from nhp_planner.model.movement import PlanMovement, RagMove
from nhp_planner.model.rag import Rag
from nhp_planner.model.summary import PlanSummary, RagCounts

#: The --purpose choices and how committee papers word them.
PURPOSES = {
    "decision": "For Decision",
    "discussion": "For Discussion",
    "information": "For Information",
}

_DEFAULTS = CoverReport()

# The header table of a committee paper, in its usual order.
_HEADER_ROWS = (
    ("Committee(s):", "committees"),
    ("Dated:", "dated"),
    ("Subject:", "subject"),
    ("Public / Non-public:", "public"),
    ("Report of:", "report_of"),
    ("Report author:", "report_author"),
    ("For Decision / Discussion / Information:", "purpose"),
)


def long_date(day: dt.date) -> str:
    """UK style, as committee papers date themselves: "23 November 2026"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def complete_cover(
    snapshot: PlanSnapshot,
    summary: PlanSummary,
    movement: PlanMovement | None,
    today: dt.date,
) -> CoverReport:
    """The stored cover with every blank field filled at print time (nothing is stored)."""
    plan = snapshot.plan
    cover = plan.cover
    period = f": {snapshot.period.label} update" if snapshot.period else ""
    author = plan.owner or plan.force or "Not stated"
    filled = {
        "committees": _DEFAULTS.committees,
        "dated": long_date(today),
        "subject": f"{plan.title}{period}",
        "public": _DEFAULTS.public,
        "report_of": author,
        "report_author": author,
        "purpose": _DEFAULTS.purpose,
        "summary": default_summary(snapshot, summary, movement),
        "recommendations": _DEFAULTS.recommendations,
        "appendices": _DEFAULTS.appendices,
    }
    return dataclasses.replace(
        cover,
        **{name: value for name, value in filled.items() if not str(getattr(cover, name)).strip()},
    )


def default_summary(
    snapshot: PlanSnapshot, summary: PlanSummary, movement: PlanMovement | None
) -> str:
    """A Summary written from the RAG counts and the movement since the last period."""
    plan = snapshot.plan
    counts = summary.overall
    when = f" as at {snapshot.period.label}" if snapshot.period else ""
    if not counts.total:
        return f"This report sets out the {plan.title}{when}. It has no deliverables yet."
    key = plan.rag_key
    parts = [
        f"{_share(counts, Rag.GREEN)} GREEN ({key.green.lower()})",
        f"{_share(counts, Rag.AMBER)} AMBER ({key.amber.lower()})",
        f"{_share(counts, Rag.RED)} RED ({key.red.lower()})",
    ]
    if counts.not_rated:
        parts.append(f"{_share(counts, Rag.NOT_RATED)} not yet rated")
    text = [
        f"This report sets out progress on the {plan.title}{when}. "
        f"Of its {counts.total} deliverables, {_join(parts)}."
    ]
    if counts.overdue:
        are = "is" if counts.overdue == 1 else "are"
        text.append(f"{counts.overdue} {_deliverables(counts.overdue)} {are} past their due date.")
    if movement is not None and movement.from_period is not None:
        moves = movement.counts()
        changes = [
            f"{moves[move]} {move.value}"
            for move in (RagMove.IMPROVED, RagMove.DECLINED, RagMove.RATED, RagMove.NEW)
            if moves[move]
        ]
        if moves[RagMove.REMOVED]:
            changes.append(f"{moves[RagMove.REMOVED]} removed")
        since = f"Since {movement.from_period.label}, "
        text.append(
            since + _join(changes) + "."
            if changes
            else since + "no deliverable's RAG rating has changed."
        )
    text.append(
        "The RED, AMBER and overdue deliverables are listed under Exceptions; "
        "the full delivery plan is at Appendix 1."
    )
    return " ".join(text)


def cover_story(cover: CoverReport) -> list[Flowable]:
    """The cover report's flowables, for an A4 portrait page (long text runs on)."""
    columns = [Column("", PORTRAIT_WIDTH * 0.34), Column("", PORTRAIT_WIDTH * 0.66)]
    table = PagedTable(columns, None, header=False)
    for label, name in _HEADER_ROWS:
        table.row(
            [para(label, LABEL), para(getattr(cover, name), VALUE)],
            fills={0: HEADER_FILL},
            continued=[label.rstrip(":") + " (continued)", ""],
        )
    story: list[Flowable] = table.flowables()
    for heading, text in (
        ("Summary", cover.summary),
        ("Recommendation(s)", cover.recommendations),
        ("Appendices", cover.appendices),
    ):
        story.append(para(heading, HEADING))
        story += [para(block, BODY) for block in _blocks(text)]
    return story


def _blocks(text: str) -> list[str]:
    """Paragraphs of a cover field: split at blank lines; single line breaks are kept."""
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return [b for b in blocks if b.strip()] or [""]


def _share(counts: RagCounts, rag: Rag) -> str:
    return f"{counts.count(rag)} ({counts.share(rag):.0%})"


def _deliverables(count: int) -> str:
    return "deliverable" if count == 1 else "deliverables"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
