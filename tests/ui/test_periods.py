"""Reporting periods in the window: February from January, earlier months kept, who to chase."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pypdf
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from nhp_planner.io.board_pack.pack import build_board_pack
from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.movement import RagMove
from nhp_planner.model.periods import ReportingPeriod
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.model.summary import RagCounts
from nhp_planner.ui import screen_fit
from nhp_planner.ui.deliverable_model import Column
from nhp_planner.ui.history_dialog import HistoryDialog
from nhp_planner.ui.lead_file_dialog import LeadFileRequest
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.period_dialog import NewPeriodDialog
from nhp_planner.ui.roles import MOVE_ROLE, OVERDUE_ROLE, RAG_COUNTS_ROLE
from nhp_planner.ui.session import PlanSession
from tests.ui.conftest import Answers

JAN, FEB = ReportingPeriod(2024, 1), ReportingPeriod(2024, 2)
SHAH = "Insp. Shah, P&P Hub"
FEB_TODAY = dt.date(2024, 2, 20)


@pytest.fixture
def january(plan_file: Path) -> Path:
    """The real January 2024 plan, with Insp. Shah named as lead of objective 2."""
    with PlanStore.open(plan_file, user="owner") as store:
        for deliverable in store.deliverables():
            if deliverable.objective == 2:
                store.update_deliverable(deliverable.id, lead=SHAH)
    return plan_file


def _row(window: MainWindow, ref: str) -> int:
    model = window.table.model()
    refs = [model.index(r, Column.REF).data() for r in range(model.rowCount())]
    return refs.index(ref)


def _select(window: MainWindow, ref: str) -> None:
    assert window.session is not None
    target = next(d for d in window.session.deliverables.deliverables() if d.ref == ref)
    assert window.select_deliverable(target.id)


def _choose_rag(window: MainWindow, rag: Rag) -> None:
    editor = window.editor
    editor.rag.setCurrentIndex(editor.rag.findData(rag))
    editor.rag.activated.emit(editor.rag.currentIndex())


def _type_summary(qtbot: QtBot, window: MainWindow, text: str) -> None:
    summary = window.editor.summary
    summary.setFocus()
    summary.selectAll()
    qtbot.keyClicks(summary, text)
    window.editor.commit_pending()


def _shahs_return(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Export Insp. Shah's tracker from the window, and fill it in as a lead would: 2.5 GREEN."""
    out = tmp_path / "shah-return.xlsx"
    monkeypatch.setattr(
        "nhp_planner.ui.lead_file_dialog.ask_export", lambda *args: LeadFileRequest(out, SHAH)
    )
    window.action("export_excel").trigger()
    qtbot.waitUntil(lambda: not window.jobs, timeout=20000)
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    header = next(
        row for row in sheet.iter_rows() if any(str(c.value).strip() == "RAG" for c in row)
    )
    rag_column = next(c.column for c in header if str(c.value).strip() == "RAG")
    ref_column = next(c.column for c in header if str(c.value).strip().startswith("Ref"))
    for row in sheet.iter_rows(min_row=header[0].row + 1):
        if str(row[ref_column - 1].value).strip() == "2.5":
            sheet.cell(row[0].row, rag_column, "Green")
    book.save(out)
    return out


