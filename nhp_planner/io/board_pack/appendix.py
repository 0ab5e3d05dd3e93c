"""The delivery tables: Appendix 1 (the whole plan by objective) and the exceptions (by rating)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from nhp_planner.io.board_pack.progress import Progress
from nhp_planner.io.board_pack.rag_summary import rag_key_table
from nhp_planner.io.board_pack.styles import (
    BODY,
    CELL,
    CELL_STALE,
    LANDSCAPE_WIDTH,
    RAG_FILL,
    TITLE,
)
from nhp_planner.io.board_pack.tables import Column, PagedTable, plain_or_para
from nhp_planner.io.board_pack.text import Bookmark, Para, markup, para
from nhp_planner.io.paper.content import DeliverableRow, Paper, RowGroup

_REF, _PROGRESS, _DATE, _LEAD = 16 * mm, 27 * mm, 36 * mm, 30 * mm

#: A deliverable's commitment and summary paragraphs, made once for the exceptions and
#: Appendix 1: the columns are the same width, so the lines are broken once (a third of
#: the rows are in both tables).
TextCells = dict[str, tuple[Para, Para]]


def delivery_columns(paper: Paper) -> list[Column]:
    """Ref, Deliverable, [Lead,] Summary position (Month YYYY), Progress, Date."""
    deliverable = 60 * mm if paper.has_leads else 68 * mm
    fixed = {"Ref": _REF, "Deliverable": deliverable, "Lead": _LEAD, "Progress": _PROGRESS}
    fixed["Date"] = _DATE
    rest = LANDSCAPE_WIDTH - sum(fixed[title] for title in paper.columns if title in fixed)
    return [Column(title, fixed.get(title, rest)) for title in paper.columns]


def delivery_table(
    paper: Paper,
    groups: tuple[RowGroup, ...],
    progress: Progress,
    cells: TextCells,
    *,
    outline: str | None = None,
    above: list[Flowable],
) -> list[Flowable]:
    """The groups as one long table under ``above`` (its title); with ``outline``, each group
    is listed under it."""
    table = PagedTable(delivery_columns(paper), progress)
    lead = paper.has_leads
    for number, group in enumerate(groups):
        bookmark = (f"{outline}-{number}", 1) if outline else None
        table.section(group.heading, continued=group.continued, bookmark=bookmark)
        for row in group.rows:
            _add_row(table, row, lead, cells)
    return table.flowables(above)


def _text_cells(row: DeliverableRow, cells: TextCells) -> tuple[Para, Para]:
    made = cells.get(row.id)
    if made is None:
        summary = (
            para(f"{row.stale}:\n{row.summary}", CELL_STALE)
            if row.stale
            else para(row.summary, CELL)
        )
        made = cells[row.id] = (para(row.commitment, CELL), summary)
    return made


def _add_row(table: PagedTable, row: DeliverableRow, lead: bool, text_cells: TextCells) -> None:
    """A deliverable as the tracker shows it: the RAG coloured and worded, overdue dates flagged,
    text carried forward from an earlier period greyed under the month it was written."""
    date: Para | str
    date_column = table.columns[-1]
    if row.overdue:
        date = Para(markup(row.date_text) + "<br/><b>OVERDUE</b>", CELL)
    else:
        date = plain_or_para(row.date_text, date_column)
    commitment, summary = _text_cells(row, text_cells)
    cells: list[Para | str] = [row.ref, commitment]
    continued: list[str] = [row.ref, "(continued)"]
    if lead:
        cells.append(plain_or_para(row.lead, table.columns[2]))
        continued.append("")
    cells += [summary, row.progress, date]
    continued += ["", row.progress, ""]
    table.row(cells, fills={len(cells) - 2: RAG_FILL[row.rag]}, continued=continued)


def appendix_story(paper: Paper, progress: Progress, cells: TextCells) -> list[Flowable]:
    """The whole plan in reference order, grouped under its objectives, with the RAG key."""
    story: list[Flowable] = [
        Bookmark(paper.appendix_title, "appendix-1"),
        para(paper.appendix_title, TITLE),
        para(paper.appendix_intro, BODY),
        rag_key_table(paper),
    ]
    if not paper.appendix:
        story.append(para("The plan has no deliverables yet.", BODY))
        return story
    return delivery_table(paper, paper.appendix, progress, cells, outline="objective", above=story)


def exceptions_story(paper: Paper, progress: Progress, cells: TextCells) -> list[Flowable]:
    """The exceptions table, grouped by rating, or a line saying there are none."""
    story: list[Flowable] = [
        Bookmark("Exceptions", "exceptions"),
        para(paper.exceptions_title, TITLE),
        para(paper.exceptions_intro, BODY),
    ]
    if not paper.exceptions:
        return story
    return delivery_table(paper, paper.exceptions, progress, cells, above=story)
