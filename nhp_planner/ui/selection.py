"""What is chosen in the window: the current and selected deliverables, the current objective."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QListView, QTableView

from nhp_planner.model.entities import Deliverable, Objective
from nhp_planner.ui.deliverable_model import DeliverableTableModel
from nhp_planner.ui.deliverable_proxy import DeliverableSortProxy
from nhp_planner.ui.editor import DeliverableEditor
from nhp_planner.ui.roles import ID_ROLE, NUMBER_ROLE, OBJECT_ROLE


class Selection:
    """Reads and sets the choice in the deliverables table and the objective list."""

    def __init__(
        self,
        table: QTableView,
        proxy: DeliverableSortProxy,
        objective_list: QListView,
        editor: DeliverableEditor,
    ) -> None:
        self._table = table
        self._editor = editor
        self._proxy = proxy
        self._objectives = objective_list

    def row_count(self) -> int:
        """How many rows the table shows."""
        return self._proxy.rowCount()

    def select_row(self, row: int) -> None:
        """Make the table's ``row`` current; with no such row, clear the choice and the editor."""
        if not 0 <= row < self._proxy.rowCount():
            self._table.setCurrentIndex(QModelIndex())
            self._editor.show_index(QModelIndex())
            return
        index = self._proxy.index(row, 0)
        self._table.setCurrentIndex(index)
        self._table.scrollTo(index)

    def select_deliverable(self, model: DeliverableTableModel, deliverable_id: str) -> bool:
        """Make a deliverable current (if it is shown); True if it is."""
        row = model.row_of(deliverable_id)
        if row is None:
            return False
        index = self._proxy.mapFromSource(model.index(row, 0))
        if not index.isValid():
            return False
        # Only this one chosen: rows chosen before (a new one's neighbour) are let go.
        flags = QItemSelectionModel.SelectionFlag
        self._table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self._table.scrollTo(index)
        return True

    def selected_ids(self) -> list[str]:
        return [index.data(ID_ROLE) for index in self._table.selectionModel().selectedRows()]

    def selected_deliverables(self) -> list[Deliverable]:
        """The selected deliverables, in the order the table shows them."""
        rows = sorted(self._table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [index.data(OBJECT_ROLE) for index in rows]

    def first_selected_row(self) -> int:
        return min(index.row() for index in self._table.selectionModel().selectedRows())

    def current_deliverable(self) -> Deliverable | None:
        index = self._table.currentIndex()
        return index.data(OBJECT_ROLE) if index.isValid() else None

    def current_objective_number(self) -> int | None:
        index = self._objectives.currentIndex()
        return index.data(NUMBER_ROLE) if index.isValid() else None

    def current_objective(self) -> Objective | None:
        index = self._objectives.currentIndex()
        objective: Objective | None = index.data(OBJECT_ROLE) if index.isValid() else None
        return objective
