"""Sorting and filtering the deliverables table by role, in Python, fast enough for 10,000 rows.

QSortFilterProxyModel asks the source for every row's data through Qt on each
keystroke and compares in C++ with conversions: about 130 ms to filter and
440 ms to sort 10,000 deliverables. This proxy keeps each row's FILTER_ROLE
facts and SORT_ROLE keys (read once per change) and filters and sorts them in
plain Python, which takes a few milliseconds.

Notifications are exact: a source row added, removed or changed becomes an
insert, remove, move or ``dataChanged`` here; a new filter or sort order is one
layout change that carries the selection along, as QSortFilterProxyModel's own
``invalidate()`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from nhp_planner.ui.deliverable_filter import DeliverableFilter, RowFacts
from nhp_planner.ui.deliverable_model import DeliverableTableModel
from nhp_planner.ui.roles import DISPLAY, EDIT, FILTER_ROLE, SORT_ROLE

_Index = QModelIndex | QPersistentModelIndex

#: The column whose keys settle ties in every other column (the reference).
TIE_COLUMN = 0


class DeliverableSortProxy(QAbstractProxyModel):
    """Shows the source rows that pass a DeliverableFilter, ordered by one column's SORT_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: DeliverableTableModel | None = None
        self._filter = DeliverableFilter()
        self._sort_column = TIE_COLUMN
        self._descending = False
        self._facts: list[RowFacts] = []
        #: Sort keys by column, one per source row, read when first sorted by.
        self._keys: dict[int, list[Any]] = {}
        #: Every source row in reference order, kept until a row changes.
        self._ref_order: list[int] | None = None
        #: Every source row in sort order, and those shown (the mapping).
        self._order: list[int] = []
        self._rows: list[int] = []
        self._position: dict[int, int] = {}

    # ------------------------------------------------------------ the source

    def setSourceModel(self, source: DeliverableTableModel) -> None:  # type: ignore[override]
        self.beginResetModel()
        if self._source is not None:
            for signal, slot in self._connections(self._source):
                signal.disconnect(slot)
        super().setSourceModel(source)
        self._source = source
        for signal, slot in self._connections(source):
            signal.connect(slot)
        self._rebuild()
        self.endResetModel()

    def _connections(self, source: QAbstractItemModel) -> list[tuple[Any, Callable[..., None]]]:
        return [
            (source.dataChanged, self._on_source_data_changed),
            (source.rowsAboutToBeRemoved, self._on_source_rows_about_to_be_removed),
            (source.rowsRemoved, self._on_source_rows_removed),
            (source.rowsInserted, self._on_source_rows_inserted),
            (source.modelAboutToBeReset, self._on_source_about_to_reset),
            (source.modelReset, self._on_source_reset),
            (source.layoutAboutToBeChanged, self._on_source_about_to_reset),
            (source.layoutChanged, self._on_source_reset),
        ]

    # ------------------------------------------------------------ Qt interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._source is None:
            return 0
        return self._source.columnCount()

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._rows)):
            return QModelIndex()
        if not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: _Index | None = None) -> Any:
        # One name for two methods in PySide: QObject.parent() and the model's parent(index).
        if child is None:
            return super().parent()
        return QModelIndex()

    def sibling(self, row: int, column: int, index: _Index) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def mapToSource(self, proxy_index: _Index) -> QModelIndex:
        if not proxy_index.isValid() or self._source is None:
            return QModelIndex()
        return self._source.index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: _Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        position = self._position.get(source_index.row())
        return (
            QModelIndex() if position is None else self.createIndex(position, source_index.column())
        )

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        if self._source is None or not index.isValid():
            return None
        return self._source.data_at(self._rows[index.row()], index.column(), role)

    def setData(self, index: _Index, value: Any, role: int = EDIT) -> bool:
        if self._source is None or not index.isValid():
            return False
        return self._source.setData(self.mapToSource(index), value, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if self._source is None or not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self._source.column_flags(index.column())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if self._source is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == DISPLAY and 0 <= section < len(self._rows) else None
        return self._source.headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by a column's SORT_ROLE; ties keep reference order either way."""
        if self._source is None:
            return
        column = column if 0 <= column < self.columnCount() else TIE_COLUMN
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return  # already so: every change since has kept the order (the view asks twice)
        self._sort_column = column
        self._descending = descending
        self._order = self._sorted()
        self._relayout(self._filtered(self._order))

    # ------------------------------------------------------------ filtering

    @property
    def filter(self) -> DeliverableFilter:
        return self._filter

    def set_filter(self, flt: DeliverableFilter) -> None:
        """Show only the rows that pass ``flt`` (one layout change; the selection follows)."""
        if flt == self._filter:
            return
        # Typing on in the search only ever hides rows: check just those shown.
        candidates = self._rows if flt.narrows(self._filter) else self._order
        self._filter = flt
        self._relayout(self._filtered(candidates))

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def shown_facts(self) -> Iterator[RowFacts]:
        """The facts of the rows shown, for the status bar's counts."""
        facts = self._facts
        return (facts[row] for row in self._rows)

    def total_rows(self) -> int:
        return len(self._facts)

    # ------------------------------------------------------------ internals

    def _filtered(self, rows: list[int]) -> list[int]:
        """The rows, in the order given, that pass the filter (the text first: it is quickest).

        Always a new list: the proxy's shown rows must never be its sort order itself.
        """
        facts = self._facts
        rows = list(rows)
        for word in self._filter.words:
            rows = [row for row in rows if word in facts[row].search_text]
        others = self._filter.facts_matcher()
        if others is not None:
            rows = [row for row in rows if others(facts[row])]
        return rows

    def _accepts(self, row: int) -> bool:
        return self._filter.accepts(self._facts[row])

    def _read(self, row: int, column: int, role: int) -> Any:
        assert self._source is not None
        return self._source.data_at(row, column, role)

    def _rebuild(self) -> None:
        self._facts = [] if self._source is None else self._source.column_data(0, FILTER_ROLE)
        self._keys = {}
        self._ref_order = None
        self._order = self._sorted()
        self._rows = self._filtered(self._order)
        self._position = {row: n for n, row in enumerate(self._rows)}

    def _column_keys(self, column: int) -> list[Any]:
        keys = self._keys.get(column)
        if keys is None:
            assert self._source is not None
            keys = self._keys[column] = self._source.column_data(column, SORT_ROLE)
        return keys

    def _sorted(self) -> list[int]:
        """Every source row, in the current order."""
        if self._ref_order is None:
            ties = self._column_keys(TIE_COLUMN)
            self._ref_order = sorted(range(len(self._facts)), key=ties.__getitem__)
        ordered = list(self._ref_order)
        if self._sort_column != TIE_COLUMN:
            # Python's sort is stable, also in reverse: ties stay in reference order.
            keys = self._column_keys(self._sort_column)
            ordered.sort(key=keys.__getitem__, reverse=self._descending)
        elif self._descending:
            ordered.reverse()
        return ordered

    def _before(self, a: int, b: int) -> bool:
        """Whether source row ``a`` sorts before ``b`` in the current order."""
        ties = self._column_keys(TIE_COLUMN)
        if self._sort_column == TIE_COLUMN:
            return bool(ties[a] > ties[b] if self._descending else ties[a] < ties[b])
        keys = self._column_keys(self._sort_column)
        if keys[a] != keys[b]:
            return bool(keys[a] > keys[b] if self._descending else keys[a] < keys[b])
        return bool(ties[a] < ties[b])

    def _place(self, rows: list[int], row: int) -> int:
        """Where ``row`` goes in the sorted list ``rows`` (after any equal to it)."""
        low, high = 0, len(rows)
        while low < high:
            middle = (low + high) // 2
            if self._before(row, rows[middle]):
                high = middle
            else:
                low = middle + 1
        return low

    def _relayout(self, rows: list[int]) -> None:
        """Show ``rows`` instead, carrying persistent indexes (selection, current) along."""
        if rows == self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        sources = [self._rows[i.row()] if i.isValid() else None for i in before]
        self._rows = rows
        self._position = {row: n for n, row in enumerate(rows)}
        after = []
        for old, source in zip(before, sources, strict=True):
            position = None if source is None else self._position.get(source)
            after.append(
                QModelIndex() if position is None else self.createIndex(position, old.column())
            )
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _on_source_about_to_reset(self, *args: object) -> None:
        self.beginResetModel()

    def _on_source_reset(self, *args: object) -> None:
        self._rebuild()
        self.endResetModel()

    def _on_source_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        self._ref_order = None
        added = last - first + 1

        def shifted(row: int) -> int:
            return row + added if row >= first else row

        self._order = [shifted(row) for row in self._order]
        self._rows = [shifted(row) for row in self._rows]
        self._position = {row: n for n, row in enumerate(self._rows)}
        new = range(first, last + 1)
        self._facts[first:first] = [self._read(row, 0, FILTER_ROLE) for row in new]
        for column, keys in self._keys.items():
            keys[first:first] = [self._read(row, column, SORT_ROLE) for row in new]
        for row in new:
            self._order.insert(self._place(self._order, row), row)
            if self._accepts(row):
                self._show(row)

    def _on_source_rows_about_to_be_removed(
        self, parent: QModelIndex, first: int, last: int
    ) -> None:
        shown = sorted(
            (self._position[row] for row in range(first, last + 1) if row in self._position),
            reverse=True,
        )
        for position in shown:
            self.beginRemoveRows(QModelIndex(), position, position)
            del self._rows[position]
            self._position = {row: n for n, row in enumerate(self._rows)}
            self.endRemoveRows()

    def _on_source_rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        self._ref_order = None
        removed = last - first + 1

        def shifted(row: int) -> int:
            return row - removed if row > last else row

        self._order = [shifted(row) for row in self._order if not first <= row <= last]
        self._rows = [shifted(row) for row in self._rows]
        self._position = {row: n for n, row in enumerate(self._rows)}
        del self._facts[first : last + 1]
        for keys in self._keys.values():
            del keys[first : last + 1]

    def _on_source_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        first, last = top_left.row(), bottom_right.row()
        self._ref_order = None
        for row in range(first, last + 1):
            self._facts[row] = self._read(row, 0, FILTER_ROLE)
            for column, keys in self._keys.items():
                keys[row] = self._read(row, column, SORT_ROLE)
        if first == last:
            self._move_one(first, top_left.column(), bottom_right.column(), roles)
            return
        self._order = self._sorted()
        self._relayout(self._filtered(self._order))
        self._forward_data_changed(
            range(first, last + 1), top_left.column(), bottom_right.column(), roles
        )

    def _move_one(self, row: int, left: int, right: int, roles: Sequence[int]) -> None:
        """One changed row: it may now sort elsewhere, or pass or fail the filter."""
        self._order.remove(row)
        self._order.insert(self._place(self._order, row), row)
        old = self._position.get(row)
        wanted = self._accepts(row)
        if old is not None:
            remaining = self._rows[:old] + self._rows[old + 1 :]
            if not wanted:
                self.beginRemoveRows(QModelIndex(), old, old)
                self._rows = remaining
                self._position = {r: n for n, r in enumerate(self._rows)}
                self.endRemoveRows()
                return
            new = self._place(remaining, row)
            if new != old:
                # Qt counts the destination before the move: one further down when moving down.
                destination = new + 1 if new > old else new
                self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), destination)
                remaining.insert(new, row)
                self._rows = remaining
                self._position = {r: n for n, r in enumerate(self._rows)}
                self.endMoveRows()
        elif wanted:
            self._show(row)
            return
        self._forward_data_changed([row], left, right, roles)

    def _show(self, row: int) -> None:
        position = self._place(self._rows, row)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self._position = {r: n for n, r in enumerate(self._rows)}
        self.endInsertRows()

    def _forward_data_changed(
        self, rows: Sequence[int] | range, left: int, right: int, roles: Sequence[int]
    ) -> None:
        for row in rows:
            position = self._position.get(row)
            if position is not None:
                self.dataChanged.emit(
                    self.createIndex(position, left), self.createIndex(position, right), list(roles)
                )