def test_february_from_january_in_the_window(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    january: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    window = make_window(january, FEB_TODAY)
    session = window.session
    assert session is not None
    before = dump_store(session.store, JAN)

    monkeypatch.setattr("nhp_planner.ui.period_dialog.ask_new_period", lambda *args: FEB)
    window.action("start_period").trigger()
    assert session.period == FEB and session.editable
    assert window.windowTitle().endswith("February 2024")
    assert window.period_box.currentText() == "February 2024 (current)"
    assert "55 of 55 not yet updated for February 2024" in window.progress_label.text()

    # Three edits in the window: 0.3 improves, 1.1 declines, 4.1 gets new words.
    _select(window, "0.3")
    _choose_rag(window, Rag.GREEN)
    _select(window, "1.1")
    _choose_rag(window, Rag.RED)
    _select(window, "4.1")
    _type_summary(qtbot, window, "Website live in March.")
    # Insp. Shah's return comes back with 2.5 GREEN, the rest as they were.
    returned = _shahs_return(qtbot, window, tmp_path, monkeypatch)
    monkeypatch.setattr(
        "nhp_planner.ui.import_dialog.ask_import_confirmation", lambda *args, **kwargs: True
    )
    window.import_file(returned)
    qtbot.waitUntil(lambda: not window.jobs, timeout=20000)
    assert answers.errors == []
    assert session.period == FEB

    assert dump_store(session.store, JAN) == before  # January exactly as it stood
    assert "42 of 55 not yet updated for February 2024" in window.progress_label.text()
    window.filter_bar.lead.setCurrentIndex(window.filter_bar.lead.findData(SHAH))
    assert "0 of 10 not yet updated for February 2024" in window.progress_label.text()
    window.filter_bar.lead.setCurrentIndex(0)
    # "Show them": the table lists whom to chase.
    window.progress_label.linkActivated.emit("chase")
    assert window.shown_label.text() == "Showing 42 of 55 deliverables"

    window.filter_bar.not_updated.setChecked(False)
    model = window.table.model()
    moves = {
        ref: model.index(_row(window, ref), Column.RAG).data(MOVE_ROLE)
        for ref in ("0.3", "1.1", "2.5", "4.1")
    }
    assert moves == {
        "0.3": RagMove.IMPROVED,
        "1.1": RagMove.DECLINED,
        "2.5": RagMove.IMPROVED,
        "4.1": RagMove.UNCHANGED,
    }
    assert model.index(_row(window, "1.1"), Column.RAG).data() == "RED"
    _select(window, "0.3")
    assert window.editor.movement.text() == "▲ Improved: was AMBER in January 2024"

    # The board pack of February, as the window makes it, tells the same story.
    pack = build_board_pack(
        session.snapshot(),
        tmp_path / "february.pdf",
        previous=session.previous_snapshot(),
        as_at=FEB_TODAY,
    )
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pack.path).pages)
    assert "42 of 55 not yet updated for February 2024" in text
    assert "Movement since January 2024" in text

    # January, chosen in the period selector, is as it stood and read-only.
    window.period_box.setCurrentIndex(window.period_box.findData(JAN.key))
    window.period_box.activated.emit(window.period_box.currentIndex())
    assert session.period == JAN and not session.editable
    assert window.banner.isVisible() and "January 2024 is closed" in window.banner.text.text()
    assert model.index(_row(window, "0.3"), Column.RAG).data() == "AMBER"
    assert not window.action("add_deliverable").isEnabled()
    assert window.editor.summary.isReadOnly()
    assert window.action("reopen_period").isEnabled()
    window.action("current_period").trigger()
    assert session.period == FEB and session.editable


def test_reopening_an_earlier_period_is_deliberate(
    make_window: Callable[..., MainWindow], january: Path, answers: Answers
) -> None:
    with PlanStore.open(january) as store:
        store.start_period(FEB)
    window = make_window(january, FEB_TODAY)
    session = window.session
    assert session is not None
    session.show_period(JAN)
    answers.confirm = False
    window.action("reopen_period").trigger()
    assert answers.confirmations == ["Reopen January 2024 for edits?"]
    assert not session.editable

    answers.confirm = True
    window.action("reopen_period").trigger()
    assert session.editable and window.action("add_deliverable").isEnabled()
    assert "January 2024 is reopened for edits" in window.banner.text.text()
    assert window.period_box.currentText() == "January 2024 (reopened)"
    _select(window, "1.2")
    _choose_rag(window, Rag.RED)
    assert session.store.deliverables(JAN)[_index(session.store, "1.2")].rag is Rag.RED

    window.action("close_period").trigger()
    assert not session.editable and not session.store.is_reopened(JAN)
    window.action("current_period").trigger()
    assert session.period == FEB
    # Undoing that edit now would change a closed month: refused, said plainly, nothing changed.
    window.action("undo").trigger()
    assert session.period == JAN
    assert answers.errors and "January 2024" in answers.errors[-1][1], answers.errors
    assert session.store.deliverables(JAN)[_index(session.store, "1.2")].rag is Rag.RED


def _index(store: PlanStore, ref: str) -> int:
    return [d.ref for d in store.deliverables(JAN)].index(ref)


