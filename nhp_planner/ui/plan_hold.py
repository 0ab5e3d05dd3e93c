"""What an open plan holds on its file, and what it learns of other programs using it.

A session that writes holds the plan's lock (refreshed while open, so another
computer can tell a lock left by a crash) and may be stopped from writing when
its file goes away. Another program's commits are noticed two ways: before each
edit, through SQLite's ``data_version`` (so an edit is never made over a change
it has not read), and, for a read-only session, by the file watch, which also
notices the file moved or deleted.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from nhp_planner.model.plan_lock import REFRESH_EVERY, PlanLock
from nhp_planner.model.store import PlanStore
from nhp_planner.ui.plan_watch import PlanWatch


class PlanHold(QObject):
    """The lock on a session's plan file, whether it may write, and the watch on the file."""

    #: The file is not where it was opened any more (moved, renamed, deleted, replaced).
    lost = Signal()
    #: Another program changed the plan (looked for only while read-only from the start).
    changed_elsewhere = Signal()

    def __init__(
        self, store: PlanStore, lock: PlanLock | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._lock = lock
        if lock is not None:
            refresh = QTimer(self)
            refresh.setInterval(int(REFRESH_EVERY.total_seconds() * 1000))
            refresh.timeout.connect(lock.refresh)
            refresh.start()
        store.changed_elsewhere()  # from now on, another program's commit is noticed
        self._watch: PlanWatch | None = None
        if store.path is not None:
            self._watch = PlanWatch(store.path, read_only=store.read_only, parent=self)
            self._watch.lost.connect(self.lost)
            self._watch.changed_elsewhere.connect(self.changed_elsewhere)
        #: Why it is open read-only when not because another window has it ("the file … is
        #: read-only"), for the banner.
        self.reason: str | None = None
        self._stopped = False

    @property
    def read_only(self) -> bool:
        """The plan file cannot be changed at all (another window has it, or it is read-only)."""
        return self._store.read_only or self._stopped

    @property
    def stopped(self) -> bool:
        """Writing was stopped while open (the file went away)."""
        return self._stopped

    def stop_writing(self, reason: str) -> None:
        self._stopped = True
        self.reason = reason

    def changed_since_asked(self) -> bool:
        """Whether another program committed a change since this was last asked."""
        return self._store.changed_elsewhere()

    def release(self) -> None:
        """Stop watching, and let go of the lock (the plan is closing)."""
        if self._watch is not None:
            self._watch.stop()
        if self._lock is not None:
            self._lock.release()
