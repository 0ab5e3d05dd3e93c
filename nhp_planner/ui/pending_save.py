"""Typing not saved yet, and how it gets saved: nothing typed in the editor is lost.

What is typed waits a moment (so one stretch of typing in one field is one undo
step, a "burst"), then is saved through the session. A save the plan refuses
(busy in another program, the disk full) keeps the typing pending and is tried
again every few seconds, on the next keystroke and on a change of focus, until
it lands; the editor shows why meanwhile.
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from nhp_planner.model.errors import NhpError

if TYPE_CHECKING:
    from nhp_planner.model.entities import Deliverable
    from nhp_planner.ui.session import PlanSession

#: How long typing may pause before what was typed is saved.
SAVE_DELAY_MS = 600
#: The longest typing waits to be saved while the person keeps typing: what is typed is
#: on disk within a second, and the saves of one stretch still make one undo step.
SAVE_MAX_WAIT_MS = 800
#: How often a save that failed (the plan busy, the disk full) is tried again.
RETRY_MS = 3000
_bursts = itertools.count(1)

log = logging.getLogger(__name__)


class PendingSave(QObject):
    """The editor's typing per (deliverable id, field), oldest first, until the plan has it."""

    #: Typing waits to be saved (True), or all of it is saved or dropped (False).
    pending_changed = Signal(bool)
    #: A save was refused (the error); the typing is kept and tried again.
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: PlanSession | None = None
        #: (deliverable id, field) -> (value, burst), oldest first.
        self._pending: dict[tuple[str, str], tuple[Any, int]] = {}
        #: Why the last save failed, while its typing waits to be saved.
        self.failure: NhpError | None = None
        self._saving = False
        self._burst = next(_bursts)
        self._delay = self._single_shot(SAVE_DELAY_MS)
        self._max_wait = self._single_shot(SAVE_MAX_WAIT_MS)
        self._retry = self._single_shot(RETRY_MS)

    def _single_shot(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self._save)
        return timer

    def set_session(self, session: PlanSession | None) -> None:
        """Save into another plan (or none); typing meant for the one before is dropped."""
        self._session = session
        self.drop()

    def typed(self, deliverable_id: str, field: str, value: Any) -> None:
        """A field's value as it now reads; saved after a pause, or at most a moment later."""
        first = not self._pending
        key = (deliverable_id, field)
        self._pending.pop(key, None)  # the latest value goes last, in the order typed
        self._pending[key] = (value, self._burst)
        if first:
            self.pending_changed.emit(True)
        self._delay.start()
        if not self._max_wait.isActive():
            self._max_wait.start()

    def value(self, deliverable: Deliverable, field: str) -> Any:
        """A field's value to show: as typed if that is not saved yet, else as saved."""
        pending = self._pending.get((deliverable.id, field))
        return pending[0] if pending else getattr(deliverable, field)

    def commit(self) -> bool:
        """Save what was typed now, and start a new burst; whether all of it is saved."""
        self._save()
        self._burst = next(_bursts)
        return not self._pending

    def has_pending(self) -> bool:
        return bool(self._pending)

    def edits(self) -> list[tuple[str, str, Any]]:
        """The typing not yet saved: (deliverable id, field, value), oldest first."""
        return [(key[0], key[1], value) for key, (value, _burst) in self._pending.items()]

    def drop(self, *, keep_shown: bool = False) -> None:
        """Forget typing (or, ``keep_shown``, only typing whose deliverable is gone)."""
        if not self._pending:
            return
        model = self._session.deliverables if self._session is not None else None
        for key in list(self._pending):
            if not keep_shown or model is None or model.deliverable(key[0]) is None:
                # Never silently: what was typed stays in the log.
                log.warning("Typing dropped (%s of %s): %r", key[1], key[0], self._pending[key][0])
                del self._pending[key]
        if not self._pending:
            self._stop_timers()
            self._saved()

    def _save(self) -> None:
        """Save every pending field, oldest first; on a refusal keep the rest and retry."""
        if self._saving:  # a save that reloads the plan reselects, which saves again
            return
        self._stop_timers()
        if not self._pending or self._session is None:
            return
        self._saving = True
        try:
            while self._pending:
                (deliverable_id, field), (value, burst) = next(iter(self._pending.items()))
                try:
                    self._session.edit_deliverable(deliverable_id, field, value, burst=burst)
                except NhpError as error:
                    log.warning("Typing not saved yet, retrying: %s", error)
                    self.failure = error
                    self._retry.start()
                    self.failed.emit(error)
                    return
                if self._pending.get((deliverable_id, field)) == (value, burst):
                    del self._pending[(deliverable_id, field)]
        finally:
            self._saving = False
        self._saved()

    def _stop_timers(self) -> None:
        for timer in (self._delay, self._max_wait, self._retry):
            timer.stop()

    def _saved(self) -> None:
        if self.failure is not None:
            log.info("Typing that had failed to save is saved now")
        self.failure = None
        self.pending_changed.emit(False)
