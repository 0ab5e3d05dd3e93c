"""The deliverables of the open plan as a Qt table: Ref, Deliverable, Lead, RAG, Date, Updated.

An adapter with no business rules: it shows what the store holds, and an edit
made in a cell (``setData``) becomes an undoable command on the plan's stack.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from nhp_planner.model.dates import format_date
from nhp_planner.model.entities import Conflict, Deliverable
from nhp_planner.model.movement import rag_move
from nhp_planner.model.rag import Rag, parse_rag
from nhp_planner.model.wording import SHOWN_MOVES, field_name, movement_text, value_text
from nhp_planner.ui.deliverable_filter import RowFacts
from nhp_planner.ui.icons import warning_icon
from nhp_planner.ui.roles import (
    ACCESSIBLE_TEXT,
    CONFLICT_ROLE,
    DECORATION,
    DISPLAY,
    EDIT,
    FILTER_ROLE,
    FONT,
    ID_ROLE,
    MOVE_ROLE,
    OBJECT_ROLE,
    OVERDUE_ROLE,
    RAG_ROLE,
    SORT_ROLE,
    TOOLTIP,
)

if TYPE_CHECKING:
    from nhp_planner.ui.session import PlanSession

_Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    REF = 0
    DELIVERABLE = 1
    LEAD = 2
    RAG = 3
    DATE = 4
    UPDATED = 5


COLUMNS = len(Column)
#: Characters of the commitment shown in its cell; the tooltip and editor have all of it.
_LONGEST_CELL = 240
_DATE = int(Column.DATE)
_REF = int(Column.REF)
HEADERS = ("Ref", "Deliverable", "Lead", "RAG", "Date", "Updated")
HEADER_TIPS = (
    "The deliverable's reference: 1.10 comes after 1.9",
    "What the plan commits to",
    "Who leads the deliverable",
    "The RAG rating in this reporting period; ▲ better or ▼ worse than the period before, "
    "★ new since then",
    "The date as written; a warning sign marks an overdue one",
    "When it was last updated in this reporting period",
)
#: The field a cell edit changes, for the columns that can be edited in the table.
EDITABLE_FIELDS = {Column.LEAD: "lead", Column.RAG: "rag", Column.DATE: "date_text"}
NOT_YET = "not yet"


def updated_day(updated_at: str | None) -> dt.datetime | None:
    """The local time of an ISO "updated at" mark, or None when not yet updated."""
    if not updated_at:
        return None
    try:
        return dt.datetime.fromisoformat(updated_at).astimezone()
    except ValueError:
        return None


class _Row:
    """One deliverable with everything the table shows worked out once per change."""

    __slots__ = (
        "before",
        "cells",
        "conflicts",
        "deliverable",
        "facts",
        "keys",
        "move",
        "overdue",
        "updated",
    )

    def __init__(
        self,
        deliverable: Deliverable,
        today: dt.date,
        before: Deliverable | None = None,
        *,
        compared: bool = False,
        conflicts: tuple[Conflict, ...] = (),
    ) -> None:
        self.deliverable = deliverable
        #: The deliverable in the period before; ``move`` is None when there is no such period.
        self.before = before
        self.move = rag_move(before, deliverable) if compared else None
        self.conflicts = conflicts
        self.overdue = deliverable.is_overdue(today)
        self.updated = updated_day(deliverable.updated_at)
        self.cells = (
            deliverable.ref,
            # One line, and no longer than the widest column can show: eliding a long
            # text measures all of it, at every paint.
            " ".join(deliverable.commitment[:_LONGEST_CELL].split()),
            deliverable.lead or "",
            deliverable.rag.label,
            deliverable.date_text,
            format_date(self.updated.date()) if self.updated else NOT_YET,
        )
        self.facts = RowFacts(
            search_text=(
                f"{deliverable.ref}\n{deliverable.commitment}\n{deliverable.summary_position}"
            ).casefold(),
            rag=deliverable.rag,
            overdue=self.overdue,
            lead=deliverable.lead or "",
            objective=deliverable.objective,
            updated=deliverable.updated_at is not None,
        )
        # Worked out now, with the row: a first sort by a column of 10,000 rows then
        # only compares.
        self.keys = tuple(key(self) for key in _SORT_KEYS)

    def sort_key(self, column: int) -> Any:
        """The column's key; ties are settled by the Ref column's key (see the proxy)."""
        return self.keys[column]


def _date_key(row: _Row) -> tuple[bool, dt.date, str]:
    """Due dates in order, then the undated (Ongoing, TBC...) by their text."""
    due = row.deliverable.date.due
    return (due is None, due or dt.date.max, row.deliverable.date_text.casefold())


_SORT_KEYS: tuple[Callable[[_Row], Any], ...] = (
    lambda row: row.deliverable.sort_key,
    lambda row: row.cells[Column.DELIVERABLE].casefold(),
    lambda row: (not row.cells[Column.LEAD], row.cells[Column.LEAD].casefold()),
    lambda row: row.deliverable.rag.rank,
    _date_key,
    lambda row: row.deliverable.updated_at or "",
)


class DeliverableTableModel(QAbstractTableModel):
    """The plan's deliverables in one reporting period, one row each, in the order loaded.

    Rows are not kept in reference order: the proxy sorts, so an added
    deliverable is simply appended and a renumbered one only changes a cell.
    """

    def __init__(self, session: PlanSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._rows: list[_Row] = []
        self._row_of: dict[str, int] = {}
        self._bold = QFont(QApplication.font())
        self._bold.setBold(True)
        self._warning: QIcon | None = None  # made when a cell first shows one
        self._flags: list[Qt.ItemFlag] = []
        self.set_editable(False)

    def _warning_icon(self) -> QIcon:
        if self._warning is None:
            self._warning = warning_icon()
        return self._warning

    # ------------------------------------------------------------ Qt interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == DISPLAY:
            return HEADERS[section]
        if role == TOOLTIP:
            return HEADER_TIPS[section]
        return None

    def data(self, index: _Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        return self.data_at(index.row(), index.column(), role)

    def data_at(self, row_number: int, column: int, role: int) -> Any:
        """``data()`` by row and column: how the proxy asks, without an index for every cell."""
        row = self._rows[row_number]
        if role == DISPLAY:
            return row.cells[column]
        if role == FILTER_ROLE:
            return row.facts
        if role == SORT_ROLE:
            return row.sort_key(column)
        if role == OBJECT_ROLE:
            return row.deliverable
        if role == RAG_ROLE:
            return row.deliverable.rag
        if role == ID_ROLE:
            return row.deliverable.id
        if role == OVERDUE_ROLE:
            return row.overdue
        if role == EDIT:
            return row.deliverable.date_text if column == _DATE else row.cells[column]
        if role == MOVE_ROLE:
            return row.move
        if role == CONFLICT_ROLE:
            return bool(row.conflicts)
        if role == DECORATION:
            marked = row.overdue if column == _DATE else column == _REF and row.conflicts
            return self._warning_icon() if marked else None
        if role == FONT:
            return self._bold if column == _DATE and row.overdue else None
        if role == TOOLTIP:
            return self._tooltip(row, column)
        if role == ACCESSIBLE_TEXT:
            return self._spoken(row, column)
        return None

    def column_data(self, column: int, role: int) -> list[Any]:
        """One role of every row in a column, in one call: how the proxy reads sort keys."""
        if role == SORT_ROLE:
            return [row.keys[column] for row in self._rows]
        if role == FILTER_ROLE:
            return [row.facts for row in self._rows]
        return [self.data_at(n, column, role) for n in range(len(self._rows))]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self._flags[index.column()]

    def column_flags(self, column: int) -> Qt.ItemFlag:
        """Every row of a column has the same flags (editable unless the plan is read-only)."""
        return self._flags[column]

    def setData(self, index: _Index, value: Any, role: int = EDIT) -> bool:
        """A cell edit: pushes the matching command (Set RAG, Set date...) onto the undo stack."""
        if role != EDIT or not index.isValid() or index.column() not in EDITABLE_FIELDS:
            return False
        field = EDITABLE_FIELDS[Column(index.column())]
        new: Any = value
        if field == "rag" and not isinstance(value, Rag):
            new = parse_rag(str(value))
            if new is None:
                return False
        elif field == "lead":
            new = str(value).strip() or None
        elif field == "date_text":
            new = str(value).strip()
        return self._session.edit_deliverable(self._rows[index.row()].deliverable.id, field, new)

    # ------------------------------------------------------------ for the session

    def deliverables(self) -> list[Deliverable]:
        return [row.deliverable for row in self._rows]

    def deliverable(self, deliverable_id: str) -> Deliverable | None:
        row = self._row_of.get(deliverable_id)
        return None if row is None else self._rows[row].deliverable

    def row_of(self, deliverable_id: str) -> int | None:
        return self._row_of.get(deliverable_id)

    def leads(self) -> list[str]:
        """Every lead named in the plan, alphabetically."""
        return sorted({row.cells[Column.LEAD] for row in self._rows} - {""}, key=str.casefold)

    def set_editable(self, editable: bool) -> None:
        """Cells of the editable columns can be edited (the period shown is open), or none can."""
        shown = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        cell = shown | Qt.ItemFlag.ItemIsEditable if editable else shown
        self._flags = [cell if c in EDITABLE_FIELDS else shown for c in Column]

    def reset(self, deliverables: Iterable[Deliverable]) -> None:
        self.beginResetModel()
        self.set_editable(self._session.editable)
        today = self._session.as_at()
        self._rows = [self._row(d, today) for d in deliverables]
        self._reindex()
        self.endResetModel()

    def refresh(self) -> None:
        """Work the rows out again (a new day can make a deliverable overdue)."""
        self.reset(self.deliverables())

    def replace(self, deliverable: Deliverable) -> None:
        """Show a changed deliverable, notifying just the cells that changed."""
        row = self._row_of[deliverable.id]
        old = self._rows[row]
        new = self._row(deliverable, self._session.as_at())
        self._rows[row] = new
        changed = [
            c
            for c in Column
            if old.cells[c] != new.cells[c]
            or (c == Column.DATE and old.overdue != new.overdue)
            or (c == Column.RAG and old.move != new.move)
        ]
        if changed:
            self.dataChanged.emit(self.index(row, min(changed)), self.index(row, max(changed)))
        elif old.deliverable != deliverable:
            # Only what no cell shows changed (the summary position): the row's objects did.
            self.dataChanged.emit(
                self.index(row, 0),
                self.index(row, COLUMNS - 1),
                [OBJECT_ROLE, FILTER_ROLE],
            )

    def insert(self, deliverables: Sequence[Deliverable]) -> None:
        """Append deliverables (the proxy puts them in their place)."""
        if not deliverables:
            return
        first = len(self._rows)
        today = self._session.as_at()
        self.beginInsertRows(QModelIndex(), first, first + len(deliverables) - 1)
        self._rows.extend(self._row(d, today) for d in deliverables)
        self._reindex()
        self.endInsertRows()

    def remove(self, deliverable_ids: Iterable[str]) -> None:
        """Take deliverables out, a run of adjacent rows at a time, from the bottom up."""
        rows = sorted((self._row_of[i] for i in deliverable_ids), reverse=True)
        while rows:
            last = first = rows.pop(0)
            while rows and rows[0] == first - 1:
                first = rows.pop(0)
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self._reindex()
            self.endRemoveRows()

    # ------------------------------------------------------------ internals

    def _row(self, deliverable: Deliverable, today: dt.date) -> _Row:
        session = self._session
        return _Row(
            deliverable,
            today,
            session.before(deliverable),
            compared=session.previous_period is not None,
            conflicts=session.conflicts_of(deliverable.id),
        )

    def _reindex(self) -> None:
        self._row_of = {row.deliverable.id: n for n, row in enumerate(self._rows)}

    def _tooltip(self, row: _Row, column: int) -> str | None:
        deliverable = row.deliverable
        if column == Column.REF and row.conflicts:
            return self._conflicts_text(row.conflicts)
        if column == Column.DELIVERABLE:
            # Rich text, so that long commitments wrap instead of running off the screen.
            return (
                f"<p>{html.escape(deliverable.commitment)}</p>" if deliverable.commitment else None
            )
        if column == Column.RAG:
            meaning = self._session.plan.rag_key.meaning(deliverable.rag)
            moved = self._movement_text(row)
            return f"{deliverable.rag.label}: {meaning}" + (f"\n{moved}" if moved else "")
        if column == Column.DATE:
            reading = deliverable.date.describe(deliverable.rag, self._session.as_at())
            return reading[:1].upper() + reading[1:]
        if column == Column.UPDATED:
            return self._updated_text(row)
        return None

    def _spoken(self, row: _Row, column: int) -> str:
        if column == Column.REF and row.conflicts:
            return f"{row.cells[column]}, unresolved merge conflict"
        if column == Column.RAG:
            moved = self._movement_text(row)
            return f"RAG {row.deliverable.rag.label}" + (f", {moved[2:]}" if moved else "")
        if column == Column.DATE and row.overdue:
            return f"{row.deliverable.date_text}, overdue"
        if column == Column.UPDATED:
            return self._updated_text(row)
        return row.cells[column]

    def _movement_text(self, row: _Row) -> str:
        """ "▲ Improved: was AMBER in January 2024"; "" with no period before, or unchanged."""
        previous = self._session.previous_period
        if row.move is None or previous is None or row.move not in SHOWN_MOVES:
            return ""
        return movement_text(row.move, row.before, previous)

    def _conflicts_text(self, conflicts: tuple[Conflict, ...]) -> str:
        lines = ["Unresolved merge conflict (File ▸ Resolve Conflicts…):"]
        for conflict in conflicts:
            mine = value_text(conflict.field, conflict.mine)
            theirs = value_text(conflict.field, conflict.theirs)
            printed = value_text(conflict.field, conflict.printed)
            lines.append(
                f"{field_name(conflict.field)}: “{mine}” here, “{theirs}” in {conflict.source}; "
                f"shown until resolved: “{printed}”"
            )
        return "\n".join(lines)

    def _updated_text(self, row: _Row) -> str:
        if row.updated is not None:
            return f"Updated {format_date(row.updated.date())} at {row.updated:%H:%M}"
        period = self._session.period
        return f"Not yet updated for {period.label}" if period else "Not yet updated"
