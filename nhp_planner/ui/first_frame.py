"""Work the window's first frame does not show, done once that frame is on the screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterPaint(QObject):
    """Watches ``widget`` until it paints, then runs ``work`` on the next turn of the event loop."""

    def __init__(self, widget: QWidget, work: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._work = work
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # Not now: the rest of the frame (the other widgets, the flush) comes first.
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        self.deleteLater()
        self._work()


def after_first_frame(widget: QWidget, work: Callable[[], None]) -> None:
    """Run ``work`` once ``widget`` has painted and the frame it is in has been drawn."""
    _AfterPaint(widget, work)
