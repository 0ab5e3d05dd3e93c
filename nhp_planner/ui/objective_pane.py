"""The objectives pane on the window's left: the list of objectives under its label."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from nhp_planner.ui.delegates import ObjectiveDelegate


def make_objective_pane(parent: QWidget) -> tuple[QWidget, QListView]:
    """The pane and its list: each objective with its RAG bar, renamed in place."""
    objective_list = QListView(parent)
    objective_list.setAccessibleName("Objectives")
    objective_list.setItemDelegate(ObjectiveDelegate(objective_list))
    objective_list.setUniformItemSizes(True)
    # Titles wrap and bars shrink to the pane's width: never a sideways scroll.
    objective_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    objective_list.setEditTriggers(
        QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
    )
    objective_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    label = QLabel("Ob&jectives", parent)
    label.setBuddy(objective_list)
    pane = QWidget(parent)
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(6, 6, 0, 6)
    layout.addWidget(label)
    layout.addWidget(objective_list)
    return pane, objective_list
