"""Import and export: reading a tracker (or plan JSON) into the plan, writing it as a tracker."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QTimer

from nhp_planner.model.entities import Plan
from nhp_planner.model.errors import NhpError
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.model.wording import file_name
from nhp_planner.paths import PLAN_SUFFIX
from nhp_planner.ui import file_dialogs, messages
from nhp_planner.ui.actions import ActionSpec, ActionState, have
from nhp_planner.ui.window_context import WindowContext

if TYPE_CHECKING:
    from nhp_planner.io.importing import ImportPreview, SourceReading

#: The File menu's group, and the toolbar's, for import and export.
TRANSFER = 1
TOOLBAR = 2


class TransferActions:
    """File ▸ Import Excel and Export Excel; a tracker dropped on the window comes here too."""

    def __init__(self, context: WindowContext) -> None:
        self._context = context

    def action_specs(self) -> list[ActionSpec]:
        def importable(state: ActionState) -> bool:
            # The sample takes an import too: into a plan of its own.
            return state.changeable or bool(state.session and state.session.is_sample)

        return [
            ActionSpec(
                "import_excel",
                "&Import Excel…",
                self.ask_import,
                menu="file",
                group=TRANSFER,
                shortcut="Ctrl+I",
                icon="import",
                tip="Read an Excel tracker (or plan JSON), check it, then import it",
                toolbar=TOOLBAR,
                enabled_when=importable,
            ),
            ActionSpec(
                "export_excel",
                "&Export Excel…",
                self._on_export,
                menu="file",
                group=TRANSFER,
                shortcut="Ctrl+E",
                icon="export",
                tip="Write the plan as an Excel tracker",
                toolbar=TOOLBAR,
                enabled_when=have,
            ),
        ]

    def ask_import(self) -> None:
        context = self._context
        path = file_dialogs.ask_import_source(context.parent, context.folder())
        if path is not None:
            context.remember_folder(path)
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Read a tracker off the UI thread, show what it would change, then import on Yes."""
        if self._context.session is None:
            return
        from nhp_planner.io import importing  # the readers, when a file is first imported

        self._context.jobs.run(
            lambda progress: importing.read_source(path),
            f"Reading {path.name}…",
            self._on_source_read,
            f"“{path.name}” could not be read.",
        )

    def dropped_file(self, mime: QMimeData) -> Path | None:
        """The one tracker, plan JSON or plan being dragged onto the window, if it is one."""
        from nhp_planner.io.importing import SOURCE_SUFFIXES

        urls = mime.urls() if mime.hasUrls() else []
        files = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
        # Trackers and plan JSON to import, plans to open.
        wanted = (*SOURCE_SUFFIXES, PLAN_SUFFIX)
        if (
            len(files) != 1
            or files[0].suffix.lower() not in wanted
            or self._context.session is None
        ):
            return None
        return files[0]

    def take_dropped(self, path: Path) -> None:
        """Open a dropped plan, or import a dropped tracker."""
        # After the drop has finished: a dialog inside the drop would hold the drag source.
        if path.suffix.lower() == PLAN_SUFFIX:
            QTimer.singleShot(0, lambda: self._context.open_plan(path))
        else:
            QTimer.singleShot(0, lambda: self.import_file(path))

    def _on_source_read(self, reading: SourceReading) -> None:
        context = self._context
        context.editor.commit_pending()  # typing first, so it is not lost or reordered
        from nhp_planner.io import importing
        from nhp_planner.ui.import_dialog import (
            ask_import_confirmation,
            ask_import_with_choices,
            has_choices,
        )

        session = context.session
        if session is None:
            return
        if session.is_sample or session.read_only:
            self._import_into_new_plan(reading)
            return
        try:
            preview = importing.preview_import(session.store, reading)
        except NhpError as error:
            messages.show_error(
                context.parent, f"“{reading.source.name}” cannot be imported.", error
            )
            return
        if has_choices(preview):  # which sheet, what its RAG words mean: the person says
            store = session.store
            chosen = ask_import_with_choices(
                context.parent,
                preview,
                lambda sheet, answers: importing.preview_import(
                    store, importing.read_source(reading.source, sheet=sheet), rag_map=answers
                ),
            )
            if chosen is None:
                return
            preview = chosen
        elif not ask_import_confirmation(context.parent, preview):
            return
        try:
            diff = importing.apply_import(session.store, preview)
        except NhpError as error:
            messages.show_error(context.parent, "Nothing was imported.", error)
            return
        session.reload()
        context.say(
            f"Imported {reading.source.name}: {len(diff.new)} new, {len(diff.changed)} changed.",
            8000,
        )

    def _import_into_new_plan(self, reading: SourceReading) -> None:
        """Into a plan of its own: the sample is for trying things, not for real data."""
        from nhp_planner.io import importing
        from nhp_planner.ui.import_dialog import (
            ask_import_confirmation,
            ask_import_with_choices,
            has_choices,
        )

        context = self._context

        def into_empty(sheet: str | None, answers: Mapping[str, Rag]) -> ImportPreview:
            source = (
                reading if sheet is None else importing.read_source(reading.source, sheet=sheet)
            )
            with PlanStore.in_memory(Plan(title=source.document.snapshot.plan.title)) as empty:
                return importing.preview_import(empty, source, rag_map=answers)

        preview = into_empty(None, {})
        if has_choices(preview):
            chosen = ask_import_with_choices(context.parent, preview, into_empty, new_plan=True)
            if chosen is None:
                return
            preview = chosen
        elif not ask_import_confirmation(context.parent, preview, new_plan=True):
            return
        target = file_dialogs.ask_save_path(
            context.parent,
            "Save the Imported Plan As",
            context.folder() / f"{reading.source.stem}.nhp",
            file_dialogs.PLAN_FILTER,
            ".nhp",
        )
        if target is None:
            return
        try:
            importing.import_into_new_plan(
                target, preview.reading, rag_map=dict(preview.answers)
            ).close()
        except NhpError as error:
            messages.show_error(context.parent, "The new plan could not be created.", error)
            return
        context.open_plan(target)

    def _on_export(self) -> None:
        context = self._context
        session = context.session
        if session is None:
            return
        from nhp_planner.io.excel_export import export_tracker  # openpyxl, when first used
        from nhp_planner.ui.lead_file_dialog import ask_export

        name = file_name(f"{session.plan.title} {session.period.key if session.period else ''}")
        request = ask_export(
            context.parent,
            context.folder() / f"{name}.xlsx",
            session.deliverables.leads(),
            lambda lead: f"{name} - {lead}" if lead else name,
        )
        if request is None:
            return
        context.remember_folder(request.path)
        snapshot, previous, as_at = session.snapshot(), session.previous_snapshot(), session.as_at()
        context.jobs.run(
            lambda progress: export_tracker(
                snapshot,
                request.path,
                previous=previous,
                lead=request.lead,
                as_at=as_at,
                progress=progress,
            ),
            f"Writing {request.path.name}…",
            lambda result: context.say(
                f"Exported {result.rows} deliverables to {result.path}.", 8000
            ),
            "The tracker could not be exported.",
        )
