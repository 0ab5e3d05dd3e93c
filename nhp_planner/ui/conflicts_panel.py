"""Resolving merge conflicts: mine, theirs and the common original side by side.

Used by the merge dialog (straight after a merge) and by File ▸ Resolve
Conflicts (any time later). Each resolution is saved as it is made, in one
transaction with its change-history rows; the store keeps both sides' values
in the history whatever is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.entities import DUPLICATE, EXISTS, Conflict
from nhp_planner.model.errors import NhpError
from nhp_planner.model.plural import counted
from nhp_planner.model.rag import ALL_RAGS
from nhp_planner.model.wording import field_name, short, value_text, when_text
from nhp_planner.ui import messages
from nhp_planner.ui.rag_style import pill_icon
from nhp_planner.ui.session import PlanSession
from nhp_planner.ui.text_table import text_table


def _who(by: str | None, at: str | None) -> str:
    if not (by or at):
        return ""
    return f"{by or 'someone'}, {when_text(at)}" if at else str(by)


class _Side:
    """One value of a conflicting field, read-only and selectable, with who set it and when.

    Its heading wraps: as a group box's title it could not, and the longest headings ("…
    in this plan (shown until resolved)") took their width from the other sides. The
    panel lays the sides out in one grid, so their values start level however the
    headings wrap.
    """

    def __init__(self, title: str, parent: QWidget) -> None:
        self.heading = QLabel(title, parent)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # a copy's file name is data
        self.heading.setWordWrap(True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.value = QPlainTextEdit(parent)
        self.value.setReadOnly(True)
        self.value.setAccessibleName(title)
        self.who = QLabel(parent)
        self.who.setWordWrap(True)
        self.who.setEnabled(False)

    def place(self, grid: QGridLayout, column: int) -> None:
        """Heading, value and who in ``column`` of the sides' ``grid``."""
        for row, widget in enumerate((self.heading, self.value, self.who)):
            grid.addWidget(widget, row, column)
        grid.setColumnStretch(column, 1)

    def title(self) -> str:
        return self.heading.text()

    def show_value(self, title: str, text: str, who: str) -> None:
        self.heading.setText(title)
        self.value.setPlainText(text)
        self.who.setText(who)


