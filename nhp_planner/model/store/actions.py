"""The committee actions register in the plan file: actions per period, written through the history.

A new due date never overwrites the one it replaces: the action keeps it as
a revision (see :meth:`CommitteeAction.with_due`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from nhp_planner.model.actions import CommitteeAction, normalise_number
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.store.register_edits import RegisterEdits
from nhp_planner.model.store.register_rows import ACTIONS, Values


class ActionRegister(RegisterEdits[CommitteeAction]):
    """Outstanding references: an action is known by its number ("7/2023/P")."""

    register = ACTIONS

    def build(self, values: Values, entity_id: str) -> CommitteeAction:
        return CommitteeAction.from_fields(
            values, id=entity_id, updated_at=values.get("updated_at")
        )

    def key(self, item: CommitteeAction) -> str:
        return normalise_number(item.number).lower()

    def check(self, item: CommitteeAction) -> None:
        if not item.number.strip():
            raise ValidationError("A committee action needs its number (e.g. 7/2023/P).")
        if not item.action.strip():
            raise ValidationError(f"Action {item.number} needs the text of the action.")

    def changed(self, current: CommitteeAction, fields: dict[str, Any]) -> CommitteeAction:
        """A new ``due_text`` re-sets the date, keeping the one it replaces.

        Given ``due_history`` too (an undo puts back what was), both are set as given.
        """
        if "due_history" in fields:
            return super().changed(current, fields)
        due = fields.pop("due_text", None)
        updated = super().changed(current, fields)
        return updated if due is None else updated.with_due(due)

    def _imported_over(self, current: CommitteeAction, item: CommitteeAction) -> CommitteeAction:
        """A tracker's due date re-sets the stored one rather than replacing it."""
        merged = super()._imported_over(current, item)
        due = current.with_due(item.due_text) if item.due_text else current
        return replace(merged, due_text=due.due_text, due_history=due.due_history)
