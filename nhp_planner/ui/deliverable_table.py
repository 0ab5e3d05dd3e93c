"""The deliverables table: how it looks and behaves, and its columns' first widths."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTableView,
    QWidget,
)

from nhp_planner.ui.delegates import ARROW_ROOM, CellDelegate, RagDelegate
from nhp_planner.ui.deliverable_model import Column, DeliverableTableModel
from nhp_planner.ui.deliverable_proxy import DeliverableSortProxy
from nhp_planner.ui.rag_style import widest_pill


def make_deliverable_table(proxy: DeliverableSortProxy, parent: QWidget) -> QTableView:
    """A table of whole rows, sortable, with the RAG pill and the overdue and conflict marks."""
    table = QTableView(parent)
    table.setAccessibleName("Deliverables")
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
    )
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setShowGrid(False)
    # Qt's header starts out showing a descending sort the proxy never made: say what it does.
    table.horizontalHeader().setSortIndicator(Column.REF, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.setTabKeyNavigation(False)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    table.setItemDelegate(CellDelegate(table))
    table.setItemDelegateForColumn(Column.REF, CellDelegate(table, marks_conflicts=True))
    table.setItemDelegateForColumn(Column.RAG, RagDelegate(table))
    table.setItemDelegateForColumn(Column.DATE, CellDelegate(table, marks_overdue=True))
    table.horizontalHeader().setAccessibleName("Columns: click one to sort by it")
    corner = table.findChild(QAbstractButton)
    if corner is not None:  # the top-left corner, which selects every row
        corner.setAccessibleName("Select all deliverables")
    # Uniform row heights: measuring 10,000 rows (resizeRowsToContents) takes seconds.
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(parent.fontMetrics().height() + 10)
    return table


def size_columns(table: QTableView) -> None:
    """Widths from the font, not from measuring every row (which is slow on big plans).

    Dates are never cut short: their column is as wide as the widest date in the
    plan, drawn bold with the overdue sign. The deliverable and the lead share what
    is left, and are the ones cut short (with "…") on a narrow window.
    """
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(Column.DELIVERABLE, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    header.setMinimumSectionSize(metrics.horizontalAdvance("Ref") + 30)
    pad = 24
    fixed = {
        # Room for a warning sign beside a reference with a merge conflict.
        Column.REF: metrics.horizontalAdvance("10.10") + pad + 22,
        Column.RAG: widest_pill(table.font()) + pad + ARROW_ROOM,
        Column.DATE: date_width(table),
        Column.UPDATED: metrics.horizontalAdvance("30 Sep 2026") + pad,
    }
    # The lead shares what is left with the deliverable, which gets the most.
    room = max(table.viewport().width(), 600) - sum(fixed.values())
    lead = min(metrics.horizontalAdvance("Insp. Priya Shah, Partner") + pad, room // 3)
    for column, width in {**fixed, Column.LEAD: lead}.items():
        header.resizeSection(column, width)


def date_width(table: QTableView) -> int:
    """The Date column's width: its widest text, or a day's date drawn bold after the
    overdue sign, whichever is wider."""
    proxy = table.model()
    source = proxy.sourceModel() if isinstance(proxy, DeliverableSortProxy) else None
    # The cells show the date as typed: read it from the deliverables, not cell by cell.
    texts = (
        {d.date_text for d in source.deliverables()}
        if isinstance(source, DeliverableTableModel)
        else set()
    )
    widest = max((table.fontMetrics().horizontalAdvance(text) for text in texts), default=0)
    bold = QFont(table.font())
    bold.setBold(True)
    icon = table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    overdue = QFontMetrics(bold).horizontalAdvance("30/09/2026") + icon + 6
    return max(widest, overdue) + 24