class ConflictsPanel(QWidget):
    """Every unresolved conflict in a list; the chosen one in full, with the ways to settle it."""

    #: A conflict was resolved (the plan was reloaded); the count left.
    resolved = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._conflicts: list[Conflict] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.list = text_table(
            self, ["Item", "Field", "From", "This plan", "The copy"], [], stretch=(3, 4)
        )
        self.list.setAccessibleName("Unresolved conflicts")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.currentCellChanged.connect(lambda *_: self._show_chosen())

        self.mine = _Side("This plan", self)
        self.theirs = _Side("The copy", self)
        self.base = _Side("Original", self)
        sides = QGridLayout()
        for column, side in enumerate((self.mine, self.theirs, self.base)):
            side.place(sides, column)
        sides.setRowStretch(1, 1)

        self.edit_text = QPlainTextEdit(self)
        self.edit_text.setAccessibleName("Edited value")
        self.edit_text.setPlaceholderText("Write the value to keep, e.g. both summaries joined")
        self.edit_rag = QComboBox(self)
        self.edit_rag.setAccessibleName("Edited value")
        for rag in ALL_RAGS:
            self.edit_rag.addItem(pill_icon(rag, self.palette()), rag.label, rag.value)
        # A stack sizes its page to all of its height: the RAG's box was 110 pixels tall.
        self._rag_page = QWidget(self)
        rag_layout = QVBoxLayout(self._rag_page)
        rag_layout.setContentsMargins(0, 0, 0, 0)
        rag_layout.addWidget(self.edit_rag)
        rag_layout.addStretch(1)
        self.edit_stack = QStackedWidget(self)
        self.edit_stack.addWidget(self.edit_text)
        self.edit_stack.addWidget(self._rag_page)
        self.edit_stack.setMaximumHeight(110)
        edit_label = QLabel("&Or edit:", self)
        edit_label.setBuddy(self.edit_text)

        self.keep_mine = QPushButton("&Keep Mine", self)
        self.keep_mine.setToolTip("Keep this plan's value; the copy's stays in the history")
        self.take_theirs = QPushButton("&Take Theirs", self)
        self.take_theirs.setToolTip("Use the copy's value; this plan's stays in the history")
        self.use_edited = QPushButton("&Use Edited Value", self)
        self.keep_all_mine = QPushButton("Keep &All Mine", self)
        self.keep_all_mine.setToolTip("Settle every conflict listed by keeping this plan's values")
        self.take_all_theirs = QPushButton("Take All T&heirs", self)
        self.take_all_theirs.setToolTip("Settle every conflict listed by using the copies' values")
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.take_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.use_edited.clicked.connect(lambda: self._resolve("value"))
        self.keep_all_mine.clicked.connect(lambda: self._resolve("mine", every=True))
        self.take_all_theirs.clicked.connect(lambda: self._resolve("theirs", every=True))

        one = QHBoxLayout()
        for button in (self.keep_mine, self.take_theirs, self.use_edited):
            one.addWidget(button)
        one.addStretch(1)
        for button in (self.keep_all_mine, self.take_all_theirs):
            one.addWidget(button)

        detail = QWidget(self)
        grid = QGridLayout(detail)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addLayout(sides, 0, 0, 1, 2)
        grid.addWidget(edit_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.edit_stack, 1, 1)
        grid.addLayout(one, 2, 0, 1, 2)
        grid.setRowStretch(0, 1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setSizes([150, 450])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.refresh()

    @property
    def conflicts(self) -> list[Conflict]:
        """The unresolved conflicts listed, in the order shown."""
        return list(self._conflicts)

    def choose(self, conflict_id: str) -> None:
        """Show one conflict (e.g. the one whose link was clicked in the editor)."""
        for row, conflict in enumerate(self._conflicts):
            if conflict.id == conflict_id:
                self.list.setCurrentCell(row, 0)

    def refresh(self) -> None:
        """Read the unresolved conflicts afresh and keep the same row chosen, or the next one."""
        row = max(0, self.list.currentRow())
        self._conflicts = self._session.store.conflicts()
        table: QTableWidget = self.list
        table.setRowCount(0)
        table.setRowCount(len(self._conflicts))
        for n, conflict in enumerate(self._conflicts):
            cells = (
                conflict.label,
                field_name(conflict.field),
                conflict.source,
                short(value_text(conflict.field, conflict.mine)),
                short(value_text(conflict.field, conflict.theirs)),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(n, column, item)
        count = len(self._conflicts)
        if count:
            self.summary.setText(
                f"{counted(count, 'conflict')} to resolve. Until you do, every "
                "copy shows the later change and the board pack lists the conflict. Whatever you "
                "choose, both values stay in the change history, and your choice goes to the "
                "other copies with the next merge."
            )
            table.setCurrentCell(min(row, count - 1), 0)
        else:
            self.summary.setText("No conflicts to resolve: every copy's changes are in the plan.")
        self._show_chosen()

    # ------------------------------------------------------------ internals

    def _chosen(self) -> Conflict | None:
        row = self.list.currentRow()
        return self._conflicts[row] if 0 <= row < len(self._conflicts) else None

    def _show_chosen(self) -> None:
        conflict = self._chosen()
        have = conflict is not None
        for button in (self.keep_mine, self.take_theirs, self.use_edited):
            button.setEnabled(have and not self._session.read_only)
        for button in (self.keep_all_mine, self.take_all_theirs):
            button.setEnabled(bool(self._conflicts) and not self._session.read_only)
        if conflict is None:
            for side in (self.mine, self.theirs, self.base):
                side.show_value(side.title(), "", "")
            self.edit_text.clear()
            return
        if conflict.field == DUPLICATE:
            self._show_duplicate(conflict)
            return
        name = field_name(conflict.field)
        now = {conflict.shown: " (shown until resolved)"}
        self.mine.show_value(
            f"{name} in this plan{now.get('mine', '')}",
            value_text(conflict.field, conflict.mine),
            _who(conflict.mine_by, conflict.mine_at),
        )
        self.theirs.show_value(
            f"{name} in {conflict.source}{now.get('theirs', '')}",
            value_text(conflict.field, conflict.theirs),
            _who(conflict.theirs_by, conflict.theirs_at),
        )
        self.base.show_value(
            f"{name} before either changed it",
            value_text(conflict.field, conflict.base),
            "The value both copies started from",
        )
        is_rag = conflict.field == "rag"
        self.edit_stack.setCurrentWidget(self._rag_page if is_rag else self.edit_text)
        self.edit_stack.setEnabled(conflict.field != EXISTS)
        self.use_edited.setEnabled(have and conflict.field != EXISTS)
        if is_rag:
            self.edit_rag.setCurrentIndex(max(0, self.edit_rag.findData(conflict.mine)))
        else:
            self.edit_text.setPlainText(conflict.mine or "")

    def _show_duplicate(self, conflict: Conflict) -> None:
        """Two deliverables with one reference: either choice renumbers the flagged one."""
        self.mine.show_value(
            "Reference now", conflict.mine or "", f"Also added by {conflict.mine_by or 'someone'}"
        )
        self.theirs.show_value(
            "Next free reference", conflict.theirs or "", "Keep mine or Take theirs renumbers to it"
        )
        self.base.show_value(
            "Shared by two deliverables",
            conflict.base or "",
            "Both were added offline, in different copies",
        )
        self.edit_stack.setCurrentWidget(self.edit_text)
        self.edit_stack.setEnabled(True)
        self.edit_text.setPlainText(conflict.theirs or "")

    def _edited_value(self) -> str | None:
        if self.edit_stack.currentWidget() is self._rag_page:
            value: str = self.edit_rag.currentData()
            return value
        return self.edit_text.toPlainText().strip() or None

    def _resolve(self, take: str, *, every: bool = False) -> None:
        conflict = self._chosen()
        chosen = self._conflicts if every else [conflict] if conflict else []
        if not chosen:
            return
        if every:
            whose = "this plan's values" if take == "mine" else "the copies' values"
            if not messages.confirm(
                self,
                f"Settle all {len(chosen)} conflicts with {whose}?",
                "The other values stay in the change history.",
                action="Keep All Mine" if take == "mine" else "Take All Theirs",
            ):
                return
        value = self._edited_value() if take == "value" else None
        try:
            self._session.resolve_conflicts([c.id for c in chosen], take, value)
        except NhpError as error:
            messages.show_error(self, "The conflict was not resolved.", error)
            return
        self.refresh()
        self.resolved.emit(len(self._conflicts))
