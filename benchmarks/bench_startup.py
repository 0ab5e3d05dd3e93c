"""Benchmark (issue 6): start-up to a shown window on the sample plan.

Run: .venv/bin/python benchmarks/bench_startup.py [RUNS]
Each run is a fresh Python process, timed from launch until its window has been
shown and painted and the event loop has gone idle. The floor, measured in the
same run the same way, is a bare Qt window with an empty table. Aim: at most 3x.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1400, 900)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

OURS = """
from PySide6.QtCore import QTimer
from nhp_planner.ui.app import create_application, open_main_window
app = create_application([])
window = open_main_window(None, sample=True)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _run(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    with tempfile.TemporaryDirectory(prefix="nhp-bench-home-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[name] = str(Path(home) / name.lower())
        env["PYTHONPATH"] = str(ROOT)
        # Measured as installed: with compiled bytecode (the warm-up run writes it).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        first = _run(OURS, env)  # makes the user's working copy of the sample plan
        bare, ours = [], []
        for _ in range(runs):  # interleaved, so both see the same machine
            bare.append(_run(BARE, env))
            ours.append(_run(OURS, env))
    floor, mine = statistics.median(bare), statistics.median(ours)
    print(f"first start (making the working copy of the sample plan): {first * 1000:.0f} ms")
    print(f"bare Qt window with an empty table: median {floor * 1000:.0f} ms of {runs} runs")
    print(f"NHP Planner on the sample plan:     median {mine * 1000:.0f} ms of {runs} runs")
    print(f"ratio {mine / floor:.2f} (aim: at most 3)")


if __name__ == "__main__":
    main()
