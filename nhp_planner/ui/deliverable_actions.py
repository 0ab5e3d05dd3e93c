"""The Deliverable menu: add, delete, move, the summary position, history; the editor's edits."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from nhp_planner.model.entities import Deliverable
from nhp_planner.ui import messages
from nhp_planner.ui.actions import ActionSpec, ActionState, writable
from nhp_planner.ui.window_context import WindowContext

ADD, MOVE, DETAILS = 0, 1, 2
TOOLBAR = 1


class DeliverableActions:
    """Changes to deliverables, from the menu, the table's context menu and the editor."""

    def __init__(self, context: WindowContext) -> None:
        self._context = context
        context.editor.field_edited.connect(self._on_editor_field_edited)
        context.editor.history_requested.connect(self._on_history)
        context.editor.review_requested.connect(self._on_review_unchanged)

    def action_specs(self) -> list[ActionSpec]:
        def chosen(state: ActionState) -> bool:
            return state.writable and state.chosen

        def movable(state: ActionState) -> bool:
            return state.writable and state.current is not None

        def current(state: ActionState) -> bool:
            return state.current is not None

        def reviewable(state: ActionState) -> bool:
            return state.writable and state.current is not None and not state.current.updated_at

        # Delete and Move share keys with the objective list's: in the table, they mean these.
        return [
            ActionSpec(
                "add_deliverable",
                "&Add Deliverable",
                self._on_add_deliverable,
                menu="deliverable",
                group=ADD,
                shortcut="Ctrl+Shift+N",
                icon="add",
                tip="A new deliverable in the chosen objective",
                toolbar=TOOLBAR,
                widget="table",
                enabled_when=writable,
            ),
            ActionSpec(
                "delete_deliverable",
                "&Delete Deliverable…",
                self._on_delete_deliverables,
                menu="deliverable",
                group=ADD,
                shortcut=QKeySequence.StandardKey.Delete,
                icon="delete",
                tip="Remove the selected deliverables from the plan",
                toolbar=TOOLBAR,
                widget="table",
                local=True,
                enabled_when=chosen,
            ),
            ActionSpec(
                "move_deliverable_up",
                "Move &Up",
                lambda: self._on_move_deliverable(-1),
                menu="deliverable",
                group=MOVE,
                shortcut="Ctrl+Shift+Up",
                icon="move-up",
                tip="Swap references with the deliverable above",
                toolbar=TOOLBAR,
                widget="table",
                local=True,
                enabled_when=movable,
            ),
            ActionSpec(
                "move_deliverable_down",
                "Move Do&wn",
                lambda: self._on_move_deliverable(1),
                menu="deliverable",
                group=MOVE,
                shortcut="Ctrl+Shift+Down",
                icon="move-down",
                tip="Swap references with the deliverable below",
                toolbar=TOOLBAR,
                widget="table",
                local=True,
                enabled_when=movable,
            ),
            ActionSpec(
                "review_unchanged",
                "&Reviewed, No Change",
                self._on_review_unchanged,
                menu="deliverable",
                group=DETAILS,
                shortcut="Ctrl+R",
                tip="Nothing to change this period: mark it updated, recorded in its history",
                enabled_when=reviewable,
            ),
            ActionSpec(
                "edit_summary",
                "Edit &Summary Position",
                self._on_edit_summary,
                menu="deliverable",
                group=DETAILS,
                shortcut="Ctrl+Return",
                enabled_when=current,
            ),
            ActionSpec(
                "history",
                "&History…",
                self._on_history,
                menu="deliverable",
                group=DETAILS,
                shortcut="Ctrl+H",
                tip="Its RAG, date and summary position in every period, and every change to it",
                enabled_when=current,
            ),
        ]

    def _on_editor_field_edited(
        self, deliverable_id: str, field: str, value: object, burst: int | None
    ) -> None:
        session = self._context.session
        if session is not None:
            self._context.guarded(
                "The change could not be saved.",
                lambda: session.edit_deliverable(deliverable_id, field, value, burst=burst),
            )

    def _on_review_unchanged(self) -> None:
        context = self._context
        context.editor.commit_pending()  # typing first: typing is an update of its own
        session, current = context.session, context.selection.current_deliverable()
        if session is None or current is None:
            return
        reviewed: list[bool] = []
        if context.guarded(
            "The deliverable could not be marked reviewed.",
            lambda: reviewed.append(session.review_unchanged(current.id)),
        ) and reviewed == [False]:
            context.say(f"{current.ref} is updated for this period already.", 4000)

    def _on_add_deliverable(self) -> None:
        context = self._context
        context.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = context.session
        if session is None:
            return
        objective = context.selection.current_objective_number()
        if objective is None:
            current = context.selection.current_deliverable()
            numbers = [o.number for o in session.objectives.objectives()]
            objective = current.objective if current else (numbers[-1] if numbers else 1)
        added: list[Deliverable] = []
        if not context.guarded(
            "The deliverable could not be added.",
            lambda: added.append(session.new_deliverable(objective)),
        ):
            return
        if not context.select_deliverable(added[0].id):
            context.filter_bar.clear()
            context.select_deliverable(added[0].id)
        context.editor.focus_field("commitment")

    def _on_delete_deliverables(self) -> None:
        context = self._context
        context.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = context.session
        chosen = context.selection.selected_deliverables()
        if session is None or not chosen:
            return
        if len(chosen) == 1:
            question = f"Delete deliverable {chosen[0].ref}?"
        else:
            question = (
                f"Delete {len(chosen)} deliverables ({', '.join(d.ref for d in chosen[:6])}"
                f"{'…' if len(chosen) > 6 else ''})?"
            )
        period = session.period.label if session.period else "the plan"
        it, it_is, its = (
            ("it", "it is", "its") if len(chosen) == 1 else ("them", "they are", "their")
        )
        if not messages.confirm(
            context.parent,
            question,
            f"{it_is.capitalize()} removed from {period} with {its} summary position and RAG; "
            f"earlier reporting periods keep {it}. Edit ▸ Undo brings {it} back.",
            action="Delete",
        ):
            return
        row = context.selection.first_selected_row()
        if context.guarded(
            "The deliverables could not be deleted.", lambda: session.delete(chosen)
        ):
            context.selection.select_row(min(row, context.selection.row_count() - 1))

    def _on_move_deliverable(self, step: int) -> None:
        context = self._context
        context.editor.commit_pending()  # typing first, so it is not lost or reordered
        session = context.session
        current = context.selection.current_deliverable()
        if session is None or current is None:
            return
        moved: list[bool] = []
        context.guarded(
            "The deliverable could not be moved.",
            lambda: moved.append(session.move_deliverable(current, step)),
        )
        if moved and not moved[0]:
            context.say(
                f"{current.ref} is already the {'first' if step < 0 else 'last'} of its objective.",
                4000,
            )
        context.select_deliverable(current.id)

    def _on_edit_summary(self) -> None:
        if self._context.selection.current_deliverable() is not None:
            self._context.editor.focus_field("summary_position")

    def _on_history(self) -> None:
        context = self._context
        session, deliverable = context.session, context.selection.current_deliverable()
        if session is None or deliverable is None:
            return
        from nhp_planner.ui.history_dialog import HistoryDialog

        context.editor.commit_pending()
        context.open_dialog(HistoryDialog(session.store, deliverable.id, context.parent))
