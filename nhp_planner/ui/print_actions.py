"""The board pack and the printed RAG summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from nhp_planner.ui import file_dialogs
from nhp_planner.ui.actions import ActionSpec, ActionState
from nhp_planner.ui.window_context import WindowContext

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

#: The File menu's group, and the toolbar's (after import and export).
PRINTING = 3
TOOLBAR = 2


class PrintActions:
    """File ▸ Board Pack and Print RAG Summary."""

    def __init__(self, context: WindowContext) -> None:
        self._context = context

    def action_specs(self) -> list[ActionSpec]:
        def have(state: ActionState) -> bool:
            return state.have

        return [
            ActionSpec(
                "board_pack",
                "&Board Pack…",
                self._on_board_pack,
                menu="file",
                group=PRINTING,
                shortcut="Ctrl+B",
                icon="board-pack",
                tip="The committee paper: cover, RAG summary, exceptions, plan",
                toolbar=TOOLBAR,
                enabled_when=have,
            ),
            ActionSpec(
                "print_summary",
                "&Print RAG Summary…",
                self._on_print_summary,
                menu="file",
                group=PRINTING,
                shortcut=QKeySequence.StandardKey.Print,
                icon="print",
                tip="Counts per objective and what is overdue",
                toolbar=TOOLBAR,
                enabled_when=have,
            ),
        ]

    def _on_board_pack(self) -> None:
        context = self._context
        session = context.session
        if session is None:
            return
        from nhp_planner.ui.board_pack_dialog import show_board_pack

        context.editor.commit_pending()
        show_board_pack(context.parent, session, context.folder())

    def _on_print_summary(self) -> None:
        if self._context.session is not None:
            file_dialogs.show_print_preview(self._context.parent, self.print_rag_summary)

    def print_rag_summary(self, printer: QPrinter) -> None:
        from nhp_planner.ui.print_summary import print_rag_summary

        context = self._context
        session = context.session
        if session is not None:
            context.editor.commit_pending()
            print_rag_summary(printer, session.snapshot(), context.today())
