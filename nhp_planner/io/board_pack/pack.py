"""Build a board pack PDF from a plan snapshot: cover, RAG summary, exceptions, appendix."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from nhp_planner.io.atomic_file import replacing
from nhp_planner.io.board_pack.appendix import appendix_story
from nhp_planner.io.board_pack.conflicts import conflicts_story
from nhp_planner.io.board_pack.cover import complete_cover, cover_story
from nhp_planner.io.board_pack.document import build_document
from nhp_planner.io.board_pack.exceptions import exception_groups, exceptions_story
from nhp_planner.io.board_pack.progress import Progress, ProgressCallback
from nhp_planner.io.board_pack.rag_summary import changed_items, rag_summary_story
from nhp_planner.io.board_pack.styles import register_fonts
from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.movement import compare
from nhp_planner.model.summary import summarise

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BoardPackResult:
    """Where the pack was written and how many pages it has."""

    path: Path
    pages: int


def build_board_pack(
    snapshot: PlanSnapshot,
    out: Path,
    *,
    previous: PlanSnapshot | None = None,
    today: dt.date | None = None,
    progress: ProgressCallback | None = None,
) -> BoardPackResult:
    """Write the board pack for ``snapshot`` to ``out``.

    Safe to call off the UI thread: it reads only the immutable snapshots.
    The file appears whole or not at all: the pack is written to a temporary
    file beside ``out`` and renamed into place.

    Args:
        snapshot: the plan in the period to report.
        out: the PDF to write (replaced if it exists).
        previous: the plan in the period before, for the movement and arrows.
        today: the day that decides what is overdue and the cover's date (default: today).
        progress: called with (done, total) as the pack is built; it may raise
            ``OperationCancelled`` to stop, and then no file is left behind.

    Raises:
        ExportError: the file could not be written (folder missing, no permission, disk full).
    """
    today = today or dt.date.today()
    out = Path(out)
    register_fonts()
    summary = summarise(snapshot, today)
    movement = compare(previous, snapshot) if previous is not None else None
    cover = complete_cover(snapshot, summary, movement, today)
    rows = (
        len(snapshot.deliverables)
        + sum(len(items) for _, items in exception_groups(snapshot, today))
        + (len(changed_items(movement)) if movement is not None else 0)
    )
    tracker = Progress(progress, 2 * rows + 1)
    tracker.advance(0)
    story: list[Flowable] = [
        *cover_story(cover),
        NextPageTemplate("landscape"),
        PageBreak(),
        *rag_summary_story(snapshot, summary, movement, tracker),
        PageBreak(),
        *exceptions_story(snapshot, movement, today, tracker),
        PageBreak(),
        *_with_page_break(conflicts_story(snapshot)),
        *appendix_story(snapshot, movement, today, tracker),
    ]
    period = snapshot.period.label if snapshot.period else "No reporting period"
    pages = _write(
        story,
        out,
        tracker,
        heading=snapshot.plan.title,
        period=period,
        classification=cover.public,
        title=cover.subject,
        author=cover.report_author,
        subject=f"{cover.committees}, {cover.dated}",
    )
    tracker.advance(1)
    log.info("Wrote the board pack %s (%d pages)", out, pages)
    return BoardPackResult(out, pages)


def _with_page_break(section: list[Flowable]) -> list[Flowable]:
    return [*section, PageBreak()] if section else []


def _write(story: list[Flowable], out: Path, tracker: Progress, **details: str) -> int:
    """Lay out the pack into a temporary file in ``out``'s folder, then rename it into place."""
    with replacing(out, "the board pack") as stream:
        return build_document(story, stream, progress=tracker, **details)
