"""A child process for the typing tests: the real window on a plan, typing without pause.

Run as ``python -m tests.ui.typing_child PLAN``. It opens the plan as the
application does (signal handling included), types into the first
deliverable's summary position every ``TICK_MS`` and prints, after each
keystroke, how many characters it has typed and when (``time.monotonic``,
which the parent process shares). The parent kills or signals it.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from nhp_planner.ui.app import create_application, open_main_window, quit_on_signals

#: Faster than anyone types, and never the pause that would save on its own.
TICK_MS = 15
#: What is typed, over and over.
TEXT = "Ward panels met in every area; "


def main(plan: str) -> int:
    app = create_application(sys.argv[:1])
    window = open_main_window(plan, sample=False)
    quit_on_signals(app, window)
    window.show()
    editor = window.editor
    deliverable = editor.deliverable
    assert deliverable is not None
    summary = editor.summary
    summary.setFocus(Qt.FocusReason.OtherFocusReason)
    summary.moveCursor(QTextCursor.MoveOperation.End)
    print(f"ready {deliverable.id} {len(summary.toPlainText())}", flush=True)
    typed = 0

    def type_one() -> None:
        nonlocal typed
        if not window.isVisible():
            # Closed for a signal: nobody types into a closed window. On a loaded machine
            # the timer, overdue, can still fire between the close and the loop's end;
            # that keystroke went to an editor with no plan and was counted as lost.
            return
        QTest.keyClick(summary, TEXT[typed % len(TEXT)])
        typed += 1
        print(f"typed {typed} {time.monotonic():.4f}", flush=True)

    timer = QTimer(app)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(type_one)
    timer.start()
    status: int = app.exec()
    print(f"closed {typed}", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
