"""What an undo command's redo and undo do to the plan shown: written, then shown.

Each change is written through the store, for the period the session shows (a
command shows its own period first), and the Qt models are then told exactly
which rows changed. Commands call these; nothing else does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from nhp_planner.model.entities import Deliverable, Objective
from nhp_planner.model.refs import ref_sort_key

if TYPE_CHECKING:
    from nhp_planner.ui.session import PlanSession


class SessionWrites:
    """The deliverable and objective changes commands apply, each through the session's store."""

    def __init__(self, session: PlanSession, changed: Callable[[], None]) -> None:
        self._session = session
        #: Recounts the RAGs and tells the window something changed.
        self._changed = changed

    def update_deliverable(self, deliverable_id: str, **fields: Any) -> Deliverable:
        deliverable = self._session.store.update_deliverable(
            deliverable_id, self._session.period, **fields
        )
        self._session.deliverables.replace(deliverable)
        self._changed()
        return deliverable

    def revert_deliverable(
        self, deliverable_id: str, updated_at: str | None, **fields: Any
    ) -> Deliverable:
        """Put fields back, and when it was last updated before (undo)."""
        deliverable = self._session.store.revert_deliverable(
            deliverable_id, updated_at, self._session.period, **fields
        )
        self._session.deliverables.replace(deliverable)
        self._changed()
        return deliverable

    def mark_reviewed(self, deliverable_id: str) -> None:
        """Mark it updated now, nothing else changed (reviewed, no change)."""
        self._session.deliverables.replace(
            self._session.store.confirm_unchanged(deliverable_id, self._session.period)
        )
        self._changed()

    def restore_update_mark(self, deliverable_id: str, updated_at: str | None) -> None:
        """Put back when it was last updated (None: not yet updated)."""
        deliverable = self._session.store.restore_update_mark(
            deliverable_id, updated_at, self._session.period
        )
        self._session.deliverables.replace(deliverable)
        self._changed()

    def add_deliverable(self, deliverable: Deliverable) -> Deliverable:
        added = self._session.store.add_deliverable(deliverable, self._session.period)
        self._session.objectives.sync(self._session.store.objectives(self._session.period))
        self._session.deliverables.insert([added])
        self._changed()
        return added

    def delete_deliverables(self, deliverable_ids: Iterable[str]) -> list[Deliverable]:
        ids = list(deliverable_ids)
        with self._session.store.transaction():
            removed = [self._session.store.delete_deliverable(i, self._session.period) for i in ids]
        self._session.deliverables.remove(ids)
        self._changed()
        return removed

    def restore_deliverables(self, deliverables: Sequence[Deliverable]) -> None:
        with self._session.store.transaction():
            for deliverable in deliverables:
                self._session.store.restore_deliverable(deliverable, self._session.period)
        self._insert_from_store([d.id for d in deliverables])

    def add_objective(self, objective: Objective) -> None:
        self._session.store.add_objective(objective, self._session.period)
        self._session.objectives.sync(self._session.store.objectives(self._session.period))
        self._changed()

    def delete_objective(self, objective_id: str) -> tuple[Objective, list[Deliverable]]:
        objective, removed = self._session.store.delete_objective(
            objective_id, self._session.period
        )
        self._session.deliverables.remove(d.id for d in removed)
        self._session.objectives.sync(self._session.store.objectives(self._session.period))
        self._changed()
        return objective, removed

    def restore_objective(self, objective: Objective, deliverables: Sequence[Deliverable]) -> None:
        self._session.store.restore_objective(objective, deliverables, self._session.period)
        self._session.objectives.sync(self._session.store.objectives(self._session.period))
        self._insert_from_store([d.id for d in deliverables])

    def retitle_objective(self, objective_id: str, title: str | None) -> None:
        self._session.store.update_objective(objective_id, self._session.period, title=title)
        self._session.objectives.sync(self._session.store.objectives(self._session.period))
        self._changed()

    def renumber_deliverables(self, refs: Mapping[str, str]) -> None:
        self._session.store.renumber_deliverables(refs, self._session.period)
        for deliverable_id in refs:
            self._session.deliverables.replace(
                self._session.store.deliverable(deliverable_id, self._session.period)
            )
        self._changed()

    def renumber_objectives(self, numbers: Mapping[str, int]) -> None:
        self._session.store.renumber_objectives(numbers, self._session.period)
        self._session.objectives.sync(self._session.store.objectives(self._session.period))
        shown = {d.id: d for d in self._session.deliverables.deliverables()}
        for deliverable in self._session.store.deliverables(self._session.period):
            if shown.get(deliverable.id) != deliverable:
                self._session.deliverables.replace(deliverable)
        self._changed()

    def _insert_from_store(self, deliverable_ids: list[str]) -> None:
        restored = [
            self._session.store.deliverable(i, self._session.period) for i in deliverable_ids
        ]
        self._session.deliverables.insert(sorted(restored, key=lambda d: ref_sort_key(d.ref)))
        self._changed()
