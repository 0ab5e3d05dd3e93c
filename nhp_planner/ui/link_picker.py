"""Choosing a register item's links from a long list: a search box over a list with ticks.

A plan may have 10,000 deliverables. The choices are a plain list behind a
Qt model, so the view asks only for the rows on screen and nothing is built
per choice; choosing another item only swaps the set of ticked ids. Typing in
the search box narrows the list to the choices whose text holds the words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

_Index = QModelIndex | QPersistentModelIndex
_CHECKED = Qt.ItemDataRole.CheckStateRole


class LinkChoices(QAbstractListModel):
    """The choices, (id, text) each, and which ids are ticked."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 41

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._choices: list[tuple[str, str]] = []
        self._rows: dict[str, int] = {}
        self.checked: set[str] = set()

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        self.beginResetModel()
        self._choices = list(choices)
        self._rows = {item_id: row for row, (item_id, _) in enumerate(self._choices)}
        self.endResetModel()

    def set_checked(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        changed = (self.checked ^ wanted) & self._rows.keys()
        self.checked = wanted
        for item_id in changed:
            index = self.index(self._rows[item_id])
            self.dataChanged.emit(index, index, [_CHECKED])

    def text_of(self, item_id: str) -> str | None:
        row = self._rows.get(item_id)
        return None if row is None else self._choices[row][1]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._choices)

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        item_id, text = self._choices[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == _CHECKED:
            ticked = item_id in self.checked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == self.ID_ROLE:
            return item_id
        return None

    def setData(self, index: _Index, value: Any, role: int = 0) -> bool:
        if role != _CHECKED or not index.isValid():
            return False
        item_id = self._choices[index.row()][0]
        state = value.value if isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked.value:
            self.checked.add(item_id)
        else:
            self.checked.discard(item_id)
        self.dataChanged.emit(index, index, [_CHECKED])
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable


class LinkPicker(QWidget):
    """What an item links: "Linked: 0.1, 0.4", a search box, and the list to tick from."""

    def __init__(self, noun: str, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.model = LinkChoices(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(f"Find {noun} to link: ref or words…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Find {noun} to link")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(name)
        self.list.setUniformItemSizes(True)  # no measuring 10,000 rows to lay them out
        self.list.setMaximumHeight(160)
        self.model.dataChanged.connect(self._summarise)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.search)
        layout.addWidget(self.list)

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        self.model.set_choices(choices)
        self._summarise()

    def set_checked(self, ids: Iterable[str]) -> None:
        self.model.set_checked(ids)
        self._summarise()

    def checked(self) -> tuple[str, ...]:
        return tuple(sorted(self.model.checked))

    def _summarise(self) -> None:
        names = [self.model.text_of(i) for i in self.model.checked]
        shown = sorted(name.split("  ", 1)[0] for name in names if name is not None)
        self.summary.setText(f"Linked: {', '.join(shown)}" if shown else "Linked: none")
