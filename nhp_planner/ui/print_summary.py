"""The RAG summary on paper: counts per objective and what is overdue, in words and colour.

It is one page, as the README promises: with many deliverables overdue, their
descriptions are shortened and then the list is cut, saying how many more there are
and where to find them all (the board pack's appendix).
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter

from nhp_planner.model.dates import format_date
from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.model.summary import RagCounts, summarise
from nhp_planner.model.wording import short
from nhp_planner.ui.rag_style import PILL_COLOURS


def _heading_cell(rag: Rag) -> str:
    if rag in PILL_COLOURS:
        fill, text = PILL_COLOURS[rag]
        return f'<th bgcolor="{fill}"><font color="{text}">{rag.label}</font></th>'
    return f"<th>{rag.label}</th>"


def _count_cells(counts: RagCounts) -> str:
    cells = "".join(f'<td align="center">{counts.count(rag)}</td>' for rag in ALL_RAGS)
    return f'{cells}<td align="center">{counts.total}</td><td align="center">{counts.overdue}</td>'


def rag_summary_html(
    snapshot: PlanSnapshot, as_at: dt.date, *, listed: int | None = None, words: int = 0
) -> str:
    """The summary as HTML for QTextDocument; every value from the plan is escaped.

    Args:
        listed: at most this many overdue deliverables are listed (None: all).
        words: each description shortened to this many characters (0: in full).
    """
    summary = summarise(snapshot, as_at)
    plan = snapshot.plan
    period = snapshot.period.label if snapshot.period else "No reporting period"
    rows = "".join(
        f"<tr><td>{o.number}. {html.escape(o.title)}</td>{_count_cells(o.counts)}</tr>"
        for o in summary.objectives
    )
    overdue = [d for d in snapshot.deliverables if d.is_overdue(as_at)]
    shown = overdue if listed is None else overdue[:listed]
    overdue_rows = "".join(
        f"<tr><td>{html.escape(d.ref)}</td>"
        f"<td>{html.escape(short(d.commitment, words) if words else d.commitment)}</td>"
        f"<td>{html.escape(d.lead or '')}</td><td>{d.rag.label}</td>"
        f"<td>{html.escape(d.date.describe(d.rag, as_at))}</td></tr>"
        for d in shown
    )
    if len(shown) < len(overdue):
        more = len(overdue) - len(shown)
        overdue_rows += (
            f"<tr><td colspan='5'>… and {more} more overdue: the board pack's "
            "appendix lists them all.</td></tr>"
        )
    key = "".join(
        f"<li><b>{rag.label}</b>: {html.escape(plan.rag_key.meaning(rag))}</li>"
        for rag in ALL_RAGS[:3]
    )
    owner = f" · {html.escape(plan.force)}" if plan.force else ""
    table = 'border="1" cellspacing="0" cellpadding="4" width="100%"'
    parts = [
        f"<h2>{html.escape(plan.title)}</h2>",
        f"<p>RAG summary, {period}{owner} · as at {format_date(as_at)}</p>",
        f"<table {table}><tr><th align='left'>Objective</th>",
        "".join(_heading_cell(rag) for rag in ALL_RAGS),
        "<th>Total</th><th>Overdue</th></tr>",
        rows,
        f"<tr><td><b>Whole plan</b></td>{_count_cells(summary.overall)}</tr></table>",
    ]
    if overdue:
        parts += [
            f"<h3>Overdue deliverables ({len(overdue)})</h3>",
            f"<table {table}><tr><th>Ref</th><th>Deliverable</th><th>Lead</th>",
            "<th>RAG</th><th>Date</th></tr>",
            overdue_rows,
            "</table>",
        ]
    else:
        parts.append("<p>No deliverable is overdue.</p>")
    parts.append(f"<h3>RAG key</h3><ul>{key}</ul>")
    return "".join(parts)


def print_rag_summary(printer: QPrinter, snapshot: PlanSnapshot, as_at: dt.date) -> None:
    """Lay the RAG summary out on one page of the printer's paper."""
    overdue = sum(d.is_overdue(as_at) for d in snapshot.deliverables)
    document = QTextDocument()
    document.documentLayout().setPaintDevice(printer)
    document.setPageSize(QSizeF(printer.pageRect(QPrinter.Unit.DevicePixel).size()))

    def fits(listed: int | None, words: int) -> bool:
        document.setHtml(rag_summary_html(snapshot, as_at, listed=listed, words=words))
        return document.pageCount() <= 1

    # In full if it fits; then with descriptions shortened; then as many listed as fit.
    if not fits(None, 0) and not fits(None, _SHORT):
        most, fewest = overdue - 1, 0
        while fewest < most:
            middle = (fewest + most + 1) // 2
            fewest, most = (middle, most) if fits(middle, _SHORT) else (fewest, middle - 1)
        fits(fewest, _SHORT)
    document.print_(printer)


#: How long an overdue deliverable's description may be on a crowded page.
_SHORT = 70
