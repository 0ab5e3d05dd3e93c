"""Every control reachable by Tab in reading order, and named for screen readers (issue 17)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from nhp_planner.sample import sample_plan_file
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.roles import ACCESSIBLE_TEXT
from tests.ui.conftest import SAMPLE_TODAY

_INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QAbstractSpinBox,
)


def _labelled_by_buddy(window: QWidget) -> set[QWidget]:
    return {
        label.buddy()
        for label in window.findChildren(QLabel)
        if label.buddy() is not None and label.text().strip()
    }


def _unnamed(window: QWidget) -> list[str]:
    labelled = _labelled_by_buddy(window)
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, _INTERACTIVE) or isinstance(widget, QScrollBar):
            continue
        if not widget.isVisibleTo(window) or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget.parent(), QComboBox):  # a combo's own list and line edit
            continue
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text.replace("&", "").strip() or widget in labelled):
            where = (
                f"{widget.objectName() or widget.toolTip()!r} in {type(widget.parent()).__name__}"
            )
            missing.append(f"{type(widget).__name__} {where}")
    return missing


@pytest.mark.parametrize("state", ["a plan", "the sample", "no plan"])
def test_every_interactive_widget_has_a_name_or_label(
    make_window: Callable[..., MainWindow], plan_file: Path, state: str
) -> None:
    path = {"a plan": plan_file, "the sample": sample_plan_file(), "no plan": None}[state]
    window = make_window(path, SAMPLE_TODAY)
    assert _unnamed(window) == []


def test_a_widget_without_a_name_is_found(window: MainWindow) -> None:
    """The check above can fail: an unnamed line edit is reported."""
    stray = QLineEdit(window.centralWidget())
    stray.show()
    assert any(entry.startswith("QLineEdit") for entry in _unnamed(window))


def test_tab_goes_in_reading_order(qtbot: QtBot, window: MainWindow) -> None:
    """Left to right by pane, top to bottom within each: objectives, the period and what is
    not yet updated, the filters, the table, then the editor's fields."""
    window.activateWindow()
    window.objective_list.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.objective_list.hasFocus)
    visited: list[QWidget] = []
    for _ in range(40):
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused in visited:
            break
        visited.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    bar, editor = window.filter_bar, window.editor
    expected = [
        window.objective_list,
        window.period_box,
        bar.search,
        bar.lead,
        *bar.rag_buttons.values(),
        bar.overdue,
        bar.not_updated,
        window.table,
        editor.history_button,
        editor.commitment,
        editor.lead,
        editor.rag,
        editor.reviewed_button,
        editor.date,
        editor.summary,
    ]
    reached = [w for w in visited if w in expected]
    assert reached == [w for w in expected if w.isEnabled() and w.isVisible()]


def test_objective_bars_say_their_counts_in_words(window: MainWindow) -> None:
    model = window.objective_list.model()
    spoken = model.index(1, 0).data(ACCESSIBLE_TEXT)
    assert "GREEN" in spoken and "AMBER" in spoken
    assert any(ch.isdigit() for ch in spoken)


def test_keyboard_focus_is_drawn(qtbot: QtBot, window: MainWindow) -> None:
    """A control reached by Tab looks different: the style draws its focus mark."""
    window.activateWindow()
    bar = window.filter_bar
    last_rag = list(bar.rag_buttons.values())[-1]
    for before, widget in ((last_rag, bar.overdue), (bar.overdue, bar.not_updated)):
        window.table.setFocus()
        qtbot.waitUntil(window.table.hasFocus)
        plain = widget.grab().toImage()
        before.setFocus()
        qtbot.waitUntil(before.hasFocus)
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        assert widget.hasFocus()
        assert widget.grab().toImage() != plain, widget.text()


def test_no_dialog_note_is_greyed_as_disabled(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """A note drawn disabled reads at about 1.6:1 and is announced as unavailable."""
    from nhp_planner.ui.board_pack_dialog import BoardPackDialog
    from nhp_planner.ui.lead_file_dialog import LeadFileDialog
    from nhp_planner.ui.plan_properties import PlanPropertiesDialog
    from nhp_planner.ui.preferences import Preferences
    from nhp_planner.ui.preferences_dialog import PreferencesDialog

    session = window.session
    assert session is not None
    dialogs = [
        BoardPackDialog(session, tmp_path, window),
        LeadFileDialog(tmp_path / "tracker", ["Insp. Priya Shah"]),
        PlanPropertiesDialog(session.plan, window),
        PreferencesDialog(Preferences("Jo Bell", "system"), window),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        labels = [label for label in dialog.findChildren(QLabel) if label.text().strip()]
        assert labels
        greyed = [label.text()[:40] for label in labels if not label.isEnabled()]
        assert greyed == [], dialog.windowTitle()
