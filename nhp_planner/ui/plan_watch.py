"""Watching the plan file while it is open: changes made elsewhere, and the file going away.

A window that only reads a plan (another window is changing it, or the file or
folder is read-only) shows the other window's edits as they are saved. A window
that writes notices within a second when its file is moved or deleted under it, rather
than saving edits into a file no one will find again.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

#: How often the file is looked at: a stat or two, cheap enough to do every second.
POLL_MS = 1000


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), or None if there is none."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _written(path: Path) -> tuple[int, ...]:
    """When the plan and its write-ahead log (where writes land first) were last written."""
    marks: list[int] = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            status = os.stat(file)
        except OSError:
            marks += [0, 0]
        else:
            marks += [status.st_mtime_ns, status.st_size]
    return tuple(marks)


class PlanWatch(QObject):
    """Looks at an open plan's file every second; says what happened by signal.

    Polled, not watched through the system's file notifications: those are a
    limited resource on Linux, and a plan on a network share may not send them.
    """

    #: The file is not where it was opened any more (moved, renamed, deleted, replaced).
    lost = Signal()
    #: The plan was changed elsewhere (only looked for in a read-only session).
    changed_elsewhere = Signal()

    def __init__(self, path: Path, *, read_only: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path.resolve()
        self._read_only = read_only
        self._opened = _identity(self._path)
        self._seen = _written(self._path)
        self._was_lost = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._look)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _look(self) -> None:
        if _identity(self._path) != self._opened:
            if not self._was_lost:
                self._was_lost = True
                self.lost.emit()
            return
        written = _written(self._path)
        if self._read_only and written != self._seen:
            self._seen = written
            self.changed_elsewhere.emit()
