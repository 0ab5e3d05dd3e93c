"""The board pack, the committee paper in Word, and the printed RAG summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from nhp_planner.model.plural import counted
from nhp_planner.ui import file_dialogs, settings
from nhp_planner.ui.actions import ActionSpec, have
from nhp_planner.ui.window_context import WindowContext

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

#: The File menu's group, and the toolbar's (after import and export).
PRINTING = 3
TOOLBAR = 2


class PrintActions:
    """File ▸ Board Pack, Export Committee Paper (Word) and Print RAG Summary."""

    def __init__(self, context: WindowContext) -> None:
        self._context = context

    def action_specs(self) -> list[ActionSpec]:
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
                "export_paper",
                "Export Committee Paper (&Word)…",
                self._on_export_paper,
                menu="file",
                group=PRINTING,
                tip="The board pack's paper as an accessible Word document",
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

    def _on_export_paper(self) -> None:
        context = self._context
        session = context.session
        if session is None:
            return
        from nhp_planner.io.word_paper import build_word_paper  # python-docx, when first used
        from nhp_planner.ui.board_pack_dialog import suggested_name

        context.editor.commit_pending()
        target = file_dialogs.ask_save_path(
            context.parent,
            "Export Committee Paper (Word)",
            context.folder() / suggested_name(session, "committee paper", ".docx"),
            file_dialogs.DOCX_FILTER,
            ".docx",
        )
        if target is None:
            return
        context.remember_folder(target)
        snapshot, previous = session.snapshot(), session.previous_snapshot()
        template = settings.word_template(context.settings)
        period = session.period
        last_updated = session.store.last_updated(period) if period is not None else {}
        measures = session.store.measures()
        context.jobs.run(
            lambda progress: build_word_paper(
                snapshot,
                target,
                previous=previous,
                last_updated=last_updated,
                template=template,
                measures=measures,
            ),
            f"Writing {target.name}…",
            lambda result: context.say(
                f"Exported the committee paper to {result.path}"
                + (
                    f" ({counted(len(result.warnings), 'cover field')} left blank)."
                    if result.warnings
                    else "."
                ),
                8000,
            ),
            "The committee paper could not be exported.",
        )

    def _on_print_summary(self) -> None:
        if self._context.session is not None:
            file_dialogs.show_print_preview(self._context.parent, self.print_rag_summary)

    def print_rag_summary(self, printer: QPrinter) -> None:
        from nhp_planner.ui.print_summary import print_rag_summary

        context = self._context
        session = context.session
        if session is not None:
            context.editor.commit_pending()
            print_rag_summary(printer, session.snapshot(), session.as_at())
