"""Every dialog fits the screen it opens on, buttons and all (issue 17, defect 3).

The offscreen screen tests run on is 800 by 800: narrower than a 1366 by 768 laptop
at 150% (910 by 512 of room) and a little taller, so a dialog sized for a desktop
monitor does not fit it either.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from nhp_planner.io.importing import preview_import, read_source
from nhp_planner.model.rag import Rag
from nhp_planner.model.store import PlanStore
from nhp_planner.ui import file_dialogs, screen_fit
from nhp_planner.ui.board_pack_dialog import BoardPackDialog
from nhp_planner.ui.history_dialog import HistoryDialog
from nhp_planner.ui.import_dialog import ImportDialog
from nhp_planner.ui.lead_file_dialog import PLAN_COPY, LeadFileDialog
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.measures_dialog import MeasuresDialog
from nhp_planner.ui.merge_dialog import ConflictsDialog, MergeDialog
from nhp_planner.ui.preferences import Preferences
from nhp_planner.ui.preferences_dialog import PreferencesDialog
from nhp_planner.ui.screen_fit import available_room
from nhp_planner.ui.text_dialog import TextDialog
from tests.fixture_files import FIXTURE_XLSX
from tests.ui.conftest import SAMPLE_TODAY


def _assert_fits(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = available_room(dialog)
    assert dialog.width() <= room.width() and dialog.height() <= room.height(), (
        f"{dialog.windowTitle()} is {dialog.width()}x{dialog.height()}, the screen has "
        f"{room.width()}x{room.height()}"
    )
    buttons = [button for button in dialog.findChildren(QPushButton) if button.isVisible()]
    assert buttons, dialog.windowTitle()
    inside = QRect(0, 0, dialog.width(), dialog.height())
    for button in buttons:
        where = QRect(button.mapTo(dialog, button.rect().topLeft()), button.size())
        assert inside.contains(where), f"{dialog.windowTitle()}: {button.text()} is cut off"
    dialog.close()


#: A 1366 by 768 laptop at 150%, less a 48-pixel taskbar: the room a dialog has there.
LAPTOP_AT_150 = QRect(0, 0, 910, 480)


@pytest.fixture(autouse=True, params=["offscreen", "laptop at 150%"])
def screen(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test twice: on the test screen, and with the room of a laptop at 150%."""
    if request.param != "offscreen":
        monkeypatch.setattr(screen_fit, "_screen_area", lambda widget: LAPTOP_AT_150)
    return str(request.param)


@pytest.fixture
def sample_window(make_window: Callable[..., MainWindow], sample_file: Path) -> MainWindow:
    return make_window(sample_file, SAMPLE_TODAY)


def test_board_pack_dialog_fits(qtbot: QtBot, sample_window: MainWindow, tmp_path: Path) -> None:
    assert sample_window.session is not None
    _assert_fits(qtbot, BoardPackDialog(sample_window.session, tmp_path, sample_window))


def test_import_preview_fits(qtbot: QtBot, window: MainWindow) -> None:
    assert window.session is not None
    preview = preview_import(window.session.store, read_source(FIXTURE_XLSX))
    _assert_fits(qtbot, ImportDialog(preview, window))


