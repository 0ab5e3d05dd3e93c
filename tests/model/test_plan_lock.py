"""The plan's lock: one program at a time; a lock whose process is gone clears itself."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nhp_planner.model.errors import PlanFileError
from nhp_planner.model.plan_lock import (
    LockHolder,
    PlanInUseError,
    PlanLock,
    lock_path,
    process_start,
)


def _write_lock(plan: Path, **fields: object) -> None:
    record = {
        "user": "alice",
        "host": os.uname().nodename,
        "pid": os.getpid(),
        "started": process_start(os.getpid()),
        "program": "NHP Planner window",
        "since": "2026-12-01T09:00:00.000Z",
    }
    record.update(fields)
    lock_path(plan).write_text(json.dumps(record))


@pytest.fixture
def sleeper() -> subprocess.Popen[bytes]:
    """Another process that is running (its id is real and alive)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def test_one_holder_at_a_time_then_the_next(tmp_path: Path) -> None:
    plan = tmp_path / "plan.nhp"
    first = PlanLock(plan, "NHP Planner window")
    assert first.acquire() is None and first.held
    second = PlanLock(plan, "nhp-planner import command")
    holder = second.acquire()
    assert holder is not None
    assert holder.program == "NHP Planner window" and holder.pid == os.getpid()
    with pytest.raises(PlanInUseError, match=r"is open for changes in the NHP Planner window of "):
        second.acquire_or_raise()
    first.release()
    assert not lock_path(plan).exists()
    assert second.acquire() is None


def test_a_lock_whose_process_id_was_given_to_another_process_clears_itself(
    tmp_path: Path, sleeper: subprocess.Popen[bytes]
) -> None:
    plan = tmp_path / "plan.nhp"
    assert process_start(sleeper.pid) is not None  # the system tells start times here
    # The lock names a running process's id, but a start that is not that process's:
    # the window that wrote it ended, and the system gave its id to the sleeper.
    _write_lock(plan, pid=sleeper.pid, started="an-earlier-boot:12345")
    lock = PlanLock(plan, "NHP Planner window")
    assert lock.holder() is not None and lock.holder().is_gone()  # type: ignore[union-attr]
    assert lock.acquire() is None
    assert json.loads(lock_path(plan).read_text())["pid"] == os.getpid()


def test_the_lock_of_a_live_process_holds(tmp_path: Path, sleeper: subprocess.Popen[bytes]) -> None:
    plan = tmp_path / "plan.nhp"
    _write_lock(plan, pid=sleeper.pid, started=process_start(sleeper.pid))
    holder = PlanLock(plan, "NHP Planner window").acquire()
    assert holder is not None and holder.pid == sleeper.pid and not holder.is_gone()


def test_a_lock_of_a_process_that_ended_clears_itself(tmp_path: Path) -> None:
    plan = tmp_path / "plan.nhp"
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    _write_lock(plan, pid=int(ended.stdout))
    assert PlanLock(plan, "NHP Planner window").acquire() is None


def test_a_lock_left_by_an_earlier_release_qt_lock_file_clears_when_its_process_ended(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.nhp"
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    lock_path(plan).write_text(f"{int(ended.stdout)}\nNHP Planner\n{os.uname().nodename}\n")
    assert PlanLock(plan, "NHP Planner window").acquire() is None


def test_another_computers_lock_is_stale_after_a_day_and_can_be_broken(tmp_path: Path) -> None:
    plan = tmp_path / "plan.nhp"
    _write_lock(plan, host="laptop-17", pid=4242, started="x:1")
    lock = PlanLock(plan, "NHP Planner window")
    holder = lock.acquire()
    assert holder is not None and not holder.is_gone()  # it cannot be checked from here
    assert not holder.is_stale()
    assert "on laptop-17 (process 4242)" in holder.describe()
    two_days_ago = (dt.datetime.now() - dt.timedelta(days=2)).timestamp()
    os.utime(lock_path(plan), (two_days_ago, two_days_ago))
    holder = lock.holder()
    assert holder is not None and holder.is_stale()
    lock.break_lock(holder)
    assert lock.acquire() is None


def test_breaking_leaves_a_newer_lock_alone(tmp_path: Path) -> None:
    plan = tmp_path / "plan.nhp"
    _write_lock(plan, host="laptop-17", pid=4242)
    lock = PlanLock(plan, "NHP Planner window")
    old = lock.holder()
    assert old is not None
    _write_lock(plan, host="laptop-18", pid=99, since="2026-12-01T10:00:00.000Z")
    lock.break_lock(old)  # laptop-18 took it after we looked: its lock stays
    now = lock.holder()
    assert now is not None and now.host == "laptop-18"


def test_a_refreshed_lock_is_not_stale(tmp_path: Path) -> None:
    plan = tmp_path / "plan.nhp"
    lock = PlanLock(plan, "NHP Planner window")
    assert lock.acquire() is None
    long_ago = (dt.datetime.now() - dt.timedelta(days=3)).timestamp()
    os.utime(lock_path(plan), (long_ago, long_ago))
    lock.refresh()
    holder = lock.holder()
    assert holder is not None
    assert holder.refreshed is not None
    assert dt.datetime.now(dt.UTC) - holder.refreshed < dt.timedelta(minutes=5)


def test_a_lock_that_cannot_be_written_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="cannot be locked for changes"):
        PlanLock(tmp_path / "gone" / "plan.nhp", "NHP Planner window").acquire()


def test_holder_description_names_user_computer_and_process() -> None:
    holder = LockHolder("alice", "laptop-17", 4242, None, "NHP Planner window", "")
    assert holder.describe() == "the NHP Planner window of alice on laptop-17 (process 4242)"


def test_a_plan_in_a_read_only_folder_is_one_sentence_naming_the_plan_not_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only file system refuses the lock's temporary file and its removal alike (root
    included: it is faked here, as a read-only mount would answer)."""
    import errno

    plan = tmp_path / "plan.nhp"
    plan.write_bytes(b"")

    def read_only(path: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(Path, "write_text", read_only)
    monkeypatch.setattr(Path, "unlink", read_only)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode: mode != os.W_OK and real_access(path, mode)
    )
    with pytest.raises(PlanFileError) as refused:
        PlanLock(plan, "test").acquire()
    assert str(refused.value) == (
        f"{plan}: cannot be changed, because the folder {tmp_path.resolve()} is read-only."
    )
