"""Long work (reading a tracker, building a board pack or a tracker) on a worker thread.

The work is a plain function of immutable values (paths, PlanSnapshots) and a
progress callback; it never sees a widget or the plan's store. Its result or
error comes back by signal on the UI thread, so the window keeps painting and
the person can cancel.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from nhp_planner import APP_NAME
from nhp_planner.model.errors import OperationCancelled

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
Work = Callable[[ProgressCallback], Any]


class _Relay(QObject):
    """Lives in the UI thread; the worker emits through it, so Qt queues the signals across."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, work: Work, relay: _Relay, cancel: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self._relay = relay
        self._cancel = cancel
        self._shown = -1

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except OperationCancelled:
            self._relay.cancelled.emit()
        except Exception as error:  # reported to the UI thread, which shows it
            self._relay.failed.emit(error, traceback.format_exc())
        else:
            self._relay.succeeded.emit(result)

    def _progress(self, done: int, total: int) -> None:
        """The callback the work calls; raising here is how a cancel reaches it."""
        if self._cancel.is_set():
            raise OperationCancelled("Cancelled.")
        percent = done * 100 // max(total, 1)
        if percent != self._shown:  # a signal per percent, not per row
            self._shown = percent
            self._relay.progressed.emit(done, total)


class Job(QObject):
    """A handle, in the UI thread, on work running in Qt's thread pool."""

    progressed = Signal(int, int)
    #: The work's return value.
    finished = Signal(object)
    #: The exception and its traceback text.
    failed = Signal(object, str)
    cancelled = Signal()

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progressed.connect(self.progressed)
        self._relay.succeeded.connect(self._on_relay_succeeded)
        self._relay.failed.connect(self._on_relay_failed)
        self._relay.cancelled.connect(self._on_relay_cancelled)
        self._runnable = _Runnable(work, self._relay, self._cancel)
        self.running = False

    def start(self) -> None:
        self.running = True
        QThreadPool.globalInstance().start(self._runnable)

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report."""
        self._cancel.set()

    @Slot(object)
    def _on_relay_succeeded(self, result: object) -> None:
        self.running = False
        self.finished.emit(result)

    @Slot(object, str)
    def _on_relay_failed(self, error: object, details: str) -> None:
        self.running = False
        log.info("Job failed: %s", details)
        self.failed.emit(error, details)

    @Slot()
    def _on_relay_cancelled(self) -> None:
        self.running = False
        self.cancelled.emit()


def with_progress(parent: QWidget, job: Job, label: str) -> QProgressDialog:
    """A window-modal progress dialog for ``job`` with a working Cancel button.

    It appears only if the job takes longer than a moment, and closes itself
    when the job ends however it ends.
    """
    dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
    dialog.setWindowTitle(APP_NAME)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    job.progressed.connect(lambda done, total: dialog.setValue(done * 100 // max(total, 1)))
    dialog.canceled.connect(job.cancel)
    for ended in (job.finished, job.failed, job.cancelled):
        ended.connect(dialog.close)
        ended.connect(dialog.deleteLater)
    return dialog
