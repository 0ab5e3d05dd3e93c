"""The main window: objectives on the left, the deliverables table, the editor on the right."""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nhp_planner import APP_NAME, __version__
from nhp_planner.io.importing import (
    EXCEL_SUFFIXES,
    SourceReading,
    apply_import,
    import_into_new_plan,
    preview_import,
    read_source,
)
from nhp_planner.model.entities import Deliverable, Objective, Plan
from nhp_planner.model.errors import NhpError
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import ALL_RAGS
from nhp_planner.model.store import PlanStore
from nhp_planner.model.summary import UpdateProgress
from nhp_planner.ui import file_dialogs, messages, settings
from nhp_planner.ui.delegates import ARROW_ROOM, CellDelegate, ObjectiveDelegate, RagDelegate
from nhp_planner.ui.deliverable_model import Column
from nhp_planner.ui.deliverable_proxy import DeliverableSortProxy
from nhp_planner.ui.editor import DeliverableEditor
from nhp_planner.ui.filter_bar import NO_LEAD, FilterBar
from nhp_planner.ui.icons import icon
from nhp_planner.ui.jobs import Job, with_progress
from nhp_planner.ui.rag_style import widest_pill
from nhp_planner.ui.roles import ID_ROLE, NUMBER_ROLE, OBJECT_ROLE
from nhp_planner.ui.session import PlanSession, open_session

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

log = logging.getLogger(__name__)

#: Files the window takes when dropped on it: trackers and plan JSON to import, plans to open.
IMPORTABLE = (*EXCEL_SUFFIXES, ".csv", ".json")
PLAN_SUFFIX = ".nhp"


