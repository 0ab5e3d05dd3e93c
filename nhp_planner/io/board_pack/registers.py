"""The registers' sections of the board pack: HMICFRS progress, and the outstanding references.

Laid out from :class:`nhp_planner.io.paper.registers.RegisterSections` with
the pack's own tables: RAG cells coloured and worded, a carried-forward update
greyed under the month it was written, a re-set due date in bold.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from nhp_planner.io.board_pack.progress import Progress
from nhp_planner.io.board_pack.styles import (
    BODY,
    CELL,
    CELL_BOLD,
    CELL_STALE,
    LANDSCAPE_WIDTH,
    RAG_FILL,
    TITLE,
)
from nhp_planner.io.board_pack.tables import Column, PagedTable, plain_or_para
from nhp_planner.io.board_pack.text import Bookmark, para
from nhp_planner.io.paper.registers import (
    FINDING_COLUMNS,
    FINDINGS_TITLE,
    REFERENCE_COLUMNS,
    REFERENCES_TITLE,
    RegisterSections,
)

_FINDING_MM = (30, 70, 18, 30, None, 24)
_REFERENCE_MM = (22, 45, None, 28, 60, 38)


def registers_story(sections: RegisterSections, progress: Progress | None) -> list[Flowable]:
    """Both sections (each only when the paper carries it), each ending with a page break."""
    story: list[Flowable] = []
    if sections.findings is not None:
        story += [*_findings(sections, progress), PageBreak()]
    if sections.references is not None:
        story += [*_references(sections, progress), PageBreak()]
    return story


def _columns(titles: tuple[str, ...], widths: tuple[int | None, ...]) -> list[Column]:
    fixed = sum(w for w in widths if w is not None) * mm
    return [
        Column(title, width * mm if width is not None else LANDSCAPE_WIDTH - fixed)
        for title, width in zip(titles, widths, strict=True)
    ]


def _findings(sections: RegisterSections, progress: Progress | None) -> list[Flowable]:
    columns = _columns(FINDING_COLUMNS, _FINDING_MM)
    table = PagedTable(columns, progress)
    for group in sections.findings or ():
        table.section(group.area, continued=f"{group.area} (continued)")
        for row in group.rows:
            update = (
                para(f"{row.stale}:\n{row.update}", CELL_STALE)
                if row.stale
                else para(row.update, CELL)
            )
            status = row.status + (f"\nTarget: {row.target}" if row.target else "")
            table.row(
                [
                    para(row.label, CELL_BOLD),
                    para(row.text, CELL),
                    row.rag.label,
                    plain_or_para(status, columns[3]),
                    update,
                    plain_or_para(row.delivered_by or "–", columns[5]),
                ],
                fills={2: RAG_FILL[row.rag]},
                continued=[row.label, "(continued)", row.rag.label, "", "", ""],
            )
    return table.flowables(
        [
            Bookmark(FINDINGS_TITLE, "registers-findings"),
            para(FINDINGS_TITLE, TITLE),
            para(sections.findings_intro, BODY),
        ]
    )


def _references(sections: RegisterSections, progress: Progress | None) -> list[Flowable]:
    columns = _columns(REFERENCE_COLUMNS, _REFERENCE_MM)
    table = PagedTable(columns, progress)
    for row in sections.references or ():
        due = para(row.due, CELL_BOLD if row.reset else CELL)
        table.row(
            [
                row.number,
                para(row.meeting, CELL),
                para(row.action, CELL),
                plain_or_para(row.owner, columns[3]),
                para(row.status, CELL),
                due,
            ],
            continued=[row.number, "", "(continued)", "", "", ""],
        )
    flowables: list[Flowable] = [
        Bookmark(REFERENCES_TITLE, "registers-references"),
        para(REFERENCES_TITLE, TITLE),
        para(sections.references_intro, BODY),
    ]
    return table.flowables(flowables) if sections.references else flowables
