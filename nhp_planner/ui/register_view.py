"""A register beside the deliverables: its table, a filter, and an editor, in the window's style.

One :class:`RegisterView` per register (inspectorate findings, committee
actions), shown as a tab next to the deliverables; it follows the period
selector and the undo stack, and every edit it makes is an undo command.
Links are chosen by ticking them in a searchable list of the period's
deliverables (and, for an action, of the inspectorate items; ``link_picker``),
and shown both ways: "Delivered by 0.1, 0.4" on an item, "Answers AFI 1
(PEEL 2022)" on a deliverable (``register_tabs.AnswersLabel``). Imported when a
register's tab is first shown: the window starts without it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.actions import ActionStatus, CommitteeAction
from nhp_planner.model.errors import NhpError
from nhp_planner.model.findings import FindingKind, FindingScope, FindingStatus, InspectorateItem
from nhp_planner.model.rag import ALL_RAGS, Rag
from nhp_planner.model.refs import ref_sort_key
from nhp_planner.ui.link_picker import LinkPicker
from nhp_planner.ui.register_commands import (
    AddRegisterItemCommand,
    DeleteRegisterItemCommand,
    EditRegisterItemCommand,
    RegisterEntry,
)
from nhp_planner.ui.session import PlanSession

ITEM_ROLE = Qt.ItemDataRole.UserRole + 40
#: What a header click sorts by: the register's own order in the first column (AFI 2 before
#: AFI 10, by report then ref), the text shown in the others.
SORT_ROLE = Qt.ItemDataRole.UserRole + 42
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class RegisterColumn:
    title: str
    text: Callable[[Any, dict[str, str]], str]
    #: Its first width, in characters; never narrower than its title.
    chars: int = 8


FINDING_COLUMNS = (
    RegisterColumn("Ref", lambda i, _r: i.label, 14),
    RegisterColumn("Area", lambda i, _r: i.area, 12),
    RegisterColumn("Finding", lambda i, _r: i.text, 30),
    RegisterColumn("RAG", lambda i, _r: i.rag.label),
    RegisterColumn("Status", lambda i, _r: i.status.value, 10),
    RegisterColumn("Update", lambda i, _r: i.progress, 30),
    RegisterColumn("Delivered by", lambda i, r: _refs(i.deliverable_ids, r)),
)
ACTION_COLUMNS = (
    RegisterColumn("No.", lambda a, _r: a.number, 9),
    RegisterColumn("Meeting Date & Reference", lambda a, _r: a.meeting, 14),
    RegisterColumn("Action", lambda a, _r: a.action, 30),
    RegisterColumn("Owner", lambda a, _r: a.owner or "", 12),
    RegisterColumn("Status", lambda a, _r: a.status_text, 12),
    RegisterColumn(
        "Due",
        lambda a, _r: " → ".join(a.due_dates) + (" (re-set)" if a.was_reset else ""),
        12,
    ),
    RegisterColumn("Deliverables", lambda a, r: _refs(a.deliverable_ids, r)),
)


def _refs(ids: Sequence[str], refs: dict[str, str]) -> str:
    return ", ".join(sorted((refs[i] for i in ids if i in refs), key=ref_sort_key))


class RegisterModel(QAbstractTableModel):
    """The register's items in the period shown; reset whenever the plan changes under it."""

    def __init__(self, columns: Sequence[RegisterColumn], parent: QWidget) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._items: list[RegisterEntry] = []
        self._refs: dict[str, str] = {}

    def set_items(self, items: Sequence[RegisterEntry], refs: dict[str, str]) -> None:
        self.beginResetModel()
        self._items, self._refs = list(items), refs
        self.endResetModel()

    def item(self, row: int) -> RegisterEntry:
        return self._items[row]

    def row_of(self, item_id: str) -> int:
        return next((n for n, item in enumerate(self._items) if item.id == item_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()].text(item, self._refs)
        if role == ITEM_ROLE:
            return item
        if role == SORT_ROLE:  # the items are kept in the register's own order
            column = index.column()
            return index.row() if column == 0 else self._columns[column].text(item, self._refs)
        return None


class RegisterView(QWidget):
    """One register: filter and table on the left, its editor on the right."""

    def __init__(self, kind: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.kind = kind
        self.session: PlanSession | None = None
        self._stale = True
        self._columns = FINDING_COLUMNS if kind == "findings" else ACTION_COLUMNS
        self.model = RegisterModel(self._columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._built = False

    def setVisible(self, visible: bool) -> None:
        # Built as it is first shown, before it shows: the window starts without a register's
        # table and editor, and its first frame has only the deliverables' table.
        if visible and not self._built:
            self._build()
        super().setVisible(visible)

    def _build(self) -> None:
        """The filter, table and editor."""
        self._built = True
        findings = self.kind == "findings"
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter: any word of the text, lead, status…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the register")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        # In the register's own order (report, then ref: 1, 2 ... 10) until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAccessibleName("Inspectorate findings" if findings else "Committee actions")
        header = self.table.horizontalHeader()
        char = self.table.fontMetrics().averageCharWidth()
        for number, column in enumerate(self._columns):
            header.resizeSection(number, max(header.sectionSizeHint(number), column.chars * char))
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.add_button = QPushButton("Add", self)
        self.delete_button = QPushButton("Delete", self)
        self.add_button.clicked.connect(self.add_item)
        self.delete_button.clicked.connect(self.delete_item)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        self.editor = RegisterEditor(self.kind, self)
        self.editor.save_button.clicked.connect(self.save_item)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        # Scrolls rather than setting the window's least height: a laptop at 150% still fits.
        scroller = QScrollArea(self)
        scroller.setWidgetResizable(True)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setWidget(self.editor)
        # It scrolls down, never across: never narrower than the form, or the form is cut off.
        scroller.setMinimumWidth(
            self.editor.minimumSizeHint().width()
            + scroller.verticalScrollBar().sizeHint().width()
            + 2 * scroller.frameWidth()
        )
        splitter.addWidget(scroller)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # ------------------------------------------------------------- keeping in step

    def set_session(self, session: PlanSession | None) -> None:
        if self.session is not None:
            self.session.undo_stack.indexChanged.disconnect(self.refresh)
            self.session.period_changed.disconnect(self.refresh)
            self.session.reloaded.disconnect(self.refresh)
        self.session = session
        if session is not None:
            session.undo_stack.indexChanged.connect(self.refresh)
            session.period_changed.connect(self.refresh)
            session.reloaded.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Read the register for the period shown, keeping the current item if it is still there.

        A register not on screen is only marked stale, and read when it is shown:
        an edit to a deliverable in a 10,000-row plan never waits for it.
        """
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        current = self.current_item()
        session = self.session
        if session is None:
            self.model.set_items([], {})
            self.editor.show_item(None)
            return
        store, period = session.store, session.period
        # The window's own copy of the period's deliverables: no second read of 10,000 rows.
        deliverables = sorted(
            session.deliverables.deliverables() if period else [],
            key=lambda d: ref_sort_key(d.ref),
        )
        register = store.findings if self.kind == "findings" else store.actions
        items = register.items(period) if period else []
        findings = store.findings.items(period) if period and self.kind == "actions" else []
        self.model.set_items(items, {d.id: d.ref for d in deliverables})
        self.editor.set_choices(deliverables, findings)
        editable = session.editable
        for widget in (self.add_button, self.delete_button, self.editor.save_button):
            widget.setEnabled(editable)
        if current is not None and self.select(current.id):
            return
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self.editor.show_item(None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def select(self, item_id: str) -> bool:
        row = self.model.row_of(item_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self._show_current()
        return True

    def current_item(self) -> RegisterEntry | None:
        index = self.table.currentIndex()
        return index.data(ITEM_ROLE) if index.isValid() else None

    def _show_current(self) -> None:
        self.editor.show_item(self.current_item())

    # ------------------------------------------------------------------ edits

    def _push(self, command: Any, select: str | None) -> None:
        if self.session is None:
            return
        try:
            self.session.push(command)
        except NhpError as error:
            self.editor.message.setText(str(error))
            return
        self.editor.message.setText("")
        if select is not None:
            self.select(select)

    def save_item(self) -> None:
        before = self.current_item()
        if before is None or self.session is None:
            return
        after = self.editor.edited(before)
        if after != before:
            self._push(EditRegisterItemCommand(self.session, before, after), after.id)

    def add_item(self) -> None:
        if self.session is None:
            return
        count = self.model.rowCount() + 1
        item: RegisterEntry
        if self.kind == "findings":
            item = InspectorateItem(report="PEEL", ref=str(count), text="New area for improvement")
        else:
            item = CommitteeAction(number=f"{count}/{_year(self.session)}/P", action="New action")
        self._push(AddRegisterItemCommand(self.session, item), item.id)

    def delete_item(self) -> None:
        item = self.current_item()
        if item is not None and self.session is not None:
            self._push(DeleteRegisterItemCommand(self.session, item), None)


def _year(session: PlanSession) -> int:
    return session.period.year if session.period else 2024


class RegisterEditor(QWidget):
    """The fields of the item chosen, and the lists its links are chosen from."""

    def __init__(self, kind: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.kind = kind
        form = QFormLayout()
        self.fields: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        if kind == "findings":
            specs: list[tuple[str, str, Any]] = [
                ("report", "Report", None),
                ("ref", "Ref", None),
                ("kind", "Type", [k.value for k in FindingKind]),
                ("scope", "Scope", [s.value for s in FindingScope]),
                ("area", "Area", None),
                ("text", "Finding", "long"),
                ("lead", "Lead", None),
                ("rag", "RAG", [r.label for r in ALL_RAGS]),
                ("status", "Status", [s.value for s in FindingStatus]),
                ("target_text", "Target date", None),
                ("progress", "Update", "long"),
            ]
        else:
            specs = [
                ("number", "No.", None),
                ("meeting", "Meeting", None),
                ("action", "Action", "long"),
                ("owner", "Owner", None),
                ("status", "Status", [s.value for s in ActionStatus]),
                ("update", "Update", "long"),
                ("due_text", "Due date", None),
            ]
        for name, label, choice in specs:
            widget: QLineEdit | QPlainTextEdit | QComboBox
            if choice == "long":
                widget = QPlainTextEdit(self)
                widget.setTabChangesFocus(True)
                widget.setMaximumHeight(90)
            elif choice is None:
                widget = QLineEdit(self)
            else:
                widget = QComboBox(self)
                widget.addItems(choice)
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            widget.setAccessibleName(label)
            form.addRow(caption, widget)
            self.fields[name] = widget
        self.due_history = QLabel(self)
        self.due_history.setWordWrap(True)
        if kind == "actions":
            form.addRow("Earlier due dates", self.due_history)
        self.deliverables = LinkPicker("a deliverable", "Linked deliverables", self)
        form.addRow(
            QLabel("Delivered by" if kind == "findings" else "Deliverables", self),
            self.deliverables,
        )
        self.findings = LinkPicker("an inspectorate item", "Linked inspectorate items", self)
        if kind == "actions":
            form.addRow(QLabel("Inspectorate items", self), self.findings)
        else:
            self.findings.hide()  # an item links deliverables only
        self.save_button = QPushButton("Save changes", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def set_choices(
        self, deliverables: Sequence[Any], findings: Sequence[InspectorateItem]
    ) -> None:
        self.deliverables.set_choices(
            [(d.id, f"{d.ref}  {d.commitment[:70]}") for d in deliverables]
        )
        self.findings.set_choices([(i.id, i.label) for i in findings])

    def show_item(self, item: RegisterEntry | None) -> None:
        self.setEnabled(item is not None)
        if item is None:
            return
        values = item.to_fields()
        for name, widget in self.fields.items():
            text = values.get(name) or ""
            if name == "rag":
                text = item.rag.label  # type: ignore[union-attr]
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findText(text)))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(text)
            else:
                widget.setText(text)
        if isinstance(item, CommitteeAction):
            self.due_history.setText(", then ".join(item.due_history) or "none (not re-set)")
        self.deliverables.set_checked(item.deliverable_ids)
        self.findings.set_checked(getattr(item, "finding_ids", ()))

    def edited(self, item: RegisterEntry) -> RegisterEntry:
        """The item with the editor's values."""
        text = {name: _text(widget) for name, widget in self.fields.items()}
        links = self.deliverables.checked()
        if isinstance(item, InspectorateItem):
            return replace(
                item,
                report=text["report"],
                ref=text["ref"],
                kind=FindingKind(text["kind"]),
                scope=FindingScope(text["scope"]),
                area=text["area"],
                text=text["text"],
                lead=text["lead"] or None,
                rag=next((r for r in ALL_RAGS if r.label == text["rag"]), Rag.NOT_RATED),
                status=FindingStatus(text["status"]),
                target_text=text["target_text"],
                progress=text["progress"],
                deliverable_ids=tuple(sorted(links)),
            )
        edited = replace(
            item,
            number=text["number"],
            meeting=text["meeting"],
            action=text["action"],
            owner=text["owner"] or None,
            status=ActionStatus(text["status"]),
            update=text["update"],
            deliverable_ids=tuple(sorted(links)),
            finding_ids=self.findings.checked(),
        )
        return edited.with_due(text["due_text"])


def _text(widget: QLineEdit | QPlainTextEdit | QComboBox) -> str:
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    return widget.text().strip()
