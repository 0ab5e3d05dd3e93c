"""The board pack dialog: cover fields, the preview in QPdfView, saving and printing."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QWidget
from pytestqt.qtbot import QtBot

from nhp_planner.model.entities import PlanSnapshot
from nhp_planner.model.errors import OperationCancelled
from nhp_planner.ui import board_pack_dialog, file_dialogs
from nhp_planner.ui.board_pack_dialog import BoardPackDialog
from nhp_planner.ui.jobs import Job
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
    # A blank committee stays blank (never an invented one), and the dialog says so.
    committees = dialog.fields["committees"]
    assert committees.text() == ""  # type: ignore[union-attr]
    assert "Committee(s): left blank on the cover." in dialog.warnings_label.text()
    # Blank fields the plan fills show what they will become.
    assert "January 2024" in dialog.fields["subject"].placeholderText()  # type: ignore[union-attr]
    # The figures are as at the period's last day, not the day the pack is built.
    assert dialog.as_at_label.text().startswith("<b>Figures as at 31 January 2024</b>")


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


def test_typing_in_the_cover_rebuilds_without_a_progress_dialog_taking_the_keyboard(
    qtbot: QtBot, dialog: BoardPackDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview follows the typing at once (issue 22); a window-modal progress dialog
    appearing mid-word would take the keys typed next, so only asked-for builds show one."""
    shown: list[str] = []
    real = board_pack_dialog.with_progress

    def recorded(parent: QWidget, job: Job, label: str) -> QProgressDialog:
        shown.append(label)
        return real(parent, job, label)

    monkeypatch.setattr(board_pack_dialog, "with_progress", recorded)
    committees = dialog.fields["committees"]
    committees.setFocus()
    with qtbot.waitSignal(dialog.preview_ready, timeout=30000):
        qtbot.keyClicks(committees, "Police Authority Board")
    assert dialog.is_current()
    assert dialog.cover().committees == "Police Authority Board"
    assert shown == []
    with qtbot.waitSignal(dialog.preview_ready, timeout=30000):
        dialog.build()  # as Update Preview, Save and Print ask
    assert shown == ["Building the board pack…"]


