"""The RAG summary: counts and shares per objective, a chart, the key, movement since last time."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from nhp_planner.io.board_pack.progress import Progress
from nhp_planner.io.board_pack.styles import (
    BODY,
    CELL,
    CELL_BOLD,
    FONT,
    FONT_BOLD,
    GRID,
    HEADING,
    LANDSCAPE_WIDTH,
    NOTE,
    RAG_FILL,
    TEXT,
    TITLE,
)
from nhp_planner.io.board_pack.tables import Cell, Column, PagedTable, plain_or_para
from nhp_planner.io.board_pack.text import Bookmark, drawable, heading, para
from nhp_planner.io.paper.content import MOVES, MovementContent, Paper, ShareRow
from nhp_planner.model.plural import counted
from nhp_planner.model.rag import ALL_RAGS, Rag

_BARS_PER_CHART = 14
_BAR = 15.0
_BAR_GAP = 7.0
_LABEL_SIZE = 8.0
_LABEL_LINES = 3
_CHART_NOTE = (
    "Each bar runs GREEN, AMBER, RED, Not rated from left to right; a segment too narrow "
    "for its word shows its count only."
)


def rag_summary_story(paper: Paper, progress: Progress) -> list[Flowable]:
    """Counts table, chart and key; then, with an earlier period, movement and the changes."""
    opening: list[Flowable] = [
        Bookmark("RAG summary", "rag-summary"),
        para(paper.rag_summary_title, TITLE),
        para(paper.overall_sentence, BODY),
    ]
    if paper.updates_sentence:
        opening.append(para(paper.updates_sentence, BODY))
    if paper.conflicts_note:
        opening.append(para(paper.conflicts_note, NOTE))
    story = _counts_table(paper, opening)
    story.append(Spacer(1, 4 * mm))
    story += _charts(paper)
    story.append(para(_CHART_NOTE, NOTE))
    story.append(rag_key_table(paper))
    movement = paper.movement
    if movement is None:
        story.append(para("There is no earlier reporting period to compare with.", NOTE))
        return story
    since = movement.since
    story += _movement_table(movement, heading(f"Movement since {since}", "movement"))
    changes = heading(f"Changes since {since}", "changes")
    if not movement.changes:
        story += changes
        story.append(para(f"No RAG rating or date has changed since {since}.", BODY))
        return story
    changes.append(
        para(
            f"{counted(len(movement.changes), 'deliverable')} changed RAG rating or date, came "
            f"or went since {since}:",
            BODY,
        )
    )
    story += _changes_table(movement, progress, changes)
    return story


def rag_key_table(paper: Paper) -> Flowable:
    """The plan's own RAG key, each rating coloured and worded, and the movement arrows."""
    table = PagedTable(
        [Column("", 28 * mm), Column("", LANDSCAPE_WIDTH - 28 * mm)], None, header=False
    )
    for rag in ALL_RAGS:
        table.row([rag.label, para(paper.rag_key.meaning(rag), CELL)], fills={0: RAG_FILL[rag]})
    if paper.movement is not None:
        arrows = "    ".join(f"{move.arrow} {move.value}" for move in MOVES)
        table.row(["Arrows", para(f"Since {paper.movement.since}:  {arrows}", CELL)])
    return KeepTogether([para("RAG key", HEADING), *table.flowables(), Spacer(1, 4 * mm)])


def _counts_table(paper: Paper, above: list[Flowable]) -> list[Flowable]:
    numbers = 6
    first = LANDSCAPE_WIDTH - numbers * 26 * mm
    columns = [
        Column("Objective", first),
        Column("Deliverables", 26 * mm),
        *[Column(rag.label, 26 * mm) for rag in ALL_RAGS],
        Column("Overdue", 26 * mm),
    ]
    table = PagedTable(columns, None)
    fills = {2 + i: RAG_FILL[rag] for i, rag in enumerate(ALL_RAGS)}
    for row in paper.shares:
        table.row([para(row.name, CELL), *_count_cells(row)], fills=fills)
    table.row([para(paper.total.name, CELL_BOLD), *_count_cells(paper.total)], fills=fills)
    return table.flowables(above)


def _count_cells(row: ShareRow) -> list[Cell]:
    return [str(row.counts.total), *[row.cell(rag) for rag in ALL_RAGS], str(row.counts.overdue)]


def _charts(paper: Paper) -> list[Flowable]:
    """Horizontal 100% stacked bars, one per objective and one for the plan.

    Segments carry their word (or, when narrow, their count) so the chart
    reads in black and white. Many objectives make several charts, as a
    drawing cannot run across pages.
    """
    bars = [(_chart_label(row), row) for row in paper.shares] + [(paper.total.name, paper.total)]
    charts: list[Flowable] = []
    for start in range(0, len(bars), _BARS_PER_CHART):
        charts.append(
            _chart(bars[start : start + _BARS_PER_CHART], last=start + _BARS_PER_CHART >= len(bars))
        )
    return charts


