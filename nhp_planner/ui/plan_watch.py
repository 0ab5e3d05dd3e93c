"""Watching the plan file while it is open: changes made elsewhere, and the file going away.

A window that only reads a plan (another window is changing it, or the file or
folder is read-only) shows the other window's edits as they are saved. A window
that writes notices at once when its file is moved or deleted under it, rather
than saving edits into a file no one will find again.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from nhp_planner.model.store import PlanStore
from nhp_planner.ui.session import PlanSession

#: How long the file must be quiet before it is read again: one save touches it a few times.
SETTLE_MS = 250


def open_read_only(
    path: Path, reason: str, *, today: Callable[[], dt.date] = dt.date.today
) -> PlanSession:
    """The plan at ``path`` to look at, filter, print and export; ``reason`` says why only that."""
    session = PlanSession(PlanStore.open(path, read_only=True), today=today)
    session.read_only_reason = reason
    return session


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), or None if there is none."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


class PlanWatch(QObject):
    """Watches an open plan's file and folder; says what happened by signal."""

    #: The file is not where it was opened any more (moved, renamed, deleted, replaced).
    lost = Signal()
    #: The plan was changed elsewhere (only watched for a read-only session).
    changed_elsewhere = Signal()

    def __init__(self, session: PlanSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        assert session.path is not None
        self._path = session.path.resolve()
        self._read_only = session.read_only
        self._opened = _identity(self._path)
        self._was_lost = False
        self._watcher = QFileSystemWatcher(self)
        self._watcher.addPath(str(self._path.parent))
        self._watch_files()
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._look)
        self._watcher.fileChanged.connect(lambda _path: self._settle.start())
        self._watcher.directoryChanged.connect(lambda _path: self._settle.start())

    def _watch_files(self) -> None:
        """The plan and its write-ahead log, where writes land first (re-added after each
        change: a file replaced under its name is a new one to the system)."""
        for file in (self._path, self._path.with_name(self._path.name + "-wal")):
            if file.exists() and str(file) not in self._watcher.files():
                self._watcher.addPath(str(file))

    def _look(self) -> None:
        self._watch_files()
        if _identity(self._path) != self._opened:
            if not self._was_lost:
                self._was_lost = True
                self.lost.emit()
            return
        if self._read_only:
            self.changed_elsewhere.emit()
