"""Issue 17, defect 8 and the window's keyboard conventions: small things that got in the way."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from nhp_planner.model.store import PlanStore
from nhp_planner.sample import sample_plan_file
from nhp_planner.ui import settings
from nhp_planner.ui.app import first_plan
from nhp_planner.ui.lead_file_dialog import PLAN_COPY, LeadFileDialog
from nhp_planner.ui.main_window import MainWindow
from tests.ui.conftest import SAMPLE_TODAY

LEAD = "Insp. Priya Shah, Partnership & Prevention Hub"


def test_next_start_opens_the_master_after_a_look_at_a_leads_copy(
    make_window: Callable[..., MainWindow], sample_file: Path, tmp_path: Path
) -> None:
    with PlanStore.open(sample_file) as owner:
        copy = owner.make_copy(tmp_path / "shah.nhp", lead=LEAD)
    window = make_window(sample_file, SAMPLE_TODAY)
    assert window.open_plan(copy)
    window.close()
    stored = settings.app_settings()
    assert first_plan(None, False, stored) == sample_file.resolve()
    # Still in Open Recent, to look at again.
    assert copy.resolve() in settings.recent_plans(stored)


def test_a_lead_with_only_their_copy_gets_it_on_the_next_start(
    make_window: Callable[..., MainWindow], sample_file: Path, tmp_path: Path
) -> None:
    with PlanStore.open(sample_file) as owner:
        copy = owner.make_copy(tmp_path / "shah.nhp", lead=LEAD)
    make_window(copy, SAMPLE_TODAY).close()
    assert first_plan(None, False, settings.app_settings()) == copy.resolve()


def test_add_deliverable_selects_only_the_new_row(qtbot: QtBot, window: MainWindow) -> None:
    """By its shortcut, Ctrl+Shift+N: Qt read the held Shift as "extend the selection"."""
    window.table.selectRow(2)
    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    rows = window.table.model().rowCount()
    qtbot.keyClick(
        window.table,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.table.model().rowCount() == rows + 1
    chosen = window.table.selectionModel().selectedRows()
    assert len(chosen) == 1
    assert window.editor.deliverable is not None
    assert chosen[0].row() == window.table.currentIndex().row()


def test_the_show_them_link_is_reached_by_keyboard(
    qtbot: QtBot, make_window: Callable[..., MainWindow], sample_file: Path
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    label = window.progress_label
    assert "show them" in label.text()
    assert label.focusPolicy() & Qt.FocusPolicy.TabFocus
    window.activateWindow()
    window.period_box.setFocus()
    qtbot.waitUntil(window.period_box.hasFocus)
    # Tab from the period (above it) picks its link; Enter follows it.
    qtbot.keyClick(window.period_box, Qt.Key.Key_Tab)
    assert label.hasFocus()
    with qtbot.waitSignal(label.linkActivated, timeout=2000):
        qtbot.keyClick(label, Qt.Key.Key_Return)
    assert window.filter_bar.not_updated.isChecked()


def test_the_editor_has_no_empty_tab_stop(window: MainWindow) -> None:
    for scroll in window.editor.findChildren(QScrollArea):
        assert not scroll.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_send_copy_names_the_file_for_the_lead_chosen(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    sample_file: Path,
    tmp_path: Path,
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    dialog = LeadFileDialog(
        tmp_path / "Harrowdale copy.nhp",
        [LEAD, "Dan Whitley"],
        window,
        kind=PLAN_COPY,
        name_for=lambda lead: f"Harrowdale - {lead}" if lead else "Harrowdale copy",
    )
    qtbot.addWidget(dialog)
    dialog.lead.setCurrentIndex(dialog.lead.findData("Dan Whitley"))
    assert Path(dialog.path.text()).name == "Harrowdale - Dan Whitley.nhp"


def test_send_copy_refuses_a_name_in_use_before_its_dialog_closes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    taken = tmp_path / "taken.nhp"
    taken.write_bytes(b"")
    dialog = LeadFileDialog(taken, [LEAD], window, kind=PLAN_COPY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.accepted.emit()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.isVisible()
    assert "already exists" in dialog.problem.text()


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _menu_clashes(menu: QMenu) -> list[str]:
    seen: dict[str, str] = {}
    clashes = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        key = _mnemonic(action.text())
        if key is None:
            clashes.append(f"{menu.title()} ▸ {action.text()} has no Alt key")
        elif key in seen:
            clashes.append(f"{menu.title()}: {seen[key]!r} and {action.text()!r} share Alt+{key}")
        else:
            seen[key] = action.text()
        if action.menu() is not None and action.text() != "Open &Recent":
            clashes += _menu_clashes(action.menu())
    return clashes


def test_alt_keys_are_unique_in_each_menu(
    make_window: Callable[..., MainWindow], sample_file: Path
) -> None:
    window = make_window(sample_file, SAMPLE_TODAY)
    clashes = []
    for action in window.menuBar().actions():
        clashes += _menu_clashes(action.menu())
    assert clashes == []


@pytest.mark.parametrize("state", ["the sample", "an earlier period"])
def test_alt_keys_are_unique_across_the_window_and_its_menu_bar(
    make_window: Callable[..., MainWindow], sample_file: Path, state: str
) -> None:
    """A label's Alt key (its buddy's) and a button's must not be a menu's, nor each other's,
    with the banner's buttons showing too."""
    if state == "the sample":
        window = make_window(sample_plan_file(), SAMPLE_TODAY)
    else:
        window = make_window(sample_file, SAMPLE_TODAY)
        assert window.session is not None
        window.session.show_period(window.session.store.periods()[0])
    assert window.banner.isVisible()
    owners: dict[str, list[str]] = {}
    for action in window.menuBar().actions():
        owners.setdefault(_mnemonic(action.text()) or "", []).append(f"menu {action.text()}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(
            widget, QAbstractButton
        ):
            text = widget.text()
        else:
            continue
        key = _mnemonic(text)
        if key is not None:
            owners.setdefault(key, []).append(text)
    shared = {key: names for key, names in owners.items() if key and len(names) > 1}
    assert shared == {}


def test_every_action_with_a_key_has_it(window: MainWindow) -> None:
    """A real check: an empty QKeySequence is truthy in PySide6, so test isEmpty()."""
    for name in ("quit", "undo", "redo", "find", "add_deliverable", "history"):
        assert not window.action(name).shortcut().isEmpty(), name
    assert window.action("quit").shortcut() == QKeySequence("Ctrl+Q")


def test_redo_is_ctrl_y_everywhere_and_the_platforms_key_too(window: MainWindow) -> None:
    keys = window.action("redo").shortcuts()
    assert keys[0] == QKeySequence("Ctrl+Y")
    for binding in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
        assert binding in keys


def test_esc_clears_the_search_and_enter_goes_to_the_results(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    search = window.filter_bar.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClicks(search, "partnership")
    shown = window.table.model().rowCount()
    assert 0 < shown < 55
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.table.hasFocus()
    assert window.table.currentIndex().isValid()
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    assert window.table.model().rowCount() == 55
