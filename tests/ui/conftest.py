"""Fixtures for the window's tests: a fixed "today", answered message boxes, plans on disk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nhp_planner.io.plan_json import new_plan_from_document
from nhp_planner.model.plan_lock import LockHolder
from nhp_planner.model.store import PlanStore
from nhp_planner.sample import sample_document
from nhp_planner.ui import messages, settings
from nhp_planner.ui.main_window import MainWindow
from nhp_planner.ui.session import PlanSession

#: The fixture plan is January 2024's: by mid-April its March dates have passed.
TODAY = dt.date(2024, 4, 15)
#: The sample plan's current period is November 2026.
SAMPLE_TODAY = dt.date(2026, 11, 23)


_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here drives Qt widgets (the ``gui`` marker).

    Qt's offscreen platform, used headless, warns that it "does not support
    propagateSizeHints()" whenever a window is shown; that says nothing about
    NHP Planner, so it does not fail the test. Every other Qt warning does.
    """
    for item in items:
        if _HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))


class Answers:
    """What the message boxes were asked, and how the test answers them."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.confirmations: list[str] = []
        self.confirm = True
        self.open_read_only = True
        self.break_lock = False
        self.read_only_asked: list[Path] = []
        self.lock_holders: list[LockHolder] = []
        #: How closing with typing the plan would not take is answered, one answer per question.
        self.unsaved: list[messages.UnsavedChoice] = []
        self.unsaved_asked: list[str] = []

    def _show_error(self, parent: Any, what: str, error: Any, **kwargs: Any) -> None:
        self.errors.append((what, str(error)))

    def _confirm(self, parent: Any, question: str, informative: str, **kwargs: Any) -> bool:
        self.confirmations.append(question)
        return self.confirm

    def _ask_unsaved_typing(self, parent: Any, reason: str) -> messages.UnsavedChoice:
        self.unsaved_asked.append(reason)
        return self.unsaved.pop(0) if self.unsaved else messages.UnsavedChoice.DISCARD

    def _ask_open_locked(self, parent: Any, path: Path, holder: LockHolder) -> messages.LockChoice:
        self.read_only_asked.append(path)
        self.lock_holders.append(holder)
        if self.break_lock:
            return messages.LockChoice.BREAK
        return messages.LockChoice.READ_ONLY if self.open_read_only else messages.LockChoice.CANCEL


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """No test ever waits on a real message box: they are recorded and answered here."""
    given = Answers()
    monkeypatch.setattr(messages, "show_error", given._show_error)
    monkeypatch.setattr(messages, "confirm", given._confirm)
    monkeypatch.setattr(messages, "ask_open_locked", given._ask_open_locked)
    monkeypatch.setattr(messages, "ask_unsaved_typing", given._ask_unsaved_typing)
    monkeypatch.setattr(messages, "show_info", lambda *args, **kwargs: None)
    return given


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    """The sample plan (with leads, three periods) as an ordinary plan file."""
    path = tmp_path / "harrowdale.nhp"
    new_plan_from_document(path, sample_document(), user="tester").close()
    return path


@pytest.fixture
def session(qapp: QApplication, fixture_store: PlanStore) -> Iterator[PlanSession]:
    """The real January 2024 plan in memory, with its models and undo stack."""
    opened = PlanSession(fixture_store, today=lambda: TODAY)
    yield opened
    opened.deleteLater()


@pytest.fixture
def make_window(qtbot: QtBot) -> Callable[..., MainWindow]:
    """Build a main window (registered with qtbot) and open a plan file in it."""

    def make(path: Path | None, today: dt.date = TODAY) -> MainWindow:
        window = MainWindow(settings.app_settings(), today=lambda: today)
        qtbot.addWidget(window)
        if path is not None:
            assert window.open_plan(path)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window: Callable[..., MainWindow], plan_file: Path) -> MainWindow:
    """The main window on the real January 2024 plan."""
    return make_window(plan_file)
