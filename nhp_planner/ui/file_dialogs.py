"""The file, print and print-preview dialogs, one small ask_... function each.

Tests replace these functions (monkeypatch) rather than driving native dialogs.
Qt's dialogs are imported by the first one shown: the window starts without them.
"""

from __future__ import annotations

from pathlib import Path

from nhp_planner.paths import with_suffix_added

TYPE_CHECKING = False  # typing is for mypy only: start-up (see docs/ARCHITECTURE.md, Rules)
if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QWidget

PLAN_FILTER = "NHP plans (*.nhp);;All files (*)"
SOURCE_FILTER = (
    "Trackers and plan JSON (*.xlsx *.xlsm *.xls *.csv *.tsv *.txt *.json);;"
    "Excel trackers (*.xlsx *.xlsm *.xls);;CSV and text files (*.csv *.tsv *.txt);;"
    "Plan JSON (*.json);;All files (*)"
)
REGISTER_FILTER = "Register trackers (*.xlsx *.xlsm *.csv *.tsv *.txt);;All files (*)"
XLSX_FILTER = "Excel workbooks (*.xlsx)"
PDF_FILTER = "PDF documents (*.pdf)"
DOCX_FILTER = "Word documents (*.docx)"


def _open(parent: QWidget | None, title: str, folder: Path, file_filter: str) -> Path | None:
    """The file chosen to open, or None if cancelled."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, title, str(folder), file_filter)
    return Path(name) if name else None


def ask_open_plan(parent: QWidget | None, folder: Path) -> Path | None:
    return _open(parent, "Open Plan", folder, PLAN_FILTER)


def ask_backup(parent: QWidget | None, folder: Path, plan: str) -> Path | None:
    return _open(parent, f"Restore “{plan}” from a Backup", folder, PLAN_FILTER)


def ask_plan_to_replace(parent: QWidget | None, folder: Path) -> Path | None:
    return _open(parent, "Choose the Plan to Restore from a Backup", folder, PLAN_FILTER)


def ask_merge_source(parent: QWidget | None, folder: Path) -> Path | None:
    return _open(parent, "Merge a Copy of This Plan", folder, PLAN_FILTER)


def ask_import_source(parent: QWidget | None, folder: Path) -> Path | None:
    return _open(parent, "Import an Excel Tracker or Plan JSON", folder, SOURCE_FILTER)


def ask_register_source(parent: QWidget | None, folder: Path) -> Path | None:
    """An inspectorate tracker or an outstanding references table to import."""
    return _open(
        parent, "Import Inspectorate Findings or Committee Actions", folder, REGISTER_FILTER
    )


def ask_word_template(parent: QWidget | None, folder: Path) -> Path | None:
    """A Word document whose styles the committee paper should take."""
    return _open(parent, "Choose the Committee's Word Template", folder, DOCX_FILTER)


def ask_save_path(
    parent: QWidget | None, title: str, suggested: Path, file_filter: str, suffix: str
) -> Path | None:
    """Where to write a new file; the suffix is added when the name lacks it."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    if not name:
        return None
    return with_suffix_added(Path(name), suffix)


def ask_printer(parent: QWidget | None) -> QPrinter | None:
    """The system print dialog; the printer chosen, or None if cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # when first used: quicker start
    from PySide6.QtWidgets import QDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def show_print_preview(parent: QWidget | None, paint: Callable[[QPrinter], None]) -> None:
    """Qt's print preview, drawing pages with ``paint``; printing happens from inside it."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from nhp_planner.ui.screen_fit import fit_to_screen

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print RAG Summary")
    dialog.paintRequested.connect(paint)
    fit_to_screen(dialog, 1000, 800)
    dialog.exec()
