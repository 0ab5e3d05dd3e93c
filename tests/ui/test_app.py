"""Starting the window: which plan opens first, falling back to the sample, the crash dialog."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from pytestqt.logging import _QtMessageCapture
from pytestqt.qtbot import QtBot

from nhp_planner.sample import is_sample, sample_plan_file
from nhp_planner.ui import app, messages, settings
from tests.ui.conftest import Answers


def test_first_start_opens_the_sample(qtbot: QtBot) -> None:
    window = app.open_main_window(None, sample=False)
    qtbot.addWidget(window)
    assert window.session is not None and window.session.path is not None
    assert is_sample(window.session.path)
    assert window.session.path == sample_plan_file()
    assert window.banner.text.text()


def test_next_start_opens_the_last_plan(qtbot: QtBot, plan_file: Path) -> None:
    settings.remember_plan(settings.app_settings(), plan_file)
    window = app.open_main_window(None, sample=False)
    qtbot.addWidget(window)
    assert window.session is not None and window.session.path == plan_file.resolve()
    assert app.first_plan(None, True, settings.app_settings()) == sample_plan_file()
    assert app.first_plan(str(plan_file), False, settings.app_settings()) == plan_file


def test_a_plan_that_cannot_be_opened_falls_back_to_the_sample(
    qtbot: QtBot, tmp_path: Path, answers: Answers
) -> None:
    window = app.open_main_window(str(tmp_path / "missing.nhp"), sample=False)
    qtbot.addWidget(window)
    assert answers.errors[0][0] == "The plan “missing.nhp” could not be opened."
    assert window.session is not None and window.session.is_sample


def test_unexpected_errors_are_logged_and_shown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        messages,
        "show_crash",
        lambda parent, summary, details, log: shown.append((summary, details)),
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app.install_excepthook(tmp_path / "log.txt")
    try:
        raise RuntimeError("a bug of ours")
    except RuntimeError:
        with caplog.at_level(logging.CRITICAL):
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert shown[0][0] == "RuntimeError: a bug of ours"
    assert "Traceback" in shown[0][1]
    assert "Unexpected error" in caplog.text


def test_the_icon_and_the_log_line_follow_the_first_frame(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    """Start-up (issue 22): the window is drawn first; its icon and "Window shown" just after."""
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    application.setWindowIcon(QIcon())
    window = app.open_main_window(None, sample=True)
    qtbot.addWidget(window)
    with caplog.at_level(logging.INFO, logger="nhp_planner.ui.app"):
        app.show_window(application, window)
        assert application.windowIcon().isNull()  # nothing before the window has painted
        qtbot.waitUntil(lambda: not application.windowIcon().isNull())
    assert f"Window shown: {window.windowTitle()}" in caplog.text


#: Run in a child process: the window's modules imported as ``nhp-planner`` imports them, the
#: order of first imports noted.
_IMPORT_ORDER = """
import sys
order = []
class Noted:
    def find_spec(self, name, path=None, target=None):
        order.append(name)
sys.meta_path.insert(0, Noted())
import nhp_planner.ui.app
after_qt = order[order.index("PySide6.QtCore"):]
late = [m for m in after_qt if m.startswith(("nhp_planner.model", "nhp_planner.io", "socket"))]
assert not late, f"imported after PySide6, which reads each one's source: {late}"
"""


def test_the_plan_store_and_the_model_are_imported_before_pyside() -> None:
    """Start-up (issue 22): PySide6 reads the source of each module imported after it; the
    model's and the store's modules, free of Qt, are imported before it (nhp_planner.ui), as is
    the socket the stop signals wake the window through (nhp_planner.ui.stop_signals)."""
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ORDER],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],  # this checkout's nhp_planner
    )
    assert result.returncode == 0, result.stderr


def test_the_nhp_planner_command_opens_the_window_and_closes_on_sigterm(tmp_path: Path) -> None:
    """The whole start as a person makes it (``nhp-planner --sample``, through the command line
    and its log), in its own process: the window is shown, and SIGTERM closes it cleanly,
    nothing written on stderr."""
    import os
    import signal
    import time

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    window = subprocess.Popen(
        [sys.executable, "-m", "nhp_planner", "--sample"],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        shown = False
        while not shown and window.poll() is None and time.monotonic() < deadline:
            logs = list((tmp_path / "xdg_state_home").rglob("nhp-planner.log"))
            shown = any("Window shown: " in log.read_text(encoding="utf-8") for log in logs)
            if not shown:
                time.sleep(0.05)  # polling the log for its line, not waiting a fixed time
        assert window.poll() is None, window.communicate()
        assert shown
        window.send_signal(signal.SIGTERM)
        _, err = window.communicate(timeout=30)
        assert window.returncode == 0, err
        assert err == ""  # not even Qt's offscreen platform's line about size hints
    finally:
        if window.poll() is None:
            window.kill()


def test_the_offscreen_size_hints_line_is_the_only_qt_message_dropped(
    qtlog: _QtMessageCapture,
) -> None:
    """The offscreen platform's line about size hints is dropped; any other Qt message is
    passed on (here to pytest-qt's handler, which records it)."""
    from PySide6.QtCore import qDebug, qWarning

    app.quiet_offscreen_size_hints()
    qWarning(app.OFFSCREEN_SIZE_HINTS)
    qDebug("The plan's watch started")
    assert [record.message for record in qtlog.records] == ["The plan's watch started"]


def test_other_qt_messages_still_reach_stderr_offscreen() -> None:
    """Started offscreen with nothing else handling Qt's messages, a real warning is written
    to stderr as Qt writes it, and the size hints' line is not."""
    script = (
        "from PySide6.QtCore import qWarning\n"
        "from nhp_planner.ui.app import create_application\n"
        "create_application(['nhp-planner'])\n"
        "qWarning('This plugin does not support propagateSizeHints()')\n"
        "qWarning('QFont::setPointSize: Point size <= 0 (0), must be greater than 0')\n"
    )
    import os

    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "QFont::setPointSize: Point size <= 0 (0), must be greater than 0\n"
