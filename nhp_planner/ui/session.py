"""An open plan in the window: its store, undo stack and Qt models.

Commands change the plan only through a session, which writes through the
store (one transaction and its change history per edit) and then tells the
models exactly what changed (:class:`~nhp_planner.ui.session_writes.SessionWrites`).
What it holds on its file (the lock, the watch, other programs' changes) is its
:class:`~nhp_planner.ui.plan_hold.PlanHold`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from nhp_planner.model.entities import (
    Conflict,
    CoverReport,
    Deliverable,
    Objective,
    Plan,
    PlanSnapshot,
)
from nhp_planner.model.errors import NhpError
from nhp_planner.model.periods import ReportingPeriod, figures_day
from nhp_planner.model.plan_file import check_plan_file, reason
from nhp_planner.model.plan_lock import PlanInUseError, PlanLock
from nhp_planner.model.store import PlanStore
from nhp_planner.model.summary import RagCounts
from nhp_planner.sample import is_sample
from nhp_planner.ui import messages
from nhp_planner.ui.commands import (
    AddDeliverableCommand,
    AddObjectiveCommand,
    ConfirmUnchangedCommand,
    DeleteDeliverablesCommand,
    DeleteObjectiveCommand,
    MoveDeliverableCommand,
    MoveObjectiveCommand,
    SetCoverCommand,
    SetObjectiveTitleCommand,
    SetPlanPropertiesCommand,
    field_command,
)
from nhp_planner.ui.deliverable_model import DeliverableTableModel
from nhp_planner.ui.objective_model import ObjectiveListModel
from nhp_planner.ui.plan_hold import PlanHold
from nhp_planner.ui.session_writes import SessionWrites

if TYPE_CHECKING:
    from nhp_planner.model.merge import MergeResult

log = logging.getLogger(__name__)

_ITEM = re.compile(r"^\d+\.(\d+)")


class PlanSession(QObject):
    """One open plan: what the window shows and edits, and how edits are undone."""

    #: Something in the plan changed (an edit, undo, redo or import).
    changed = Signal()
    #: The plan's own fields changed (title, cover report).
    plan_changed = Signal()
    #: Everything was read afresh from the file (after an import, a merge, a new period).
    reloaded = Signal()
    #: Another period is shown, or the one shown was reopened or closed again.
    period_changed = Signal()

    def __init__(
        self,
        store: PlanStore,
        *,
        lock: PlanLock | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        #: The lock on the file, whether it may write, and the watch on it.
        self.hold = PlanHold(store, lock, self)
        # A read-only window follows the program that changes the plan.
        self.hold.changed_elsewhere.connect(self.reload)
        self._failure: NhpError | None = None
        self.plan = store.plan()
        #: The period shown and edited; the current one unless the person chose another.
        self.period = store.current_period
        #: The latest period, where edits go unless an earlier one is reopened.
        self.current_period = store.current_period
        #: The period before the one shown: what the RAG arrows compare with.
        self.previous_period: ReportingPeriod | None = None
        self._editable = False
        self._before_by_id: dict[str, Deliverable] = {}
        self._before_by_ref: dict[str, Deliverable] = {}
        self._conflicts: dict[str, tuple[Conflict, ...]] = {}
        #: Unresolved merge conflicts in every period.
        self.open_conflicts = 0
        self.undo_stack = QUndoStack(self)
        self.deliverables = DeliverableTableModel(self, self)
        self.objectives = ObjectiveListModel(self, self)
        #: The changes undo commands apply, written and then shown.
        self.writes = SessionWrites(self, self._changed)
        self._load()

    # ------------------------------------------------------------ what it is

    @property
    def path(self) -> Path | None:
        return self.store.path

    @property
    def is_sample(self) -> bool:
        return self.path is not None and is_sample(self.path)

    @property
    def read_only(self) -> bool:
        """The plan file cannot be changed at all (another window has it, or it is read-only)."""
        return self.hold.read_only

    def stop_writing(self, reason: str) -> None:
        """Take no more edits (the file went away): the window shows the plan read-only."""
        self.hold.stop_writing(reason)
        self._editable = False
        self.deliverables.set_editable(False)
        self.undo_stack.clear()
        self.period_changed.emit()

    @property
    def editable(self) -> bool:
        """The period shown can be edited: the current one, or an earlier one reopened."""
        return self._editable

    @property
    def shows_current_period(self) -> bool:
        return self.period == self.current_period

    def as_at(self) -> dt.date:
        """The day the shown period's overdue figures are worked out at (see figures_day)."""
        return figures_day(self.period, self.current_period, self.today())

    def before(self, deliverable: Deliverable) -> Deliverable | None:
        """The deliverable in the previous period, matched by id, then by ref (as compare does)."""
        return self._before_by_id.get(deliverable.id) or self._before_by_ref.get(deliverable.ref)

    def conflicts_of(self, deliverable_id: str) -> tuple[Conflict, ...]:
        """The unresolved merge conflicts on a deliverable in the period shown."""
        return self._conflicts.get(deliverable_id, ())

    def snapshot(self) -> PlanSnapshot:
        """The plan as it stands in the period shown: an immutable value for worker threads."""
        return self.store.snapshot(self.period)

    def previous_snapshot(self) -> PlanSnapshot | None:
        """The period before, for movement arrows in exports and board packs."""
        earlier = self.store.previous_period(self.period)
        return self.store.snapshot(earlier) if earlier else None

    def close(self) -> None:
        self.store.close()
        self.hold.release()

    # ------------------------------------------------------------ another program's changes

    def catch_up(self) -> bool:
        """Read the plan afresh if another program changed it since; True if it did.

        Called before every edit, so an edit is always made to the plan as it is
        on disk, never over another program's change made since it was read. (A
        read-only session follows the writer through its hold's file watch.)
        """
        if not self.hold.changed_since_asked():
            return False
        log.info("%s was changed by another program; reading it afresh", self.path)
        self.reload()
        return True

    # ------------------------------------------------------------ pushing edits

    def push(self, command: QUndoCommand) -> None:
        """Perform a command and keep it for undo; a change the store refuses raises here."""
        self._failure = None
        self.undo_stack.push(command)
        self.raise_failure()

    def report_failure(self, error: NhpError) -> None:
        """Called by a command whose change the store refused (see PlanCommand)."""
        log.info("Edit refused: %s", error)
        self._failure = error

    def raise_failure(self) -> None:
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure

    def edit_deliverable(
        self, deliverable_id: str, field: str, value: Any, *, burst: int | None = None
    ) -> bool:
        """Push the command that sets one field; False when the value is already so."""
        self.catch_up()
        deliverable = self.deliverables.deliverable(deliverable_id)
        if deliverable is None:
            return False
        command = field_command(self, deliverable, field, value, burst=burst)
        if command is None:
            return False
        self.push(command)
        return True

    def review_unchanged(self, deliverable_id: str) -> bool:
        """Push "reviewed, no change"; False when it is already updated for the period."""
        deliverable = self.deliverables.deliverable(deliverable_id)
        if deliverable is None or deliverable.updated_at is not None:
            return False
        self.push(ConfirmUnchangedCommand(self, deliverable))
        return True

    def rename_objective(self, objective_id: str, title: str | None) -> bool:
        self.catch_up()
        objective = self._objective(objective_id)
        if objective.title == title:
            return False
        self.push(SetObjectiveTitleCommand(self, objective, title))
        return True

    def new_deliverable(self, objective: int) -> Deliverable:
        """Push the command that adds an empty deliverable with the objective's next reference."""
        self.catch_up()
        refs = [d.ref for d in self.deliverables.deliverables() if d.objective == objective]
        items = [int(m.group(1)) for ref in refs if (m := _ITEM.match(ref))]
        deliverable = Deliverable(
            ref=f"{objective}.{max(items, default=0) + 1}", objective=objective
        )
        self.push(AddDeliverableCommand(self, deliverable))
        return deliverable

    def delete(self, deliverables: Sequence[Deliverable]) -> None:
        self.catch_up()
        self.push(DeleteDeliverablesCommand(self, deliverables))

    def move_deliverable(self, deliverable: Deliverable, step: int) -> bool:
        """Swap with the neighbour above (-1) or below (+1) in its objective; False at an end."""
        self.catch_up()
        siblings = sorted(
            (d for d in self.deliverables.deliverables() if d.objective == deliverable.objective),
            key=lambda d: d.sort_key,
        )
        at = next(n for n, d in enumerate(siblings) if d.id == deliverable.id)
        if not 0 <= at + step < len(siblings):
            return False
        direction = "up" if step < 0 else "down"
        self.push(MoveDeliverableCommand(self, deliverable, siblings[at + step], direction))
        return True

    def new_objective(self) -> Objective:
        self.catch_up()
        numbers = [o.number for o in self.objectives.objectives()]
        objective = Objective(max(numbers, default=0) + 1, "New objective")
        self.push(AddObjectiveCommand(self, objective))
        return objective

    def delete_objective_with_deliverables(self, objective: Objective) -> None:
        self.catch_up()
        count = sum(d.objective == objective.number for d in self.deliverables.deliverables())
        self.push(DeleteObjectiveCommand(self, objective, count))

    def move_objective(self, objective: Objective, step: int) -> bool:
        """Swap numbers with the objective above (-1) or below (+1); False at an end."""
        self.catch_up()
        ordered = self.objectives.objectives()
        at = next(n for n, o in enumerate(ordered) if o.id == objective.id)
        if not 0 <= at + step < len(ordered):
            return False
        direction = "up" if step < 0 else "down"
        self.push(MoveObjectiveCommand(self, objective, ordered[at + step], direction))
        return True

    def set_properties(self, plan: Plan) -> bool:
        """Push the command that changes the plan's own fields; False when nothing changed."""
        old = self.plan
        keys = ("title", "force", "owner", "rag_key")
        if all((getattr(old, k) or None) == (getattr(plan, k) or None) for k in keys):
            return False
        self.push(SetPlanPropertiesCommand(self, old, plan))
        return True

    def set_cover(self, cover: CoverReport, *, burst: int | None = None) -> None:
        self.catch_up()
        if cover != self.plan.cover:
            self.push(SetCoverCommand(self, self.plan.cover, cover, burst=burst))

    # ------------------------------------------------------------ the plan's own fields, applied

    def update_properties(self, plan: Plan) -> None:
        """Applied by SetPlanPropertiesCommand: blank force or owner is stored as blank."""
        self.plan = self.store.update_plan(
            title=plan.title, force=plan.force or "", owner=plan.owner or "", rag_key=plan.rag_key
        )
        self.plan_changed.emit()
        self.changed.emit()

    def update_cover(self, cover: CoverReport) -> None:
        self.plan = self.store.update_plan(cover=cover)
        self.plan_changed.emit()

    # ------------------------------------------------------------ periods, merges, conflicts

    def show_period(self, period: ReportingPeriod | None) -> None:
        """Show (and edit, if it is open) another period; undo steps keep their own periods."""
        if period == self.period:
            return
        self.period = period
        self._load()
        self.period_changed.emit()

    def start_period(self, period: ReportingPeriod) -> None:
        """Start a new period and show it; edits before it can no longer be undone.

        Refused if another program started one since the plan was last read.
        """
        self.store.start_period(period, after=self.current_period)
        self.reload(period)

    def set_reopened(self, reopen: bool) -> None:
        """Reopen the period shown for edits, or close it again."""
        if self.period is None:
            return
        self.store.reopen_period(self.period, reopen=reopen)
        self._editable = self._is_editable()
        self.deliverables.set_editable(self._editable)
        self.period_changed.emit()

    def merge(self, path: Path) -> MergeResult:
        """Merge another copy of the plan in, in one transaction, and show the result."""
        result = self.store.merge_from(path)
        if not result.changed_nothing:
            self.reload()
        return result

    def resolve_conflicts(
        self, conflict_ids: Sequence[str], take: str, value: str | None = None
    ) -> None:
        """Settle conflicts (all or none of them); like an import, this clears the undo steps."""
        with self.store.transaction():
            for conflict_id in conflict_ids:
                self.store.resolve_conflict(conflict_id, take=take, value=value)
        self.reload()

    def reload(self, period: ReportingPeriod | None = None) -> None:
        """Read everything afresh (after an import or merge); earlier edits can no longer be undone.

        Shows ``period`` if given; else the period shown, or the new current
        period if the current one was shown (a merge may bring a later one).
        """
        self.undo_stack.clear()
        self.plan = self.store.plan()
        if period is None:
            keep = self.period is not None and not self.shows_current_period
            keep = keep and self.period in self.store.periods()
            period = self.period if keep else self.store.current_period
        self.period = period
        self._load()
        self.plan_changed.emit()
        self.reloaded.emit()

    # ------------------------------------------------------------ internals

    def _load(self) -> None:
        period = self.period
        self.current_period = self.store.current_period
        self._editable = self._is_editable()
        self.previous_period = self.store.previous_period(period) if period else None
        previous = self.previous_period
        before = self.store.deliverables(previous, in_order=False) if previous else []
        self._before_by_id = {d.id: d for d in before}
        self._before_by_ref = {d.ref: d for d in before}
        conflicts: dict[str, list[Conflict]] = defaultdict(list)
        every = self.store.conflicts()
        for conflict in every:
            if conflict.entity == "deliverable" and period and conflict.period == period.key:
                conflicts[conflict.entity_id].append(conflict)
        self._conflicts = {key: tuple(found) for key, found in conflicts.items()}
        self.open_conflicts = len(every)
        # The proxy sorts the table, so the rows need no order of their own.
        self.deliverables.reset(self.store.deliverables(period, in_order=False))
        self.objectives.sync(self.store.objectives(period))
        self._changed()

    def _is_editable(self) -> bool:
        period = self.period
        return not self.hold.stopped and period is not None and self.store.is_editable(period)

    def _objective(self, objective_id: str) -> Objective:
        return next(o for o in self.objectives.objectives() if o.id == objective_id)

    def _changed(self) -> None:
        """Recount RAGs per objective and tell the window."""
        today = self.as_at()
        groups: dict[int, list[Deliverable]] = defaultdict(list)
        for deliverable in self.deliverables.deliverables():
            groups[deliverable.objective].append(deliverable)
        counts = {number: RagCounts.of(items, today) for number, items in groups.items()}
        overall = RagCounts(
            *(sum(getattr(c, name) for c in counts.values()) for name in _COUNT_FIELDS)
        )
        self.objectives.set_counts(counts, overall)
        self.changed.emit()


