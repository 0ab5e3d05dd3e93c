"""Long work off the UI thread: results, errors and cancelling arrive by signal."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nhp_planner.model.errors import ExportError
from nhp_planner.ui.jobs import Job


def test_result_comes_back_on_the_ui_thread(qtbot: QtBot, qapp: QApplication) -> None:
    threads: list[threading.Thread] = []

    def work(progress: object) -> int:
        threads.append(threading.current_thread())
        return 42

    job = Job(work)
    got: list[tuple[object, bool]] = []
    job.finished.connect(
        lambda result: got.append((result, threading.current_thread() is threading.main_thread()))
    )
    with qtbot.waitSignal(job.finished, timeout=10000):
        job.start()
    assert got == [(42, True)]
    assert threads[0] is not threading.main_thread()
    assert not job.running


def test_errors_come_back_with_their_traceback(qtbot: QtBot, qapp: QApplication) -> None:
    def work(progress: object) -> None:
        raise ExportError("The folder is full.")

    job = Job(work)
    with qtbot.waitSignal(job.failed, timeout=10000) as failed:
        job.start()
    error, details = failed.args
    assert isinstance(error, ExportError) and "Traceback" in details


def test_cancel_stops_the_work_at_its_next_progress_report(
    qtbot: QtBot, qapp: QApplication
) -> None:
    started = threading.Event()
    reports: list[int] = []

    def work(progress: object) -> None:
        for done in range(10_000_000):
            progress(done, 10_000_000)  # type: ignore[operator]
            reports.append(done)
            started.set()

    job = Job(work)
    job.start()
    assert started.wait(10)
    with qtbot.waitSignal(job.cancelled, timeout=10000):
        job.cancel()
    assert len(reports) < 10_000_000
