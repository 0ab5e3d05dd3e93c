"""The registers mounted in the window: tabs beside the deliverables, and links on a deliverable.

The deliverables' filter and table become the first tab; the inspectorate
findings and the committee actions are the next two. The period selector
above the tabs applies to all three. Under the deliverable editor, the
register items that link the deliverable chosen ("Answers AFI 1 (PEEL 2022)").
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableView, QTabWidget, QVBoxLayout, QWidget

from nhp_planner.ui.register_commands import REGISTER_COMMANDS
from nhp_planner.ui.register_view import AnswersLabel, RegisterView
from nhp_planner.ui.roles import ID_ROLE
from nhp_planner.ui.session import PlanSession


class RegisterTabs(QTabWidget):
    """Deliverables, Inspectorate findings, Committee actions."""

    def __init__(self, parent: QWidget, filter_bar: QWidget, table: QTableView) -> None:
        super().__init__(parent)
        self.setAccessibleName("Plan and registers")
        # Tabs over the page, no frame around it: the frame's width is the Date column's at 150%.
        self.setDocumentMode(True)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(filter_bar)
        layout.addWidget(table, 1)
        self.finding_view = RegisterView("findings", self)
        self.action_view = RegisterView("actions", self)
        self.addTab(page, "Deliverables")
        self.addTab(self.finding_view, "Inspectorate findings")
        self.addTab(self.action_view, "Committee actions")
        self.answers = AnswersLabel(parent)
        self._table = table
        self._session: PlanSession | None = None
        #: Where the undo stack stood when last seen, to tell which commands moved it.
        self._index = 0
        table.selectionModel().currentRowChanged.connect(self._show_answers)

    def set_session(self, session: PlanSession | None) -> None:
        if self._session is not None:
            self._session.undo_stack.indexChanged.disconnect(self._stack_moved)
            self._session.reloaded.disconnect(self._reloaded)
        self._session = session
        if session is not None:
            session.undo_stack.indexChanged.connect(self._stack_moved)
            session.reloaded.connect(self._reloaded)
            self._index = session.undo_stack.index()
        self.finding_view.set_session(session)
        self.action_view.set_session(session)
        self._reloaded()

    def _stack_moved(self, index: int) -> None:
        """An edit, undo or redo: the links are read again only if it was to a register."""
        stack = self._session.undo_stack if self._session is not None else None
        low, high = sorted((self._index, index))
        if stack is not None and any(
            isinstance(stack.command(n), REGISTER_COMMANDS) for n in range(low, high)
        ):
            self.answers.forget()
        self._index = index
        self._show_answers()

    def _reloaded(self) -> None:
        self.answers.forget()
        if self._session is not None:
            self._index = self._session.undo_stack.index()
        self._show_answers()

    def _show_answers(self) -> None:
        index = self._table.currentIndex()
        self.answers.show_for(self._session, index.data(ID_ROLE) if index.isValid() else None)
