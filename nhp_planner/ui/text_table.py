"""A read-only table of text for dialogs: previews, histories, conflicts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


def text_table(
    parent: QWidget,
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    wrap: bool = False,
    stretch: Sequence[int] = (),
) -> QTableWidget:
    """Rows of text under ``headings``; every cell's text is its tooltip too.

    Columns fit their contents; the ``stretch`` columns (long text: a summary
    position, a value; the last column if none are named) share the width left.
    With ``wrap``, long text wraps and rows grow to fit; otherwise cells stay one line.
    """
    table = QTableWidget(len(rows), len(headings), parent)
    table.setHorizontalHeaderLabels(list(headings))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(wrap)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch or (len(headings) - 1,):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    if wrap:
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table
