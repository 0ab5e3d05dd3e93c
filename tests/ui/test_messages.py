"""The message boxes, made as they are shown (the window starts without QMessageBox)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from nhp_planner.ui import messages

#: The boxes themselves: the window's tests answer them in their place (conftest's ``answers``).
SHOW_ERROR, CONFIRM = messages.show_error, messages.confirm


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """The boxes shown, answered at once as if closed (no test waits on a real box)."""
    boxes: list[QMessageBox] = []

    def record(box: QMessageBox) -> int:
        boxes.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    return boxes


def test_an_error_says_what_failed_then_why(qtbot: QtBot, shown: list[QMessageBox]) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    SHOW_ERROR(parent, "The plan “x.nhp” could not be opened.", "It is not a plan file.")
    (box,) = shown
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == "The plan “x.nhp” could not be opened."
    assert box.informativeText() == "It is not a plan file."
    assert box.standardButtons() == QMessageBox.StandardButton.Ok
    assert box.parent() is parent


def test_a_question_closed_unanswered_does_nothing(qtbot: QtBot, shown: list[QMessageBox]) -> None:
    assert not CONFIRM(None, "Delete 1.4?", "It can be undone.", action="Delete")
    (box,) = shown
    assert box.icon() == QMessageBox.Icon.Question
    assert [b.text() for b in box.buttons()] == ["Delete", "Cancel"]
    assert box.defaultButton().text() == "Cancel"


def test_a_crash_names_the_log(qtbot: QtBot, shown: list[QMessageBox], tmp_path: Path) -> None:
    log = tmp_path / "nhp-planner.log"
    messages.show_crash(None, "KeyError: 'x'", "Traceback ...", log)
    (box,) = shown
    assert box.icon() == QMessageBox.Icon.Critical
    assert str(log) in box.informativeText() and box.detailedText() == "Traceback ..."
