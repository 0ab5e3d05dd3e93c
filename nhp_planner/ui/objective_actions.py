"""The Objective menu: add, rename, delete and move objectives (the list's context menu too)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QListView

from nhp_planner.model.entities import Objective
from nhp_planner.model.plural import counted
from nhp_planner.ui import messages
from nhp_planner.ui.actions import ActionSpec, ActionState, writable
from nhp_planner.ui.window_context import WindowContext

CHANGE, MOVE = 0, 1


class ObjectiveActions:
    """Changes to objectives; renaming edits the title in place in the objective list."""

    def __init__(self, context: WindowContext, objective_list: QListView) -> None:
        self._context = context
        self._list = objective_list

    def action_specs(self) -> list[ActionSpec]:
        def chosen(state: ActionState) -> bool:
            return state.writable and state.objective is not None

        # Rename, Delete and Move work in the objective list only: the table has its own.
        return [
            ActionSpec(
                "add_objective",
                "&Add Objective",
                self._on_add_objective,
                menu="objective",
                group=CHANGE,
                shortcut="Ctrl+Alt+N",
                widget="objectives",
                enabled_when=writable,
            ),
            ActionSpec(
                "rename_objective",
                "&Rename Objective",
                self._on_rename_objective,
                menu="objective",
                group=CHANGE,
                shortcut="F2",
                widget="objectives",
                local=True,
                enabled_when=chosen,
            ),
            ActionSpec(
                "delete_objective",
                "&Delete Objective…",
                self._on_delete_objective,
                menu="objective",
                group=CHANGE,
                shortcut=QKeySequence.StandardKey.Delete,
                widget="objectives",
                local=True,
                enabled_when=chosen,
            ),
            ActionSpec(
                "move_objective_up",
                "Move &Up",
                lambda: self._on_move_objective(-1),
                menu="objective",
                group=MOVE,
                shortcut="Ctrl+Shift+Up",
                widget="objectives",
                local=True,
                enabled_when=chosen,
            ),
            ActionSpec(
                "move_objective_down",
                "Move Do&wn",
                lambda: self._on_move_objective(1),
                menu="objective",
                group=MOVE,
                shortcut="Ctrl+Shift+Down",
                widget="objectives",
                local=True,
                enabled_when=chosen,
            ),
        ]

    def _on_add_objective(self) -> None:
        context = self._context
        context.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = context.session
        if session is None:
            return
        added: list[Objective] = []
        if context.guarded(
            "The objective could not be added.", lambda: added.append(session.new_objective())
        ):
            row = session.objectives.row_of_number(added[0].number)
            index = session.objectives.index(row)
            self._list.setCurrentIndex(index)
            self._list.setFocus()
            self._list.edit(index)

    def _on_rename_objective(self) -> None:
        index = self._list.currentIndex()
        if index.isValid() and index.row() > 0:
            self._list.setFocus()
            self._list.edit(index)

    def _on_delete_objective(self) -> None:
        context = self._context
        context.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = context.session
        objective = context.selection.current_objective()
        if session is None or objective is None:
            return
        count = sum(d.objective == objective.number for d in session.deliverables.deliverables())
        with_them = f" and its {counted(count, 'deliverable')}" if count else ""
        if not messages.confirm(
            context.parent,
            f"Delete objective {objective.number}{with_them}?",
            f"“{objective.display_title}” is removed from this reporting period; earlier periods "
            "keep it. Edit ▸ Undo brings it back.",
            action="Delete",
        ):
            return
        if context.guarded(
            "The objective could not be deleted.",
            lambda: session.delete_objective_with_deliverables(objective),
        ):
            self._list.setCurrentIndex(session.objectives.index(0))

    def _on_move_objective(self, step: int) -> None:
        context = self._context
        context.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = context.session
        objective = context.selection.current_objective()
        if session is None or objective is None:
            return
        context.guarded(
            "The objective could not be moved.",
            lambda: session.move_objective(objective, step),
        )
