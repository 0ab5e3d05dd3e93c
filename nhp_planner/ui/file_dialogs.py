"""The file, print and print-preview dialogs, one small ask_... function each.

Tests replace these functions (monkeypatch) rather than driving native dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from nhp_planner.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

PLAN_FILTER = "NHP plans (*.nhp);;All files (*)"
SOURCE_FILTER = (
    "Trackers and plan JSON (*.xlsx *.xlsm *.xls *.csv *.json);;"
    "Excel trackers (*.xlsx *.xlsm *.xls);;CSV files (*.csv);;Plan JSON (*.json);;All files (*)"
)
REGISTER_FILTER = "Register trackers (*.xlsx *.xlsm *.csv *.tsv *.txt);;All files (*)"
XLSX_FILTER = "Excel workbooks (*.xlsx)"
PDF_FILTER = "PDF documents (*.pdf)"
DOCX_FILTER = "Word documents (*.docx)"


def ask_open_plan(parent: QWidget | None, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open Plan", str(folder), PLAN_FILTER)
    return Path(name) if name else None


def ask_backup(parent: QWidget | None, folder: Path, plan: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, f"Restore “{plan}” from a Backup", str(folder), PLAN_FILTER
    )
    return Path(name) if name else None


def ask_plan_to_replace(parent: QWidget | None, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Choose the Plan to Restore from a Backup", str(folder), PLAN_FILTER
    )
    return Path(name) if name else None


def ask_merge_source(parent: QWidget | None, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Merge a Copy of This Plan", str(folder), PLAN_FILTER
    )
    return Path(name) if name else None


def ask_import_source(parent: QWidget | None, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import an Excel Tracker or Plan JSON", str(folder), SOURCE_FILTER
    )
    return Path(name) if name else None


def ask_register_source(parent: QWidget | None, folder: Path) -> Path | None:
    """An inspectorate tracker or an outstanding references table to import."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import Inspectorate Findings or Committee Actions", str(folder), REGISTER_FILTER
    )
    return Path(name) if name else None


def ask_word_template(parent: QWidget | None, folder: Path) -> Path | None:
    """A Word document whose styles the committee paper should take."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Choose the Committee's Word Template", str(folder), DOCX_FILTER
    )
    return Path(name) if name else None


def ask_save_path(
    parent: QWidget | None, title: str, suggested: Path, file_filter: str, suffix: str
) -> Path | None:
    """Where to write a new file; the suffix is added when the name lacks it."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def ask_printer(parent: QWidget | None) -> QPrinter | None:
    """The system print dialog; the printer chosen, or None if cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # when first used: quicker start

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def show_print_preview(parent: QWidget | None, paint: Callable[[QPrinter], None]) -> None:
    """Qt's print preview, drawing pages with ``paint``; printing happens from inside it."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print RAG Summary")
    dialog.paintRequested.connect(paint)
    fit_to_screen(dialog, 1000, 800)
    dialog.exec()