class Banner(QFrame):
    """A strip across the top of the window: the sample plan, read-only, a closed period, a copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Notice")
        self.new_plan = QPushButton("Start a &New Plan…", self)
        self.import_tracker = QPushButton("&Import an Excel Tracker…", self)
        # Named for the period when shown: "Go to February 2024".
        self.go_current = QPushButton(self)
        self.reopen = QPushButton(self)
        self.close_period = QPushButton(self)
        self._buttons = (
            self.new_plan,
            self.import_tracker,
            self.go_current,
            self.reopen,
            self.close_period,
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        for button in self._buttons:
            layout.addWidget(button)
        self._tint()

    def show_notice(self, text: str, buttons: tuple[QPushButton, ...] = ()) -> None:
        """Show ``text`` with just the ``buttons`` that fit it."""
        self.text.setText(text)
        for button in self._buttons:
            button.setVisible(button in buttons)
        self.show()

    def changeEvent(self, event: QEvent) -> None:
        # The application's palette changed (light to dark): tint afresh from it.
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._tint()
        super().changeEvent(event)

    def _tint(self) -> None:
        """A wash of the highlight colour over the window colour: visible in light and dark."""
        palette = QApplication.palette(self)
        base = palette.color(QPalette.ColorRole.Window)
        accent = palette.color(QPalette.ColorRole.Highlight)
        palette.setColor(
            QPalette.ColorRole.Window,
            QColor(
                round(base.red() * 0.82 + accent.red() * 0.18),
                round(base.green() * 0.82 + accent.green() * 0.18),
                round(base.blue() * 0.82 + accent.blue() * 0.18),
            ),
        )
        self.setPalette(palette)


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
        self._jobs: list[Job] = []
        self._icons: dict[QAction, str] = {}
        self._proxy = DeliverableSortProxy(self)
        self._last_current: str | None = None
        #: The lead and "not yet updated" choice the progress line was last worked out for.
        self._progress_for: tuple[str | None, bool] | None = None
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._restore_layout()
        self._update_actions()

    # ------------------------------------------------------------ building

    def _build_widgets(self) -> None:
        self.banner = Banner(self)
        self.banner.hide()

        self.objective_list = QListView(self)
        self.objective_list.setAccessibleName("Objectives")
        self.objective_list.setItemDelegate(ObjectiveDelegate(self.objective_list))
        self.objective_list.setUniformItemSizes(True)
        # Titles wrap and bars shrink to the pane's width: never a sideways scroll.
        self.objective_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.objective_list.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.objective_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        objectives_label = QLabel("O&bjectives", self)
        objectives_label.setBuddy(self.objective_list)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(objectives_label)
        left_layout.addWidget(self.objective_list)

        self.filter_bar = FilterBar(self)
        self.filter_bar.changed.connect(self._apply_filter)
        self.table = QTableView(self)
        self.table.setAccessibleName("Deliverables")
        self.table.setModel(self._proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setShowGrid(False)
        self.table.setSortingEnabled(True)
        self.table.setTabKeyNavigation(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setItemDelegateForColumn(
            Column.REF, CellDelegate(self.table, marks_conflicts=True)
        )
        self.table.setItemDelegateForColumn(Column.RAG, RagDelegate(self.table))
        self.table.setItemDelegateForColumn(
            Column.DATE, CellDelegate(self.table, marks_overdue=True)
        )
        # Uniform row heights: measuring 10,000 rows (resizeRowsToContents) takes seconds.
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        # Choosing rows changes only how many are selected: no need to count RAGs again.
        self.table.selectionModel().selectionChanged.connect(self._show_shown)
        for signal in (
            self._proxy.layoutChanged,
            self._proxy.rowsInserted,
            self._proxy.rowsRemoved,
            self._proxy.modelReset,
        ):
            signal.connect(self._update_status)
        deliverables_label = QLabel("&Deliverables", self)
        deliverables_label.setBuddy(self.table)
        # "12 of 55 not yet updated for February 2024 · show them": whom to chase.
        self.progress_label = QLabel(self)
        self.progress_label.setAccessibleName("Not yet updated")
        self.progress_label.setTextFormat(Qt.TextFormat.RichText)
        # Takes the room there is, never widening the table's pane on a narrow window.
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress_label.linkActivated.connect(self._on_progress_link)
        self.period_box = QComboBox(self)
        self.period_box.setAccessibleName("Reporting period")
        self.period_box.setToolTip(
            "The reporting period shown. Earlier periods are kept as they stood and are "
            "read-only unless reopened (Period menu)."
        )
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_box.activated.connect(self._on_period_box_activated)
        self.period_label = QLabel("Repor&ting period:", self)
        self.period_label.setBuddy(self.period_box)
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 6, 0, 6)
        heading = QHBoxLayout()
        heading.addWidget(deliverables_label)
        heading.addSpacing(16)
        heading.addWidget(self.progress_label, 1)
        heading.addWidget(self.period_label)
        heading.addWidget(self.period_box)
        centre_layout.addLayout(heading)
        centre_layout.addWidget(self.filter_bar)
        centre_layout.addWidget(self.table, 1)

        self.editor = DeliverableEditor(self)
        self.editor.field_edited.connect(self._on_editor_field_edited)
        self.editor.pending_changed.connect(self._update_actions)
        self.editor.history_requested.connect(self._on_history)
        self.editor.resolve_requested.connect(self._on_conflicts)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 6, 6)
        right_layout.addWidget(self.editor)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setChildrenCollapsible(False)
        self._columns_sized = False

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(self.banner)
        body_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(body)

        self.shown_label = QLabel(self)
        self.totals_label = QLabel(self)
        # Stays in view while conflicts wait to be resolved; a click opens them.
        self.conflicts_notice = QPushButton(self)
        self.conflicts_notice.setFlat(True)
        self.conflicts_notice.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        )
        self.conflicts_notice.setToolTip("Decide between the values two copies of the plan hold")
        self.conflicts_notice.clicked.connect(lambda: self._on_conflicts())
        self.conflicts_notice.hide()
        self.statusBar().addWidget(self.shown_label)
        self.statusBar().addPermanentWidget(self.conflicts_notice)
        self.statusBar().addPermanentWidget(self.totals_label)

        self.setTabOrder(self.objective_list, self.filter_bar.search)
        self.setTabOrder(self.filter_bar.clear_button, self.table)
        self.setTabOrder(self.table, self.editor.history_button)

    def _size_columns(self) -> None:
        """Widths from the font, not from measuring every row (which is slow on big plans)."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.DELIVERABLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(metrics.horizontalAdvance("Ref") + 30)
        pad = 24
        fixed = {
            # Room for a warning sign beside a reference with a merge conflict.
            Column.REF: metrics.horizontalAdvance("10.10") + pad + 22,
            Column.RAG: widest_pill(self.table.font()) + pad + ARROW_ROOM,
            Column.UPDATED: metrics.horizontalAdvance("30 Sep 2026") + pad,
        }
        # Lead and date share what is left with the deliverable, which gets the most.
        room = max(self.table.viewport().width(), 600) - sum(fixed.values())
        shared = {
            Column.LEAD: min(
                metrics.horizontalAdvance("Insp. Priya Shah, Partner") + pad, room // 4
            ),
            Column.DATE: min(
                metrics.horizontalAdvance("Complete Review 2025") + pad + 16, room // 5
            ),
        }
        for column, width in {**fixed, **shared}.items():
            header.resizeSection(column, width)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        *,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str | None = None,
        tip: str | None = None,
        name: str,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(
                shortcut
            )  # every binding the platform has (Ctrl+Y and Ctrl+Shift+Z)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name is not None:
            action.setIcon(icon(icon_name, self.palette()))
            self._icons[action] = icon_name
        if tip is not None:
            action.setStatusTip(tip)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')}: {tip}")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        k = QKeySequence.StandardKey
        a = self._action
        self.new_plan_action = a(
            "&New Plan…",
            self._on_new_plan,
            shortcut=k.New,
            icon_name="new-plan",
            tip="Start a plan of your own",
            name="new_plan",
        )
        self.open_action = a(
            "&Open…",
            self._on_open,
            shortcut=k.Open,
            icon_name="open",
            tip="Open a plan file",
            name="open_plan",
        )
        self.import_action = a(
            "&Import Excel…",
            self._on_import,
            shortcut="Ctrl+I",
            icon_name="import",
            tip="Read an Excel tracker (or plan JSON), check it, then import it",
            name="import_excel",
        )
        self.export_action = a(
            "&Export Excel…",
            self._on_export,
            shortcut="Ctrl+E",
            icon_name="export",
            tip="Write the plan as an Excel tracker",
            name="export_excel",
        )
        self.board_pack_action = a(
            "&Board Pack…",
            self._on_board_pack,
            shortcut="Ctrl+B",
            icon_name="board-pack",
            tip="The committee paper: cover, RAG summary, exceptions, plan",
            name="board_pack",
        )
        self.print_action = a(
            "&Print RAG Summary…",
            self._on_print_summary,
            shortcut=k.Print,
            icon_name="print",
            tip="Counts per objective and what is overdue",
            name="print_summary",
        )
        self.send_copy_action = a(
            "Send &Copy to Lead…",
            self._on_send_copy,
            tip="A copy of the plan file for a lead to update offline and send back",
            name="send_copy",
        )
        self.merge_action = a(
            "&Merge Copy…",
            self._on_merge,
            tip="Bring the changes made in a copy of this plan into it",
            name="merge_copy",
        )
        self.conflicts_action = a(
            "&Resolve Conflicts…",
            lambda: self._on_conflicts(),
            tip="Decide between values two copies of the plan changed differently",
            name="resolve_conflicts",
        )
        self.quit_action = a("&Quit", self.close, shortcut=k.Quit, name="quit")

        self.start_period_action = a(
            "Start &New Period…",
            self._on_start_period,
            tip="Carry every deliverable forward into the next month, marked not yet updated",
            name="start_period",
        )
        self.reopen_period_action = a(
            "&Reopen for Edits…", self._on_reopen_period, name="reopen_period"
        )
        self.close_period_action = a("&Close Again", self._on_close_period, name="close_period")
        self.current_period_action = a(
            "Go to &Current Period", self._on_current_period, name="current_period"
        )

        self.undo_action = a("&Undo", self._on_undo, shortcut=k.Undo, icon_name="undo", name="undo")
        self.redo_action = a("&Redo", self._on_redo, shortcut=k.Redo, icon_name="redo", name="redo")
        self.find_action = a(
            "&Find",
            self._on_find,
            shortcut=k.Find,
            icon_name="search",
            tip="Search refs, deliverables and summary positions",
            name="find",
        )
        self.clear_filters_action = a(
            "&Clear Filters", self.filter_bar.clear, shortcut="Ctrl+Shift+F", name="clear_filters"
        )

        self.add_deliverable_action = a(
            "&Add Deliverable",
            self._on_add_deliverable,
            shortcut="Ctrl+Shift+N",
            icon_name="add",
            tip="A new deliverable in the chosen objective",
            name="add_deliverable",
        )
        self.delete_deliverable_action = a(
            "&Delete Deliverable…",
            self._on_delete_deliverables,
            shortcut=k.Delete,
            icon_name="delete",
            tip="Remove the selected deliverables from the plan",
            name="delete_deliverable",
        )
        self.move_up_action = a(
            "Move &Up",
            lambda: self._on_move_deliverable(-1),
            shortcut="Ctrl+Shift+Up",
            icon_name="move-up",
            tip="Swap references with the deliverable above",
            name="move_deliverable_up",
        )
        self.move_down_action = a(
            "Move Do&wn",
            lambda: self._on_move_deliverable(1),
            shortcut="Ctrl+Shift+Down",
            icon_name="move-down",
            tip="Swap references with the deliverable below",
            name="move_deliverable_down",
        )
        self.edit_summary_action = a(
            "Edit &Summary Position",
            self._on_edit_summary,
            shortcut="Ctrl+Return",
            name="edit_summary",
        )
        self.history_action = a(
            "&History…",
            self._on_history,
            shortcut="Ctrl+H",
            tip="Its RAG, date and summary position in every period, and every change to it",
            name="history",
        )

        self.add_objective_action = a(
            "&Add Objective", self._on_add_objective, shortcut="Ctrl+Alt+N", name="add_objective"
        )
        self.rename_objective_action = a(
            "&Rename Objective", self._on_rename_objective, shortcut="F2", name="rename_objective"
        )
        self.delete_objective_action = a(
            "&Delete Objective…",
            self._on_delete_objective,
            shortcut=k.Delete,
            name="delete_objective",
        )
        self.move_objective_up_action = a(
            "Move &Up",
            lambda: self._on_move_objective(-1),
            shortcut="Ctrl+Shift+Up",
            name="move_objective_up",
        )
        self.move_objective_down_action = a(
            "Move Do&wn",
            lambda: self._on_move_objective(1),
            shortcut="Ctrl+Shift+Down",
            name="move_objective_down",
        )

        self.focus_objectives_action = a(
            "&Objectives", self.objective_list.setFocus, shortcut="Ctrl+1", name="focus_objectives"
        )
        self.focus_table_action = a(
            "&Deliverables", self.table.setFocus, shortcut="Ctrl+2", name="focus_table"
        )
        self.focus_editor_action = a(
            "Deliverable &Editor",
            lambda: self.editor.focus_field("commitment"),
            shortcut="Ctrl+3",
            name="focus_editor",
        )
        self.about_action = a("&About NHP Planner", self._on_about, name="about")

        # The same keys mean "this deliverable" in the table and "this objective" in the list.
        for action in (self.delete_deliverable_action, self.move_up_action, self.move_down_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.removeAction(action)
            self.table.addAction(action)
        for action in (
            self.rename_objective_action,
            self.delete_objective_action,
            self.move_objective_up_action,
            self.move_objective_down_action,
        ):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.removeAction(action)
            self.objective_list.addAction(action)
        self.table.insertAction(self.delete_deliverable_action, self.add_deliverable_action)
        self.objective_list.insertAction(self.rename_objective_action, self.add_objective_action)

        self.banner.new_plan.clicked.connect(self._on_new_plan)
        self.banner.import_tracker.clicked.connect(self._on_import)
        self.banner.go_current.clicked.connect(self._on_current_period)
        self.banner.reopen.clicked.connect(self._on_reopen_period)
        self.banner.close_period.clicked.connect(self._on_close_period)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.new_plan_action, self.open_action])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addActions([self.send_copy_action, self.merge_action, self.conflicts_action])
        file_menu.addSeparator()
        file_menu.addActions([self.board_pack_action, self.print_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.clear_filters_action])

        deliverable_menu = bar.addMenu("&Deliverable")
        deliverable_menu.addActions([self.add_deliverable_action, self.delete_deliverable_action])
        deliverable_menu.addSeparator()
        deliverable_menu.addActions([self.move_up_action, self.move_down_action])
        deliverable_menu.addSeparator()
        deliverable_menu.addActions([self.edit_summary_action, self.history_action])

        objective_menu = bar.addMenu("&Objective")
        objective_menu.addActions(
            [
                self.add_objective_action,
                self.rename_objective_action,
                self.delete_objective_action,
            ]
        )
        objective_menu.addSeparator()
        objective_menu.addActions([self.move_objective_up_action, self.move_objective_down_action])

        period_menu = bar.addMenu("&Period")
        period_menu.addAction(self.start_period_action)
        period_menu.addSeparator()
        period_menu.addActions([self.reopen_period_action, self.close_period_action])
        period_menu.addSeparator()
        period_menu.addAction(self.current_period_action)

        view_menu = bar.addMenu("&View")
        view_menu.addActions(
            [self.focus_objectives_action, self.focus_table_action, self.focus_editor_action]
        )
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions(
            [
                self.add_deliverable_action,
                self.delete_deliverable_action,
                self.move_up_action,
                self.move_down_action,
            ]
        )
        toolbar.addSeparator()
        toolbar.addActions(
            [
                self.import_action,
                self.export_action,
                self.board_pack_action,
                self.print_action,
            ]
        )
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    # ------------------------------------------------------------ plans

    def open_plan(self, path: Path) -> bool:
        """Show the plan at ``path``; False (after saying why) when it cannot be opened."""
        try:
            session = open_session(path, self, today=self._today)
        except NhpError as error:
            messages.show_error(self, f"The plan “{path.name}” could not be opened.", error)
            return False
        if session is None:
            return False
        self.set_session(session)
        settings.remember_plan(self._settings, path)
        return True

    def set_session(self, session: PlanSession | None) -> None:
        """Show another plan (closing the one shown, whose edits are all saved already)."""
        self.editor.commit_pending()
        old = self.session
        self.session = session
        self.editor.set_session(None)
        if old is not None:
            old.undo_stack.canUndoChanged.disconnect(self._update_actions)
            old.undo_stack.canRedoChanged.disconnect(self._update_actions)
            old.undo_stack.undoTextChanged.disconnect(self._update_actions)
            old.undo_stack.redoTextChanged.disconnect(self._update_actions)
        if session is None:
            self.objective_list.setModel(None)
        else:
            columns_known = self._proxy.columnCount() > 0
            self._proxy.setSourceModel(session.deliverables)
            if not columns_known:
                self._restore_columns()
            self.objective_list.setModel(session.objectives)
            self.objective_list.selectionModel().currentRowChanged.connect(
                self._on_objective_current_changed
            )
            self.objective_list.selectionModel().currentRowChanged.connect(self._update_actions)
            session.objectives.layoutChanged.connect(self._apply_filter)
            session.objectives.dataChanged.connect(self._apply_filter)
            session.changed.connect(self._on_session_changed)
            session.plan_changed.connect(self._show_plan_details)
            session.reloaded.connect(self._on_session_reloaded)
            session.period_changed.connect(self._on_period_changed)
            stack = session.undo_stack
            for signal in (
                stack.canUndoChanged,
                stack.canRedoChanged,
                stack.undoTextChanged,
                stack.redoTextChanged,
            ):
                signal.connect(self._update_actions)
            self.editor.set_session(session)
            self.objective_list.setCurrentIndex(session.objectives.index(0))
            lead = session.store.lead_filter
            self.filter_bar.clear()
            self._on_session_changed()
            if lead:
                self.filter_bar.lead.setCurrentIndex(max(0, self.filter_bar.lead.findData(lead)))
            self._select_row(0)
        if old is not None:
            old.close()
            old.deleteLater()
        self._show_plan_details()
        self._update_actions()
        self.session_changed.emit()

    def _show_plan_details(self) -> None:
        session = self.session
        self._fill_periods()
        self._update_progress()
        if session is None:
            self.setWindowTitle("")
            self.banner.hide()
            return
        plan = session.plan
        period = session.period.label if session.period else "no reporting period yet"
        marks = " (sample)" if session.is_sample else ""
        if session.read_only:
            marks += " (read-only)"
        elif not session.editable and session.period is not None:
            marks += " (closed, read-only)"
        self.setWindowTitle(f"{plan.title} – {period}{marks}")
        self.setWindowFilePath(str(session.path or ""))
        self._show_notice(session)

    def _show_notice(self, session: PlanSession) -> None:
        """The banner: what is special about what is shown, most important first."""
        banner = self.banner
        plan = session.plan
        shown, current = session.period, session.current_period
        lead = session.store.lead_filter
        if session.read_only:
            banner.show_notice(
                "This plan is open read-only: another window is changing it. You can look, "
                "filter, print and export; to make changes, use the window that has it open."
            )
        elif shown is not None and current is not None and shown != current:
            banner.go_current.setText(f"&Go to {current.label}")
            if session.editable:
                banner.close_period.setText(f"Close {shown.label} Again")
                banner.show_notice(
                    f"<b>{shown.label} is reopened for edits.</b> Changes made here alter the "
                    "record of that month as it was reported; the change history keeps what it "
                    f"said before. The current period is {current.label}.",
                    (banner.go_current, banner.close_period),
                )
            else:
                banner.reopen.setText(f"Reopen {shown.label} for Edits…")
                banner.show_notice(
                    f"<b>{shown.label} is closed</b>: this is the plan as it stood then, "
                    f"read-only. Edits go to {current.label}, the current period.",
                    (banner.go_current, banner.reopen),
                )
        elif lead:
            origin = session.store.copied_from or {}
            owner = html.escape(plan.owner or "the plan owner")
            into = f", who merges it into {html.escape(Path(origin['path']).name)}"
            banner.show_notice(
                f"<b>Your copy for {html.escape(lead)}</b>: update your deliverables (the Lead "
                f"filter shows only yours) and send this file back to {owner}"
                f"{into if origin.get('path') else ''}.",
            )
        elif session.is_sample:
            force = f" of {plan.force}" if plan.force else ""
            banner.show_notice(
                f"<b>This is the sample plan</b>{force}, a made-up force, for trying NHP "
                "Planner out; change anything you like. When you are ready, start your own "
                "plan or import the tracker you keep in Excel.",
                (banner.new_plan, banner.import_tracker),
            )
        else:
            banner.hide()

    def _fill_periods(self) -> None:
        """The period selector: every period, each saying whether it is open."""
        box = self.period_box
        box.blockSignals(True)
        box.clear()
        session = self.session
        if session is not None:
            store = session.store
            for period in reversed(store.periods()):
                if period == session.current_period:
                    state = "current"
                elif store.is_reopened(period) and not session.read_only:
                    state = "reopened"
                else:
                    state = "closed"
                # The key as data: findData cannot match Python objects.
                box.addItem(f"{period.label} ({state})", period.key)
            shown = session.period.key if session.period else None
            box.setCurrentIndex(max(0, box.findData(shown)))
        box.setEnabled(box.count() > 1)
        box.blockSignals(False)

    # ------------------------------------------------------------ filtering and status

    def _current_objective(self) -> int | None:
        index = self.objective_list.currentIndex()
        return index.data(NUMBER_ROLE) if index.isValid() else None

    def _apply_filter(self) -> None:
        chosen = self._selected_ids()
        self._proxy.set_filter(self.filter_bar.value(self._current_objective()))
        if not self.table.currentIndex().isValid() and self._proxy.rowCount():
            # What was chosen is filtered out: show the first match instead of nothing.
            self._select_row(0)
        elif chosen and not self._selected_ids():
            self._select_row(0)
        self._update_status()
        if self._progress_for != self._progress_key():
            self._update_progress()  # only when the lead or "not yet updated" changed

    def _update_status(self) -> None:
        """Count what the table shows (the RAG totals follow the filter)."""
        if self.session is None:
            self.shown_label.clear()
            self.totals_label.clear()
            return
        shown_facts = list(self._proxy.shown_facts())
        # list.count compares by identity first: quicker than hashing each Rag (10,000 rows).
        rags = [facts.rag for facts in shown_facts]
        counts = {rag: rags.count(rag) for rag in ALL_RAGS}
        overdue = sum([facts.overdue for facts in shown_facts])
        words = " · ".join(f"{counts[rag]} {rag.label}" for rag in ALL_RAGS)
        self.totals_label.setText(f"{words} · {overdue} overdue")
        self._show_shown()

    def _show_shown(self) -> None:
        """ "Showing 42 of 55 deliverables · 3 selected"."""
        if self.session is None:
            return
        shown = self._proxy.rowCount()
        total = self._proxy.total_rows()
        selected = len(self._selected_ids())
        chosen = f" · {selected} selected" if selected > 1 else ""
        noun = "deliverable" if total == 1 else "deliverables"
        self.shown_label.setText(
            f"Showing {shown} of {total} {noun}{chosen}"
            if shown != total
            else f"{total} {noun}{chosen}"
        )

    def _progress_key(self) -> tuple[str | None, bool]:
        return self.filter_bar.chosen_lead(), self.filter_bar.not_updated.isChecked()

    def _update_progress(self) -> None:
        """ "12 of 55 not yet updated for February 2024", for the lead chosen if one is."""
        session = self.session
        self._progress_for = self._progress_key()
        if session is None:
            self.progress_label.clear()
            self.conflicts_notice.hide()
            return
        lead = self.filter_bar.chosen_lead()
        chosen = [
            d for d in session.deliverables.deliverables() if lead is None or (d.lead or "") == lead
        ]
        progress = UpdateProgress(
            session.period, len(chosen), tuple(d for d in chosen if d.updated_at is None)
        )
        text = html.escape(progress.describe())
        if lead is not None:
            text += f" ({html.escape(lead or NO_LEAD)})"
        if self.filter_bar.not_updated.isChecked():
            text += " · <a href='all'>show all</a>"
        elif progress.not_updated:
            text += " · <a href='chase'>show them</a>"
        self.progress_label.setText(text)
        count = session.open_conflicts
        self.conflicts_notice.setText(
            f"{count} unresolved merge conflict{'s' if count != 1 else ''}"
        )
        self.conflicts_notice.setVisible(bool(count))

    def _on_progress_link(self, link: str) -> None:
        self.filter_bar.not_updated.setChecked(link == "chase")

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
        self._update_status()
        self._update_progress()

    def _on_session_reloaded(self) -> None:
        self._on_period_changed()

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
            self._select_row(0)
        self._update_actions()

    # ------------------------------------------------------------ selection

    def _select_row(self, row: int) -> None:
        if not 0 <= row < self._proxy.rowCount():
            self.table.setCurrentIndex(QModelIndex())
            self.editor.show_index(QModelIndex())
            return
        index = self._proxy.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def select_deliverable(self, deliverable_id: str) -> bool:
        """Make a deliverable current (if it is shown); True if it is."""
        if self.session is None:
            return False
        row = self.session.deliverables.row_of(deliverable_id)
        if row is None:
            return False
        index = self._proxy.mapFromSource(self.session.deliverables.index(row, 0))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def _selected_ids(self) -> list[str]:
        return [index.data(ID_ROLE) for index in self.table.selectionModel().selectedRows()]

    def _selected_deliverables(self) -> list[Deliverable]:
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [index.data(OBJECT_ROLE) for index in rows]

    def _current_deliverable(self) -> Deliverable | None:
        index = self.table.currentIndex()
        return index.data(OBJECT_ROLE) if index.isValid() else None

    def _current_objective_object(self) -> Objective | None:
        index = self.objective_list.currentIndex()
        objective: Objective | None = index.data(OBJECT_ROLE) if index.isValid() else None
        return objective

    def _on_table_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            # Kept across a change of period, which resets the table: the same one is shown.
            self._last_current = current.data(ID_ROLE)
        self.editor.show_index(self._proxy.mapToSource(current))
        self._update_actions()

    def _on_objective_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._apply_filter()

    # ------------------------------------------------------------ actions

    def _update_actions(self) -> None:
        session = self.session
        have = session is not None
        # The plan file can be changed at all (undo, import, merge, periods)...
        changeable = bool(session is not None and not session.read_only)
        # ...and the period shown can be edited (the current one, or one reopened).
        writable = bool(session is not None and session.editable)
        chosen = bool(have and self.table.selectionModel().selectedRows())
        current = self._current_deliverable()
        objective = self._current_objective_object()
        for action in (
            self.export_action,
            self.board_pack_action,
            self.print_action,
            self.send_copy_action,
        ):
            action.setEnabled(have)
        self.import_action.setEnabled(changeable or bool(have and session.is_sample))  # type: ignore[union-attr]
        self.merge_action.setEnabled(changeable)
        self.conflicts_action.setEnabled(changeable and bool(session and session.open_conflicts))
        self.history_action.setEnabled(current is not None)
        self._update_period_actions()
        self.add_deliverable_action.setEnabled(writable)
        self.delete_deliverable_action.setEnabled(writable and chosen)
        self.move_up_action.setEnabled(writable and current is not None)
        self.move_down_action.setEnabled(writable and current is not None)
        self.edit_summary_action.setEnabled(current is not None)
        self.add_objective_action.setEnabled(writable)
        for action in (
            self.rename_objective_action,
            self.delete_objective_action,
            self.move_objective_up_action,
            self.move_objective_down_action,
        ):
            action.setEnabled(writable and objective is not None)
        stack = session.undo_stack if session is not None else None
        # Typing not yet saved can be undone too: Undo saves it first, then takes it back.
        typing = self.editor.has_pending()
        # Undo works from any period shown: a step goes back to its own period first.
        self.undo_action.setEnabled(bool(stack and (stack.canUndo() or typing) and changeable))
        self.redo_action.setEnabled(bool(stack and stack.canRedo() and changeable))
        undo_text = stack.undoText() if stack else ""
        redo_text = stack.redoText() if stack else ""
        self.undo_action.setText(f"&Undo {undo_text}" if undo_text else "&Undo")
        self.redo_action.setText(f"&Redo {redo_text}" if redo_text else "&Redo")
        self.undo_action.setToolTip(f"Undo {undo_text}" if undo_text else "Undo")
        self.redo_action.setToolTip(f"Redo {redo_text}" if redo_text else "Redo")
        self.undo_action.setIconText("Undo")
        self.redo_action.setIconText("Redo")

    def _update_period_actions(self) -> None:
        session = self.session
        changeable = session is not None and not session.read_only
        shown = session.period if session is not None else None
        earlier = bool(
            session is not None and shown is not None and not session.shows_current_period
        )
        reopened = earlier and bool(session and session.editable)
        self.start_period_action.setEnabled(changeable)
        self.current_period_action.setEnabled(earlier)
        self.reopen_period_action.setEnabled(changeable and earlier and not reopened)
        self.close_period_action.setEnabled(changeable and reopened)
        name = shown.label if earlier and shown is not None else "Period"
        self.reopen_period_action.setText(f"&Reopen {name} for Edits…")
        self.close_period_action.setText(f"&Close {name} Again")

    def _guarded(self, what: str, change: Callable[[], object]) -> bool:
        """Run an edit; a change the plan refuses is explained, not raised."""
        try:
            change()
        except NhpError as error:
            messages.show_error(self, what, error)
            return False
        return True

    def _on_editor_field_edited(
        self, deliverable_id: str, field: str, value: object, burst: int | None
    ) -> None:
        session = self.session
        if session is not None:
            self._guarded(
                "The change could not be saved.",
                lambda: session.edit_deliverable(deliverable_id, field, value, burst=burst),
            )

    def _on_undo(self) -> None:
        """Save what is being typed first, so Undo takes back the latest change, that one."""
        if self.session is not None:
            self.editor.commit_pending()
            self._replay(self.session.undo_stack.undo, "The change could not be undone.")

    def _on_redo(self) -> None:
        if self.session is not None:
            self.editor.commit_pending()
            self._replay(self.session.undo_stack.redo, "The change could not be redone.")

    def _replay(self, step: Callable[[], None], what: str) -> None:
        session = self.session
        assert session is not None
        step()
        try:
            session.raise_failure()
        except NhpError as error:
            # The plan and the undo history disagree now; start afresh from the file.
            session.reload()
            messages.show_error(self, what, error)

    def _on_find(self) -> None:
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    def _on_add_deliverable(self) -> None:
        self.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = self.session
        if session is None:
            return
        objective = self._current_objective()
        if objective is None:
            current = self._current_deliverable()
            numbers = [o.number for o in session.objectives.objectives()]
            objective = current.objective if current else (numbers[-1] if numbers else 1)
        added: list[Deliverable] = []
        if not self._guarded(
            "The deliverable could not be added.",
            lambda: added.append(session.new_deliverable(objective)),
        ):
            return
        if not self.select_deliverable(added[0].id):
            self.filter_bar.clear()
            self.select_deliverable(added[0].id)
        self.editor.focus_field("commitment")

    def _on_delete_deliverables(self) -> None:
        self.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = self.session
        chosen = self._selected_deliverables()
        if session is None or not chosen:
            return
        if len(chosen) == 1:
            question = f"Delete deliverable {chosen[0].ref}?"
        else:
            question = (
                f"Delete {len(chosen)} deliverables ({', '.join(d.ref for d in chosen[:6])}"
                f"{'…' if len(chosen) > 6 else ''})?"
            )
        period = session.period.label if session.period else "the plan"
        if not messages.confirm(
            self,
            question,
            f"They are removed from {period} with their summary position and RAG; earlier "
            "reporting periods keep them. Edit ▸ Undo brings them back.",
            action="Delete",
        ):
            return
        row = min(index.row() for index in self.table.selectionModel().selectedRows())
        if self._guarded("The deliverables could not be deleted.", lambda: session.delete(chosen)):
            self._select_row(min(row, self._proxy.rowCount() - 1))

    def _on_move_deliverable(self, step: int) -> None:
        self.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = self.session
        current = self._current_deliverable()
        if session is None or current is None:
            return
        moved: list[bool] = []
        self._guarded(
            "The deliverable could not be moved.",
            lambda: moved.append(session.move_deliverable(current, step)),
        )
        if moved and not moved[0]:
            self.statusBar().showMessage(
                f"{current.ref} is already the {'first' if step < 0 else 'last'} of its objective.",
                4000,
            )
        self.select_deliverable(current.id)

    def _on_edit_summary(self) -> None:
        if self._current_deliverable() is not None:
            self.editor.focus_field("summary_position")

    def _on_add_objective(self) -> None:
        self.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = self.session
        if session is None:
            return
        added: list[Objective] = []
        if self._guarded(
            "The objective could not be added.", lambda: added.append(session.new_objective())
        ):
            row = session.objectives.row_of_number(added[0].number)
            index = session.objectives.index(row)
            self.objective_list.setCurrentIndex(index)
            self.objective_list.setFocus()
            self.objective_list.edit(index)

    def _on_rename_objective(self) -> None:
        index = self.objective_list.currentIndex()
        if index.isValid() and index.row() > 0:
            self.objective_list.setFocus()
            self.objective_list.edit(index)

    def _on_delete_objective(self) -> None:
        self.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = self.session
        objective = self._current_objective_object()
        if session is None or objective is None:
            return
        count = sum(d.objective == objective.number for d in session.deliverables.deliverables())
        with_them = f" and its {count} deliverable{'s' if count != 1 else ''}" if count else ""
        if not messages.confirm(
            self,
            f"Delete objective {objective.number}{with_them}?",
            f"“{objective.display_title}” is removed from this reporting period; earlier periods "
            "keep it. Edit ▸ Undo brings it back.",
            action="Delete",
        ):
            return
        if self._guarded(
            "The objective could not be deleted.",
            lambda: session.delete_objective_with_deliverables(objective),
        ):
            self.objective_list.setCurrentIndex(session.objectives.index(0))

    def _on_move_objective(self, step: int) -> None:
        self.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = self.session
        objective = self._current_objective_object()
        if session is None or objective is None:
            return
        self._guarded(
            "The objective could not be moved.",
            lambda: session.move_objective(objective, step),
        )

    # ------------------------------------------------------------ periods

    def _on_period_box_activated(self, index: int) -> None:
        if self.session is not None:
            self.editor.commit_pending()
            self.session.show_period(ReportingPeriod.parse(self.period_box.itemData(index)))

    def _on_current_period(self) -> None:
        if self.session is not None:
            self.editor.commit_pending()
            self.session.show_period(self.session.current_period)

    def _on_start_period(self) -> None:
        session = self.session
        if session is None:
            return
        from nhp_planner.ui.period_dialog import ask_new_period

        self.editor.commit_pending()
        period = ask_new_period(self, session.current_period, self._today())
        if period is None:
            return
        if not self._guarded(
            "The new period was not started.", lambda: session.start_period(period)
        ):
            return
        self.statusBar().showMessage(
            f"Started {period.label}: {session.deliverables.rowCount()} deliverables carried "
            "forward, not yet updated.",
            8000,
        )

    def _on_reopen_period(self) -> None:
        session = self.session
        if session is None or session.period is None:
            return
        shown = session.period
        if messages.confirm(
            self,
            f"Reopen {shown.label} for edits?",
            f"{shown.label} is the record of the plan as it was reported then. Reopen it only "
            "to correct that record; the change history keeps what it said before. Updates for "
            f"this month go in {session.current_period.label if session.current_period else ''}.",
            action="Reopen",
        ):
            self._guarded("The period was not reopened.", lambda: session.set_reopened(True))

    def _on_close_period(self) -> None:
        session = self.session
        if session is not None:
            self.editor.commit_pending()
            self._guarded("The period was not closed.", lambda: session.set_reopened(False))

    # ------------------------------------------------------------ history, copies, merging

    def _on_history(self) -> None:
        session, deliverable = self.session, self._current_deliverable()
        if session is None or deliverable is None:
            return
        from nhp_planner.ui.history_dialog import HistoryDialog

        self.editor.commit_pending()
        self._open_dialog(HistoryDialog(session.store, deliverable.id, self))

    def _on_send_copy(self) -> None:
        session = self.session
        if session is None:
            return
        from nhp_planner.ui.lead_file_dialog import ask_copy

        self.editor.commit_pending()
        lead = self.filter_bar.chosen_lead()
        stem = f"{session.plan.title} - {lead}" if lead else f"{session.plan.title} copy"
        request = ask_copy(
            self, self._folder() / f"{stem}{PLAN_SUFFIX}", session.deliverables.leads()
        )
        if request is None:
            return
        settings.remember_folder(self._settings, request.path)
        try:
            session.store.make_copy(request.path, lead=request.lead)
        except NhpError as error:
            messages.show_error(self, "The copy was not made.", error)
            return
        whom = f"for {request.lead} " if request.lead else ""
        self.statusBar().showMessage(
            f"Made a copy {whom}at {request.path}: send it, and merge it in when it comes back.",
            10000,
        )

    def _on_merge(self) -> None:
        session = self.session
        if session is None:
            return
        path = file_dialogs.ask_merge_source(self, self._folder())
        if path is None:
            return
        settings.remember_folder(self._settings, path)
        self.merge_file(path)

    def merge_file(self, path: Path) -> None:
        """Show what merging ``path`` would do; the dialog merges it on the person's word."""
        session = self.session
        if session is None:
            return
        from nhp_planner.ui.merge_dialog import MergeDialog

        self.editor.commit_pending()
        if session.path is not None and path.resolve() == session.path.resolve():
            messages.show_error(
                self,
                "Nothing was merged.",
                f"{path.name} is this plan itself; choose a copy of it.",
            )
            return
        try:
            preview = session.store.merge_from(path, dry_run=True)
        except NhpError as error:
            messages.show_error(self, f"“{path.name}” cannot be merged.", error)
            return
        self._open_dialog(MergeDialog(session, preview, self))

    def _on_conflicts(self, conflict_id: str | None = None) -> None:
        session = self.session
        if session is None:
            return
        from nhp_planner.ui.merge_dialog import ConflictsDialog

        self.editor.commit_pending()
        dialog = ConflictsDialog(session, self)
        if conflict_id:
            dialog.panel.choose(conflict_id)
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QDialog) -> None:
        """Open a window-modal dialog without blocking; it is deleted when closed."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # ------------------------------------------------------------ files

    def _folder(self) -> Path:
        return settings.last_folder(self._settings)

    def _on_new_plan(self) -> None:
        from nhp_planner.ui.new_plan_dialog import ask_new_plan  # when first used

        request = ask_new_plan(self, self._folder(), self._today())
        if request is None:
            return
        settings.remember_folder(self._settings, request.path)
        plan = Plan(title=request.title, force=request.force, owner=request.owner)
        try:
            PlanStore.create(request.path, plan, period=request.period).close()
        except NhpError as error:
            messages.show_error(self, "The new plan could not be created.", error)
            return
        self.open_plan(request.path)

    def _on_open(self) -> None:
        path = file_dialogs.ask_open_plan(self, self._folder())
        if path is not None:
            settings.remember_folder(self._settings, path)
            self.open_plan(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = settings.recent_plans(self._settings)
        for number, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setEnabled(path.exists())
            action.triggered.connect(lambda _=False, p=path: self.open_plan(p))
        if not recent:
            self.recent_menu.addAction("No recent plans").setEnabled(False)
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("&Clear Recent Plans")
        clear.setEnabled(bool(recent))
        clear.triggered.connect(lambda: settings.forget_recent(self._settings))

    def _on_import(self) -> None:
        path = file_dialogs.ask_import_source(self, self._folder())
        if path is not None:
            settings.remember_folder(self._settings, path)
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Read a tracker off the UI thread, show what it would change, then import on Yes."""
        if self.session is None:
            return
        self._run(
            lambda progress: read_source(path),
            f"Reading {path.name}…",
            self._on_source_read,
            f"“{path.name}” could not be read.",
        )

    def _on_source_read(self, reading: SourceReading) -> None:
        self.editor.commit_pending()  # typing first, so it is not lost or reordered
        from nhp_planner.ui.import_dialog import ask_import_confirmation

        session = self.session
        if session is None:
            return
        if session.is_sample or session.read_only:
            # Into a plan of its own: the sample is for trying things, not for real data.
            with PlanStore.in_memory(Plan(title=reading.document.snapshot.plan.title)) as empty:
                preview = preview_import(empty, reading)
            if not ask_import_confirmation(self, preview, new_plan=True):
                return
            target = file_dialogs.ask_save_path(
                self,
                "Save the Imported Plan As",
                self._folder() / f"{reading.source.stem}.nhp",
                file_dialogs.PLAN_FILTER,
                ".nhp",
            )
            if target is None:
                return
            try:
                import_into_new_plan(target, reading).close()
            except NhpError as error:
                messages.show_error(self, "The new plan could not be created.", error)
                return
            self.open_plan(target)
            return
        try:
            preview = preview_import(session.store, reading)
        except NhpError as error:
            messages.show_error(self, f"“{reading.source.name}” cannot be imported.", error)
            return
        if not ask_import_confirmation(self, preview):
            return
        try:
            diff = apply_import(session.store, preview)
        except NhpError as error:
            messages.show_error(self, "Nothing was imported.", error)
            return
        session.reload()
        self.statusBar().showMessage(
            f"Imported {reading.source.name}: {len(diff.new)} new, {len(diff.changed)} changed.",
            8000,
        )

    def _on_export(self) -> None:
        session = self.session
        if session is None:
            return
        from nhp_planner.io.excel_export import export_tracker  # openpyxl, when first used
        from nhp_planner.ui.lead_file_dialog import ask_export

        name = f"{session.plan.title} {session.period.key if session.period else ''}".strip()
        request = ask_export(self, self._folder() / f"{name}.xlsx", session.deliverables.leads())
        if request is None:
            return
        settings.remember_folder(self._settings, request.path)
        snapshot, previous, today = session.snapshot(), session.previous_snapshot(), self._today()
        self._run(
            lambda progress: export_tracker(
                snapshot,
                request.path,
                previous=previous,
                lead=request.lead,
                today=today,
                progress=progress,
            ),
            f"Writing {request.path.name}…",
            lambda result: self.statusBar().showMessage(
                f"Exported {result.rows} deliverables to {result.path}.", 8000
            ),
            "The tracker could not be exported.",
        )

    def _on_board_pack(self) -> None:
        if self.session is None:
            return
        from nhp_planner.ui.board_pack_dialog import show_board_pack

        self.editor.commit_pending()
        show_board_pack(self, self.session, self._folder())

    def _on_print_summary(self) -> None:
        if self.session is not None:
            file_dialogs.show_print_preview(self, self.print_rag_summary)

    def print_rag_summary(self, printer: QPrinter) -> None:
        from nhp_planner.ui.print_summary import print_rag_summary

        if self.session is not None:
            self.editor.commit_pending()
            print_rag_summary(printer, self.session.snapshot(), self._today())

    def _on_about(self) -> None:
        messages.show_info(
            self,
            f"{APP_NAME} {__version__}",
            "Keeps a Neighbourhood Policing Strategy delivery plan: objectives, deliverables, "
            "RAG ratings and dates, month by month. Imports and exports Excel trackers and "
            "prints board packs. Every change is saved as you make it.",
        )

    def _run(
        self,
        work: Callable[[Callable[[int, int], None]], Any],
        label: str,
        done: Callable[[Any], None],
        failure: str,
    ) -> Job:
        """Run ``work`` off the UI thread with a progress dialog; ``done`` gets its result."""
        job = Job(work, self)
        self._jobs.append(job)

        def finished(result: Any) -> None:
            self._jobs.remove(job)
            done(result)

        def failed(error: object, details: str) -> None:
            self._jobs.remove(job)
            if isinstance(error, NhpError):
                messages.show_error(self, failure, error)
            else:
                messages.show_error(
                    self, failure, f"{type(error).__name__}: {error}", details=details
                )

        job.finished.connect(finished)
        job.failed.connect(failed)
        job.cancelled.connect(lambda: self._jobs.remove(job))
        with_progress(self, job, label)
        job.start()
        return job

    @property
    def jobs(self) -> list[Job]:
        """The long jobs running now."""
        return list(self._jobs)

    # ------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is None:
            return
        event.acceptProposedAction()
        # After the drop has finished: a dialog inside the drop would hold the drag source.
        if path.suffix.lower() == PLAN_SUFFIX:
            QTimer.singleShot(0, lambda: self.open_plan(path))
        else:
            QTimer.singleShot(0, lambda: self.import_file(path))

    def _dropped_file(self, event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        files = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
        wanted = (*IMPORTABLE, PLAN_SUFFIX)
        if len(files) != 1 or files[0].suffix.lower() not in wanted or self.session is None:
            return None
        return files[0]

    # ------------------------------------------------------------ window state

    def _restore_layout(self) -> None:
        geometry = self._settings.value(settings.GEOMETRY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            # First start: most of the screen, centred, up to a size that reads well.
            screen = self.screen().availableGeometry()
            width = min(1600, round(screen.width() * 0.92))
            height = min(1000, round(screen.height() * 0.92))
            self.setGeometry(
                screen.x() + (screen.width() - width) // 2,
                screen.y() + (screen.height() - height) // 2,
                width,
                height,
            )
        state = self._settings.value(settings.WINDOW_STATE)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = self._settings.value(settings.SPLITTER)
        self._splitter_restored = isinstance(splitter, QByteArray) and bool(
            self.splitter.restoreState(splitter)
        )

    def _restore_columns(self) -> None:
        """Column widths and sort order as last left, once the table has its columns."""
        value = self._settings.value(settings.TABLE_HEADER)
        self._columns_sized = isinstance(value, QByteArray) and bool(
            self.table.horizontalHeader().restoreState(value)
        )
        if not self._columns_sized:
            self._size_columns()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time, with no widths remembered, size the panes and columns to the window."""
        super().showEvent(event)
        if not self._splitter_restored:
            width = self.width()  # the splitter is not laid out yet; it fills the window
            self.splitter.setSizes([round(width * 0.17), round(width * 0.58), round(width * 0.25)])
            self._splitter_restored = True
        if not self._columns_sized and self._proxy.columnCount():
            self._size_columns()
            self._columns_sized = True

    def save_layout(self) -> None:
        self._settings.setValue(settings.GEOMETRY, self.saveGeometry())
        self._settings.setValue(settings.WINDOW_STATE, self.saveState())
        self._settings.setValue(settings.SPLITTER, self.splitter.saveState())
        if self._proxy.columnCount():
            header = self.table.horizontalHeader().saveState()
            self._settings.setValue(settings.TABLE_HEADER, header)
        self._settings.sync()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            for action, name in self._icons.items():
                action.setIcon(icon(name, self.palette()))
            self.filter_bar.refresh_icons()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.editor.commit_pending()
        for job in self._jobs:
            job.cancel()
        self.save_layout()
        self.set_session(None)
        super().closeEvent(event)
