"""The RAG summary on paper: counts per objective and what is overdue, in words and colour."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter

from nhp_planner.model.dates import format_date
from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.model.summary import RagCounts, summarise
from nhp_planner.ui.rag_style import PILL_COLOURS


def _heading_cell(rag: Rag) -> str:
    if rag in PILL_COLOURS:
        fill, text = PILL_COLOURS[rag]
        return f'<th bgcolor="{fill}"><font color="{text}">{rag.label}</font></th>'
    return f"<th>{rag.label}</th>"


def _count_cells(counts: RagCounts) -> str:
    cells = "".join(f'<td align="center">{counts.count(rag)}</td>' for rag in ALL_RAGS)
    return f'{cells}<td align="center">{counts.total}</td><td align="center">{counts.overdue}</td>'


def rag_summary_html(snapshot: PlanSnapshot, today: dt.date) -> str:
    """The summary as HTML for QTextDocument; every value from the plan is escaped."""
    summary = summarise(snapshot, today)
    plan = snapshot.plan
    period = snapshot.period.label if snapshot.period else "No reporting period"
    rows = "".join(
        f"<tr><td>{o.number}. {html.escape(o.title)}</td>{_count_cells(o.counts)}</tr>"
        for o in summary.objectives
    )
    overdue = [d for d in snapshot.deliverables if d.is_overdue(today)]
    overdue_rows = "".join(
        f"<tr><td>{html.escape(d.ref)}</td><td>{html.escape(d.commitment)}</td>"
        f"<td>{html.escape(d.lead or '')}</td><td>{d.rag.label}</td>"
        f"<td>{html.escape(d.date.describe(d.rag, today))}</td></tr>"
        for d in overdue
    )
    key = "".join(
        f"<li><b>{rag.label}</b>: {html.escape(plan.rag_key.meaning(rag))}</li>"
        for rag in ALL_RAGS[:3]
    )
    owner = f" · {html.escape(plan.force)}" if plan.force else ""
    table = 'border="1" cellspacing="0" cellpadding="4" width="100%"'
    parts = [
        f"<h2>{html.escape(plan.title)}</h2>",
        f"<p>RAG summary, {period}{owner} · printed {format_date(today)}</p>",
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


def print_rag_summary(printer: QPrinter, snapshot: PlanSnapshot, today: dt.date) -> None:
    """Lay the RAG summary out on the printer's pages."""
    document = QTextDocument()
    document.setHtml(rag_summary_html(snapshot, today))
    document.print_(printer)
