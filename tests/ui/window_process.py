"""The real window in a child process (``tests.ui.typing_child``): start it, read it, end it."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parents[2]


@dataclass
class WindowProcess:
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


def start_window(plan: Path, home: Path) -> WindowProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        (home / name).mkdir(exist_ok=True)
        env[name] = str(home / name)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.typing_child", str(plan)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 60)
    assert ready, "the child did not open the plan"
    words = process.stdout.readline().split()
    assert words and words[0] == "ready", words
    return WindowProcess(process, words[1], int(words[2]))
