"""The main window: objectives on the left, the deliverables table, the editor on the right.

The window lays out its widgets and keeps them in step with the plan shown. What
each menu does lives in its own part (files and copies, import and export,
printing, periods, deliverables, objectives, edit and view), each given a
:class:`~nhp_planner.ui.window_context.WindowContext` rather than the window;
each part declares its actions as data (:mod:`nhp_planner.ui.actions`). The
title, the banner and files dropped on the window are its
:class:`~nhp_planner.ui.window_frame.WindowFrame`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QSettings, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nhp_planner.model.errors import NhpError
from nhp_planner.model.plan_file import write_blocker
from nhp_planner.ui import messages, preferences, settings
from nhp_planner.ui.actions import ActionSet, ActionSpec, ActionState
from nhp_planner.ui.banner import Banner
from nhp_planner.ui.deliverable_actions import DeliverableActions
from nhp_planner.ui.deliverable_model import Column
from nhp_planner.ui.deliverable_proxy import DeliverableSortProxy
from nhp_planner.ui.deliverable_table import make_deliverable_table
from nhp_planner.ui.edit_actions import EditActions, ViewActions
from nhp_planner.ui.editor import DeliverableEditor
from nhp_planner.ui.file_actions import FileActions
from nhp_planner.ui.filter_bar import FilterBar
from nhp_planner.ui.help_actions import HelpActions
from nhp_planner.ui.job_runner import JobRunner
from nhp_planner.ui.measure_actions import MeasureActions
from nhp_planner.ui.objective_actions import ObjectiveActions
from nhp_planner.ui.objective_pane import make_objective_pane
from nhp_planner.ui.period_actions import PeriodActions
from nhp_planner.ui.plan_actions import PlanActions
from nhp_planner.ui.print_actions import PrintActions
from nhp_planner.ui.register_tabs import RegisterTabs
from nhp_planner.ui.register_transfer_actions import RegisterTransferActions
from nhp_planner.ui.roles import ID_ROLE
from nhp_planner.ui.selection import Selection
from nhp_planner.ui.session import PlanSession, open_read_only, open_session
from nhp_planner.ui.status_line import ConflictsNotice, ProgressLine, StatusLine
from nhp_planner.ui.transfer_actions import TransferActions
from nhp_planner.ui.unsaved_typing import settle_typing
from nhp_planner.ui.window_context import WindowContext
from nhp_planner.ui.window_frame import WindowFrame
from nhp_planner.ui.window_layout import WindowLayout

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from nhp_planner.ui.jobs import Job

#: The menu bar, in order: each part's actions name one of these keys.
MENUS = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("deliverable", "&Deliverable"),
    ("objective", "&Objective"),
    ("period", "&Period"),
    ("plan", "Pla&n"),
    ("view", "&View"),
    ("help", "&Help"),
)


def _undo_signals(session: PlanSession) -> tuple[SignalInstance, ...]:
    """What changes the Undo and Redo actions: whether they can, and what they say."""
    stack = session.undo_stack
    return (
        stack.canUndoChanged,
        stack.canRedoChanged,
        stack.undoTextChanged,
        stack.redoTextChanged,
    )


class MainWindow(QMainWindow):
    """One plan at a time; every edit saves at once and can be undone."""

    #: A new plan (or none) is shown.
    session_changed = Signal()

    def __init__(
        self,
        app_settings: QSettings,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = app_settings
        self._today = today
        self.session: PlanSession | None = None
        self._proxy = DeliverableSortProxy(self)
        self._last_current: str | None = None
        self._build_widgets()
        self._jobs = JobRunner(self)
        self._selection = Selection(self.table, self._proxy, self.objective_list, self.editor)
        self._status = StatusLine(
            current_session=lambda: self.session,
            proxy=self._proxy,
            filter_bar=self.filter_bar,
            selection=self._selection,
            shown_label=self.shown_label,
            totals_label=self.totals_label,
            progress_label=self.progress_label,
            conflicts_notice=self.conflicts_notice,
        )
        self._build_parts()
        self._connect_widgets()
        self._layout = WindowLayout(self, self.splitter, self.table, app_settings)
        self._layout.restore()
        self._update_actions()

    # ------------------------------------------------------------ building

    def _build_widgets(self) -> None:
        self.banner = Banner(self)
        self.banner.hide()

        left, self.objective_list = make_objective_pane(self)

        self.filter_bar = FilterBar(self)
        self.table = make_deliverable_table(self._proxy, self)
        deliverables_label = QLabel("Delivera&bles", self)
        deliverables_label.setBuddy(self.table)
        # "12 of 55 not yet updated for February 2024 · show them": whom to chase.
        self.progress_label = ProgressLine(self)
        self.period_box = QComboBox(self)
        self.period_box.setAccessibleName("Reporting period")
        self.period_box.setToolTip(
            "The reporting period shown. Earlier periods are kept as they stood and are "
            "read-only unless reopened (Period menu)."
        )
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_label = QLabel("Reportin&g period:", self)
        self.period_label.setBuddy(self.period_box)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 6, 0, 6)
        heading = QHBoxLayout()
        heading.addWidget(deliverables_label)
        heading.addStretch(1)
        heading.addWidget(self.period_label)
        heading.addWidget(self.period_box)
        centre_layout.addLayout(heading)
        centre_layout.addWidget(self.progress_label)
        # The registers around the plan (issue 20): tabs beside the deliverables.
        self.registers = RegisterTabs(self, self.filter_bar, self.table)
        centre_layout.addWidget(self.registers, 1)

        self.editor = DeliverableEditor(self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 6, 6)
        right_layout.addWidget(self.editor)
        right_layout.addWidget(self.registers.answers)
        # A register has its own editor: on its tab the deliverable's pane gives it the room
        # (a laptop's 1366 pixels do not hold both editors), and comes back with the table.
        self.registers.currentChanged.connect(lambda tab: right.setVisible(tab == 0))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setChildrenCollapsible(False)

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.banner)
        body_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(body)

        self.shown_label = QLabel(self)
        self.totals_label = QLabel(self)
        self.conflicts_notice = ConflictsNotice(self)
        self.statusBar().addWidget(self.shown_label)
        self.statusBar().addPermanentWidget(self.conflicts_notice)
        self.statusBar().addPermanentWidget(self.totals_label)

        self.setTabOrder(self.objective_list, self.period_box)
        self.setTabOrder(self.period_box, self.progress_label)
        self.setTabOrder(self.progress_label, self.filter_bar.search)
        self.setTabOrder(self.filter_bar.clear_button, self.table)
        self.setTabOrder(self.table, self.editor.history_button)

    def _build_parts(self) -> None:
        """Each menu's part, its actions, then the menus and toolbar they fill."""
        context = WindowContext(
            parent=self,
            settings=self._settings,
            today=self._today,
            current_session=lambda: self.session,
            open_plan=self.open_plan,
            editor=self.editor,
            filter_bar=self.filter_bar,
            selection=self._selection,
            status_bar=self.statusBar(),
            jobs=self._jobs,
        )
        self.files = FileActions(context, self.close, lambda: self.set_session(None))
        self.transfer = TransferActions(context)
        self.register_transfer = RegisterTransferActions(context)
        self.printing = PrintActions(context)
        self.edits = EditActions(context)
        self.deliverables = DeliverableActions(context)
        self.objectives = ObjectiveActions(context, self.objective_list)
        self.periods = PeriodActions(context, self.period_box)
        self.views = ViewActions(context, self.objective_list, self.table)
        self.measures = MeasureActions(context)
        self.plans = PlanActions(context)
        self.help = HelpActions(context)
        self._frame = WindowFrame(self, self.banner, self.files, self.transfer, self.periods)
        self._actions = ActionSet(self, {"table": self.table, "objectives": self.objective_list})
        # In this order within each menu group and toolbar group.
        self._actions.add(self.files.action_specs())
        self._actions.add(self.transfer.action_specs())
        self._actions.add(self.register_transfer.action_specs())
        self._actions.add(self.printing.action_specs())
        self._actions.add(self.edits.action_specs(), self.edits.refresh)
        self._actions.add(self.deliverables.action_specs())
        self._actions.add(self.objectives.action_specs())
        self._actions.add(self.periods.action_specs(), self.periods.refresh)
        self._actions.add(self.views.action_specs())
        self._actions.add(self.measures.action_specs())
        self._actions.add(self.plans.action_specs())
        self._actions.add(self.help.action_specs())
        self._actions.fill_menus(self.menuBar(), MENUS)
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._actions.fill_toolbar(toolbar)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _connect_widgets(self) -> None:
        self.filter_bar.changed.connect(self._apply_filter)
        self.filter_bar.results_wanted.connect(self._go_to_results)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._on_table_current_changed)
        selection.selectionChanged.connect(self._update_actions)
        # Choosing rows changes only how many are selected: no need to count RAGs again.
        selection.selectionChanged.connect(self._status.show_shown)
        for signal in (
            self._proxy.layoutChanged,
            self._proxy.rowsInserted,
            self._proxy.rowsRemoved,
            self._proxy.modelReset,
        ):
            signal.connect(self._status.update_counts)
        self.editor.pending_changed.connect(self._update_actions)
        self.editor.resolve_requested.connect(self.files.resolve_conflicts)
        self.conflicts_notice.clicked.connect(lambda: self.files.resolve_conflicts())

    def action(self, name: str) -> QAction:
        """The action of that object name (``"undo"``, ``"export_excel"``…)."""
        return self._actions[name]

    @property
    def action_specs(self) -> tuple[ActionSpec, ...]:
        """Every action as declared: its name, text, shortcut, menu…"""
        return self._actions.specs

    # ------------------------------------------------------------ plans

    def open_plan(self, path: Path) -> bool:
        """Show the plan at ``path``; False (after saying why) when it cannot be opened."""
        if not settle_typing(self, self.editor, self.session, ask=True):
            return False
        session: PlanSession | None
        try:
            # A read-only file or folder opens read-only, saying why, not refused.
            blocker = write_blocker(path)
            if blocker is not None:
                session = open_read_only(path, blocker, today=self._today)
            else:
                session = open_session(path, self, today=self._today)
        except NhpError as error:
            messages.show_error(self, f"The plan “{path.name}” could not be opened.", error)
            return False
        if session is None:
            return False
        if not session.read_only:
            session.store.record_as(preferences.history_name(self._settings))
        self.set_session(session)
        settings.remember_plan(self._settings, path, copy=session.store.copied_from is not None)
        return True

    def set_session(self, session: PlanSession | None) -> None:
        """Show another plan (closing the one shown, whose edits are all saved already)."""
        # The status line is worked out once, for the plan as shown at the end.
        with self._status.held():
            self.editor.commit_pending()
            old = self.session
            self.session = session
            self.editor.set_session(None)
            self.registers.set_session(session)
            if old is not None:
                for signal in _undo_signals(old):
                    signal.disconnect(self._update_actions)
            if session is None:
                self.objective_list.setModel(None)
            else:
                columns_known = self._proxy.columnCount() > 0
                self._proxy.setSourceModel(session.deliverables)
                if not columns_known:
                    self._layout.restore_columns()
                self.objective_list.setModel(session.objectives)
                self.objective_list.selectionModel().currentRowChanged.connect(self._apply_filter)
                self.objective_list.selectionModel().currentRowChanged.connect(self._update_actions)
                session.objectives.layoutChanged.connect(self._apply_filter)
                session.objectives.dataChanged.connect(self._apply_filter)
                session.changed.connect(self._on_session_changed)
                session.plan_changed.connect(self._show_plan_details)
                session.reloaded.connect(self._on_period_changed)
                session.period_changed.connect(self._on_period_changed)
                for signal in _undo_signals(session):
                    signal.connect(self._update_actions)
                self.editor.set_session(session)
                session.hold.lost.connect(self.files.plan_lost)
                self.objective_list.setCurrentIndex(session.objectives.index(0))
                lead = session.store.lead_filter
                self.filter_bar.clear()
                self._on_session_changed()
                if lead:
                    found = self.filter_bar.lead.findData(lead)
                    self.filter_bar.lead.setCurrentIndex(max(0, found))
                self._selection.select_row(0)
            if old is not None:
                old.close()
                old.deleteLater()
            self._show_plan_details()
        self._update_actions()
        self.session_changed.emit()

    def _show_plan_details(self) -> None:
        self.periods.fill_selector()
        self._status.update_progress()
        self._frame.show_plan(self.session)

    # ------------------------------------------------------------ keeping in step

    def _apply_filter(self) -> None:
        chosen = self._selection.selected_ids()
        self._proxy.set_filter(self.filter_bar.value(self._selection.current_objective_number()))
        if not self.table.currentIndex().isValid() and self._proxy.rowCount():
            # What was chosen is filtered out: show the first match instead of nothing.
            self._selection.select_row(0)
        elif chosen and not self._selection.selected_ids():
            self._selection.select_row(0)
        self._status.update_counts()
        self._status.update_progress_if_stale()

    def _go_to_results(self) -> None:
        """Enter in the search: to the first row found (or the one chosen among them)."""
        if not self.table.currentIndex().isValid():
            self._selection.select_row(0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_session_changed(self) -> None:
        session = self.session
        if session is None:
            return
        model = session.deliverables
        self.filter_bar.set_leads(
            model.leads(), any_unnamed=any(d.lead is None for d in model.deliverables())
        )
        self.editor.set_leads(model.leads())
        # A plan that names no leads (many trackers do not) needs no empty column.
        self.table.setColumnHidden(Column.LEAD, not model.leads())
        self._status.update_counts()
        self._status.update_progress()

    def _on_period_changed(self) -> None:
        """Another period is shown (or the one shown opened or closed): show what that means."""
        session = self.session
        if session is None:
            return
        self.editor.set_editable(session.editable)
        self._show_plan_details()
        self._apply_filter()
        if not self.table.currentIndex().isValid() and not (
            self._last_current is not None and self.select_deliverable(self._last_current)
        ):
            self._selection.select_row(0)
        self._update_actions()

    def select_deliverable(self, deliverable_id: str) -> bool:
        """Make a deliverable current (if it is shown); True if it is."""
        if self.session is None:
            return False
        return self._selection.select_deliverable(self.session.deliverables, deliverable_id)

    def _on_table_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            # Kept across a change of period, which resets the table: the same one is shown.
            self._last_current = current.data(ID_ROLE)
        self.editor.show_index(self._proxy.mapToSource(current))
        self._update_actions()

    def _update_actions(self) -> None:
        session = self.session
        self._actions.update(
            ActionState(
                session=session,
                chosen=bool(session is not None and self.table.selectionModel().selectedRows()),
                current=self._selection.current_deliverable(),
                objective=self._selection.current_objective(),
                typing=self.editor.has_pending(),
            )
        )

    # ------------------------------------------------------------ files and jobs

    def import_file(self, path: Path) -> None:
        """Read a tracker off the UI thread, show what it would change, then import on Yes."""
        self.transfer.import_file(path)

    def print_rag_summary(self, printer: QPrinter) -> None:
        self.printing.print_rag_summary(printer)

    @property
    def jobs(self) -> list[Job]:
        """The long jobs running now."""
        return self._jobs.running

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._frame.drag_entered(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._frame.dropped(event)

    # ------------------------------------------------------------ window state

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._layout.fit_when_shown()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._actions.refresh_icons(self.palette())
            self.filter_bar.refresh_icons()
        super().changeEvent(event)

    def close_for_signal(self) -> None:
        """Close as the system asked (logout, shutdown): nobody is there to answer a question."""
        self._asked_to_stop = True
        self.close()

    _asked_to_stop = False

    def closeEvent(self, event: QCloseEvent) -> None:
        if not settle_typing(self, self.editor, self.session, ask=not self._asked_to_stop):
            event.ignore()
            return
        self._jobs.cancel_all()
        self._layout.save()
        self.set_session(None)
        super().closeEvent(event)
