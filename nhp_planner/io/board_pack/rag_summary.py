"""The RAG summary: counts and shares per objective, a chart, the key, movement since last time."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.units import mm
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
from nhp_planner.io.board_pack.text import (
    chart_label,
    drawable,
    heading,
    objective_heading,
    para,
    shorten,
)
from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.movement import DateMove, DeliverableMovement, PlanMovement, RagMove
from nhp_planner.model.rag import ALL_RAGS, Rag, RagKey
from nhp_planner.model.summary import PlanSummary, RagCounts, update_progress

#: Movement columns in the order a reader scans them: better, worse, same, then arrivals.
MOVES = (
    RagMove.IMPROVED,
    RagMove.DECLINED,
    RagMove.UNCHANGED,
    RagMove.RATED,
    RagMove.NEW,
    RagMove.REMOVED,
)
_DATE_MOVES = (DateMove.SLIPPED, DateMove.BROUGHT_FORWARD, DateMove.CHANGED)
_BARS_PER_CHART = 14
_BAR = 15.0
_BAR_GAP = 7.0


def changed_items(movement: PlanMovement) -> list[DeliverableMovement]:
    """Deliverables whose RAG or date moved, or which came or went: the "changes" list."""
    return [
        item
        for item in movement.items
        if item.rag is not RagMove.UNCHANGED or item.date in _DATE_MOVES
    ]


def rag_summary_story(
    snapshot: PlanSnapshot,
    summary: PlanSummary,
    movement: PlanMovement | None,
    progress: Progress,
) -> list[Flowable]:
    """Counts table, chart and key; then, with an earlier period, movement and the changes."""
    period = snapshot.period.label if snapshot.period else "no reporting period"
    overall = summary.overall
    story: list[Flowable] = [
        para(f"RAG summary: {period}", TITLE),
        para(_overall_sentence(overall), BODY),
    ]
    updates = update_progress(snapshot)
    if updates.not_updated:
        story.append(para(f"{updates.describe()}: their last update is shown.", BODY))
    if snapshot.conflicts:
        story.append(
            para(
                f"{len(snapshot.conflicts)} merge conflict(s) from offline copies are not yet "
                "resolved; this pack shows the plan's own values.",
                NOTE,
            )
        )
    story += _counts_table(summary)
    story.append(Spacer(1, 4 * mm))
    story += _charts(summary)
    story.append(rag_key_table(snapshot.plan.rag_key, movement))
    if movement is None or movement.from_period is None:
        story.append(para("There is no earlier reporting period to compare with.", NOTE))
        return story
    since = movement.from_period.label
    story += heading(f"Movement since {since}")
    story += _movement_table(summary, movement)
    changes = changed_items(movement)
    story += heading(f"Changes since {since}")
    if not changes:
        story.append(para(f"No RAG rating or date has changed since {since}.", BODY))
        return story
    story.append(
        para(
            f"{len(changes)} deliverable(s) changed RAG rating or date, came or went "
            f"since {since}:",
            BODY,
        )
    )
    story += _changes_table(changes, progress)
    return story


def rag_key_table(key: RagKey, movement: PlanMovement | None) -> Flowable:
    """The plan's own RAG key, each rating coloured and worded, and the movement arrows."""
    table = PagedTable(
        [Column("", 28 * mm), Column("", LANDSCAPE_WIDTH - 28 * mm)], None, header=False
    )
    for rag in ALL_RAGS:
        table.row([rag.label, para(key.meaning(rag), CELL)], fills={0: RAG_FILL[rag]})
    if movement is not None and movement.from_period is not None:
        arrows = "    ".join(f"{move.arrow} {move.value}" for move in MOVES)
        table.row(["Arrows", para(f"Since {movement.from_period.label}:  {arrows}", CELL)])
    return KeepTogether([para("RAG key", HEADING), *table.flowables(), Spacer(1, 4 * mm)])


def _overall_sentence(counts: RagCounts) -> str:
    if not counts.total:
        return "The plan has no deliverables yet."
    shares = ", ".join(
        f"{counts.count(rag)} {rag.label} ({counts.share(rag):.0%})" for rag in ALL_RAGS
    )
    overdue = f"; {counts.overdue} overdue" if counts.overdue else "; none overdue"
    return f"{counts.total} deliverables: {shares}{overdue}."


def _counts_table(summary: PlanSummary) -> list[Flowable]:
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
    for objective in summary.objectives:
        name = objective_heading(objective.number, objective.title)
        table.row([para(name, CELL), *_count_cells(objective.counts)], fills=fills)
    table.row([para("All objectives", CELL_BOLD), *_count_cells(summary.overall)], fills=fills)
    return table.flowables()


def _count_cells(counts: RagCounts) -> list[Cell]:
    cells: list[Cell] = [str(counts.total)]
    for rag in ALL_RAGS:
        cells.append(f"{counts.count(rag)} ({counts.share(rag):.0%})" if counts.total else "0")
    cells.append(str(counts.overdue))
    return cells


