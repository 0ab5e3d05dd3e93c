"""Restore from Backup: the plan comes back exactly as the backup holds it, the old one kept."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from nhp_planner.cli import main
from nhp_planner.io.plan_json import dump_store
from nhp_planner.model.errors import PlanFileError
from nhp_planner.model.restore import restore_backup
from nhp_planner.model.store import PlanStore

_ROOT = Path(__file__).parents[2]

#: Changes the plan, then dies before it closes: its log stays beside the plan.
_CRASHING_WRITER = """
import os, signal, sys
from nhp_planner.model.store import PlanStore
store = PlanStore.open(sys.argv[1])
for d in store.deliverables()[:5]:
    store.update_deliverable(d.id, store.current_period, summary_position="Typed before the crash.")
os.kill(os.getpid(), signal.SIGKILL)
"""


def _dump(plan: Path) -> str:
    with PlanStore.open(plan, read_only=True) as store:
        return dump_store(store, None, history=True)


def _backup_of(plan: Path, backup: Path) -> str:
    with PlanStore.open(plan) as store:
        store.make_copy(backup)
    return _dump(backup)


def _crash_while_writing(plan: Path) -> None:
    crashed = subprocess.run(
        [sys.executable, "-c", _CRASHING_WRITER, str(plan)],
        cwd=_ROOT,
        env=dict(os.environ, PYTHONPATH=str(_ROOT)),
        check=False,
    )
    assert crashed.returncode == -signal.SIGKILL
    assert Path(f"{plan}-wal").stat().st_size > 0  # the log it left, not yet in the file


def test_a_backup_restored_over_a_plan_with_a_left_over_log_comes_back_exactly(
    plan_file: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "backup" / "plan-backup.nhp"
    backup.parent.mkdir()
    expected = _backup_of(plan_file, backup)
    _crash_while_writing(plan_file)
    crashed_state = _dump(plan_file)
    assert "Typed before the crash." in crashed_state

    aside = restore_backup(backup, plan_file)

    assert _dump(plan_file) == expected
    assert aside is not None and aside.name.startswith("plan.nhp.before-restore-")
    assert _dump(aside) == crashed_state  # the plan it replaced, log and all, kept aside
    assert not [p for p in plan_file.parent.iterdir() if p.name.endswith(".tmp")]


def test_copying_the_backup_over_by_hand_is_what_restore_prevents(
    plan_file: Path, tmp_path: Path
) -> None:
    """Why restore exists: the left-over log is applied to a backup copied over the plan."""
    backup = tmp_path / "backup" / "plan-backup.nhp"
    backup.parent.mkdir()
    expected = _backup_of(plan_file, backup)
    _crash_while_writing(plan_file)
    shutil.copyfile(backup, plan_file)
    try:
        assert _dump(plan_file) != expected
    except PlanFileError as error:
        assert "plan.nhp-wal" in str(error)  # damaged, and the message names the log


def test_restore_refuses_what_is_not_a_plan_and_moves_nothing(
    plan_file: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "notes.nhp"
    junk.write_text("not a plan")
    before = _dump(plan_file)
    with pytest.raises(PlanFileError, match="not an NHP Planner plan file"):
        restore_backup(junk, plan_file)
    assert _dump(plan_file) == before
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert names == ["notes.nhp", "plan.nhp"]


def test_the_restore_command(
    plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "backup" / "plan-backup.nhp"
    backup.parent.mkdir()
    expected = _backup_of(plan_file, backup)
    _crash_while_writing(plan_file)
    assert main(["restore", str(backup), "--plan", str(plan_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Restored {plan_file} from {backup}; the plan it replaced is kept as ")
    assert _dump(plan_file) == expected
