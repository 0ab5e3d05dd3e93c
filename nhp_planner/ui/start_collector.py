"""Python's cycle collector held back while the window starts, and caught up after its first frame.

Importing the window's modules and PySide6, building the window and opening the
plan allocate some 60,000 objects that stay (modules, classes, functions, Qt
wrappers, the plan's rows): the collector, run every 700 allocations, walked
them some 80 times before the first frame and found next to nothing to free
(some 15-20 ms of CPU measured). Held back, it runs a few times at most; once
the frame is drawn what the start made is frozen (``gc.freeze``: moved where
the collector no longer walks it, as the long-lived objects they are) and the
usual thresholds come back. Reference counting frees everything as before;
only cycles made during the start wait.
"""

from __future__ import annotations

import gc

#: Allocations between collections while the window starts: enough that the start
#: runs the collector once or twice, not eighty times; few enough that a start
#: that never reaches :func:`resume` (the tests, say) still collects.
START_THRESHOLD = 100_000

_usual: tuple[int, int, int] | None = None


def hold_back() -> None:
    """Run the collector rarely until :func:`resume` (called once, first thing)."""
    global _usual
    if _usual is None:
        _usual = gc.get_threshold()
        gc.set_threshold(START_THRESHOLD, *_usual[1:])


def resume() -> None:
    """Freeze what the start made and collect at the usual thresholds again."""
    global _usual
    if _usual is not None:
        gc.freeze()
        gc.set_threshold(*_usual)
        _usual = None