def test_typing_while_the_preview_builds_stops_that_build_for_the_newer_cover(
    qtbot: QtBot, dialog: BoardPackDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build of a cover typed since is stopped, not finished first (issue 22: the preview
    follows a word typed within about one build's time, not two)."""
    real = board_pack_dialog.build_board_pack
    release = threading.Event()
    outcomes: list[str] = []

    def held(snapshot: PlanSnapshot, out: Path, *, progress: Any, **options: Any) -> Any:
        if not outcomes:  # the first build is held until the dialog stops it
            outcomes.append("held")
            release.wait(10)
            try:
                progress(0, 1)
            except OperationCancelled:
                outcomes.append("stopped")
                raise
        return real(snapshot, out, progress=progress, **options)

    cancel = Job.cancel

    def cancel_and_release(job: Job) -> None:
        cancel(job)
        release.set()

    monkeypatch.setattr(board_pack_dialog, "build_board_pack", held)
    monkeypatch.setattr(Job, "cancel", cancel_and_release)
    committees = dialog.fields["committees"]
    committees.setFocus()
    qtbot.keyClicks(committees, "Police")
    qtbot.waitUntil(lambda: outcomes == ["held"], timeout=10000)
    with qtbot.waitSignal(dialog.preview_ready, timeout=30000):
        qtbot.keyClicks(committees, " Authority")
    assert outcomes == ["held", "stopped"]
    assert dialog.cover().committees == "Police Authority"
    assert dialog.is_current()


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


def test_save_word_writes_the_same_paper_from_the_cover_as_typed(
    qtbot: QtBot, dialog: BoardPackDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    committees = dialog.fields["committees"]
    committees.setFocus()
    with qtbot.waitSignal(dialog.preview_ready, timeout=30000):
        qtbot.keyClicks(committees, "Police Authority Board")
    target = tmp_path / "paper.docx"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: target)
    dialog.word_button.click()
    assert dialog.status.text() == "Saved paper.docx."
    document = docx.Document(str(target))
    cover = document.tables[0].rows[0].cells[0].text
    assert cover == "Committee(s):\nPolice Authority Board"
    assert document.core_properties.language == "en-GB"
    # The typing queued a rebuild of the preview: let it finish while the plan is still open.
    qtbot.waitUntil(dialog.is_current, timeout=30000)


def test_fields_carried_from_the_last_meeting_are_marked_until_edited(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from dataclasses import replace

    assert window.session is not None
    session = window.session
    session.update_cover(replace(session.plan.cover, dated="", review="dated,summary"))
    made = BoardPackDialog(session, tmp_path, window)
    qtbot.addWidget(made)
    qtbot.waitUntil(made.is_current, timeout=30000)
    assert made.captions["dated"].text().endswith("(from the last meeting: review)")
    assert made.captions["summary"].text().endswith("(from the last meeting: review)")
    assert "Dated: left blank on the cover." in made.warnings_label.text()
    dated = made.fields["dated"]
    dated.setFocus()
    qtbot.keyClicks(dated, "6 March 2024")
    assert made.captions["dated"].text() == "Dated"
    assert made.cover().review == "summary"
    with qtbot.waitSignal(made.preview_ready, timeout=30000):
        pass
    assert made.as_at_label.text().startswith("<b>Figures as at 6 March 2024</b>")


def test_file_export_committee_paper_writes_the_word_document(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    out = tmp_path / "paper.docx"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: out)
    window.action("export_paper").trigger()
    qtbot.waitUntil(lambda: not window.jobs, timeout=20000)
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Exported the committee paper to {out} (")
    assert "cover fields left blank" in message
    document = docx.Document(str(out))
    assert document.core_properties.language == "en-GB"
    refs = {row.cells[0].text for table in document.tables for row in table.rows}
    assert {"0.1", "1.15", "4.15"} <= refs


def test_a_new_periods_dialog_starts_from_the_last_cover_cleared_for_review(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from dataclasses import replace

    from nhp_planner.model.periods import ReportingPeriod

    assert window.session is not None
    session = window.session
    session.update_cover(
        replace(session.plan.cover, committees="Police Authority Board", dated="22 February 2024")
    )
    session.start_period(ReportingPeriod(2024, 2))
    made = BoardPackDialog(session, tmp_path, window)
    qtbot.addWidget(made)
    qtbot.waitUntil(made.is_current, timeout=30000)
    assert made.fields["committees"].text() == "Police Authority Board"  # type: ignore[union-attr]
    assert made.fields["dated"].text() == ""  # type: ignore[union-attr]
    for name in ("dated", "report_reference", "summary"):
        assert made.captions[name].text().endswith("(from the last meeting: review)"), name
    assert made.as_at_label.text().startswith("<b>Figures as at 29 February 2024</b>")
    # The last meeting's cover is kept with its period, as it was.
    assert session.store.snapshot(ReportingPeriod(2024, 1)).plan.cover.dated == "22 February 2024"


def test_a_chosen_word_template_gives_the_paper_its_styles(
    qtbot: QtBot, dialog: BoardPackDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    template = docx.Document()
    template.styles["Normal"].font.name = "Arial"
    path = tmp_path / "committee.docx"
    template.save(str(path))
    assert dialog.template.label.text().endswith("(no template chosen)")
    monkeypatch.setattr(file_dialogs, "ask_word_template", lambda *args: path)
    dialog.template.choose_button.click()
    assert dialog.template.label.text() == "Word paper styles: committee.docx"
    target = tmp_path / "paper.docx"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: target)
    dialog.word_button.click()
    assert docx.Document(str(target)).styles["Normal"].font.name == "Arial"
    dialog.template.clear_button.click()
    assert dialog.template.label.text().endswith("(no template chosen)")
    assert not dialog.template.clear_button.isEnabled()


def test_closing_with_a_rebuild_waiting_keeps_the_cover_as_typed_and_waits_no_more(
    qtbot: QtBot, dialog: BoardPackDialog, window: MainWindow
) -> None:
    assert window.session is not None
    committees = dialog.fields["committees"]
    committees.setFocus()
    qtbot.keyClicks(committees, "Police Authority Board")  # the rebuild waits for a pause
    dialog.close_button.click()
    assert not dialog.isVisible()
    # Typed, then closed at once: the cover is kept with the plan all the same.
    assert window.session.store.plan().cover.committees == "Police Authority Board"
    window.set_session(None)  # the plan closes; nothing of the dialog's waits to build from it
    assert not [timer for timer in dialog.findChildren(QTimer) if timer.isActive()]


def test_a_build_under_way_when_the_dialog_closes_builds_nothing_after(
    qtbot: QtBot, dialog: BoardPackDialog, window: MainWindow
) -> None:
    assert window.session is not None
    committees = dialog.fields["committees"]
    committees.setFocus()
    qtbot.keyClicks(committees, "Police Authority")
    dialog.update_button.click()  # a build from "Police Authority" is under way
    qtbot.keyClicks(committees, " Board")  # and the cover changes again meanwhile
    building = [job for job in dialog.findChildren(Job) if job.running]
    assert building
    dialog.close_button.click()
    assert window.session.store.plan().cover.committees == "Police Authority Board"
    window.set_session(None)  # the plan closes while the build runs on
    qtbot.waitUntil(lambda: not any(job.running for job in building), timeout=30000)
    # Its result was not shown, and no build started again from the closed plan.
    assert not [job for job in dialog.findChildren(Job) if job.running]
    assert dialog.status.text() == "Building the preview…"