def test_history_of_a_deliverable(
    qtbot: QtBot, make_window: Callable[..., MainWindow], january: Path
) -> None:
    with PlanStore.open(january, user="owner") as store:
        store.start_period(FEB)
        target = next(d for d in store.deliverables() if d.ref == "1.1")
        was = target.rag.label
        store.update_deliverable(target.id, rag=Rag.RED, summary_position="Slipped to June.")
    window = make_window(january, FEB_TODAY)
    _select(window, "1.1")
    window.action("history").trigger()
    dialog = window.findChild(HistoryDialog)
    assert isinstance(dialog, HistoryDialog)
    qtbot.waitExposed(dialog)
    periods = dialog.periods
    assert [periods.item(r, 0).text() for r in range(periods.rowCount())] == [  # type: ignore[union-attr]
        "February 2024",
        "January 2024",
    ]
    assert periods.item(0, 1).text() == "RED"  # type: ignore[union-attr]
    assert periods.item(0, 4).text() == "Slipped to June."  # type: ignore[union-attr]
    assert periods.item(1, 1).text() == was  # type: ignore[union-attr]
    changes = dialog.changes
    rows = [
        [changes.item(r, c).text() for c in range(changes.columnCount())]  # type: ignore[union-attr]
        for r in range(changes.rowCount())
    ]
    assert any(row[1:] == ["owner", "February 2024", "RAG", was, "RED"] for row in rows), rows
    assert any(row[3] == "Summary position" and row[5] == "Slipped to June." for row in rows)
    dialog.close()


def _overall(session: PlanSession) -> RagCounts:
    """The "All objectives" row's counts, as the objective bars draw them."""
    objectives = session.objectives
    counts: RagCounts = objectives.index(0, 0).data(RAG_COUNTS_ROLE)
    return counts


def test_an_earlier_period_shows_its_overdue_as_it_stood(
    make_window: Callable[..., MainWindow], january: Path
) -> None:
    """Read in mid-April, February is live, but January is as at 31 January: 0.3's
    31/03/2024 was not overdue then, as January's board pack says."""
    with PlanStore.open(january) as store:
        store.start_period(FEB)
    window = make_window(january)  # today: 15 April 2024
    session = window.session
    assert session is not None
    model = window.table.model()

    def overdue_03() -> bool:
        return bool(model.index(_row(window, "0.3"), Column.DATE).data(OVERDUE_ROLE))

    assert session.period == FEB and overdue_03()
    assert _overall(session).overdue > 0
    session.show_period(JAN)
    assert session.as_at() == dt.date(2024, 1, 31)
    assert not overdue_03()
    assert _overall(session).overdue == 0
    _select(window, "0.3")
    assert window.editor.date_reading.text() == "Reads as: due 31 Mar 2024"


def _top(widget: QWidget, dialog: QDialog) -> int:
    return widget.mapTo(dialog, QPoint(0, 0)).y()


@pytest.mark.parametrize("room", [None, QRect(0, 0, 910, 480)], ids=["offscreen", "laptop 150%"])
def test_the_new_period_dialog_has_no_empty_band(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, room: QRect | None
) -> None:
    """Opened at the height its text needed wrapped at its size hint's narrow width, then
    widened, the dialog showed an empty band of the lines the text no longer needed."""
    if room is not None:
        monkeypatch.setattr(screen_fit, "_screen_area", lambda widget: room)
    dialog = NewPeriodDialog(JAN, FEB_TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    explain = dialog.explain
    assert explain.text().endswith("read-only unless you reopen it.")
    # The explanation is as tall as its wrapped lines, and nothing lies between the widgets
    # but the layout's spacing.
    assert explain.height() <= explain.heightForWidth(explain.width()) + 2
    spacing = max(dialog.layout().spacing(), 0)
    pieces = (dialog.period, explain, dialog.buttons)
    for upper, lower in itertools.pairwise(pieces):
        gap = _top(lower, dialog) - _top(upper, dialog) - upper.height()
        assert gap <= spacing + 4, f"{gap} px above {lower!r}"
    bottom = _top(dialog.buttons, dialog) + dialog.buttons.height()
    assert dialog.height() - bottom <= dialog.layout().contentsMargins().bottom() + 2
    assert dialog.height() <= dialog.heightForWidth(dialog.width()) + 2
