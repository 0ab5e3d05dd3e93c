"""What the window says of itself and takes from outside: its title, the banner, dropped files.

The title names the plan and the period shown, and marks a sample, a read-only
plan or a closed period. The banner says what is special about what is shown
and offers the way on; its buttons lead to the parts that act. A tracker, plan
JSON or plan dropped on the window is imported or opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QMainWindow

    from nhp_planner.ui.banner import Banner
    from nhp_planner.ui.file_actions import FileActions
    from nhp_planner.ui.period_actions import PeriodActions
    from nhp_planner.ui.session import PlanSession
    from nhp_planner.ui.transfer_actions import TransferActions


def window_title(session: PlanSession) -> str:
    """ "Harrowdale NHP delivery plan – January 2024 (sample) (read-only)"."""
    period = session.period.label if session.period else "no reporting period yet"
    marks = " (sample)" if session.is_sample else ""
    if session.read_only:
        marks += " (read-only)"
    elif not session.editable and session.period is not None:
        marks += " (closed, read-only)"
    return f"{session.plan.title} – {period}{marks}"


class WindowFrame:
    """The window's title and banner kept to the plan shown, and the files dropped on it."""

    def __init__(
        self,
        window: QMainWindow,
        banner: Banner,
        files: FileActions,
        transfer: TransferActions,
        periods: PeriodActions,
    ) -> None:
        self._window = window
        self._banner = banner
        self._transfer = transfer
        window.setAcceptDrops(True)
        banner.new_plan.clicked.connect(files.new_plan)
        banner.import_tracker.clicked.connect(transfer.ask_import)
        banner.go_current.clicked.connect(periods.show_current_period)
        banner.reopen.clicked.connect(periods.reopen_period)
        banner.close_period.clicked.connect(periods.close_period)

    def show_plan(self, session: PlanSession | None) -> None:
        """The title and the banner for the plan shown (or none)."""
        if session is None:
            self._window.setWindowTitle("")
            self._banner.show_notice(
                "No plan is open. Open one with File ▸ Open… or Open Recent, or start one.",
                (self._banner.new_plan,),
            )
            return
        self._window.setWindowTitle(window_title(session))
        self._window.setWindowFilePath(str(session.path or ""))
        self._banner.show_for(session)

    def drag_entered(self, event: QDragEnterEvent) -> None:
        """Taken only when it is one file the window can open or import."""
        if self._transfer.dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropped(self, event: QDropEvent) -> None:
        path = self._transfer.dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self._transfer.take_dropped(path)