def _charts(summary: PlanSummary) -> list[Flowable]:
    """Horizontal 100% stacked bars, one per objective and one for the plan.

    Segments carry their word (or its letter when narrow) and count, so the
    chart reads in black and white. Many objectives make several charts, as a
    drawing cannot run across pages.
    """
    bars = [(_chart_label(o.number, o.title), o.counts) for o in summary.objectives] + [
        ("All objectives", summary.overall)
    ]
    charts: list[Flowable] = []
    for start in range(0, len(bars), _BARS_PER_CHART):
        charts.append(_chart(bars[start : start + _BARS_PER_CHART]))
    return charts


def _chart_label(number: int, title: str) -> str:
    # Chart text is drawn in DejaVu Sans alone; a title it cannot draw is named by number.
    if drawable(title):
        return chart_label(number, title)
    return f"Objective {number}"


def _chart(bars: Sequence[tuple[str, RagCounts]]) -> Drawing:
    label_width = 70 * mm
    right = 30 * mm
    bar_width = LANDSCAPE_WIDTH - label_width - right
    axis = 12.0
    height = len(bars) * (_BAR + _BAR_GAP) + axis + 4
    drawing = Drawing(LANDSCAPE_WIDTH, height)
    for tick in range(0, 101, 25):
        x = label_width + bar_width * tick / 100
        drawing.add(Line(x, axis, x, height, strokeColor=GRID, strokeWidth=0.3))
        drawing.add(
            String(x, 2, f"{tick}%", fontName=FONT, fontSize=7, fillColor=TEXT, textAnchor="middle")
        )
    for index, (name, counts) in enumerate(bars):
        y = height - (index + 1) * (_BAR + _BAR_GAP)
        font = FONT_BOLD if index == len(bars) - 1 and name == "All objectives" else FONT
        drawing.add(
            String(
                label_width - 4,
                y + 4.5,
                shorten(name, font, 8, label_width - 8),
                fontName=font,
                fontSize=8,
                fillColor=TEXT,
                textAnchor="end",
            )
        )
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
    """The longest of "GREEN 12", "G 12", "12" that fits the segment, or nothing."""
    letter = "NR" if rag is Rag.NOT_RATED else rag.label[0]
    for text in (f"{rag.label} {count}", f"{letter} {count}", str(count)):
        if stringWidth(text, FONT, 7.5) + 4 <= width:
            return text
    return ""


def _movement_table(summary: PlanSummary, movement: PlanMovement) -> list[Flowable]:
    first = LANDSCAPE_WIDTH - len(MOVES) * 26 * mm
    columns = [
        Column("Objective", first),
        *[Column(f"{move.arrow} {move.value.capitalize()}", 26 * mm) for move in MOVES],
    ]
    by_objective: defaultdict[int, Counter[RagMove]] = defaultdict(Counter)
    for item in movement.items:
        by_objective[item.deliverable.objective][item.rag] += 1
    table = PagedTable(columns, None)
    numbers = [o.number for o in summary.objectives]
    numbers += sorted(set(by_objective) - set(numbers))
    titles = {o.number: o.title for o in summary.objectives}
    for number in numbers:
        name = objective_heading(number, titles.get(number))
        counts = by_objective[number]
        table.row([para(name, CELL), *[str(counts[move]) for move in MOVES]])
    total = movement.counts()
    table.row([para("All objectives", CELL_BOLD), *[str(total[move]) for move in MOVES]])
    return table.flowables()


def _changes_table(changes: list[DeliverableMovement], progress: Progress) -> list[Flowable]:
    rag_width, date_width, ref_width = 62 * mm, 70 * mm, 16 * mm
    columns = [
        Column("Ref", ref_width),
        Column("Deliverable", LANDSCAPE_WIDTH - rag_width - date_width - ref_width),
        Column("RAG", rag_width),
        Column("Date", date_width),
    ]
    table = PagedTable(columns, progress)
    for item in changes:
        deliverable = item.deliverable
        before = item.before.rag.label if item.before else "not in the plan"
        after = item.after.rag.label if item.after else "removed"
        rag_text = f"{item.rag.arrow} {before} → {after} ({item.rag.value})"
        date_text = ""
        if item.date in _DATE_MOVES and item.before and item.after:
            date_text = f"{item.before.date_text} → {item.after.date_text} ({item.date.value})"
        table.row(
            [
                deliverable.ref,
                para(deliverable.commitment, CELL),
                plain_or_para(rag_text, columns[2]),
                plain_or_para(date_text, columns[3]),
            ],
            fills={2: RAG_FILL[item.after.rag]} if item.after else None,
            continued=[deliverable.ref, "(continued)", "", ""],
        )
    return table.flowables()
