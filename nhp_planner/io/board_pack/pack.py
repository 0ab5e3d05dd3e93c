"""Build a board pack PDF from a plan snapshot: cover, RAG summary, exceptions, appendix.

What the pack says comes from :mod:`nhp_planner.io.paper` (the same content as
the Word paper); this package only lays it out with reportlab.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from nhp_planner.io.atomic_file import replacing
from nhp_planner.io.board_pack.appendix import TextCells, appendix_story, exceptions_story
from nhp_planner.io.board_pack.conflicts import conflicts_story
from nhp_planner.io.board_pack.cover import cover_story
from nhp_planner.io.board_pack.document import build_document
from nhp_planner.io.board_pack.progress import Progress, ProgressCallback
from nhp_planner.io.board_pack.rag_summary import rag_summary_story
from nhp_planner.io.board_pack.styles import register_fonts
from nhp_planner.io.board_pack.text import undrawable
from nhp_planner.io.paper.content import Paper, build_paper
from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.plural import counted

if TYPE_CHECKING:
    from nhp_planner.io.paper.registers import RegisterSections
    from nhp_planner.model.measures import Measure

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BoardPackResult:
    """Where the pack was written, its pages, the day its figures are as at, and its warnings."""

    path: Path
    pages: int
    as_at: dt.date
    #: One sentence each: cover fields printed blank, characters no font could draw...
    warnings: tuple[str, ...] = ()


def build_board_pack(
    snapshot: PlanSnapshot,
    out: Path,
    *,
    previous: PlanSnapshot | None = None,
    as_at: dt.date | None = None,
    last_updated: Mapping[str, ReportingPeriod] | None = None,
    measures: Sequence[Measure] = (),
    progress: ProgressCallback | None = None,
    registers: RegisterSections | None = None,
) -> BoardPackResult:
    """Write the board pack for ``snapshot`` to ``out``.

    Safe to call off the UI thread: it reads only the immutable snapshots.
    The file appears whole or not at all: the pack is written to a temporary
    file beside ``out`` and renamed into place.

    Args:
        snapshot: the plan in the period to report; its cover is the paper's.
        out: the PDF to write (replaced if it exists).
        previous: the plan in the period before, for the movement and arrows.
        as_at: the day every figure is worked out at (default: the cover's Dated,
            else the last day of the period; never the day it is printed).
        last_updated: for deliverables carried forward, the period of their last update.
        measures: the plan's performance measures: a section of their SPC charts.
        progress: called with (done, total) as the pack is built; it may raise
            ``OperationCancelled`` to stop, and then no file is left behind.
        registers: the optional sections on the inspectorate findings and the
            outstanding references (see :func:`nhp_planner.io.registers.pack.pack_sections`).

    Raises:
        ExportError: the file could not be written (folder missing, no permission, disk full).
    """
    paper = build_paper(
        snapshot,
        previous=previous,
        as_at_day=as_at,
        last_updated=last_updated,
        registers=registers,
        measures=measures,
    )
    return write_board_pack(paper, out, progress=progress)


def write_board_pack(
    paper: Paper, out: Path, *, progress: ProgressCallback | None = None
) -> BoardPackResult:
    """Lay out a paper already built (:func:`nhp_planner.io.paper.build_paper`) as the board
    pack, for a caller that read the paper first (the command's ``--strict``)."""
    out = Path(out)
    register_fonts()
    tracker = Progress(progress, 2 * paper.row_count + 1)
    tracker.advance(0)
    cells: TextCells = {}
    story: list[Flowable] = [
        *cover_story(paper.cover),
        NextPageTemplate("landscape"),
        PageBreak(),
        *rag_summary_story(paper, tracker),
        PageBreak(),
        *exceptions_story(paper, tracker, cells),
        PageBreak(),
        *_with_page_break(_measures_story(paper)),
        *_with_page_break(conflicts_story(paper)),
        *_registers_story(paper, tracker),
        *appendix_story(paper, tracker, cells),
    ]
    with replacing(out, "the board pack") as stream:
        pages = build_document(
            story,
            stream,
            progress=tracker,
            heading=paper.plan_title,
            period=paper.period_label,
            classification=paper.cover.cover.public,
            info=paper.info,
        )
    tracker.advance(1)
    warnings = (*paper.warnings, *_font_warnings(paper))
    log.info("Wrote the board pack %s (%d pages)", out, pages)
    return BoardPackResult(out, pages, paper.as_at.day, warnings)


def _measures_story(paper: Paper) -> list[Flowable]:
    """The SPC charts' section; imported here, not at the top: the chart's module uses this
    package's styles (imported first, it would import this package half-way; issue 21), and
    with reportlab's graphics it is not worth importing for a plan without measures."""
    if not paper.measures:
        return []
    from nhp_planner.io.measures_pdf import measures_story

    return measures_story(paper.measures)


def _registers_story(paper: Paper, tracker: Progress) -> list[Flowable]:
    """The registers' sections; their module imported only for a pack that prints one."""
    sections = paper.registers
    if sections.findings is None and sections.references is None:
        return []
    from nhp_planner.io.board_pack.registers import registers_story

    return registers_story(sections, tracker)


def _with_page_break(section: list[Flowable]) -> list[Flowable]:
    return [*section, PageBreak()] if section else []


def _font_warnings(paper: Paper) -> Iterable[str]:
    """A sentence for each place holding characters no bundled font can draw: never silent boxes."""
    places: list[tuple[str, str]] = [("The plan's title", paper.plan_title)]
    places += [
        (f"Cover field {name}", getattr(paper.cover.cover, name))
        for name in ("committees", "subject", "summary", "report_author", "recommendations")
    ]
    for group in paper.appendix:
        places.append((group.heading, group.heading))
        places += [
            (f"Deliverable {row.ref}", f"{row.commitment} {row.summary} {row.lead} {row.date_text}")
            for row in group.rows
        ]
    for where, text in places:
        missing = undrawable(text)
        if missing:
            shown = " ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
            codes = ", ".join(f"U+{ord(c):04X}" for c in missing[:3])
            yield (
                f"{where}: {counted(len(missing), 'character')} no font bundled with NHP Planner "
                f"can draw ({shown}; {codes}) {'prints' if len(missing) == 1 else 'print'} as "
                "empty boxes; check the text, or give it in a "
                "script the pack can print."
            )