_COUNT_FIELDS = ("green", "amber", "red", "not_rated", "overdue")


#: What the lock says in the window: the program that holds a plan.
WINDOW = "NHP Planner window"


def open_session(
    path: Path, parent: QWidget | None, *, today: Callable[[], dt.date] = dt.date.today
) -> PlanSession | None:
    """Open a plan for editing; read-only if another program holds it and the person agrees.

    A lock left by a process that is gone clears itself; the person may break
    another (after a question), and the plan's history records that they did.
    Returns None when the person declines. Raises PlanFileError for a file that
    is not a plan (the caller says so).
    """
    check_plan_file(path)  # what is not a plan is refused before a lock file is written
    lock = PlanLock(path, WINDOW)
    try:
        holder = lock.acquire()
    except NhpError as error:  # a full disk, say: the plan can still be read, saying why
        log.warning("Cannot lock %s (%s); opening it read-only", path, error)
        cause = error.__cause__
        why = f" ({reason(cause)})" if isinstance(cause, OSError) else ""
        return open_read_only(path, f"its lock file cannot be written{why}", today=today)
    broken = None
    if holder is not None:
        choice = messages.ask_open_locked(parent, path, holder)
        if choice is messages.LockChoice.CANCEL:
            return None
        if choice is messages.LockChoice.READ_ONLY:
            return PlanSession(PlanStore.open(path, read_only=True), today=today)
        lock.break_lock(holder)
        broken, holder = holder, lock.acquire()
        if holder is not None:  # taken again at once: that program is alive after all
            raise PlanInUseError(f"{path}: is open for changes in {holder.describe()}.")
    try:
        store = PlanStore.open(path)
        if broken is not None:
            store.record_lock_broken(broken.describe())
    except BaseException:
        lock.release()
        raise
    return PlanSession(store, lock=lock, today=today)


def open_read_only(
    path: Path, reason: str, *, today: Callable[[], dt.date] = dt.date.today
) -> PlanSession:
    """The plan at ``path`` to look at, filter, print and export; ``reason`` says why only that."""
    session = PlanSession(PlanStore.open(path, read_only=True), today=today)
    session.hold.reason = reason
    return session
