"""Benchmark (issue 22): the board pack dialog's preview refreshed after a cover edit.

Run: .venv/bin/python benchmarks/bench_preview.py [RUNS]
On the real January 2024 plan (tests/data), in a plan file opened in the window,
the Board Pack dialog is opened offscreen; each run types one character into the
cover's Committee(s) field and times until the dialog says its preview is current
(``preview_ready``), and until the preview has painted; then words are typed at a
brisk typist's pace, timed from their last key to the preview current. The floor, measured in
the same run on the same plan: building the pack alone (``build_board_pack``, on
this thread, nothing else). Aim: refreshed within 300 ms of the edit.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="nhp-bench-home-")
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(Path(_HOME) / _name.lower())

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from nhp_planner.io.board_pack import build_board_pack
from nhp_planner.io.plan_json import new_plan_from_document, read_plan_json
from nhp_planner.ui import settings
from nhp_planner.ui.board_pack_dialog import BoardPackDialog
from nhp_planner.ui.main_window import MainWindow

PLAN_JSON = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "nhp-delivery-plan-2024-01.json"
)
#: Between keystrokes when a word is typed (a brisk typist).
TYPING_MS = 90
#: A day in the month after the plan's period, as when its pack is made.
TODAY = dt.date(2024, 2, 10)


class _LastPaint(QObject):
    """The time of a widget's latest paint, and an event loop ended once its paints settle.

    QPdfView paints a freshly loaded page blank, renders it on another thread and
    paints it again; the preview is shown once no paint has followed for ``QUIET_MS``.
    """

    QUIET_MS = 300

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.at = time.perf_counter()  # no paint at all: shown as it was
        self.loop = QEventLoop()
        self._quiet = QTimer(self, singleShot=True, interval=self.QUIET_MS)
        self._quiet.timeout.connect(self.loop.quit)
        widget.installEventFilter(self)

    def settle(self) -> float:
        self._quiet.start()
        _wait(self.loop)
        return self.at

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.at = time.perf_counter()
            self._quiet.start()
        return False


def _give_up() -> None:
    print("waited a minute: the preview never came", file=sys.stderr)
    os._exit(1)


def _wait(loop: QEventLoop) -> None:
    """Run ``loop`` (sleeping in Qt until it is quit, so the worker has the GIL), or give up."""
    timer = QTimer(singleShot=True, interval=60_000)
    timer.timeout.connect(_give_up)
    timer.start()
    loop.exec()
    timer.stop()


def _refresh(dialog: BoardPackDialog, field: QLineEdit, key: Qt.Key) -> tuple[float, float]:
    """Seconds from one keystroke in ``field`` to the preview current, and to it painted."""
    ready = QEventLoop()
    dialog.preview_ready.connect(ready.quit)
    start = time.perf_counter()
    QTest.keyClick(field, key)
    _wait(ready)
    current = time.perf_counter() - start
    dialog.preview_ready.disconnect(ready.quit)
    paints = _LastPaint(dialog.view.viewport())
    painted = paints.settle() - start
    paints.deleteLater()
    return current, painted


def _burst(dialog: BoardPackDialog, field: QLineEdit, keys: list[Qt.Key]) -> float:
    """Seconds from the last of ``keys``, typed at 11 a second, to the preview current."""
    ready = QEventLoop()
    for key in keys:
        QTest.keyClick(field, key, delay=TYPING_MS)  # Qt runs its events while it waits
    dialog.preview_ready.connect(ready.quit)
    start = time.perf_counter()
    _wait(ready)
    dialog.preview_ready.disconnect(ready.quit)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.nhp"
        new_plan_from_document(path, read_plan_json(PLAN_JSON), user="bench").close()
        window = MainWindow(settings.app_settings(), today=lambda: TODAY)
        window.resize(1366, 768)
        window.open_plan(path)
        window.show()
        session = window.session
        assert session is not None

        start = time.perf_counter()
        dialog = BoardPackDialog(session, Path(tmp), window)
        dialog.show()
        ready = QEventLoop()
        dialog.preview_ready.connect(ready.quit)
        _wait(ready)
        dialog.preview_ready.disconnect(ready.quit)
        opened = time.perf_counter() - start

        field = dialog.fields["committees"]
        assert isinstance(field, QLineEdit)
        field.setFocus()
        snapshot = session.snapshot()
        previous = session.previous_snapshot()
        last_updated = session.store.last_updated(session.period) if session.period else {}
        measures = session.store.measures()
        refreshes, floors = [], []
        for n in range(runs):  # interleaved, so both see the same machine
            # Type a letter, then take it away again: two edits, two refreshes.
            refreshes.append(_refresh(dialog, field, Qt.Key.Key_X))
            refreshes.append(_refresh(dialog, field, Qt.Key.Key_Backspace))
            begin = time.perf_counter()
            build_board_pack(
                snapshot,
                Path(tmp) / f"floor-{n}.pdf",
                previous=previous,
                last_updated=last_updated,
                measures=measures,
            )
            floors.append(time.perf_counter() - begin)
        word = [Qt.Key.Key_Space, Qt.Key.Key_B, Qt.Key.Key_O, Qt.Key.Key_A, Qt.Key.Key_R]
        bursts = []
        for _ in range(max(runs // 2, 1)):  # typed, then taken away again
            bursts.append(_burst(dialog, field, word))
            bursts.append(_burst(dialog, field, [Qt.Key.Key_Backspace] * len(word)))
        pages = dialog.document.pageCount()
        dialog.close()
        window.close()
        app.processEvents()

    floor = statistics.median(floors)
    current = statistics.median(r for r, _ in refreshes)
    shown = statistics.median(p for _, p in refreshes)
    worst = max(r for r, _ in refreshes)
    print(
        f"the real plan, {pages} pages; the dialog opened to its first preview in "
        f"{opened * 1000:.0f} ms"
    )
    print(f"floor, building the pack alone: median {floor * 1000:.0f} ms of {runs}")
    print(
        f"a cover edit to the preview current: median {current * 1000:.0f} ms of {len(refreshes)} "
        f"(slowest {worst * 1000:.0f} ms), {current / floor:.2f}x the floor; "
        f"to it painted: {shown * 1000:.0f} ms, {shown / floor:.2f}x (aim: within 300 ms)"
    )
    typed = statistics.median(bursts)
    print(
        f"a word typed into the cover ({TYPING_MS} ms between keys), its last key to the "
        f"preview current: median {typed * 1000:.0f} ms of {len(bursts)} "
        f"(slowest {max(bursts) * 1000:.0f} ms), {typed / floor:.2f}x the floor"
    )


if __name__ == "__main__":
    main()
