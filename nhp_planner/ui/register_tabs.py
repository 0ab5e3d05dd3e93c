"""The registers mounted in the window: tabs beside the deliverables, and links on a deliverable.

The deliverables' filter and table become the first tab; the inspectorate
findings and the committee actions are the next two. The period selector
above the tabs applies to all three. Under the deliverable editor, the
register items that link the deliverable chosen ("Answers AFI 1 (PEEL 2022)").

A register's view (:mod:`register_view`, with its editor, link picker and
commands) is imported and made when its tab is first shown, or first asked
for: the window's first frame shows only the deliverables' tab.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QTabWidget, QVBoxLayout, QWidget

from nhp_planner.ui.roles import ID_ROLE

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from typing import Any

    from nhp_planner.model.store.register_edits import RegisterEdits
    from nhp_planner.ui.register_view import RegisterView
    from nhp_planner.ui.session import PlanSession

#: The registers' tabs after the deliverables', in order: the register, the tab's title.
REGISTERS = (("findings", "Inspectorate findings"), ("actions", "Committee actions"))


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
        self.addTab(page, "Deliverables")
        #: Each register's page, empty until its view is made.
        self._pages: dict[str, QWidget] = {}
        self._views: dict[str, RegisterView] = {}
        for kind, title in REGISTERS:
            self._pages[kind] = QWidget(self)
            self.addTab(self._pages[kind], title)
        self.currentChanged.connect(self._on_tab_shown)
        self.answers = AnswersLabel(parent)
        self._table = table
        self._session: PlanSession | None = None
        #: Where the undo stack stood when last seen, to tell which commands moved it.
        self._index = 0
        table.selectionModel().currentRowChanged.connect(self._show_answers)

    @property
    def finding_view(self) -> RegisterView:
        return self.view("findings")

    @property
    def action_view(self) -> RegisterView:
        return self.view("actions")

    def view(self, kind: str) -> RegisterView:
        """The register's view ("findings" or "actions"), made on first use."""
        view = self._views.get(kind)
        if view is None:
            from nhp_planner.ui.register_view import RegisterView

            page = self._pages[kind]
            view = RegisterView(kind, page)
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(view)
            self._views[kind] = view
            view.set_session(self._session)
            if page.isVisible():  # its tab is the one shown: it shows now, not next turn
                view.show()
        return view

    def _on_tab_shown(self, index: int) -> None:
        for kind, page in self._pages.items():
            if self.widget(index) is page:
                self.view(kind)

    def set_session(self, session: PlanSession | None) -> None:
        if self._session is not None:
            self._session.undo_stack.indexChanged.disconnect(self._stack_moved)
            self._session.reloaded.disconnect(self._reloaded)
        self._session = session
        if session is not None:
            session.undo_stack.indexChanged.connect(self._stack_moved)
            session.reloaded.connect(self._reloaded)
            self._index = session.undo_stack.index()
        for view in self._views.values():
            view.set_session(session)
        self._reloaded()

    def _stack_moved(self, index: int) -> None:
        """An edit, undo or redo: the links are read again only if it was to a register."""
        from nhp_planner.ui.register_commands import REGISTER_COMMANDS

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


class AnswersLabel(QLabel):
    """Under the deliverable editor: the register items that link the deliverable chosen.

    Both registers are read once per period and kept by deliverable, so moving
    through 10,000 deliverables (a filter keystroke moves the current one) reads
    nothing; :meth:`forget` reads them again after a register edit or a reload.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName("Register links")
        self._links: dict[str, tuple[list[str], list[str]]] = {}
        self._read_for: tuple[int, str] | None = None

    def forget(self) -> None:
        """Read the registers again when next shown: they changed."""
        self._read_for = None

    def show_for(self, session: PlanSession | None, deliverable_id: str | None) -> None:
        if session is None or deliverable_id is None or session.period is None:
            self.setText("")
            return
        answers, acted = self._links_of(session).get(deliverable_id, ([], []))
        lines = [f"Answers {', '.join(answers)}"] if answers else []
        lines += [f"Committee: {', '.join(acted)}"] if acted else []
        self.setText("\n".join(lines))

    def _links_of(self, session: PlanSession) -> dict[str, tuple[list[str], list[str]]]:
        """Each linked deliverable's items and actions in the period shown, by their labels."""
        period = session.period
        key = (id(session), period.key if period else "")
        if self._read_for != key:
            links: dict[str, tuple[list[str], list[str]]] = {}
            registers: tuple[RegisterEdits[Any], ...] = (
                session.store.findings,
                session.store.actions,
            )
            for side, register in enumerate(registers):
                for item in register.items(period):
                    if item.deliverable_ids:
                        label = item.label
                        for deliverable_id in item.deliverable_ids:
                            links.setdefault(deliverable_id, ([], []))[side].append(label)
            self._links, self._read_for = links, key
        return self._links
