"""What a menu's handlers may touch: the plan shown and the few parts of the window they need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QStatusBar, QWidget

from nhp_planner.model.errors import NhpError
from nhp_planner.ui import messages, settings
from nhp_planner.ui.editor import DeliverableEditor
from nhp_planner.ui.filter_bar import FilterBar
from nhp_planner.ui.job_runner import JobRunner
from nhp_planner.ui.selection import Selection
from nhp_planner.ui.session import PlanSession


@dataclass(frozen=True)
class WindowContext:
    """Given to each part of the window (files, periods, deliverables…) instead of the window."""

    #: The parent of dialogs and messages.
    parent: QWidget
    settings: QSettings
    today: Callable[[], dt.date]
    #: The session shown now (it changes when another plan is opened).
    current_session: Callable[[], PlanSession | None]
    #: Show the plan at a path; False (after saying why) when it cannot be opened.
    open_plan: Callable[[Path], bool]
    editor: DeliverableEditor
    filter_bar: FilterBar
    selection: Selection
    status_bar: QStatusBar
    jobs: JobRunner

    @property
    def session(self) -> PlanSession | None:
        return self.current_session()

    def folder(self) -> Path:
        """Where file dialogs start: the folder last used."""
        return settings.last_folder(self.settings)

    def remember_folder(self, path: Path) -> None:
        settings.remember_folder(self.settings, path)

    def say(self, text: str, timeout_ms: int) -> None:
        """A passing message in the status bar."""
        self.status_bar.showMessage(text, timeout_ms)

    def guarded(self, what: str, change: Callable[[], object]) -> bool:
        """Run an edit; a change the plan refuses is explained, not raised."""
        try:
            change()
        except NhpError as error:
            messages.show_error(self.parent, what, error)
            return False
        return True

    def open_dialog(self, dialog: QDialog) -> None:
        """Open a window-modal dialog without blocking; it is deleted when closed."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def select_deliverable(self, deliverable_id: str) -> bool:
        """Make a deliverable current (if it is shown); True if it is."""
        session = self.session
        if session is None:
            return False
        return self.selection.select_deliverable(session.deliverables, deliverable_id)
