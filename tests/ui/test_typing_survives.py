"""Typing survives the process: a real window in a child process, killed or asked to stop.

The child (``tests.ui.typing_child``) types into a summary position without
pause, faster than anyone types. Killed with SIGKILL at a random moment, the
plan reopened holds every character typed more than a second before the last
keystroke; asked to stop (SIGTERM, SIGHUP, SIGINT), it holds every character.
``NHP_TYPING_RUNS`` sets how many SIGKILL runs to make (figures are printed).
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from nhp_planner.model.store import PlanStore
from tests.ui.typing_child import TEXT
from tests.ui.window_process import WindowProcess, start_window

#: The promise: what is typed is on disk within a second.
WITHIN_S = 1.0
_RUNS = int(os.environ.get("NHP_TYPING_RUNS", "2"))


def _saves(plan: Path, child: WindowProcess) -> int:
    """How many saves of the typing the plan's history confirms (every run's so far)."""
    with PlanStore.open(plan, read_only=True) as store:
        changes = store.changes(child.deliverable_id)
    return sum(c.field == "summary_position" for c in changes)


def _saved_typing(plan: Path, child: WindowProcess) -> str:
    """What of the typing the plan holds, reopened as the window would after a crash."""
    with PlanStore.open(plan) as store:
        summary = store.deliverable(child.deliverable_id).summary_position
    typed = summary[child.start_length :]
    typed_text = (TEXT * (len(typed) // len(TEXT) + 1))[: len(typed)]
    assert typed == typed_text, "the plan holds text that was not typed"
    return typed


def test_typing_is_on_disk_within_a_second_through_sigkill(plan_file: Path, tmp_path: Path) -> None:
    rng = random.Random(14)
    totals = {"runs": 0, "kills": 0, "saves": 0, "typed": 0, "saved": 0, "lost": 0}
    for _run in range(_RUNS):
        child = start_window(plan_file, tmp_path)
        try:
            child.read_lines(until=time.monotonic() + rng.uniform(1.5, 3.0))
            child.process.send_signal(signal.SIGKILL)
            child.read_lines()  # what it typed before it died
        finally:
            status = child.finish()
        assert status == -signal.SIGKILL
        saved = len(_saved_typing(plan_file, child))
        last_keystroke = child.typed[-1][1]
        due = [n for n, at in child.typed if at <= last_keystroke - WITHIN_S]
        # Typing never paused, so only the at-most-a-second save brought it to disk.
        assert due, "the child typed for less than a second"
        assert saved >= max(due), (
            f"{max(due)} characters were typed over a second before the last keystroke, "
            f"but only {saved} are in the plan"
        )
        totals["runs"] += 1
        totals["kills"] += 1
        totals["saves"] = _saves(plan_file, child)
        totals["typed"] += child.typed[-1][0]
        totals["saved"] += saved
        totals["lost"] += child.typed[-1][0] - saved
        child.start_length += saved  # the next run types after what this one saved
    print(f"typing under SIGKILL: {totals}")


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_to_stop_saves_every_character(plan_file: Path, tmp_path: Path, name: str) -> None:
    child = start_window(plan_file, tmp_path)
    try:
        child.read_lines(until=time.monotonic() + 0.5)
        child.process.send_signal(getattr(signal, name))
        child.read_lines()
    finally:
        status = child.finish()
    assert status == 0
    assert child.closed is not None
    assert len(_saved_typing(plan_file, child)) == child.closed