def test_import_preview_shows_each_objective_title_whole(qtbot: QtBot, window: MainWindow) -> None:
    """The last count's column ("Not rated") took half the width with the titles: "1. Prevent
    crime, disorder, and anti-social beh…" was cut off beside an empty column."""
    assert window.session is not None
    dialog = ImportDialog(preview_import(window.session.store, read_source(FIXTURE_XLSX)), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.tabs.widget(0)
    assert isinstance(table, QTableWidget) and table.rowCount() == 5
    assert table.columnWidth(0) >= table.sizeHintForColumn(0)
    header = table.horizontalHeader()
    for column in range(1, table.columnCount()):  # each count as wide as its heading
        assert table.columnWidth(column) <= header.sectionSizeHint(column) + 2


def test_merge_and_conflict_dialogs_fit(
    qtbot: QtBot, sample_window: MainWindow, sample_file: Path, tmp_path: Path
) -> None:
    session = sample_window.session
    assert session is not None
    with PlanStore.open(sample_file, read_only=True) as owner:
        copy = owner.make_copy(tmp_path / "copy.nhp")
    preview = session.store.merge_from(copy, dry_run=True)
    _assert_fits(qtbot, MergeDialog(session, preview, sample_window))
    _assert_fits(qtbot, ConflictsDialog(session, sample_window))


def test_conflict_sides_share_the_width_and_show_their_headings_whole(
    qtbot: QtBot, make_window: Callable[..., MainWindow], sample_file: Path, tmp_path: Path
) -> None:
    """Each side's heading was its group box's title, and the longest titles took their width
    from the others: at 150% the copy's summary position was squeezed into a third less room."""
    with PlanStore.open(sample_file, user="owner") as owner:
        copy = owner.make_copy(tmp_path / "Insp. Priya Shah's copy.nhp")
        first = owner.deliverables()[0]
        owner.update_deliverable(first.id, summary_position="The board asked for the evidence.")
    with PlanStore.open(copy, user="Insp. Priya Shah") as lead:
        lead.update_deliverable(first.id, summary_position="Checked with the ward teams.")
    window = make_window(sample_file, SAMPLE_TODAY)
    assert window.session is not None
    window.session.store.merge_from(copy)
    dialog = ConflictsDialog(window.session, window)
    _assert_fits(qtbot, dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    panel = dialog.panel
    sides = (panel.mine, panel.theirs, panel.base)
    assert panel.mine.title().startswith("Summary position in this plan")
    widths = [side.value.width() for side in sides]
    assert max(widths) - min(widths) <= 2, widths
    for side in sides:
        heading = side.heading
        assert heading.text() == side.title()
        assert heading.height() >= heading.heightForWidth(heading.width()), side.title()
    # However the headings wrap, the three values start level.
    assert len({side.value.mapTo(dialog, QPoint(0, 0)).y() for side in sides}) == 1


def test_a_rag_conflicts_edited_value_is_a_box_of_one_line(
    qtbot: QtBot, make_window: Callable[..., MainWindow], sample_file: Path, tmp_path: Path
) -> None:
    """The RAG to keep filled all of the edited value's 110 pixels: a box three lines tall."""
    with PlanStore.open(sample_file, user="owner") as owner:
        copy = owner.make_copy(tmp_path / "copy.nhp")
        first = owner.deliverables()[0]
        owner.update_deliverable(first.id, rag=Rag.RED)
    with PlanStore.open(copy, user="Insp. Priya Shah") as lead:
        lead.update_deliverable(first.id, rag=Rag.AMBER)
    window = make_window(sample_file, SAMPLE_TODAY)
    assert window.session is not None
    window.session.store.merge_from(copy)
    dialog = ConflictsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.panel.edit_rag
    assert box.isVisible() and box.currentText() == "RED"
    assert box.height() == box.sizeHint().height()


def test_history_dialog_fits(qtbot: QtBot, sample_window: MainWindow) -> None:
    session = sample_window.session
    assert session is not None
    first = session.store.deliverables()[0]
    _assert_fits(qtbot, HistoryDialog(session.store, first.id, sample_window))


def test_measures_dialog_fits(qtbot: QtBot) -> None:
    from tests.ui.test_measures_dialog import DATED, measures

    _assert_fits(qtbot, MeasuresDialog(measures(), DATED))


def test_measures_dialog_of_a_plan_without_measures_fits(qtbot: QtBot) -> None:
    """Its one line saying how to add measures, unwrapped, made it wider than a laptop at 150%."""
    from tests.ui.test_measures_dialog import DATED

    _assert_fits(qtbot, MeasuresDialog([], DATED))


def test_print_preview_fits(
    qtbot: QtBot, sample_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[tuple[int, int]] = []

    def record_size(dialog: QPrintPreviewDialog) -> int:
        sizes.append((dialog.width(), dialog.height()))
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", record_size)
    file_dialogs.show_print_preview(sample_window, lambda printer: None)
    room = available_room(sample_window)
    assert sizes and sizes[0][0] <= room.width() and sizes[0][1] <= room.height()


def _assert_no_band(qtbot: QtBot, dialog: QDialog) -> None:
    """Nothing but the layout's spacing between the lowest field or note and the buttons, and
    nothing but its margin below them: opened at the height its wrapped note needed at its
    size hint's narrow width, then widened, a dialog kept an empty band above its buttons."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = available_room(dialog)
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None

    def bottom(widget: QWidget) -> int:
        return widget.mapTo(dialog, widget.rect().bottomLeft()).y()

    above = [
        child
        for child in dialog.findChildren(QWidget)
        if child.isVisible() and child is not buttons and not buttons.isAncestorOf(child)
    ]
    top = buttons.mapTo(dialog, buttons.rect().topLeft()).y()
    layout = dialog.layout()
    gap = top - 1 - max(bottom(child) for child in above)
    assert gap <= max(layout.spacing(), 0) + 4, (
        f"{dialog.windowTitle()}: {gap} px above the buttons"
    )
    assert dialog.height() - 1 - bottom(buttons) <= layout.contentsMargins().bottom() + 2


def test_preferences_have_no_empty_band(qtbot: QtBot) -> None:
    _assert_no_band(qtbot, PreferencesDialog(Preferences("", "system")))


def test_make_copy_and_export_have_no_empty_band(qtbot: QtBot, tmp_path: Path) -> None:
    leads = ["Insp. Priya Shah (Partnership & Prevention Hub)", "Ch. Insp. Dan Okoro"]
    _assert_no_band(qtbot, LeadFileDialog(tmp_path / "Harrowdale copy.nhp", leads, kind=PLAN_COPY))
    _assert_no_band(qtbot, LeadFileDialog(tmp_path / "Harrowdale tracker.xlsx", leads))


def test_user_guide_and_about_fit_and_open_as_tall_as_their_text(
    qtbot: QtBot, sample_window: MainWindow
) -> None:
    """The About box opened 720 by 640 whatever its text: half of it an empty band."""
    for name in ("user_guide", "about"):
        sample_window.action(name).trigger()
        dialog = sample_window.findChildren(TextDialog)[-1]
        qtbot.waitExposed(dialog)
        text = dialog.text
        shown = text.viewport().height()
        needed = math.ceil(text.document().size().height())
        if text.verticalScrollBar().isVisible():  # the guide, on a short screen
            assert needed > shown and dialog.height() == available_room(dialog).height()
        else:
            assert 0 <= shown - needed <= text.fontMetrics().lineSpacing(), (
                f"{dialog.windowTitle()}: {shown - needed} px below its text"
            )
        _assert_fits(qtbot, dialog)  # and closes it
