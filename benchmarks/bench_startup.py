"""Benchmark (issues 6, 17, 22): from launch to the window's first frame, on the sample plan.

Run: .venv/bin/python benchmarks/bench_startup.py [RUNS]
Each run is a fresh Python process. NHP Planner starts as a person starts it (the
``nhp-planner`` command: its argument parsing, log, theme and window) on the sample
plan; the floor, measured in the same run the same way, is a bare PySide6
QMainWindow holding an empty QTableView. Both are timed from launch until the
table has been painted and the paint of that frame has finished (the next turn of
the event loop), and to the end of the process (quitting included); the CPU time
each process used (to its first frame, as the process itself counts it, and in all)
is given too, as it varies less than wall time on a busy machine.
Runs are interleaved, so both see the same machine. Aims: at most 3x (issue 17), 2x (issue 22).

Until issue 22 the runs quit at the first idle turn of the event loop, which came
before Qt had painted either window: that left the first frame's paint out. And
until then the harness imported PySide6 before the program ran, which a person's
start does not: PySide6 then read the source of every module the program named
(see HARNESS), some 15% of our time that no user paid.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent

#: Run first in both processes: ``QApplication.exec`` quits once the shown window's
#: table has painted, and prints when. It is put in place when the program itself
#: first imports PySide6.QtWidgets, not before: PySide6 reads the source of every
#: module imported after it (looking for ``from __feature__ import``), so importing
#: it first would charge our program some 0.2 ms for each of its own modules that a
#: person's start, which imports PySide6 only for the window, does not pay. It
#: touches only objects Python made (the tables, remembered as they are made):
#: handing Python a widget Qt made (the table's viewport, say) makes PySide create
#: the classes of the whole of QtWidgets to find its type, some 20-50 ms that would
#: be counted in both. (Until issue 22's second round it found the table with
#: ``findChild``, which hands Python every child of the window on the way: some 4 ms
#: of wrapper types and enums for our window's hundreds of children, none for the
#: bare one's few, that a person's start does not pay.)
HARNESS = """
import os, sys, time

def _quit_when_painted(widgets):
    from PySide6.QtCore import QEvent, QObject, QTimer
    QApplication, QTableView = widgets.QApplication, widgets.QTableView

    def _painted():
        print("painted", time.time(), time.process_time(), flush=True)
        QApplication.quit()

    class _QuitWhenPainted(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, _painted)  # after the rest of this frame's paint
            return False

    tables = []
    make_table = QTableView.__init__

    def _make_and_remember(self, *args, **kwargs):
        make_table(self, *args, **kwargs)
        tables.append(self)

    exec_ = QApplication.exec

    def _exec_until_painted(*_):
        quit_when_painted = _QuitWhenPainted(QApplication.instance())
        for table in tables:  # the one shown paints; the others (in hidden tabs) do not
            table.installEventFilter(quit_when_painted)
        QTimer.singleShot(20_000, lambda: os._exit(3))  # no first frame in 20 s
        return exec_()

    QTableView.__init__ = _make_and_remember
    QApplication.exec = _exec_until_painted

class _WhenQtWidgetsLoads:
    \"\"\"Finds PySide6.QtWidgets as the other finders would, and instruments it once loaded.\"\"\"

    def find_spec(self, name, path=None, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            _quit_when_painted(module)

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, _WhenQtWidgetsLoads())
"""

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1400, 900)
window.show()
app.exec()
"""

OURS = """
from nhp_planner.cli import run
sys.argv = ["nhp-planner", "--sample"]
run()  # what the nhp-planner command runs
"""


class Run(NamedTuple):
    """One process's seconds: to its first frame, to its end, of CPU to that frame and in all."""

    frame: float
    whole: float
    frame_cpu: float
    cpu: float


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(code: str, env: dict[str, str]) -> Run:
    cpu = _cpu_of_children()
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", HARNESS + code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    end = time.time()
    painted = [line.split()[1:] for line in done.stdout.splitlines() if line.startswith("painted")]
    if not painted:
        raise SystemExit(f"no first frame reported:\n{done.stdout}{done.stderr}")
    at, frame_cpu = map(float, painted[0])
    return Run(at - start, end - start, frame_cpu, _cpu_of_children() - cpu)


def _median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(values) for values in zip(*runs, strict=True)))


def _report(name: str, runs: list[Run]) -> Run:
    median = _median(runs)
    print(
        f"{name}: first frame {median.frame * 1000:.0f} ms, whole process "
        f"{median.whole * 1000:.0f} ms, CPU {median.frame_cpu * 1000:.0f} ms to the first "
        f"frame and {median.cpu * 1000:.0f} ms in all"
    )
    return median


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    with tempfile.TemporaryDirectory(prefix="nhp-bench-home-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(Path(home) / name.lower())
        env["PYTHONPATH"] = str(ROOT)
        # Measured as installed: with compiled bytecode (the warm-up run writes it).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        first = _run(OURS, env).frame  # makes the user's working copy of the sample plan
        bare, ours = [], []
        for _ in range(runs):
            bare.append(_run(BARE, env))
            ours.append(_run(OURS, env))
    print(f"first start (making the working copy of the sample plan): {first * 1000:.0f} ms")
    print(f"medians of {runs} runs each, interleaved")
    floor = _report("bare Qt window with an empty table", bare)
    mine = _report("NHP Planner on the sample plan    ", ours)
    print(
        f"ratio {mine.frame / floor.frame:.2f} to the first frame (aims: at most 3; "
        f"issue 22, 2); {mine.whole / floor.whole:.2f} for the whole process; "
        f"{mine.frame_cpu / floor.frame_cpu:.2f} in CPU time to the first frame, "
        f"{mine.cpu / floor.cpu:.2f} in all"
    )


if __name__ == "__main__":
    main()
