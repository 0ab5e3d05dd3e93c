"""Importing, exporting and printing from the window: workers, previews, and what lands on disk."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from nhp_planner.io.importing import ImportPreview, preview_import, read_source
from nhp_planner.model.rag import Rag
from nhp_planner.sample import sample_plan_file
from nhp_planner.ui import file_dialogs
from nhp_planner.ui.import_dialog import ImportDialog
from nhp_planner.ui.lead_file_dialog import LeadFileRequest
from nhp_planner.ui.main_window import MainWindow
from tests.fixture_files import FIXTURE_JSON, FIXTURE_XLSX
from tests.ui.conftest import SAMPLE_TODAY, Answers


class Previews:
    """Answers the import preview dialog, keeping what it was shown."""

    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.shown: list[tuple[ImportPreview, bool]] = []

    def __call__(self, parent: object, preview: ImportPreview, *, new_plan: bool = False) -> bool:
        self.shown.append((preview, new_plan))
        return self.answer


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> Previews:
    answering = Previews()
    monkeypatch.setattr("nhp_planner.ui.import_dialog.ask_import_confirmation", answering)
    return answering


@pytest.fixture
def changed_json(tmp_path: Path) -> Path:
    """The fixture plan as JSON with 1.1 turned RED and a deliverable 4.16 added."""
    data = json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))
    for item in data["deliverables"]:
        if item["ref"] == "1.1":
            item["rag"] = "RED"
    data["deliverables"].append(
        {**data["deliverables"][-1], "ref": "4.16", "commitment": "We will try something new."}
    )
    data["deliverables"][-1].pop("id", None)
    path = tmp_path / "return.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _wait_for_jobs(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.jobs, timeout=20000)


def test_import_shows_the_preview_and_applies_on_yes(
    qtbot: QtBot,
    window: MainWindow,
    changed_json: Path,
    previews: Previews,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(file_dialogs, "ask_import_source", lambda *args: changed_json)
    window.action("import_excel").trigger()
    _wait_for_jobs(qtbot, window)
    [(preview, new_plan)] = previews.shown
    assert not new_plan
    assert [d.ref for d in preview.diff.new] == ["4.16"]
    assert [c.existing.ref for c in preview.diff.changed] == ["1.1"]
    store = window.session.store  # type: ignore[union-attr]
    refs = {d.ref: d for d in store.deliverables()}
    assert refs["1.1"].rag is Rag.RED and "4.16" in refs
    assert "4.16" in [window.table.model().index(r, 0).data() for r in range(56)]
    assert window.shown_label.text() == "56 deliverables"
    assert "Imported return.json: 1 new, 1 changed" in window.statusBar().currentMessage()


def test_declining_the_preview_changes_nothing(
    qtbot: QtBot, window: MainWindow, changed_json: Path, previews: Previews
) -> None:
    previews.answer = False
    window.import_file(changed_json)
    _wait_for_jobs(qtbot, window)
    assert len(previews.shown) == 1
    assert len(window.session.store.deliverables()) == 55  # type: ignore[union-attr]


def test_a_tracker_dropped_on_the_sample_becomes_a_plan_of_its_own(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    previews: Previews,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(sample_plan_file(), SAMPLE_TODAY)
    target = tmp_path / "real plan.nhp"
    monkeypatch.setattr(file_dialogs, "ask_save_path", lambda *args: target)
    dropped = tmp_path / "tracker.xlsx"
    shutil.copyfile(FIXTURE_XLSX, dropped)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(dropped))])
    drop = QDropEvent(
        QPoint(400, 300),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.path == target, timeout=20000
    )
    [(preview, new_plan)] = previews.shown
    assert new_plan and len(preview.diff.new) == 55
    assert preview.reading.mapping  # the tracker's columns, as read
    assert window.shown_label.text() == "55 deliverables"
    assert not window.banner.isVisible()
    assert window.session is not None and not window.session.is_sample


def test_a_file_that_cannot_be_imported_says_why(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, answers: Answers
) -> None:
    bad = tmp_path / "plan.ods"
    bad.write_bytes(b"PK\x03\x04 not really")
    window.import_file(bad)
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=20000)
    what, why = answers.errors[0]
    assert what == "“plan.ods” could not be read."
    assert "OpenDocument" in why


def test_import_dialog_shows_mapping_counts_and_warnings(qtbot: QtBot, window: MainWindow) -> None:
    reading = read_source(FIXTURE_XLSX)
    preview = preview_import(window.session.store, reading)  # type: ignore[union-attr]
    dialog = ImportDialog(preview, window)
    qtbot.addWidget(dialog)
    assert "55 deliverables in 5 objectives" in dialog.heading.text()
    assert "55 unchanged" in dialog.counts.text() or "unchanged" in dialog.counts.text()
    assert dialog.mapping.rowCount() == len(reading.mapping) > 0
    assert dialog.warnings.rowCount() == len(reading.warnings)
    dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_export_a_tracker_off_the_ui_thread(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tracker.xlsx"
    monkeypatch.setattr(
        "nhp_planner.ui.lead_file_dialog.ask_export", lambda *args: LeadFileRequest(out, None)
    )
    window.action("export_excel").trigger()
    _wait_for_jobs(qtbot, window)
    assert window.statusBar().currentMessage() == f"Exported 55 deliverables to {out}."
    back = read_source(out)
    assert len(back.document.snapshot.deliverables) == 55


def test_export_one_leads_return(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    lead = window.session.deliverables.leads()[0]  # type: ignore[union-attr]
    out = tmp_path / "return.xlsx"
    monkeypatch.setattr(
        "nhp_planner.ui.lead_file_dialog.ask_export", lambda *args: LeadFileRequest(out, lead)
    )
    window.action("export_excel").trigger()
    _wait_for_jobs(qtbot, window)
    back = read_source(out).document.snapshot.deliverables
    assert back and all(d.lead == lead for d in back)


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_rag_summary(window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    window.print_rag_summary(_pdf_printer(out))
    words = " ".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    text = " ".join(words.split())  # Qt's PDF spaces words with tabs
    assert "RAG summary, January 2024" in text
    assert "Prevent crime, disorder, and anti-social behaviour" in text
    assert "Overdue deliverables" in text
    assert "GREEN" in text and "AMBER" in text  # the words, not only the colours
