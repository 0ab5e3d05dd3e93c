"""Progress of a pack being built, reported through a plain callback that may cancel it."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus.flowables import NullDraw

ProgressCallback = Callable[[int, int], None]


class Progress:
    """Counts work done out of a total known up front; the callback may raise to cancel.

    The unit is a row of the long tables; each row is counted twice, once when
    its cells are made and once when it is laid out on a page, plus one step
    for writing the file.
    """

    def __init__(self, callback: ProgressCallback | None, total: int) -> None:
        self._callback = callback
        self.total = max(total, 1)
        self.done = 0

    def advance(self, steps: int) -> None:
        self.done = min(self.done + steps, self.total)
        if self._callback is not None:
            self._callback(self.done, self.total)


class ProgressMark(NullDraw):  # type: ignore[misc]
    """An invisible marker after a block of rows; the document counts them once they are laid out.

    A table split over a page becomes new tables, so the tables themselves
    cannot be recognised afterwards; a marker placed after them can.
    """

    _ZEROSIZE = 1

    def __init__(self, steps: int) -> None:
        super().__init__()
        self.steps = steps

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0
