"""The plan's objectives as a Qt list, led by "All objectives", each with its RAG counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from nhp_planner.model.entities import Objective
from nhp_planner.model.summary import RagCounts
from nhp_planner.ui.rag_style import describe_counts
from nhp_planner.ui.roles import (
    ACCESSIBLE_TEXT,
    DISPLAY,
    EDIT,
    ID_ROLE,
    NUMBER_ROLE,
    OBJECT_ROLE,
    RAG_COUNTS_ROLE,
    TOOLTIP,
)

if TYPE_CHECKING:
    from nhp_planner.ui.session import PlanSession

_Index = QModelIndex | QPersistentModelIndex

ALL_OBJECTIVES = "All objectives"


def objective_label(objective: Objective) -> str:
    """ "2. Community engagement", or "Objective 2" when the plan gives no title."""
    return (
        f"{objective.number}. {objective.title}"
        if objective.title
        else f"Objective {objective.number}"
    )


class ObjectiveListModel(QAbstractListModel):
    """Row 0 is the whole plan; then the objectives in number order."""

    def __init__(self, session: PlanSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._objectives: list[Objective] = []
        self._counts: dict[int, RagCounts] = {}
        self._overall = RagCounts()

    # ------------------------------------------------------------ Qt interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self._objectives)

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        objective = self._objective_at(index.row())
        if role == DISPLAY:
            return ALL_OBJECTIVES if objective is None else objective_label(objective)
        if role == EDIT:
            return "" if objective is None else objective.title or ""
        if role == OBJECT_ROLE:
            return objective
        if role == ID_ROLE:
            return None if objective is None else objective.id
        if role == NUMBER_ROLE:
            return None if objective is None else objective.number
        if role == RAG_COUNTS_ROLE:
            return self._counts_of(objective)
        if role in (TOOLTIP, ACCESSIBLE_TEXT):
            name = ALL_OBJECTIVES if objective is None else objective_label(objective)
            return f"{name}: {describe_counts(self._counts_of(objective))}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.row() > 0 and self._session.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = EDIT) -> bool:
        """Renaming in the list pushes a Rename objective command."""
        objective = self._objective_at(index.row()) if index.isValid() else None
        if role != EDIT or objective is None:
            return False
        return self._session.rename_objective(objective.id, str(value).strip() or None)

    # ------------------------------------------------------------ for the session

    def objectives(self) -> list[Objective]:
        return list(self._objectives)

    def row_of_number(self, number: int | None) -> int:
        """The row of objective ``number``; row 0 ("All objectives") when there is none."""
        return next(
            (row for row, o in enumerate(self._objectives, start=1) if o.number == number), 0
        )

    def sync(self, objectives: Sequence[Objective]) -> None:
        """Show the store's objectives now: exact removes, changes, moves and inserts."""
        wanted = {o.id: o for o in objectives}
        for row in range(len(self._objectives), 0, -1):
            if self._objectives[row - 1].id not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._objectives[row - 1]
                self.endRemoveRows()
        updated = [wanted[o.id] for o in self._objectives]
        changed = {new.id for old, new in zip(self._objectives, updated, strict=True) if old != new}
        reordered = sorted(updated, key=lambda o: o.number)
        if [o.id for o in reordered] != [o.id for o in updated]:
            self._relayout(reordered)
        else:
            self._objectives = updated
        for row, objective in enumerate(self._objectives, start=1):
            if objective.id in changed:
                self.dataChanged.emit(self.index(row), self.index(row))
        for objective in sorted(objectives, key=lambda o: o.number):
            if objective.id not in {o.id for o in self._objectives}:
                row = 1 + sum(o.number < objective.number for o in self._objectives)
                self.beginInsertRows(QModelIndex(), row, row)
                self._objectives.insert(row - 1, objective)
                self.endInsertRows()

    def set_counts(self, counts: Mapping[int, RagCounts], overall: RagCounts) -> None:
        """New RAG counts; only the rows whose counts changed are told."""
        old = self._counts
        self._counts = dict(counts)
        changed = [
            row
            for row, o in enumerate(self._objectives, start=1)
            if old.get(o.number) != self._counts.get(o.number)
        ]
        if overall != self._overall:
            self._overall = overall
            changed.insert(0, 0)
        roles = [RAG_COUNTS_ROLE, TOOLTIP, ACCESSIBLE_TEXT]
        for row in changed:
            self.dataChanged.emit(self.index(row), self.index(row), roles)

    # ------------------------------------------------------------ internals

    def _relayout(self, objectives: list[Objective]) -> None:
        """Renumbering moved objectives: one layout change that carries the selection along."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._objectives[i.row() - 1].id if i.row() > 0 else None for i in before]
        self._objectives = objectives
        rows = {o.id: row for row, o in enumerate(objectives, start=1)}
        after = [self.index(0 if i is None else rows[i], 0) for i in ids]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _objective_at(self, row: int) -> Objective | None:
        return None if row == 0 else self._objectives[row - 1]

    def _counts_of(self, objective: Objective | None) -> RagCounts:
        if objective is None:
            return self._overall
        return self._counts.get(objective.number, RagCounts())
