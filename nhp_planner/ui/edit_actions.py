"""The Edit and View menus: undo and redo, finding, moving between panes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QListView, QTableView

from nhp_planner.model.errors import NhpError
from nhp_planner.ui import messages
from nhp_planner.ui.actions import ActionSet, ActionSpec, ActionState
from nhp_planner.ui.window_context import WindowContext

UNDO, FIND = 0, 1
TOOLBAR = 0


class EditActions:
    """Undo and redo (from the plan's undo stack) and the filter bar's Find and Clear."""

    def __init__(self, context: WindowContext) -> None:
        self._context = context

    def action_specs(self) -> list[ActionSpec]:
        k = QKeySequence.StandardKey

        def undoable(state: ActionState) -> bool:
            stack = state.session.undo_stack if state.session is not None else None
            # Typing not yet saved can be undone too: Undo saves it first, then takes it back.
            # Undo works from any period shown: a step goes back to its own period first.
            return bool(stack and (stack.canUndo() or state.typing) and state.changeable)

        def redoable(state: ActionState) -> bool:
            stack = state.session.undo_stack if state.session is not None else None
            return bool(stack and stack.canRedo() and state.changeable)

        return [
            ActionSpec(
                "undo",
                "&Undo",
                self._on_undo,
                menu="edit",
                group=UNDO,
                shortcut=k.Undo,
                icon="undo",
                toolbar=TOOLBAR,
                enabled_when=undoable,
            ),
            ActionSpec(
                "redo",
                "&Redo",
                self._on_redo,
                menu="edit",
                group=UNDO,
                # Ctrl+Y on every platform, beside the platform's own (Ctrl+Shift+Z).
                shortcut=("Ctrl+Y", k.Redo),
                icon="redo",
                toolbar=TOOLBAR,
                enabled_when=redoable,
            ),
            ActionSpec(
                "find",
                "&Find",
                self._on_find,
                menu="edit",
                group=FIND,
                shortcut=k.Find,
                icon="search",
                tip="Search refs, deliverables and summary positions",
            ),
            ActionSpec(
                "clear_filters",
                "&Clear Filters",
                self._context.filter_bar.clear,
                menu="edit",
                group=FIND,
                shortcut="Ctrl+Shift+F",
            ),
        ]

    def refresh(self, actions: ActionSet, state: ActionState) -> None:
        """Undo and Redo say what they would undo and redo."""
        stack = state.session.undo_stack if state.session is not None else None
        for name, label in (("undo", "Undo"), ("redo", "Redo")):
            action = actions[name]
            text = (stack.undoText() if name == "undo" else stack.redoText()) if stack else ""
            action.setText(f"&{label} {text}" if text else f"&{label}")
            action.setToolTip(f"{label} {text}" if text else label)
            action.setIconText(label)

    def _on_undo(self) -> None:
        """Save what is being typed first, so Undo takes back the latest change, that one."""
        session = self._context.session
        if session is not None:
            self._context.editor.commit_pending()
            self._replay(session.undo_stack.undo, "The change could not be undone.")

    def _on_redo(self) -> None:
        session = self._context.session
        if session is not None:
            self._context.editor.commit_pending()
            self._replay(session.undo_stack.redo, "The change could not be redone.")

    def _replay(self, step: Callable[[], None], what: str) -> None:
        session = self._context.session
        assert session is not None
        step()
        try:
            session.raise_failure()
        except NhpError as error:
            # The plan and the undo history disagree now; start afresh from the file.
            session.reload()
            messages.show_error(self._context.parent, what, error)

    def _on_find(self) -> None:
        search = self._context.filter_bar.search
        search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        search.selectAll()


class ViewActions:
    """View ▸ the panes by keyboard (Ctrl+1, 2, 3)."""

    def __init__(
        self, context: WindowContext, objective_list: QListView, table: QTableView
    ) -> None:
        self._context = context
        self._objective_list = objective_list
        self._table = table

    def action_specs(self) -> list[ActionSpec]:
        return [
            ActionSpec(
                "focus_objectives",
                "&Objectives",
                self._objective_list.setFocus,
                menu="view",
                shortcut="Ctrl+1",
            ),
            ActionSpec(
                "focus_table", "&Deliverables", self._table.setFocus, menu="view", shortcut="Ctrl+2"
            ),
            ActionSpec(
                "focus_editor",
                "Deliverable &Editor",
                lambda: self._context.editor.focus_field("commitment"),
                menu="view",
                shortcut="Ctrl+3",
            ),
        ]
