"""The board pack dialog: cover fields, the preview in QPdfView, saving and printing."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from nhp_planner.ui import file_dialogs
from nhp_planner.ui.board_pack_dialog import BoardPackDialog
from nhp_planner.ui.main_window import MainWindow


@pytest.fixture
def dialog(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> BoardPackDialog:
    assert window.session is not None
    made = BoardPackDialog(window.session, tmp_path, window)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(made.is_current, timeout=30000)
    return made


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_preview_is_shown(dialog: BoardPackDialog) -> None:
    assert dialog.document.pageCount() >= 4
    assert dialog.status.text() == f"{dialog.document.pageCount()} pages, as it will print."
    assert not dialog.update_button.isEnabled()
    # Blank fields show what they will become.
    committees = dialog.fields["committees"]
    assert committees.text() == "Neighbourhood Policing Delivery Board"  # type: ignore[union-attr]
    assert "January 2024" in dialog.fields["subject"].placeholderText()  # type: ignore[union-attr]


def test_cover_edit_rebuilds_is_stored_and_saves(
    qtbot: QtBot,
    dialog: BoardPackDialog,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert window.session is not None
    before = window.session.store.plan().cover.committees
    committees = dialog.fields["committees"]
    committees.setFocus()
    committees.selectAll()  # type: ignore[union-attr]
    qtbot.keyClicks(committees, "Police Authority Board")
    with qtbot.waitSignal(dialog.preview_ready, timeout=30000):
        pass
    assert window.session is not None
    assert window.session.store.plan().cover.committees == "Police Authority Board"
    assert window.session.undo_stack.undoText() == "Edit the board pack cover"

    target = tmp_path / "pack.pdf"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: target)
    dialog.save_button.click()
    assert "Police Authority Board" in _text(target)
    assert len(pypdf.PdfReader(target).pages) == dialog.document.pageCount()

    window.action("undo").trigger()
    assert window.session.store.plan().cover.committees == before


def test_print_every_page(
    dialog: BoardPackDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    monkeypatch.setattr(file_dialogs, "ask_printer", lambda *args: printer)
    dialog.print_button.click()
    assert len(pypdf.PdfReader(out).pages) == dialog.document.pageCount()
    assert dialog.status.text() == "Sent to the printer."
