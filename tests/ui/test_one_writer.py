"""One program changes a plan at a time: the command line honours the window's lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from nhp_planner.cli import main
from nhp_planner.model.plan_file import current_user
from nhp_planner.model.store import PlanStore
from nhp_planner.ui.main_window import MainWindow
from tests.fixture_files import FIXTURE_XLSX
from tests.ui.window_process import ROOT, start_window


def _periods(plan: Path) -> list[str]:
    with PlanStore.open(plan, read_only=True) as store:
        return [p.key for p in store.periods()]


def test_the_command_line_refuses_a_plan_open_in_the_window(
    make_window: Callable[..., MainWindow], plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    window = make_window(plan_file)
    before = _periods(plan_file)
    for command in (
        ["period", "new", str(plan_file)],
        ["import", str(FIXTURE_XLSX), "--plan", str(plan_file)],
        ["board-pack", str(plan_file), "--out", str(plan_file.with_suffix(".pdf")), "--dated", "x"],
    ):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1  # one sentence
        assert (
            f"is open for changes in the NHP Planner window of {current_user()} on this computer "
            f"(process {os.getpid()}); close it there first, or add --force" in err
        )
    assert _periods(plan_file) == before
    # Reading is always fine.
    assert main(["summary", str(plan_file)]) == 0
    capsys.readouterr()
    window.close()
    assert main(["period", "new", str(plan_file)]) == 0
    assert len(_periods(plan_file)) == len(before) + 1


def test_force_writes_anyway(
    make_window: Callable[..., MainWindow], plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_window(plan_file)
    before = _periods(plan_file)
    assert main(["period", "new", str(plan_file), "--force"]) == 0
    assert len(_periods(plan_file)) == len(before) + 1


def test_a_window_in_another_process_is_named_in_the_refusal(
    plan_file: Path, tmp_path: Path
) -> None:
    child = start_window(plan_file, tmp_path)  # the real window, typing, in another process
    try:
        refused = subprocess.run(
            [sys.executable, "-m", "nhp_planner", "period", "new", str(plan_file)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        child.process.send_signal(signal.SIGTERM)
        child.read_lines()
    finally:
        child.finish()
    assert refused.returncode == 1
    assert refused.stderr == (
        f"error: {plan_file}: is open for changes in the NHP Planner window of {current_user()} "
        f"on this computer (process {child.process.pid}); close it there first, or add --force "
        "to change it anyway.\n"
    )
