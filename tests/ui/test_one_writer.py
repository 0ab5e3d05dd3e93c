"""One program changes a plan at a time: the command line honours the window's lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nhp_planner.cli import main
from nhp_planner.model.errors import ValidationError
from nhp_planner.model.plan_file import current_user
from nhp_planner.model.plan_lock import lock_path
from nhp_planner.model.store import PlanStore
from nhp_planner.ui.main_window import MainWindow
from tests.fixture_files import FIXTURE_XLSX
from tests.ui.conftest import Answers
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


def test_the_window_reads_another_programs_change_before_its_next_edit(
    qtbot: QtBot, window: MainWindow, plan_file: Path
) -> None:
    session = window.session
    assert session is not None
    first, second = session.deliverables.deliverables()[:2]
    with PlanStore.open(plan_file) as other:  # another program (the command line, --force)
        other.update_deliverable(first.id, other.current_period, summary_position="By the CLI.")
    shown = session.deliverables.deliverable(first.id)
    assert shown is not None and shown.summary_position == first.summary_position  # not yet

    session.edit_deliverable(second.id, "summary_position", "Typed in the window.")

    with PlanStore.open(plan_file, read_only=True) as store:
        assert store.deliverable(first.id).summary_position == "By the CLI."  # not overwritten
        assert store.deliverable(second.id).summary_position == "Typed in the window."
    shown = session.deliverables.deliverable(first.id)
    assert shown is not None and shown.summary_position == "By the CLI."  # read afresh
    assert session.undo_stack.count() == 1  # the window's own edit, to undo


def test_a_read_only_window_follows_the_window_that_changes_the_plan(
    qtbot: QtBot, make_window: Callable[..., MainWindow], plan_file: Path
) -> None:
    writer = make_window(plan_file)
    reader = make_window(plan_file)
    assert writer.session is not None and reader.session is not None
    assert reader.session.read_only
    first = writer.session.deliverables.deliverables()[0]
    writer.session.edit_deliverable(first.id, "summary_position", "Seen in the other window.")
    model = reader.session.deliverables
    qtbot.waitUntil(
        lambda: model.deliverable(first.id).summary_position == "Seen in the other window.",  # type: ignore[union-attr]
        timeout=10_000,
    )


def test_two_requests_for_a_new_period_start_one_period_each(plan_file: Path) -> None:
    """Both saw January; the second finds February started meanwhile and starts nothing."""
    with PlanStore.open(plan_file) as one, PlanStore.open(plan_file) as two:
        seen_by_one, seen_by_two = one.current_period, two.current_period
        assert seen_by_one is not None and seen_by_one == seen_by_two
        one.start_period(seen_by_one.next(), after=seen_by_one)
        with pytest.raises(ValidationError, match="was started by another program meanwhile"):
            two.start_period(seen_by_two.next().next(), after=seen_by_two)
    assert len(_periods(plan_file)) == 2


def test_breaking_a_lock_is_in_the_history(
    make_window: Callable[..., MainWindow], plan_file: Path, answers: Answers
) -> None:
    lock_path(plan_file).write_text(
        '{"user": "alice", "host": "laptop-17", "pid": 4242, "started": null, '
        '"program": "NHP Planner window", "since": "2026-11-30T09:00:00.000Z"}'
    )
    answers.break_lock = True
    window = make_window(plan_file)
    assert answers.lock_holders[0].host == "laptop-17"
    assert window.session is not None and not window.session.read_only
    (record,) = [c for c in window.session.store.changes() if c.entity == "lock"]
    assert record.old == "the NHP Planner window of alice on laptop-17 (process 4242)"
    assert record.new == f"broken by {current_user()}"
