"""File ▸ Import Register Tracker and the registers' exports, as the command line's
``findings|actions import|export`` do them (issue 20).

A register tracker is read off the UI thread, applied as a dry run to say what it
would change, and applied all or nothing on Yes, in the period shown; a file
that cannot be read changes nothing and says where it went wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from nhp_planner.model.errors import NhpError
from nhp_planner.model.plural import counted
from nhp_planner.model.wording import file_name
from nhp_planner.ui import file_dialogs, messages
from nhp_planner.ui.actions import ActionSpec, have, writable
from nhp_planner.ui.transfer_actions import TRANSFER
from nhp_planner.ui.window_context import WindowContext

if TYPE_CHECKING:
    from nhp_planner.io.registers.trackers import RegisterReading

#: What each register is called in the menu and in the file it is exported to.
_REGISTERS = {"findings": "Inspectorate Findings", "actions": "Committee Actions"}
#: Their export actions' menu text, each with an Alt key the File menu has free.
_EXPORT_TEXT = {
    "findings": "Export Inspectorate Finding&s…",
    "actions": "E&xport Committee Actions…",
}


class RegisterTransferActions:
    """Import an inspectorate tracker or an outstanding references table; export either."""

    def __init__(self, context: WindowContext) -> None:
        self._context = context

    def action_specs(self) -> list[ActionSpec]:
        exports = [
            ActionSpec(
                f"export_{register}",
                _EXPORT_TEXT[register],
                self._exporter(register),
                menu="file",
                group=TRANSFER,
                tip=f"Write the {title.lower()} of the period shown as an Excel tracker",
                enabled_when=have,
            )
            for register, title in _REGISTERS.items()
        ]
        return [
            ActionSpec(
                "import_register",
                "Import Findin&gs or Actions…",
                self.ask_import,
                menu="file",
                group=TRANSFER,
                tip="Read an inspectorate tracker or an outstanding references table, "
                "check it, then import it",
                enabled_when=writable,
            ),
            *exports,
        ]

    def ask_import(self) -> None:
        context = self._context
        path = file_dialogs.ask_register_source(context.parent, context.folder())
        if path is not None:
            context.remember_folder(path)
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Read the tracker off the UI thread; :meth:`_on_read` asks, then applies."""
        from nhp_planner.io.registers.trackers import read_register_tracker

        self._context.jobs.run(
            lambda progress: read_register_tracker(path),
            f"Reading {path.name}…",
            self._on_read,
            f"“{path.name}” could not be read.",
        )

    def _on_read(self, reading: RegisterReading) -> None:
        from nhp_planner.io.registers.register_set import apply_registers

        context = self._context
        session = context.session
        if session is None or not session.editable:
            return
        context.editor.commit_pending()  # typing first, so it is not lost or reordered
        store, period, source = session.store, session.period, str(reading.source)
        try:
            would = apply_registers(store, reading.registers, period, dry_run=True, source=source)
        except NhpError as error:
            messages.show_error(
                context.parent, f"“{reading.source.name}” cannot be imported.", error
            )
            return
        where = period.label if period is not None else "the plan"
        if not messages.confirm(
            context.parent,
            f"Import {counted(reading.count, 'item')} from {reading.source.name} into {where}?",
            f"{reading.describe()}\n\n{would.describe()}",
            action="Import",
        ):
            return
        try:
            done = apply_registers(store, reading.registers, period, source=source)
        except NhpError as error:
            messages.show_error(context.parent, "Nothing was imported.", error)
            return
        session.reload()
        context.say(f"Imported {reading.source.name}. {done.describe()}", 8000)

    def _exporter(self, register: str) -> Callable[[], None]:
        def export() -> None:
            self.ask_export(register)

        return export

    def ask_export(self, register: str) -> None:
        context = self._context
        session = context.session
        if session is None:
            return
        from nhp_planner.io.registers.tracker_export import export_register

        period = session.period
        name = file_name(
            f"{session.plan.title} {_REGISTERS[register]} {period.key if period else ''}"
        )
        target = file_dialogs.ask_save_path(
            context.parent,
            f"Export {_REGISTERS[register]}",
            context.folder() / f"{name}.xlsx",
            file_dialogs.XLSX_FILTER,
            ".xlsx",
        )
        if target is None:
            return
        context.remember_folder(target)
        try:
            notes = export_register(session.store, register, target, period)
        except NhpError as error:
            messages.show_error(context.parent, "The tracker could not be exported.", error)
            return
        noted = f" ({'; '.join(notes)})" if notes else ""
        context.say(f"Exported the {_REGISTERS[register].lower()} to {target}{noted}.", 8000)
