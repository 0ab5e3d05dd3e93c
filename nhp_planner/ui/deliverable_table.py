"""The deliverables table: how it looks and behaves, and its columns' first widths."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from nhp_planner.ui.delegates import ARROW_ROOM, CellDelegate, RagDelegate
from nhp_planner.ui.deliverable_model import Column
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
    # Uniform row heights: measuring 10,000 rows (resizeRowsToContents) takes seconds.
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(parent.fontMetrics().height() + 10)
    return table


def size_columns(table: QTableView) -> None:
    """Widths from the font, not from measuring every row (which is slow on big plans)."""
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
        Column.UPDATED: metrics.horizontalAdvance("30 Sep 2026") + pad,
    }
    # Lead and date share what is left with the deliverable, which gets the most.
    room = max(table.viewport().width(), 600) - sum(fixed.values())
    shared = {
        Column.LEAD: min(metrics.horizontalAdvance("Insp. Priya Shah, Partner") + pad, room // 4),
        Column.DATE: min(metrics.horizontalAdvance("Complete Review 2025") + pad + 16, room // 5),
    }
    for column, width in {**fixed, **shared}.items():
        header.resizeSection(column, width)