def _chart_label(row: ShareRow) -> str:
    # Chart text is drawn in DejaVu Sans alone; a name it cannot draw is cut to its number.
    return row.name if drawable(row.name) else row.name.split(":")[0]


def _label_lines(name: str, font: str, width: float) -> list[str]:
    """The label wrapped onto at most three lines; only a name longer still is cut short."""
    lines = simpleSplit(name, font, _LABEL_SIZE, width)
    if len(lines) > _LABEL_LINES:
        lines = lines[:_LABEL_LINES]
        last = lines[-1]
        while last and stringWidth(last + "…", font, _LABEL_SIZE) > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return lines or [""]


def _chart(bars: Sequence[tuple[str, ShareRow]], *, last: bool) -> Drawing:
    label_width = 78 * mm
    right = 30 * mm
    bar_width = LANDSCAPE_WIDTH - label_width - right
    axis = 12.0
    fonts = [FONT_BOLD if last and index == len(bars) - 1 else FONT for index in range(len(bars))]
    labels = [
        _label_lines(name, font, label_width - 8)
        for (name, _), font in zip(bars, fonts, strict=True)
    ]
    rows = [max(_BAR, len(lines) * (_LABEL_SIZE + 1.5)) + _BAR_GAP for lines in labels]
    height = sum(rows) + axis + 4
    drawing = Drawing(LANDSCAPE_WIDTH, height, initialFontName=FONT)
    for tick in range(0, 101, 25):
        x = label_width + bar_width * tick / 100
        drawing.add(Line(x, axis, x, height, strokeColor=GRID, strokeWidth=0.3))
        drawing.add(
            String(x, 2, f"{tick}%", fontName=FONT, fontSize=7, fillColor=TEXT, textAnchor="middle")
        )
    top = height
    for (_, row), lines, font, room in zip(bars, labels, fonts, rows, strict=True):
        top -= room
        y = top + (room - _BAR_GAP - _BAR) / 2
        leading = _LABEL_SIZE + 1.5
        first = y + _BAR / 2 + (len(lines) - 1) * leading / 2 - 3
        for number, line in enumerate(lines):
            drawing.add(
                String(
                    label_width - 4,
                    first - number * leading,
                    line,
                    fontName=font,
                    fontSize=_LABEL_SIZE,
                    fillColor=TEXT,
                    textAnchor="end",
                )
            )
        counts = row.counts
        x = label_width
        for rag in ALL_RAGS:
            count = counts.count(rag)
            if not count:
                continue
            width = bar_width * counts.share(rag)
            drawing.add(
                Rect(x, y, width, _BAR, fillColor=RAG_FILL[rag], strokeColor=TEXT, strokeWidth=0.5)
            )
            text = _segment_text(rag, count, width)
            if text:
                drawing.add(
                    String(
                        x + width / 2,
                        y + 4.5,
                        text,
                        fontName=FONT,
                        fontSize=7.5,
                        fillColor=TEXT,
                        textAnchor="middle",
                    )
                )
            x += width
        drawing.add(
            String(
                label_width + bar_width + 4,
                y + 4.5,
                f"{counts.total} in all" if counts.total else "none",
                fontName=FONT,
                fontSize=7.5,
                fillColor=TEXT,
            )
        )
    return drawing


def _segment_text(rag: Rag, count: int, width: float) -> str:
    """ "GREEN 12" if it fits the segment, else "12", else nothing (no abbreviation to explain)."""
    for text in (f"{rag.label} {count}", str(count)):
        if stringWidth(text, FONT, 7.5) + 4 <= width:
            return text
    return ""


def _movement_table(movement: MovementContent, above: list[Flowable]) -> list[Flowable]:
    first = LANDSCAPE_WIDTH - len(MOVES) * 26 * mm
    columns = [
        Column("Objective", first),
        *[Column(f"{move.arrow} {move.value.capitalize()}", 26 * mm) for move in MOVES],
    ]
    table = PagedTable(columns, None)
    for name, counts in movement.rows:
        table.row([para(name, CELL), *[str(count) for count in counts]])
    table.row([para("All objectives", CELL_BOLD), *[str(count) for count in movement.total]])
    return table.flowables(above)


def _changes_table(
    movement: MovementContent, progress: Progress, above: list[Flowable]
) -> list[Flowable]:
    """The deliverables that changed, kept on a page with ``above`` (their heading) if they fit."""
    rag_width, date_width, ref_width = 62 * mm, 70 * mm, 16 * mm
    columns = [
        Column("Ref", ref_width),
        Column("Deliverable", LANDSCAPE_WIDTH - rag_width - date_width - ref_width),
        Column("RAG", rag_width),
        Column("Date", date_width),
    ]
    table = PagedTable(columns, progress)
    for change in movement.changes:
        table.row(
            [
                change.ref,
                para(change.commitment, CELL),
                plain_or_para(change.rag_text, columns[2]),
                plain_or_para(change.date_text, columns[3]),
            ],
            fills={2: RAG_FILL[change.rag_after]} if change.rag_after else None,
            continued=[change.ref, "(continued)", "", ""],
        )
    return table.flowables(above)
