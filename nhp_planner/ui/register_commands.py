"""Undoable edits to the registers around the plan: add, change, delete an item or action.

Each command holds the item as it was and as it becomes, by id, and applies
through the store's register part for the period it was made in.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING, Any

from nhp_planner.model.actions import CommitteeAction
from nhp_planner.model.findings import InspectorateItem
from nhp_planner.model.store.register_edits import RegisterEdits
from nhp_planner.ui.commands import PlanCommand

if TYPE_CHECKING:
    from nhp_planner.ui.session import PlanSession

RegisterEntry = InspectorateItem | CommitteeAction
_BOOKKEEPING = {"id", "updated_at"}


def register_of(session: PlanSession, item: RegisterEntry) -> RegisterEdits[Any]:
    """The store part that keeps ``item``."""
    return session.store.findings if isinstance(item, InspectorateItem) else session.store.actions


def _differences(before: RegisterEntry, after: RegisterEntry) -> dict[str, Any]:
    changed = {
        f.name: getattr(after, f.name)
        for f in dataclass_fields(after)
        if f.name not in _BOOKKEEPING and getattr(before, f.name) != getattr(after, f.name)
    }
    if "due_text" in changed or "due_history" in changed:
        changed.update(due_text=after.due_text, due_history=after.due_history)  # type: ignore[union-attr]
    return changed


class EditRegisterItemCommand(PlanCommand):
    """Change an inspectorate item or a committee action: "Edit AFI 1 (PEEL 2022)"."""

    def __init__(self, session: PlanSession, before: RegisterEntry, after: RegisterEntry) -> None:
        super().__init__(session, f"Edit {before.label}")
        self._before, self._after = before, after

    def apply(self) -> None:
        self._set(self._before, self._after)

    def revert(self) -> None:
        self._set(self._after, self._before)

    def _set(self, current: RegisterEntry, wanted: RegisterEntry) -> None:
        changes = _differences(current, wanted)
        if changes:
            register_of(self._session, wanted).update(wanted.id, self._period, **changes)


class AddRegisterItemCommand(PlanCommand):
    """Add an inspectorate item or a committee action."""

    def __init__(self, session: PlanSession, item: RegisterEntry) -> None:
        super().__init__(session, f"Add {item.label}")
        self._item = item

    def apply(self) -> None:
        register_of(self._session, self._item).add(self._item, self._period)

    def revert(self) -> None:
        register_of(self._session, self._item).delete(self._item.id, self._period)


class DeleteRegisterItemCommand(PlanCommand):
    """Delete an inspectorate item or a committee action; undo puts it back as it was."""

    def __init__(self, session: PlanSession, item: RegisterEntry) -> None:
        super().__init__(session, f"Delete {item.label}")
        self._item = item

    def apply(self) -> None:
        register_of(self._session, self._item).delete(self._item.id, self._period)

    def revert(self) -> None:
        register_of(self._session, self._item).restore(self._item, self._period)


#: Every command that changes a register (what the "Answers …" links are read again after).
REGISTER_COMMANDS = (EditRegisterItemCommand, AddRegisterItemCommand, DeleteRegisterItemCommand)
