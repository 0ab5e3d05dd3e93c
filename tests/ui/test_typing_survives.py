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
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nhp_planner.model.store import PlanStore
from tests.ui.typing_child import TEXT

_ROOT = Path(__file__).parents[2]
#: The promise: what is typed is on disk within a second.
WITHIN_S = 1.0
_RUNS = int(os.environ.get("NHP_TYPING_RUNS", "2"))


@dataclass
class _Child:
    process: subprocess.Popen[str]
    deliverable_id: str
    start_length: int
    typed: list[tuple[int, float]] = field(default_factory=list)

    def read_lines(self, until: float | None = None) -> None:
        """Read what the child printed: until its clock passes ``until``, or to the end."""
        stream = self.process.stdout
        assert stream is not None
        while True:
            if until is not None and self.typed and self.typed[-1][1] >= until:
                return
            ready, _, _ = select.select([stream], [], [], 30)
            assert ready, "the child stopped printing"
            line = stream.readline()
            if not line:
                return
            words = line.split()
            if words[0] == "typed":
                self.typed.append((int(words[1]), float(words[2])))
            elif words[0] == "closed":
                self.closed = int(words[1])

    closed: int | None = None

    def finish(self) -> int:
        """Wait for the child to end (killing it if a test failed first); its exit status."""
        try:
            return self.process.wait(30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            assert self.process.stdout is not None
            self.process.stdout.close()


def _start(plan: Path, home: Path) -> _Child:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(_ROOT))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        (home / name).mkdir(exist_ok=True)
        env[name] = str(home / name)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.typing_child", str(plan)],
        cwd=_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 60)
    assert ready, "the child did not open the plan"
    words = process.stdout.readline().split()
    assert words and words[0] == "ready", words
    return _Child(process, words[1], int(words[2]))


def _saved_typing(plan: Path, child: _Child) -> str:
    """What of the typing the plan holds, reopened as the window would after a crash."""
    with PlanStore.open(plan) as store:
        summary = store.deliverable(child.deliverable_id).summary_position
    typed = summary[child.start_length :]
    typed_text = (TEXT * (len(typed) // len(TEXT) + 1))[: len(typed)]
    assert typed == typed_text, "the plan holds text that was not typed"
    return typed


def test_typing_is_on_disk_within_a_second_through_sigkill(plan_file: Path, tmp_path: Path) -> None:
    rng = random.Random(14)
    totals = {"runs": 0, "kills": 0, "typed": 0, "saved": 0, "lost": 0}
    for _run in range(_RUNS):
        child = _start(plan_file, tmp_path)
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
        totals["typed"] += child.typed[-1][0]
        totals["saved"] += saved
        totals["lost"] += child.typed[-1][0] - saved
        child.start_length += saved  # the next run types after what this one saved
    print(f"typing under SIGKILL: {totals}")


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_to_stop_saves_every_character(plan_file: Path, tmp_path: Path, name: str) -> None:
    child = _start(plan_file, tmp_path)
    try:
        child.read_lines(until=time.monotonic() + 0.5)
        child.process.send_signal(getattr(signal, name))
        child.read_lines()
    finally:
        status = child.finish()
    assert status == 0
    assert child.closed is not None
    assert len(_saved_typing(plan_file, child)) == child.closed
